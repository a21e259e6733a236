package org.pernodedrop.lab.engine.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.DataSpec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * For every format, {@value #ROUNDS} seeded random corruptions (truncation, byte flips, and for text
 * garbage lines) must give either a valid dataset or a {@link DatasetException} that names the file and a
 * byte offset or line - never another exception, never a hang (each test has a timeout).
 */
@Timeout(120)
class CorruptionTest {

    static final int ROUNDS = 1000;
    static final Pattern POSITION = Pattern.compile("(byte|line) -?\\d+");

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

    interface Load {
        void run() throws DatasetException;
    }

    /** Writes mutations of {@code original} to {@code file} and runs {@code load} on each. */
    private static int[] fuzz(Path file, byte[] original, boolean text, Load load) throws IOException {
        int[] outcome = new int[2];   // [valid, DatasetException]
        for (int round = 0; round < ROUNDS; round++) {
            Random rnd = new Random(round * 7919L + file.getFileName().toString().hashCode());
            byte[] m = mutate(original, text, rnd, round);
            Files.write(file, m);
            try {
                load.run();
                outcome[0]++;
            } catch (DatasetException e) {
                assertThat(e.getMessage()).as("round %d", round).contains(file.getFileName().toString());
                if (!POSITION.matcher(e.getMessage()).find()) {
                    fail("round " + round + ": no byte offset or line in: " + e.getMessage());
                }
                outcome[1]++;
            } catch (Throwable t) {
                throw new AssertionError("round " + round + " of " + file + " threw " + t, t);
            }
        }
        Files.write(file, original);
        assertThat(outcome[0] + outcome[1]).isEqualTo(ROUNDS);
        assertThat(outcome[1]).as("some corruptions must be detected").isGreaterThan(ROUNDS / 10);
        return outcome;
    }

    static byte[] mutate(byte[] b, boolean text, Random rnd, int round) {
        int kind = round % (text ? 4 : 3);
        switch (kind) {
            case 0 -> {
                return Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case 1 -> {
                byte[] m = b.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int i = 0; i < flips; i++) m[rnd.nextInt(m.length)] ^= (byte) (1 + rnd.nextInt(255));
                return m;
            }
            case 2 -> {
                // a header-region flip: formats keep their counts and sizes in the first bytes
                byte[] m = b.clone();
                m[rnd.nextInt(Math.min(64, m.length))] ^= (byte) (1 + rnd.nextInt(255));
                return m;
            }
            default -> {
                // a garbage line inserted at a random line start
                String s = new String(b, StandardCharsets.UTF_8);
                String[] lines = s.split("\n", -1);
                int at = rnd.nextInt(lines.length);
                String[] garbage = {"", "#", ":", "1:2:3", "x y z", "1 0:1", "1 3:nan", "1 2:1e99", ",,,", "a,b",
                        "\u0000\u00ff", "1,2 5:1 4:2", "9 2147483648:1", "  \t ", "\"", "1 -3:1", "label"};
                String g = rnd.nextBoolean() ? garbage[rnd.nextInt(garbage.length)] : randomAscii(rnd);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < lines.length; i++) {
                    if (i == at) sb.append(g).append('\n');
                    sb.append(lines[i]);
                    if (i < lines.length - 1) sb.append('\n');
                }
                return sb.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static String randomAscii(Random rnd) {
        char[] c = new char[rnd.nextInt(30)];
        for (int i = 0; i < c.length; i++) c[i] = (char) (32 + rnd.nextInt(95));
        return new String(c);
    }

    @Test
    void idxPlainAndGzipped() throws IOException {
        for (boolean gz : new boolean[]{false, true}) {
            Path dir = tmp.resolve(gz ? "gz" : "plain");
            Fixtures.writeIdxSet(dir, 30, 10, 4, 4, gz, 3);
            String sfx = gz ? ".gz" : "";
            DataSpec spec = DataSpec.named("mnist").withDataDir(dir.toString());
            Path images = dir.resolve("train-images-idx3-ubyte" + sfx);
            fuzz(images, Files.readAllBytes(images), false, () -> Datasets.load(spec));
            Path labels = dir.resolve("t10k-labels-idx1-ubyte" + sfx);
            fuzz(labels, Files.readAllBytes(labels), false, () -> Datasets.load(spec));
        }
    }

    @Test
    void cifarFolderAndArchive() throws IOException {
        Path folder = tmp.resolve("c").resolve("cifar-10-batches-bin");
        Files.createDirectories(folder);
        byte[][] batches = new byte[6][];
        for (int i = 0; i < 6; i++) {
            batches[i] = Fixtures.cifarBatch(3, i);
            Files.write(folder.resolve(i < 5 ? "data_batch_" + (i + 1) + ".bin" : "test_batch.bin"), batches[i]);
        }
        DataSpec spec = DataSpec.named("cifar10").withDataDir(tmp.resolve("c").toString());
        Path one = folder.resolve("data_batch_2.bin");
        fuzz(one, batches[1], false, () -> Datasets.load(spec));
        Path tgz = tmp.resolve("a").resolve("cifar-10-binary.tar.gz");
        Files.createDirectories(tgz.getParent());
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bo))) {
            for (int i = 0; i < 6; i++) {
                TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/"
                        + (i < 5 ? "data_batch_" + (i + 1) + ".bin" : "test_batch.bin"));
                e.setSize(batches[i].length);
                tar.putArchiveEntry(e);
                tar.write(batches[i]);
                tar.closeArchiveEntry();
            }
        }
        DataSpec archived = DataSpec.named("cifar10").withDataDir(tgz.toString());
        fuzz(tgz, bo.toByteArray(), false, () -> Datasets.load(archived));
    }

    @Test
    void wavClipsThroughTheFeaturePath() throws IOException {
        Path f = tmp.resolve("clip.wav");
        LogMel mel = new LogMel(16000, 16000, 2048, 16, 8);
        int[] o = fuzz(f, Fixtures.wav(Fixtures.tone(440, 0.25, 1), 1, 16000), false, () -> {
            float[] feat = mel.features(SpeechCommandsLoader.clip(f));
            for (float v : feat) {
                if (!Float.isFinite(v)) throw new AssertionError("non-finite feature");
            }
        });
        assertThat(o[0]).isGreaterThan(0);
    }

    @Test
    void speechFolderEndToEnd() throws IOException {
        Fixtures.writeSpeechSet(tmp.resolve("s"), new String[]{"a", "b"}, 2);
        Path f = tmp.resolve("s").resolve("b").resolve("clip-1.wav");
        byte[] original = Files.readAllBytes(f);
        DataSpec spec = DataSpec.named("speech-commands").withDataDir(tmp.resolve("s").toString()).withSpectrogram(8, 4);
        // fewer rounds than the others: each round recomputes 4 clips (the cache key changes with the file)
        int[] outcome = new int[2];
        for (int round = 0; round < 200; round++) {
            byte[] m = mutate(original, false, new Random(round), round);
            Files.write(f, m);
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (round + 1)));
            try {
                Datasets.load(spec);
                outcome[0]++;
            } catch (DatasetException e) {
                assertThat(e.getMessage()).contains(f.toString());
                assertThat(POSITION.matcher(e.getMessage()).find()).as(e.getMessage()).isTrue();
                outcome[1]++;
            }
        }
        assertThat(outcome[1]).isGreaterThan(20);
    }

    @Test
    void svmlightSingleAndMultiLabel() throws IOException {
        Random rnd = new Random(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append(i % 4 == 0 ? "1,2" : String.valueOf(i % 3));
            for (int k = 1; k < 30; k += 1 + rnd.nextInt(6)) sb.append(' ').append(k).append(':').append(rnd.nextInt(100) / 10.0);
            sb.append('\n');
        }
        Path f = tmp.resolve("d.svm");
        fuzz(f, sb.toString().getBytes(StandardCharsets.UTF_8), true,
                () -> Datasets.load(DataSpec.named("svmlight").withDataDir(f.toString())));
        Path gz = tmp.resolve("d.svm.gz");
        fuzz(gz, Fixtures.gzip(sb.toString().getBytes(StandardCharsets.UTF_8)), false,
                () -> Datasets.load(DataSpec.named("svmlight").withDataDir(gz.toString())));
    }

    @Test
    void rcv1VectorsAndQrels() throws IOException {
        StringBuilder vec = new StringBuilder();
        StringBuilder qrels = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            vec.append(100 + i).append(" 3:0.5 ").append(10 + i).append(":0.25\n");
            qrels.append("CCAT ").append(100 + i).append(" 1\n");
            if (i % 2 == 0) qrels.append("GCAT ").append(100 + i).append(" 1\n");
        }
        Path dir = tmp.resolve("r");
        Files.createDirectories(dir);
        Path v = dir.resolve("lyrl2004_vectors_train.dat");
        Path q = dir.resolve("rcv1-v2.topics.qrels");
        Files.writeString(v, vec);
        Files.writeString(q, qrels);
        DataSpec spec = Datasets.defaultSpec("rcv1").withDataDir(dir.toString());
        fuzz(v, vec.toString().getBytes(StandardCharsets.UTF_8), true, () -> Datasets.load(spec));
        fuzz(q, qrels.toString().getBytes(StandardCharsets.UTF_8), true, () -> Datasets.load(spec));
    }

    @Test
    void csv() throws IOException {
        StringBuilder sb = new StringBuilder("a,b,c,label\n");
        Random rnd = new Random(8);
        for (int i = 0; i < 40; i++) {
            sb.append(rnd.nextInt(100) / 7.0).append(',').append(-i).append(",\"").append(i * 0.5).append("\",")
                    .append(i % 3 == 0 ? "x" : "y").append('\n');
        }
        Path f = tmp.resolve("t.csv");
        fuzz(f, sb.toString().getBytes(StandardCharsets.UTF_8), true,
                () -> Datasets.load(DataSpec.named("csv").withDataDir(f.toString()).withLabelColumn("label")));
    }

    @Test
    void imageFolderPngAndJpeg() throws IOException {
        Path root = tmp.resolve("img");
        for (String c : new String[]{"p", "q"}) {
            Files.createDirectories(root.resolve(c));
            for (int k = 0; k < 2; k++) {
                BufferedImage im = new BufferedImage(6, 5, BufferedImage.TYPE_INT_RGB);
                for (int x = 0; x < 6; x++) im.setRGB(x, k, 0x406080 * (x + 1));
                ImageIO.write(im, k == 0 ? "png" : "jpg", root.resolve(c).resolve(k + (k == 0 ? ".png" : ".jpg")).toFile());
            }
        }
        DataSpec spec = DataSpec.named("image-folder").withDataDir(root.toString());
        for (String n : new String[]{"0.png", "1.jpg"}) {
            Path f = root.resolve("q").resolve(n);
            fuzz(f, Files.readAllBytes(f), false, () -> Datasets.load(spec));
        }
    }
}
