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
 * garbage lines, a NUL block where a crash cut the file, a byte-order mark, number type suffixes) must give
 * either a valid dataset or a {@link DatasetException} that names the file and a byte offset or line in one
 * readable sentence - never another exception, never a hang (each test has a timeout).
 */
@Timeout(120)
class CorruptionTest {

    static final int ROUNDS = 1000;
    static final Pattern POSITION = Pattern.compile("(byte|line) -?\\d+");
    /** What an error line must not show: a raw control character, a Java class name, a missing message. */
    static final Pattern UNREADABLE = Pattern.compile("[\\x00-\\x1f\\x7f]|\\(null\\)|Exception|"
            + "\\bjava\\.|\\bjavax\\.|\\bsun\\.|\\bcom\\.sun|\\borg\\.apache");

    /** Fails unless {@code message} is one readable sentence: no control characters, class names or "(null)". */
    static void assertReadable(String message, String context) {
        java.util.regex.Matcher m = UNREADABLE.matcher(message);
        if (m.find()) fail(context + ": unreadable error line (" + DataFiles.escape(m.group()) + "): "
                + DataFiles.escape(message));
    }

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
        return fuzz(file, original, text, load, ROUNDS / 10);
    }

    /** {@code minDetected}: how many corruptions must at least be refused (0 for formats that take any bytes). */
    private static int[] fuzz(Path file, byte[] original, boolean text, Load load, int minDetected)
            throws IOException {
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
                assertReadable(e.getMessage(), "round " + round + " of " + file.getFileName());
                outcome[1]++;
            } catch (Throwable t) {
                throw new AssertionError("round " + round + " of " + file + " threw " + t, t);
            }
        }
        Files.write(file, original);
        assertThat(outcome[0] + outcome[1]).isEqualTo(ROUNDS);
        assertThat(outcome[1]).as("some corruptions must be detected").isGreaterThanOrEqualTo(minDetected);
        return outcome;
    }

    static byte[] mutate(byte[] b, boolean text, Random rnd, int round) {
        int kind = round % (text ? 7 : 4);
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
            case 3 -> {
                // what a crash while writing leaves: the file cut and padded with a block of zero bytes
                int keep = rnd.nextInt(b.length + 1);
                byte[] m = Arrays.copyOf(b, keep + 1 + rnd.nextInt(512));
                return m;
            }
            case 4 -> {
                // a UTF-8 byte-order mark in front (valid data: must load as without it, or fail readably)
                byte[] m = new byte[b.length + 3];
                m[0] = (byte) 0xef;
                m[1] = (byte) 0xbb;
                m[2] = (byte) 0xbf;
                System.arraycopy(b, 0, m, 3, b.length);
                return m;
            }
            case 5 -> {
                // a Java type suffix or hex float where a number ends ("2.5f", "1d", "0x1p3")
                String s = new String(b, StandardCharsets.UTF_8);
                String[] suffix = {"f", "d", "F", "D", "L", "x", "e", "e+", "_1"};
                int at = -1;
                for (int tries = 0; tries < 50 && at < 0; tries++) {
                    int i = rnd.nextInt(Math.max(1, s.length()));
                    if (i < s.length() && Character.isDigit(s.charAt(i))
                            && (i + 1 == s.length() || !Character.isDigit(s.charAt(i + 1)))) at = i + 1;
                }
                if (at < 0) return b.clone();
                return (s.substring(0, at) + suffix[rnd.nextInt(suffix.length)] + s.substring(at))
                        .getBytes(StandardCharsets.UTF_8);
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
        // each round recomputes 4 clips (the cache key changes with the file): about 4 ms a round
        int[] outcome = new int[2];
        for (int round = 0; round < ROUNDS; round++) {
            byte[] m = mutate(original, false, new Random(round), round);
            Files.write(f, m);
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (round + 1)));
            try {
                Datasets.load(spec);
                outcome[0]++;
            } catch (DatasetException e) {
                assertThat(e.getMessage()).contains(f.toString());
                assertThat(POSITION.matcher(e.getMessage()).find()).as(e.getMessage()).isTrue();
                assertReadable(e.getMessage(), "round " + round);
                outcome[1]++;
            }
        }
        assertThat(outcome[0] + outcome[1]).isEqualTo(ROUNDS);
        assertThat(outcome[1]).isGreaterThan(ROUNDS / 10);
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

    @Test
    void textFolderDocuments() throws IOException {
        Path root = tmp.resolve("txt");
        String[] words = {"market shares rose", "the match ended", "stocks fell sharply", "the team won again"};
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(root.resolve("c" + c));
            for (int k = 0; k < 4; k++) {
                Files.writeString(root.resolve("c" + c).resolve(k + ".txt"), words[c * 2 + k % 2] + " " + words[k]);
            }
        }
        Path f = root.resolve("c1").resolve("2.txt");
        // text documents take any bytes (invalid UTF-8 is replaced), so no corruption has to be refused; what is
        // checked is that none escapes as another exception or hangs
        int[] o = fuzz(f, Files.readAllBytes(f), true,
                () -> Datasets.load(DataSpec.named("text-folder").withDataDir(root.toString())), 0);
        assertThat(o[0] + o[1]).isEqualTo(ROUNDS);
    }

    // ---- the cases of issue 17, one by one ----

    /** A crash leaves a NUL block at the end: bad data on the line where it starts, shown escaped, never a class. */
    @Test
    void svmlightNulBlockAtTheEndIsBadData() throws IOException {
        String good = "1 1:0.5 3:1\n2 2:1\n1 1:1\n2 3:0.25\n";
        byte[] b = Arrays.copyOf(good.getBytes(StandardCharsets.UTF_8), good.length() + 4096);
        Path f = tmp.resolve("crashed.svm");
        Files.write(f, b);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> Datasets.load(DataSpec.named("svmlight").withDataDir(f.toString())));
        assertThat(t).isInstanceOf(DatasetException.class);
        assertThat(t.getMessage()).contains(f + " line 5").contains("control character").contains("\\0\\0\\0");
        assertReadable(t.getMessage(), "NUL block");
        // a NUL inside a value, and a control character in a label, are bad data too
        Files.writeString(f, "1 1:0.5\n2 2:1\u0000\n");
        assertThatThrows(f, "svmlight", f + " line 2");
        Files.writeString(f, "1 1:0.5\n\u001b[31m 2:1\n");
        assertThatThrows(f, "svmlight", "\\x1b[31m");
    }

    private static void assertThatThrows(Path f, String source, String... parts) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> Datasets.load(DataSpec.named(source).withDataDir(f.toString())));
        assertThat(t).isInstanceOf(DatasetException.class);
        for (String p : parts) assertThat(t.getMessage()).contains(p);
        assertReadable(t.getMessage(), f.getFileName().toString());
    }

    /** A byte-order mark does not turn the first data row into a header; a BOM before a header is still a header. */
    @Test
    void csvByteOrderMarkIsStripped() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 10; i++) rows.append(i).append(',').append(i * 0.5).append(',').append(i % 2).append('\n');
        Path f = tmp.resolve("bom.csv");
        byte[] body = rows.toString().getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(f, withBom);
        // 10 rows written; a 0.5 train ratio splits all 10, so none may be missing (the first was dropped before)
        Dataset d = Datasets.load(DataSpec.named("csv").withDataDir(f.toString()).withTrainRatio(0.5), 1);
        assertThat(d.train().size() + d.val().size()).isEqualTo(10);
        // a BOM before a header: the first column's name is "label", not "\uFEFFlabel"
        StringBuilder named = new StringBuilder("\uFEFFlabel,x,y\n");
        for (int i = 0; i < 10; i++) named.append(i % 2 == 0 ? "even" : "odd").append(',').append(i).append(",1\n");
        Files.writeString(f, named);
        Dataset h = Datasets.load(DataSpec.named("csv").withDataDir(f.toString()).withLabelColumn("label")
                .withTrainRatio(0.5), 1);
        assertThat(h.train().size() + h.val().size()).isEqualTo(10);
        assertThat(h.classNames()).containsExactly("even", "odd");
    }

    /** Java's parser takes "2.5f", "1d", "0x1p3" and "NaN"; the CSV and SVMlight grammar does not. */
    @Test
    void numbersFollowTheFileGrammarNotJavas() throws Exception {
        Path csv = tmp.resolve("n.csv");
        for (String bad : new String[]{"2.5f", "1d", "0x1p3", "NaN", "Infinity", "1_000", "1e", "--1", "+"}) {
            Files.writeString(csv, "1,2,a\n" + bad + ",3,b\n4,5,a\n");
            assertThatThrows(csv, "csv", csv + " line 2", "'" + bad + "' is not a finite number");
        }
        for (String good : new String[]{"2.5", "-1", "+.5", "1e-3", "2.", "1E+2"}) {
            Files.writeString(csv, "1,2,a\n" + good + ",3,b\n4,5,a\n6,7,b\n");
            Dataset d = Datasets.load(DataSpec.named("csv").withDataDir(csv.toString()).withTrainRatio(0.5), 1);
            assertThat(d.train().size() + d.val().size()).as(good).isEqualTo(4);
        }
        Path svm = tmp.resolve("n.svm");
        for (String bad : new String[]{"1:2.5f", "1:1d", "1:0x1p3", "1:NaN", "+1:2", "1.0:2", "0x1:2"}) {
            Files.writeString(svm, "1 1:1\n2 " + bad + "\n");
            assertThatThrows(svm, "svmlight", svm + " line 2");
        }
    }

    /** Every file a loader opens must be a regular file: a pipe among CIFAR's batches is refused, not waited on. */
    @Test
    @Timeout(20)
    void aNamedPipeIsRefusedWithoutBlocking() throws Exception {
        Path folder = tmp.resolve("cp").resolve("cifar-10-batches-bin");
        Files.createDirectories(folder);
        for (int i = 0; i < 6; i++) {
            Files.write(folder.resolve(i < 5 ? "data_batch_" + (i + 1) + ".bin" : "test_batch.bin"),
                    Fixtures.cifarBatch(3, i));
        }
        Path pipe = folder.resolve("data_batch_3.bin");
        Files.delete(pipe);
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo(pipe), "mkfifo is not available here");
        assertThatThrows(folder.getParent(), "cifar10", pipe.toString(), "not a regular file");
        // the same for an IDX file, a CSV file and a WAV clip
        Path idx = tmp.resolve("idxp");
        Fixtures.writeIdxSet(idx, 30, 10, 4, 4, false, 3);
        Files.delete(idx.resolve("t10k-labels-idx1-ubyte"));
        assertThat(mkfifo(idx.resolve("t10k-labels-idx1-ubyte"))).isTrue();
        assertThatThrows(idx, "mnist", idx.resolve("t10k-labels-idx1-ubyte").toString(), "not a regular file");
        Path csvPipe = tmp.resolve("p.csv");
        assertThat(mkfifo(csvPipe)).isTrue();
        assertThatThrows(csvPipe, "csv", csvPipe.toString(), "not a regular file");
        Path wav = tmp.resolve("p.wav");
        assertThat(mkfifo(wav)).isTrue();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> WavReader.read(wav));
        assertThat(t).isInstanceOf(DatasetException.class).hasMessageContaining("not a regular file");
    }

    static boolean mkfifo(Path p) {
        try {
            Process pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            return pr.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && pr.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A named folder is used as given: a missing file is named, another complete copy is never loaded instead. */
    @Test
    void aNamedFolderNeverFallsBackToAnotherCopy() throws IOException {
        Path user = tmp.resolve("user").resolve("fashion-mnist");
        Fixtures.writeIdxSet(user, 30, 10, 4, 4, true, 1);
        Path named = tmp.resolve("mine");
        Fixtures.writeIdxSet(named, 30, 10, 4, 4, true, 2);
        Files.delete(named.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThatThrows(named, "fashion-mnist", named.resolve("t10k-labels-idx1-ubyte") + "(.gz): file not found",
                "named data folder");
        // the files may sit in a sub-folder named after the set: the missing one is named there
        Path parent = tmp.resolve("parent");
        Fixtures.writeIdxSet(parent.resolve("fashion-mnist"), 30, 10, 4, 4, false, 2);
        Files.delete(parent.resolve("fashion-mnist").resolve("train-labels-idx1-ubyte"));
        assertThatThrows(parent, "fashion-mnist",
                parent.resolve("fashion-mnist").resolve("train-labels-idx1-ubyte") + "(.gz): file not found");
        // a named folder without any of the files is not silently replaced either
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        assertThatThrows(empty, "fashion-mnist", empty.resolve("train-images-idx3-ubyte").toString());
        // without a named folder the user's copy is found, and the dataset says which copy it is
        Dataset d;
        try {
            d = Datasets.load(DataSpec.named("fashion-mnist"), 1);
        } catch (DatasetException e) {
            throw new AssertionError(e);
        }
        assertThat(d.origin()).isEqualTo(user.toString());
        // the same rule for CIFAR-10: a named folder lacking the test batch names it
        Path cifar = tmp.resolve("cf").resolve("cifar-10-batches-bin");
        Files.createDirectories(cifar);
        Files.write(cifar.resolve("data_batch_1.bin"), Fixtures.cifarBatch(2, 1));
        assertThatThrows(cifar.getParent(), "cifar10", cifar.resolve("test_batch.bin").toString(), "file not found");
    }

    /** Gzip and archive errors say what is wrong; never "(null)" (an EOFException carries no message). */
    @Test
    void gzipArchiveAndImageErrorsAreSentences() throws IOException {
        Path dir = tmp.resolve("gzcut");
        Fixtures.writeIdxSet(dir, 30, 10, 4, 4, true, 3);
        Path f = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 12));
        assertThatThrows(dir, "mnist", f.toString(), "byte");
        Path tgz = tmp.resolve("cut.tar.gz");
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bo))) {
            TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/test_batch.bin");
            byte[] batch = Fixtures.cifarBatch(3, 0);
            e.setSize(batch.length);
            tar.putArchiveEntry(e);
            tar.write(batch);
            tar.closeArchiveEntry();
        }
        byte[] a = bo.toByteArray();
        Files.write(tgz, Arrays.copyOf(a, a.length / 2));
        assertThatThrows(tgz, "cifar10", tgz.toString(), "truncated");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> Archives.extract(tgz, tmp.resolve("x"), LoadProgress.NONE));
        assertThat(t).isInstanceOf(DatasetException.class).hasMessageContaining(tgz.toString());
        assertReadable(t.getMessage(), "archive");
        Path root = tmp.resolve("imgs");
        for (String c : new String[]{"a", "b"}) {
            Files.createDirectories(root.resolve(c));
            BufferedImage im = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            ImageIO.write(im, "png", root.resolve(c).resolve("0.png").toFile());
        }
        Path png = root.resolve("b").resolve("0.png");
        byte[] p = Files.readAllBytes(png);
        Files.write(png, Arrays.copyOf(p, 45));
        assertThatThrows(root, "image-folder", png.toString(), "corrupt or truncated image");
    }

    @Test
    void escapesShowControlCharactersAndReasonsNeverShowClassNames() {
        assertThat(DataFiles.escape("a\u0000b\tc\u001b[0m\u0085")).isEqualTo("a\\0b\\tc\\x1b[0m\\u0085");
        assertThat(DataFiles.reason(new java.io.EOFException())).isEqualTo("the data ends too early");
        assertThat(DataFiles.reason(new java.util.zip.ZipException())).isEqualTo("corrupt compressed data");
        assertThat(DataFiles.reason(new javax.imageio.IIOException("Error reading PNG image data",
                new java.io.EOFException()))).isEqualTo("Error reading PNG image data");
        assertThat(DataFiles.reason(new IOException(new java.io.EOFException()))).doesNotContain("Exception");
    }
}
