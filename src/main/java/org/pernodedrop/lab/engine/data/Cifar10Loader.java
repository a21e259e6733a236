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

    private Cifar10Loader() {
    }

    /** A folder holding the six batch files, or a .tar.gz, or null. */
    static Path locate(Path dataDir) {
        List<Path> roots = new ArrayList<>();
        if (dataDir != null) {
            roots.add(dataDir);
            roots.add(dataDir.resolve("cifar10"));
        }
        roots.add(DataLocations.userDataDir().resolve("cifar10"));
        roots.add(Path.of(DataLocations.SYSTEM_DATASETS, "cifar10"));
        for (Path r : roots) {
            if (Files.isRegularFile(r) && r.getFileName().toString().endsWith(".tar.gz")) return r;
            for (Path d : new Path[]{r, r.resolve(FOLDER)}) {
                if (Files.isRegularFile(d.resolve(TEST)) && Files.isRegularFile(d.resolve(TRAIN[0]))) return d;
            }
            if (Files.isRegularFile(r.resolve(ARCHIVE))) return r.resolve(ARCHIVE);
        }
        return null;
    }

    static Dataset load(Path where, DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        Batch train;
        Batch test;
        if (Files.isRegularFile(where)) {
            Batch[] parts = fromArchive(where, progress);
            train = parts[0];
            test = parts[1];
        } else {
            List<Batch> tr = new ArrayList<>();
            for (String f : TRAIN) {
                Path p = where.resolve(f);
                try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16)) {
                    tr.add(read(in, p.toString(), Files.size(p), progress));
                } catch (IOException e) {
                    throw new DatasetException(p + ": cannot read (" + e.getMessage() + ")");
                }
            }
            train = Batch.concat(tr);
            Path p = where.resolve(TEST);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16)) {
                test = read(in, p.toString(), Files.size(p), progress);
            } catch (IOException e) {
                throw new DatasetException(p + ": cannot read (" + e.getMessage() + ")");
            }
        }
        return Splits.officialSplit("cifar10", new int[]{3, 32, 32}, CLASSES,
                new UnsignedByteExamples(train.pixels, PIXELS), Splits.oneHot(train.labels, 10),
                new UnsignedByteExamples(test.pixels, PIXELS), Splits.oneHot(test.labels, 10), spec, seed,
                where.toString());
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
                String where = archive + "!" + e.getName();
                if (n.equals(TEST)) {
                    test = read(tar, where, e.getSize(), progress);
                }
                for (int i = 0; i < 5; i++) {
                    if (n.equals(TRAIN[i])) train[i] = read(tar, where, e.getSize(), progress);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(archive + " at compressed byte " + (raw == null ? 0 : raw.count)
                    + ": corrupt or truncated archive (" + e.getMessage() + ")");
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
            } catch (IOException | RuntimeException e) {
                throw new DatasetException(where + " at byte " + offset + ": corrupt data (" + e.getMessage() + ")");
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
