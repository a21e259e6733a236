package org.pernodedrop.lab.engine.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The SpamAssassin corpus loader and the TF-IDF it shares with the text folders, on hand-built fixtures. */
class SpamAssassinLoaderTest {

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
    void tfIdfVocabularyComesFromTrainingDocumentsOnlyWithHandComputedWeights() throws DatasetException {
        List<Map<String, Integer>> counts = List.of(
                TfIdf.termCounts("apple banana Apple the"),
                TfIdf.termCounts("apple cherry the"),
                TfIdf.termCounts("banana cherry durian the"),
                TfIdf.termCounts("durian egg x"));           // validation only
        int[] train = {0, 1, 2};
        TfIdf t = TfIdf.fit(counts, train, 2, 100, "fixture");
        // df over the 3 training documents: apple 2, banana 2, cherry 2, durian 1 (its second occurrence is in the
        // validation document, which must not count), the 3 (every document: idf 0, dropped), egg 0; "x" is no token
        assertThat(t.vocabulary()).containsExactly("apple", "banana", "cherry");
        for (int k = 0; k < 3; k++) assertThat(t.idf(k)).isCloseTo(Math.log(3.0 / 2.0), within(1e-12));
        Split s = t.vectorise(new int[]{0, 3}, counts, new int[]{1, 0, 1, 0}, 2);
        float[] row = new float[3];
        s.features().copyRow(0, row, 0);
        // apple tf 2 -> (1 + ln 2) idf, banana tf 1 -> idf; unit length cancels the common idf
        double a = 1 + Math.log(2);
        assertThat((double) row[0]).isCloseTo(a / Math.sqrt(a * a + 1), within(1e-6));
        assertThat((double) row[1]).isCloseTo(1 / Math.sqrt(a * a + 1), within(1e-6));
        assertThat(row[2]).isEqualTo(0f);
        s.features().copyRow(1, row, 0);
        assertThat(row).containsOnly(0f);                 // no training term: an empty row, not NaN
        assertThat(s.label(0)).isEqualTo(1);
        // the cap keeps the most frequent terms, ties broken by the term
        assertThat(TfIdf.fit(counts, train, 2, 2, "fixture").vocabulary()).containsExactly("apple", "banana");
        // min df 1 admits durian (df 1) but still not egg (df 0 in training)
        assertThat(TfIdf.fit(counts, train, 1, 100, "fixture").vocabulary())
                .containsExactly("apple", "banana", "cherry", "durian");
        assertThatThrownBy(() -> TfIdf.fit(counts, train, 3, 100, "fixture"))
                .isInstanceOf(DatasetException.class).hasMessageStartingWith("fixture: no term occurs in 3 or more");
    }

    @Test
    void mailTextIsTheSubjectAndTheBodyWithoutOtherHeadersOrBase64() {
        String b64 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3";
        String mail = "From someone@example.com  Thu Aug 22 2002\r\n"
                + "Received: from relay.example.org\r\n"
                + "Subject: Cheap watches\r\n"
                + "\tand more\r\n"
                + "X-Mailer: Foo 1.0\r\n"
                + "\r\n"
                + "Hello there\r\n"
                + b64 + "\r\n"
                + "Bye\r\n";
        Map<String, Integer> c = TfIdf.termCounts(SpamAssassinLoader.text(mail));
        assertThat(c).containsOnlyKeys("cheap", "watches", "and", "more", "hello", "there", "bye");
        // no header block end: all of it is headers, and only the subject counts
        assertThat(TfIdf.termCounts(SpamAssassinLoader.text("Subject: hi there\nTo: you"))).containsOnlyKeys("hi",
                "there");
    }

    @Test
    void groupFoldersMapToTheThreeClasses() {
        assertThat(SpamAssassinLoader.classOf("easy-ham-1")).isEqualTo(0);
        assertThat(SpamAssassinLoader.classOf("easy_ham_2")).isEqualTo(0);
        assertThat(SpamAssassinLoader.classOf("hard_ham")).isEqualTo(1);
        assertThat(SpamAssassinLoader.classOf("spam")).isEqualTo(2);
        assertThat(SpamAssassinLoader.classOf("spam-2")).isEqualTo(2);
        assertThat(SpamAssassinLoader.classOf("ham")).isEqualTo(-1);
        assertThat(SpamAssassinLoader.classOf("node_modules")).isEqualTo(-1);
    }

    /**
     * Writes a small corpus: easy ham 6, hard ham 4, spam 6 messages. Bodies: easy ham "meeting agenda", hard ham
     * "invoice agenda", spam "viagra winner", each plus a word of its own; every subject is "hello"; spam carries a
     * header token "relayhost" that must not become a feature.
     */
    private static void writeCorpus(Path root, boolean npmNames) throws IOException {
        String[][] groups = npmNames
                ? new String[][]{{"easy-ham-1", "meeting agenda"}, {"hard-ham-1", "invoice agenda"},
                        {"spam-1", "viagra winner"}}
                : new String[][]{{"easy_ham", "meeting agenda"}, {"hard_ham", "invoice agenda"},
                        {"spam", "viagra winner"}};
        int[] sizes = {6, 4, 6};
        for (int g = 0; g < 3; g++) {
            Path d = root.resolve(groups[g][0]);
            Files.createDirectories(d);
            for (int k = 0; k < sizes[g]; k++) {
                String mail = "From x@example.com  Sat Oct  5 2002\n"
                        + (g == 2 ? "Received: from relayhost\n" : "Received: from localhost\n")
                        + "Subject: hello\n\n" + groups[g][1] + " only" + g + "x" + k + "\n";
                byte[] bytes = mail.getBytes(StandardCharsets.ISO_8859_1);
                String name = String.format("%05d.%s", k + 1, md5(bytes)) + (npmNames ? ".txt" : "");
                Files.write(d.resolve(name), bytes);
                if (npmNames) Files.writeString(d.resolve(name.replace(".txt", ".json")), "{\"text\":\"ignored\"}");
            }
            if (!npmNames) Files.writeString(d.resolve("cmds"), "mv 00001 ...\n");
        }
    }

    @Test
    void npmPackageLayoutLoadsWithAStratifiedSplitAndSplitIndependentFeatures() throws IOException, DatasetException {
        Path prefix = tmp.resolve("npm");
        writeCorpus(prefix.resolve(SpamAssassinLoader.NPM_DATA), true);
        Dataset d = Datasets.load(DataSpec.named("spam-assassin").withDataDir(prefix.toString()), 3);
        assertThat(d.name()).isEqualTo("spam-assassin");
        assertThat(d.classNames()).containsExactly("easy-ham", "hard-ham", "spam");
        // round(0.7 n) per class: 4 of 6, 3 of 4 (2.8), 4 of 6
        assertThat(d.train().size()).isEqualTo(11);
        assertThat(d.val().size()).isEqualTo(5);
        int[] trainPerClass = new int[3];
        for (int r = 0; r < 11; r++) trainPerClass[d.train().label(r)]++;
        assertThat(trainPerClass).containsExactly(4, 3, 4);
        // whatever the split: agenda df 7, invoice 3, meeting 4, viagra 4, winner 4 in training; "hello" is in all 11
        // (idf 0), the only* words in one each, "relayhost" only in headers
        assertThat(d.inputShape()).containsExactly(5);
        double idfAgenda = Math.log(11.0 / 7);
        double idfMeeting = Math.log(11.0 / 4);
        double idfInvoice = Math.log(11.0 / 3);
        for (Split s : new Split[]{d.train(), d.val()}) {
            for (int r = 0; r < s.size(); r++) {
                float[] x = new float[5];
                s.features().copyRow(r, x, 0);
                // columns in sorted order: agenda, invoice, meeting, viagra, winner
                float[] want = switch (s.label(r)) {
                    case 0 -> unit(idfAgenda, 0, idfMeeting, 0, 0);
                    case 1 -> unit(idfAgenda, idfInvoice, 0, 0, 0);
                    default -> unit(0, 0, 0, 1, 1);
                };
                for (int k = 0; k < 5; k++) assertThat((double) x[k]).isCloseTo(want[k], within(1e-6));
            }
        }
        // the same seed gives the same split; max terms keeps the most frequent (agenda, then the df-4 ties by name)
        Dataset again = Datasets.load(DataSpec.named("spam-assassin").withDataDir(prefix.toString()), 3);
        for (int r = 0; r < 11; r++) assertThat(again.train().label(r)).isEqualTo(d.train().label(r));
        Dataset capped = Datasets.load(DataSpec.named("spam-assassin").withDataDir(prefix.toString())
                .withVocabulary(null, 2), 3);
        assertThat(capped.inputShape()).containsExactly(2);
    }

    private static float[] unit(double... v) {
        double n = 0;
        for (double x : v) n += x * x;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / Math.sqrt(n));
        return out;
    }

    @Test
    void originalTarballLayoutInTheUserDataFolderIsFoundByItself() throws IOException, DatasetException {
        writeCorpus(tmp.resolve("user").resolve("spam-assassin"), false);
        Dataset d = Datasets.load(DataSpec.named("spam-assassin"), 3);
        assertThat(d.train().size() + d.val().size()).isEqualTo(16);
        assertThat(d.inputShape()).containsExactly(5);
        assertThat(Datasets.source("spam-assassin", null).availability()).isEqualTo(Datasets.Availability.FOUND);
    }

    @Test
    void missingOrOneClassDataIsOneClearError() throws IOException {
        assertThat(Datasets.source("spam-assassin", null).available()).isFalse();
        assertThatThrownBy(() -> Datasets.load(DataSpec.named("spam-assassin")))
                .isInstanceOf(DatasetException.class).hasMessageContaining("spam-assassin: not found")
                .hasMessageContaining("get-spam-assassin.sh");
        Path one = tmp.resolve("one");
        Files.createDirectories(one.resolve("spam"));
        Files.writeString(one.resolve("spam").resolve("00001.0123456789abcdef0123456789abcdef"), "Subject: x\n\ny");
        Files.createDirectories(one.resolve("easy_ham"));
        // two group folders, but messages in one only: the loader refuses it
        assertThatThrownBy(() -> SpamAssassinLoader.load(one, DataSpec.named("spam-assassin"), 1, LoadProgress.NONE))
                .isInstanceOf(DatasetException.class).hasMessageContaining(one + ": expected messages of at least two");
    }

    /** The real corpus from samples/scripts/get-spam-assassin.sh, when this machine has it. */
    @Test
    void realCorpusLoadsAllMessagesAndItsFeaturesSeparateTheClasses() throws DatasetException {
        Path real = Path.of(System.getProperty("user.home"), ".local", "share", "pernodedrop-lab", "spam-assassin");
        String env = System.getenv("PERNODEDROP_LAB_DATA");
        if (env != null && !env.isBlank()) real = Path.of(env, "spam-assassin");
        Assumptions.assumeTrue(SpamAssassinLoader.locate(real) != null,
                "the SpamAssassin corpus is not installed at " + real + " (run samples/scripts/get-spam-assassin.sh)");
        Dataset d = Datasets.load(DataSpec.named("spam-assassin").withDataDir(real.toString()), 42);
        // the package's README: easy ham 2,500 + 1,400, hard ham 250, spam 500 + 1,396
        int[] all = new int[3];
        for (Split s : new Split[]{d.train(), d.val()}) for (int r = 0; r < s.size(); r++) all[s.label(r)]++;
        assertThat(all).containsExactly(3900, 250, 1896);
        assertThat(d.train().size()).isEqualTo(2730 + 175 + 1327);   // round(0.7 n) per class
        assertThat(d.inputShape()).containsExactly(SpamAssassinLoader.MAX_TERMS);
        // nearest class centroid (cosine) on the validation split: a weak classifier, so it only tells whether the
        // features carry the classes; ham vs spam should be far above the 69% of always saying "ham"
        int f = d.featureCount();
        double[][] centroid = new double[3][f];
        float[] x = new float[f];
        for (int r = 0; r < d.train().size(); r++) {
            d.train().features().copyRow(r, x, 0);
            for (int k = 0; k < f; k++) centroid[d.train().label(r)][k] += x[k];
        }
        int hamSpamRight = 0;
        for (int r = 0; r < d.val().size(); r++) {
            d.val().features().copyRow(r, x, 0);
            int best = 0;
            double bestCos = -2;
            for (int c = 0; c < 3; c++) {
                double dot = 0;
                double nn = 0;
                for (int k = 0; k < f; k++) {
                    dot += x[k] * centroid[c][k];
                    nn += centroid[c][k] * centroid[c][k];
                }
                double cos = dot / Math.sqrt(nn);
                if (cos > bestCos) {
                    bestCos = cos;
                    best = c;
                }
            }
            if ((best == 2) == (d.val().label(r) == 2)) hamSpamRight++;
        }
        assertThat(hamSpamRight / (double) d.val().size()).isGreaterThan(0.85);
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
