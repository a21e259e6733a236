package org.pernodedrop.lab.engine.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Speaker-held-out splits of spoken words (the synthetic set and Mini Speech Commands). */
class SpeechSplitTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void userFolder() {
        System.setProperty(DataLocations.DATA_PROPERTY, tmp.resolve("user").toString());
    }

    @AfterEach
    void reset() {
        System.clearProperty(DataLocations.DATA_PROPERTY);
    }

    @Test
    void speakerIsTheFileNameUpToTheFirstUnderscore() {
        assertThat(SpeechCommandsLoader.speaker(Path.of("yes", "0a7c2a8d_nohash_1.wav"))).isEqualTo("0a7c2a8d");
        assertThat(SpeechCommandsLoader.speaker(Path.of("up", "espeak-en-us-m1_r2-noise.wav")))
                .isEqualTo("espeak-en-us-m1");
        assertThat(SpeechCommandsLoader.speaker(Path.of("go", "flite-kal.WAV"))).isEqualTo("flite-kal");
    }

    @Test
    void groupSplitKeepsEveryGroupWholeAndLandsNearTheRatio() {
        // 20 groups of 3..12 rows, 2 classes
        int n = 0;
        int[] sizes = new int[20];
        for (int g = 0; g < 20; g++) {
            sizes[g] = 3 + (g * 7) % 10;
            n += sizes[g];
        }
        int[] groups = new int[n];
        int[] strata = new int[n];
        int r = 0;
        for (int g = 0; g < 20; g++) {
            for (int k = 0; k < sizes[g]; k++, r++) {
                groups[r] = g;
                strata[r] = k % 2;
            }
        }
        Set<Set<Integer>> heldOut = new HashSet<>();
        for (long seed = 1; seed <= 20; seed++) {
            int[][] tv = Splits.groupTrainVal(groups, strata, 0.7, seed);
            assertThat(tv[0].length + tv[1].length).isEqualTo(n);
            Set<Integer> trainGroups = new HashSet<>();
            Set<Integer> valGroups = new HashSet<>();
            Set<Integer> rows = new HashSet<>();
            for (int t : tv[0]) {
                trainGroups.add(groups[t]);
                rows.add(t);
            }
            for (int v : tv[1]) {
                valGroups.add(groups[v]);
                rows.add(v);
            }
            assertThat(rows).hasSize(n);
            assertThat(trainGroups).doesNotContainAnyElementsOf(valGroups);
            // greedy fill: the validation size misses round(0.3 n) by less than the largest group (12 rows)
            assertThat(Math.abs(tv[1].length - Math.round(0.3 * n))).isLessThan(12);
            assertThat(Splits.groupTrainVal(groups, strata, 0.7, seed)[1]).containsExactly(tv[1]);
            heldOut.add(valGroups);
        }
        // the seed chooses which groups are held out
        assertThat(heldOut.size()).isGreaterThan(10);
        assertThatThrownBy(() -> Splits.groupTrainVal(new int[]{0, 0, 0}, new int[]{0, 1, 0}, 0.7, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two groups, found 1");
    }

    /**
     * 3 words x 5 voices x 2 renditions; voice v is a tone of 400 (v + 1) Hz, so the loudest mel band of a row tells
     * its voice without the file name. Held out by speaker, no band (voice) is on both sides and validation holds
     * whole voices (a multiple of 6 clips); at random it holds 3 of the 10 clips of each word (9).
     */
    @Test
    void synthSetHoldsOutWholeVoicesAndRandomStaysAvailable() throws IOException, DatasetException {
        Path root = tmp.resolve("user").resolve("speech-synth");
        String[] words = {"go", "no", "yes"};
        for (int w = 0; w < 3; w++) {
            Files.createDirectories(root.resolve(words[w]));
            for (int v = 0; v < 5; v++) {
                for (int k = 0; k < 2; k++) {
                    Files.write(root.resolve(words[w]).resolve("voice" + v + "_r" + k + ".wav"),
                            Fixtures.wav(Fixtures.tone(400 * (v + 1), 0.5 + 0.1 * w, 10L * v + k + 100 * w), 1, 16000));
                }
            }
        }
        assertThat(Datasets.source("speech-synth", null).available()).isTrue();
        Dataset d = Datasets.load(DataSpec.named("speech-synth").withSpectrogram(32, 8), 5);
        assertThat(d.name()).isEqualTo("speech-synth");
        assertThat(d.val().size() % 6).isZero();
        assertThat(d.val().size()).isBetween(6, 12);
        Set<Integer> trainBands = loudestBands(d.train());
        Set<Integer> valBands = loudestBands(d.val());
        assertThat(trainBands.size() + valBands.size()).isEqualTo(5);
        assertThat(trainBands).doesNotContainAnyElementsOf(valBands);
        Dataset random = Datasets.load(DataSpec.named("speech-synth").withSpectrogram(32, 8)
                .withSplitBy(DataSpec.SPLIT_RANDOM), 5);
        assertThat(random.val().size()).isEqualTo(9);
        // the real Mini Speech Commands source keeps its random split unless asked
        Dataset speakers = Datasets.load(DataSpec.named("speech-commands").withDataDir(root.toString())
                .withSpectrogram(32, 8).withSplitBy(DataSpec.SPLIT_SPEAKER), 5);
        assertThat(speakers.val().size() % 6).isZero();
        assertThat(Datasets.load(DataSpec.named("speech-commands").withDataDir(root.toString())
                .withSpectrogram(32, 8), 5).val().size()).isEqualTo(9);
    }

    private static Set<Integer> loudestBands(Split s) {
        Set<Integer> out = new HashSet<>();
        float[] x = new float[32 * 8];
        for (int r = 0; r < s.size(); r++) {
            s.features().copyRow(r, x, 0);
            int best = 0;
            double bestSum = Double.NEGATIVE_INFINITY;
            for (int m = 0; m < 32; m++) {
                double sum = 0;
                for (int t = 1; t < 4; t++) sum += x[m * 8 + t];   // frames 0.125-0.375 s: inside every clip
                if (sum > bestSum) {
                    bestSum = sum;
                    best = m;
                }
            }
            out.add(best);
        }
        return out;
    }

    @Test
    void splitByIsValidated() {
        assertThatThrownBy(() -> DataSpec.named("speech-synth").withSplitBy("voice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'random' or 'speaker'");
        assertThatThrownBy(() -> DataSpec.named("spam-assassin").withVocabulary(0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min df must be >= 1");
    }

    /** The generated set from samples/make-speech-synth.sh, when this machine has it. */
    @Test
    void generatedSynthSetHasTenWordsAndDisjointVoices() throws IOException {
        Path real = Path.of(System.getProperty("user.home"), ".local", "share", "pernodedrop-lab", "speech-synth");
        Assumptions.assumeTrue(Files.isDirectory(real.resolve("yes")),
                "no generated set at " + real + " (run samples/make-speech-synth.sh; needs espeak-ng, flite, sox)");
        ClassFolders listing;
        try {
            listing = SpeechCommandsLoader.list(real);
        } catch (DatasetException e) {
            throw new AssertionError(e);
        }
        assertThat(listing.classes()).containsExactly("down", "go", "left", "no", "off", "on", "right", "stop", "up",
                "yes");
        Set<String> voices = new HashSet<>();
        for (Path f : listing.files()) voices.add(SpeechCommandsLoader.speaker(f));
        assertThat(voices).hasSize(53);
        assertThat(listing.files()).hasSize(3180);
        int[] groups = new int[listing.files().size()];
        java.util.List<String> ids = new java.util.ArrayList<>(voices);
        java.util.Collections.sort(ids);
        for (int i = 0; i < groups.length; i++) groups[i] = ids.indexOf(SpeechCommandsLoader.speaker(listing.files().get(i)));
        int[][] tv = Splits.groupTrainVal(groups, listing.labels(), 0.7, 42);
        Set<Integer> trainVoices = new HashSet<>();
        for (int t : tv[0]) trainVoices.add(groups[t]);
        for (int v : tv[1]) assertThat(trainVoices).doesNotContain(groups[v]);
        // every voice says every word the same number of times, so held-out voices keep the classes balanced
        int[] perWord = new int[10];
        for (int v : tv[1]) perWord[listing.labels()[v]]++;
        assertThat(perWord).containsOnly(tv[1].length / 10);
    }
}
