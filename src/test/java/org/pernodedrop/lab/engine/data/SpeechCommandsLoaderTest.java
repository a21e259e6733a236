package org.pernodedrop.lab.engine.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SpeechCommandsLoaderTest {

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
    void wavReaderDecodesMonoStereoAndExtensible() throws DatasetException {
        short[] st = {1000, 3000, -32768, -32768, 32767, 1};
        WavReader.Audio a = WavReader.parse(Fixtures.wav(st, 2, 16000), "x.wav");
        assertThat(a.channels()).isEqualTo(2);
        assertThat(a.samples()).containsExactly(2000 / 32768f, -1f, (32767 + 1) / 2f / 32768f);
        // WAVE_FORMAT_EXTENSIBLE with the PCM sub-format, plus an odd-sized LIST chunk before data
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(0).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(40).putShort((short) 0xFFFE).putShort((short) 1).putInt(16000).putInt(32000)
                .putShort((short) 2).putShort((short) 16).putShort((short) 22).putShort((short) 16).putInt(4)
                .putShort((short) 1).put(new byte[14]);
        b.put("LIST".getBytes()).putInt(3).put(new byte[]{1, 2, 3, 0});
        b.put("data".getBytes()).putInt(4).putShort((short) 16384).putShort((short) -16384);
        byte[] ext = java.util.Arrays.copyOf(b.array(), b.position());
        assertThat(WavReader.parse(ext, "e.wav").samples()).containsExactly(0.5f, -0.5f);
        // a streaming writer's placeholder data size (0xFFFFFFFF) means "to the end of the file"
        byte[] streamed = Fixtures.wav(new short[]{100, 200, 300}, 1, 16000);
        for (int i = 40; i < 44; i++) streamed[i] = (byte) 0xff;
        assertThat(WavReader.parse(streamed, "s.wav").samples()).hasSize(3);
    }

    @Test
    void otherRatesAreResampledWithoutAliasing() throws IOException, DatasetException {
        Path f = tmp.resolve("r.wav");
        for (int rate : new int[]{44100, 48000, 8000}) {
            short[] s = new short[rate];
            for (int i = 0; i < rate; i++) s[i] = (short) Math.round(16384 * Math.sin(2 * Math.PI * 1000.0 * i / rate));
            Files.write(f, Fixtures.wav(s, 1, rate));
            float[] c = SpeechCommandsLoader.clip(f);
            // the same 1 kHz sine sampled at 16 kHz, away from the edges the filter cannot see past
            for (int j = 200; j < 15800; j++) {
                assertThat((double) c[j]).as("rate %d sample %d", rate, j)
                        .isCloseTo(0.5 * Math.sin(2 * Math.PI * 1000.0 * j / 16000), within(2e-3));
            }
        }
        // 12 kHz at 48 kHz lies above the 8 kHz Nyquist limit of 16 kHz: it must vanish, not alias to 4 kHz
        short[] s = new short[48000];
        for (int i = 0; i < s.length; i++) s[i] = (short) Math.round(16384 * Math.sin(2 * Math.PI * 12000.0 * i / 48000));
        Files.write(f, Fixtures.wav(s, 1, 48000));
        float[] c = SpeechCommandsLoader.clip(f);
        double sq = 0;
        for (int j = 200; j < 15800; j++) sq += c[j] * c[j];
        assertThat(Math.sqrt(sq / 15600)).isLessThan(0.005);
    }

    @Test
    void wrongRatesAndDepthsAreRefusedClearly() throws IOException {
        Path f = tmp.resolve("c.wav");
        Files.write(f, Fixtures.wav(new short[100], 1, 2000));
        assertThatThrownBy(() -> SpeechCommandsLoader.clip(f)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(f + " at byte 24").hasMessageContaining("2000 Hz").hasMessageContaining("sox");
        byte[] eight = Fixtures.wav(new short[100], 1, 16000);
        eight[34] = 8;
        eight[32] = 1;
        Files.write(f, eight);
        assertThatThrownBy(() -> SpeechCommandsLoader.clip(f)).hasMessageContaining("8-bit");
    }

    @Test
    void clipsArePaddedOrCutToOneSecond() throws IOException, DatasetException {
        Path f = tmp.resolve("s.wav");
        Files.write(f, Fixtures.wav(Fixtures.tone(500, 0.5, 1), 1, 16000));
        float[] c = SpeechCommandsLoader.clip(f);
        assertThat(c).hasSize(16000);
        assertThat(c[7999]).isNotEqualTo(0f);
        for (int i = 8000; i < 16000; i++) assertThat(c[i]).isEqualTo(0f);
        Files.write(f, Fixtures.wav(Fixtures.tone(500, 1.5, 1), 1, 16000));
        assertThat(SpeechCommandsLoader.clip(f)).hasSize(16000);
    }

    @Test
    void folderLoadsStratifiedAndTheCacheGivesTheSameFeatures() throws IOException, DatasetException {
        Path root = tmp.resolve("mini_speech_commands");
        Fixtures.writeSpeechSet(root, new String[]{"go", "no", "yes"}, 10);
        Files.writeString(root.resolve("README.md"), "not a class");
        DataSpec spec = DataSpec.named("speech-commands").withDataDir(tmp.toString()).withSpectrogram(32, 20);
        Dataset d = Datasets.load(spec, 11);
        assertThat(d.inputShape()).containsExactly(1, 32, 20);
        assertThat(d.classNames()).containsExactly("go", "no", "yes");
        assertThat(d.train().size()).isEqualTo(21);   // 7 of 10 per class
        assertThat(d.val().size()).isEqualTo(9);
        int[] perClass = new int[3];
        for (int r = 0; r < d.val().size(); r++) perClass[d.val().label(r)]++;
        assertThat(perClass).containsOnly(3);
        Path cacheDir = tmp.resolve("user").resolve("cache");
        try (Stream<Path> s = Files.list(cacheDir)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("speech-")).count()).isEqualTo(1);
        }
        // each example equals the features of its own clip, recomputed directly
        LogMel mel = new LogMel(16000, 16000, 2048, 32, 20);
        float[] got = new float[640];
        d.train().features().copyRow(0, got, 0);
        boolean matched = false;
        for (int c = 0; c < 10 && !matched; c++) {
            float[] want = mel.features(SpeechCommandsLoader.clip(
                    root.resolve(d.classNames().get(d.train().label(0))).resolve("clip-" + c + ".wav")));
            matched = java.util.Arrays.equals(want, got);
        }
        assertThat(matched).isTrue();
        Dataset again = Datasets.load(spec, 11);
        for (int r = 0; r < d.train().size(); r++) {
            float[] a = new float[640];
            float[] b = new float[640];
            d.train().features().copyRow(r, a, 0);
            again.train().features().copyRow(r, b, 0);
            assertThat(b).containsExactly(a);
        }
        // other settings, other cache entry
        Datasets.load(spec.withSpectrogram(16, 20), 11);
        try (Stream<Path> s = Files.list(cacheDir)) {
            assertThat(s.count()).isEqualTo(2);
        }
    }

    @Test
    void corruptCacheIsRebuiltNotTrusted() throws IOException, DatasetException {
        Fixtures.writeSpeechSet(tmp.resolve("set"), new String[]{"a", "b"}, 4);
        DataSpec spec = DataSpec.named("speech-commands").withDataDir(tmp.resolve("set").toString()).withSpectrogram(8, 4);
        Dataset d = Datasets.load(spec, 1);
        Path cache;
        try (Stream<Path> s = Files.list(tmp.resolve("user").resolve("cache"))) {
            cache = s.findFirst().orElseThrow();
        }
        Files.write(cache, java.util.Arrays.copyOf(Files.readAllBytes(cache), 40));
        Dataset e = Datasets.load(spec, 1);
        float[] a = new float[32];
        float[] b = new float[32];
        d.val().features().copyRow(0, a, 0);
        e.val().features().copyRow(0, b, 0);
        assertThat(b).containsExactly(a);
        assertThat(Files.size(cache)).isEqualTo(16 + 4L * 8 * 32);
    }

    @Test
    void theBundledSamplesLoad() throws DatasetException {
        Path samples = Path.of("samples", "speech-commands");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(samples));
        Dataset d = Datasets.load(DataSpec.named("speech-commands").withSpectrogram(16, 8), 1);
        assertThat(d.classNames()).containsExactly("down", "go", "left", "no", "right", "stop", "up", "yes");
        assertThat(d.train().size() + d.val().size()).isEqualTo(96);
        float[] row = new float[128];
        d.train().features().copyRow(0, row, 0);
        double mean = 0;
        for (float v : row) mean += v / 128;
        assertThat(mean).isCloseTo(0, within(1e-4));
    }
}
