package org.pernodedrop.lab.engine.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 binary version: records of 1 label byte (0-9) then 3072 pixel bytes (1024 R, 1024 G, 1024 B,
 * each 32x32 row-major), so a record is already channels-first [3, 32, 32]; {@code data_batch_1..5.bin}
 * train, {@code test_batch.bin} validation. Read from the extracted folder or straight from the .tar.gz.
 */
public final class Cifar10Loader {

    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");
    static final int PIXELS = 3 * 32 * 32;
    static final int RECORD = 1 + PIXELS;
    static final String FOLDER = "cifar-10-batches-bin";
    static final String ARCHIVE = "cifar-10-binary.tar.gz";
    static final String[] TRAIN = {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
            "data_batch_5.bin"};
    static final String TEST = "test_batch.bin";
    /** The published batches hold 10,000 records each; more than five times that is not a CIFAR-10 batch. */
    static final long MAX_BATCH_BYTES = 50_000L * RECORD;
    /** The published archive is 170,052,171 bytes. */
    static final long MAX_ARCHIVE_BYTES = 1L << 31;

    private Cifar10Loader() {
    }

    /**
     * A folder holding the six batch files, or a .tar.gz, or null: in the named folder only when one is named
     * (another copy is never substituted), else in the user data folder and then the system one.
     */
    static Path locate(Path dataDir) {
        List<Path> roots = new ArrayList<>();
        if (dataDir != null) {
            roots.add(dataDir);
            roots.add(dataDir.resolve("cifar10"));
        } else {
            roots.add(DataLocations.userDataDir().resolve("cifar10"));
            roots.add(Path.of(DataLocations.SYSTEM_DATASETS, "cifar10"));
        }
        for (Path r : roots) {
            if (Files.isRegularFile(r) && r.getFileName().toString().endsWith(".tar.gz")) return r;
            for (Path d : new Path[]{r, r.resolve(FOLDER)}) {
                // exists, not isRegularFile: a pipe in their place is then refused by load() with its own message
                if (Files.exists(d.resolve(TEST)) && Files.exists(d.resolve(TRAIN[0]))) return d;
            }
            if (Files.isRegularFile(r.resolve(ARCHIVE))) return r.resolve(ARCHIVE);
        }
        return null;
    }

    /** Why the named {@code dataDir} holds no CIFAR-10: the first batch file it lacks. */
    static DatasetException missingIn(Path dataDir) {
        Path folder = dataDir;
        for (Path d : new Path[]{dataDir.resolve(FOLDER), dataDir.resolve("cifar10").resolve(FOLDER),
                dataDir.resolve("cifar10")}) {
            if (Files.isDirectory(d)) {
                folder = d;
                break;
            }
        }
        for (String f : new String[]{TEST, TRAIN[0]}) {
            if (!Files.isRegularFile(folder.resolve(f))) {
                return new DatasetException(folder.resolve(f) + ": file not found in the named data folder (expected "
                        + FOLDER + "/ with the six batch files, or " + ARCHIVE + "; other copies are not searched when"
                        + " a folder is named); download it (CLI: datasets download cifar10) or point --data-dir at a"
                        + " complete copy");
            }
        }
        return new DatasetException(dataDir + ": no CIFAR-10 batch files or " + ARCHIVE + " found");
    }

    static Dataset load(Path where, DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        Batch train;
        Batch test;
        if (!Files.isDirectory(where)) {
            DataFiles.requireRegular(where, 1, MAX_ARCHIVE_BYTES, "CIFAR-10 .tar.gz archive");
            Batch[] parts = fromArchive(where, progress);
            train = parts[0];
            test = parts[1];
        } else {
            // every file is checked before any is opened: a pipe among them would block the first read forever
            long[] sizes = new long[TRAIN.length + 1];
            for (int i = 0; i <= TRAIN.length; i++) {
                Path p = where.resolve(i < TRAIN.length ? TRAIN[i] : TEST);
                sizes[i] = DataFiles.requireRegular(p, RECORD, MAX_BATCH_BYTES, "CIFAR-10 batch file");
                if (sizes[i] % RECORD != 0) {
                    throw new DatasetException(p + ": truncated at byte " + sizes[i] + ", inside record "
                            + sizes[i] / RECORD + " (the size must be a multiple of the " + RECORD + "-byte record)");
                }
            }
            List<Batch> tr = new ArrayList<>();
            for (int i = 0; i < TRAIN.length; i++) tr.add(readFile(where.resolve(TRAIN[i]), sizes[i], progress));
            train = Batch.concat(tr);
            test = readFile(where.resolve(TEST), sizes[TRAIN.length], progress);
        }
        return Splits.officialSplit("cifar10", new int[]{3, 32, 32}, CLASSES,
                new UnsignedByteExamples(train.pixels, PIXELS), Splits.oneHot(train.labels, 10),
                new UnsignedByteExamples(test.pixels, PIXELS), Splits.oneHot(test.labels, 10), spec, seed,
                where.toString());
    }

    private static Batch readFile(Path p, long size, LoadProgress progress) throws DatasetException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16)) {
            return read(in, p.toString(), size, progress);
        } catch (IOException e) {
            throw new DatasetException(p + ": cannot read (" + DataFiles.reason(e) + ")");
        }
    }

    private static Batch[] fromArchive(Path archive, LoadProgress progress) throws DatasetException {
        Batch[] train = new Batch[5];
        Batch test = null;
        BinaryInput.Counting raw = null;
        try (BinaryInput.Counting counted = new BinaryInput.Counting(
                new BufferedInputStream(Files.newInputStream(archive), 1 << 16));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(counted))) {
            raw = counted;
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String n = Path.of(e.getName()).getFileName() == null ? ""
                        : Path.of(e.getName()).getFileName().toString();
                String where = archive + "!" + DataFiles.escape(e.getName());
                if (n.equals(TEST)) {
                    test = read(tar, where, e.getSize(), progress);
                }
                for (int i = 0; i < 5; i++) {
                    if (n.equals(TRAIN[i])) train[i] = read(tar, where, e.getSize(), progress);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(archive + " at compressed byte " + (raw == null ? 0 : raw.count)
                    + ": corrupt or truncated archive (" + DataFiles.reason(e) + ")");
        }
        long end = raw.count;
        for (int i = 0; i < 5; i++) {
            if (train[i] == null) {
                throw new DatasetException(archive + ": no entry " + FOLDER + "/" + TRAIN[i]
                        + " (archive ends at compressed byte " + end + ")");
            }
        }
        if (test == null) {
            throw new DatasetException(archive + ": no entry " + FOLDER + "/" + TEST + " (archive ends at compressed byte "
                    + end + ")");
        }
        return new Batch[]{Batch.concat(List.of(train)), test};
    }

    /** Reads records until the end of the stream; a partial record or a label > 9 is an error. */
    static Batch read(InputStream in, String where, long sizeHint, LoadProgress progress) throws DatasetException {
        // the hint only presizes the buffer (capped: a corrupt tar header may claim anything)
        int initial = (int) Math.max(RECORD, Math.min(sizeHint, 10_000L * RECORD));
        java.io.ByteArrayOutputStream px = new java.io.ByteArrayOutputStream(initial);
        List<Integer> labels = new ArrayList<>();
        byte[] rec = new byte[RECORD];
        long offset = 0;
        while (true) {
            int got;
            try {
                got = in.readNBytes(rec, 0, RECORD);
            } catch (java.io.EOFException e) {
                throw new DatasetException(where + ": truncated at byte " + offset + " (" + DataFiles.reason(e) + ")");
            } catch (IOException | RuntimeException e) {
                throw new DatasetException(where + " at byte " + offset + ": corrupt data (" + DataFiles.reason(e) + ")");
            }
            if (got == 0) break;
            if (got < RECORD) {
                throw new DatasetException(where + ": truncated at byte " + (offset + got) + ", inside record "
                        + labels.size() + " (records are " + RECORD + " bytes)");
            }
            int label = rec[0] & 0xff;
            if (label > 9) {
                throw new DatasetException(where + " at byte " + offset + ": label " + label + ", expected 0..9");
            }
            labels.add(label);
            px.write(rec, 1, PIXELS);
            offset += RECORD;
            if (labels.size() % 1000 == 0) {
                progress.update("reading " + where, offset, -1);
                LoadProgress.check(progress, where);
            }
        }
        if (labels.isEmpty()) throw new DatasetException(where + ": empty at byte 0");
        return new Batch(px.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    record Batch(byte[] pixels, int[] labels) {
        static Batch concat(List<Batch> parts) {
            int n = parts.stream().mapToInt(b -> b.labels.length).sum();
            byte[] px = new byte[n * PIXELS];
            int[] y = new int[n];
            int k = 0;
            for (Batch b : parts) {
                System.arraycopy(b.pixels, 0, px, k * PIXELS, b.pixels.length);
                System.arraycopy(b.labels, 0, y, k, b.labels.length);
                k += b.labels.length;
            }
            return new Batch(px, y);
        }
    }
}
