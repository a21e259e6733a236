package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * MNIST-style IDX files (big-endian int32 header): images magic {@code 0x00000803}, count, rows, cols, then
 * unsigned bytes row-major; labels magic {@code 0x00000801}, count, then one byte each. Gzipped or not.
 * Kept as bytes ({@link UnsignedByteExamples}) and scaled to [0, 1] per row; input shape [1, rows, cols].
 */
public final class IdxLoader {

    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** An IDX file (gzipped or not) holds at most one Java array of pixels plus its header. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE;
    static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private IdxLoader() {
    }

    /** Images of one IDX file: {@code pixels[count * rows * cols]}. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /** The file for a base name in a folder: plain, {@code .gz}, or MNIST's {@code train-images.idx3-ubyte}. */
    static Path find(Path dir, String base) {
        for (String n : new String[]{base, base + ".gz", base.replace("-idx", ".idx"),
                base.replace("-idx", ".idx") + ".gz"}) {
            Path p = dir.resolve(n);
            // any non-folder counts: a pipe or device here is refused when opened, with a message saying so
            if (Files.exists(p) && !Files.isDirectory(p)) return p;
        }
        return null;
    }

    /** True when {@code dir} holds all four files. */
    static boolean complete(Path dir) {
        for (String f : FILES) {
            if (find(dir, f) == null) return false;
        }
        return true;
    }

    static Dataset load(String name, Path dir, DataSpec spec, long seed, LoadProgress progress)
            throws DatasetException {
        Path[] files = new Path[4];
        for (int i = 0; i < 4; i++) {
            files[i] = find(dir, FILES[i]);
            if (files[i] == null) {
                throw new DatasetException(dir.resolve(FILES[i]) + "(.gz): file not found");
            }
        }
        List<String> classes = name.equals("fashion-mnist") ? FASHION_CLASSES : DIGIT_CLASSES;
        // the two halves are independent; decompressing them on two threads halves the wall time
        CompletableFuture<Object[]> test = CompletableFuture.supplyAsync(() -> {
            try {
                return new Object[]{readImages(files[2], LoadProgress.NONE),
                        readLabels(files[3], classes.size(), LoadProgress.NONE)};
            } catch (DatasetException e) {
                throw new CompletionException(e);
            }
        });
        Images trainX = readImages(files[0], progress);
        int[] trainY = readLabels(files[1], classes.size(), progress);
        Object[] t;
        try {
            t = test.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DatasetException de) throw de;
            throw e;
        }
        Images testX = (Images) t[0];
        int[] testY = (int[]) t[1];
        check(trainX, trainY, files[0], files[1]);
        check(testX, testY, files[2], files[3]);
        if (testX.rows() != trainX.rows() || testX.cols() != trainX.cols()) {
            throw new DatasetException(files[2] + " at byte 8: images are " + testX.rows() + "x" + testX.cols()
                    + " but " + files[0] + " has " + trainX.rows() + "x" + trainX.cols());
        }
        int f = trainX.rows() * trainX.cols();
        return Splits.officialSplit(name, new int[]{1, trainX.rows(), trainX.cols()}, classes,
                new UnsignedByteExamples(trainX.pixels(), f), Splits.oneHot(trainY, classes.size()),
                new UnsignedByteExamples(testX.pixels(), f), Splits.oneHot(testY, classes.size()), spec, seed,
                dir.toString());
    }

    private static void check(Images x, int[] y, Path xf, Path yf) throws DatasetException {
        if (x.count() != y.length) {
            throw new DatasetException(xf + " holds " + x.count() + " images but " + yf + " holds " + y.length
                    + " labels (counts at byte 4)");
        }
    }

    public static Images readImages(Path file, LoadProgress progress) throws DatasetException {
        try (BinaryInput in = BinaryInput.open(file, MAX_FILE_BYTES, "IDX file")) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw new DatasetException(file + " at byte 0: magic 0x" + String.format("%08x", magic)
                        + ", expected 0x00000803 (IDX unsigned-byte images, 3 dimensions)");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 1 || rows < 1 || cols < 1 || rows > 4096 || cols > 4096) {
                throw new DatasetException(file + " at byte 4: implausible dimensions " + count + " x " + rows
                        + " x " + cols);
            }
            byte[] px = in.readGrowing((long) count * rows * cols, progress, "reading " + file.getFileName());
            in.expectEnd();
            return new Images(count, rows, cols, px);
        }
    }

    public static int[] readLabels(Path file, int classes, LoadProgress progress) throws DatasetException {
        try (BinaryInput in = BinaryInput.open(file, MAX_FILE_BYTES, "IDX file")) {
            int magic = in.readInt();
            if (magic != 0x00000801) {
                throw new DatasetException(file + " at byte 0: magic 0x" + String.format("%08x", magic)
                        + ", expected 0x00000801 (IDX unsigned-byte labels, 1 dimension)");
            }
            int count = in.readInt();
            if (count < 1) {
                throw new DatasetException(file + " at byte 4: implausible label count " + count);
            }
            byte[] b = in.readGrowing(count, progress, "reading " + file.getFileName());
            in.expectEnd();
            int[] y = new int[count];
            for (int i = 0; i < count; i++) {
                y[i] = b[i] & 0xff;
                if (y[i] >= classes) {
                    throw new DatasetException(file + " at byte " + (8 + i) + ": label " + y[i] + ", expected 0.."
                            + (classes - 1));
                }
            }
            return y;
        }
    }

    /**
     * The folders searched for a source's IDX files, in order: a named folder (or its sub-folder named after the
     * source) only; without one, the user data folder and then the system copy ({@code apt install
     * dataset-fashion-mnist}). A named folder never falls back to another copy: the user asked for that one.
     */
    static List<Path> candidates(String name, Path dataDir) {
        if (dataDir != null) return List.of(dataDir, dataDir.resolve(name));
        return List.of(DataLocations.userDataDir().resolve(name), Path.of(DataLocations.SYSTEM_DATASETS, name));
    }

    /** Within a named folder, the one that holds (some of) the IDX files: the folder itself or its sub-folder. */
    static Path namedFolder(String name, Path dataDir) {
        Path sub = dataDir.resolve(name);
        return Files.isDirectory(sub) && anyOf(sub) && !anyOf(dataDir) ? sub : dataDir;
    }

    private static boolean anyOf(Path dir) {
        for (String f : FILES) {
            if (find(dir, f) != null) return true;
        }
        return false;
    }

    /** Fails naming the first of the four files {@code dir} lacks. */
    static void requireComplete(String name, Path dir) throws DatasetException {
        for (String f : FILES) {
            if (find(dir, f) == null) {
                throw new DatasetException(dir.resolve(f) + "(.gz): file not found in the named data folder "
                        + "(other copies are not searched when a folder is named); download it (CLI: datasets download "
                        + name + ") or point --data-dir at a complete copy");
            }
        }
    }
}
