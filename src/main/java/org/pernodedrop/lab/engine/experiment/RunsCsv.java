package org.pernodedrop.lab.engine.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and appends {@code runs.csv}, the results file the CLI and the app share.
 *
 * <p>Appends are atomic: the whole file is rewritten to a temporary sibling and moved over the old one, so a crash
 * or kill leaves either the old or the new file, never a torn line. Files hold at most a few thousand lines, so the
 * rewrite costs little.
 */
public final class RunsCsv {

    /** The columns before {@code effective_rate} was added; files with this header are read (effective rate NaN). */
    public static final String HEADER_V1 = "run_id,dataset,variant,rate,units,seed,epoch,batch_loss,train_loss,"
            + "train_acc,val_loss,val_acc,epoch_seconds";
    /** {@code rate} is the requested drop rate, {@code effective_rate} the one the masks had (see {@link RunRecord}). */
    public static final String HEADER = HEADER_V1 + ",effective_rate";

    private RunsCsv() {
    }

    public static synchronized void append(Path file, List<RunRecord> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (Files.exists(file) && !isV1(file)) {
            sb.append(Files.readString(file, StandardCharsets.UTF_8));
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') sb.append('\n');
        } else {
            // a new file, or an old one brought to the current header (its lines get an unknown effective rate)
            sb.append(HEADER).append('\n');
            if (Files.exists(file)) for (RunRecord r : read(file)) sb.append(format(r)).append('\n');
        }
        for (RunRecord r : records) sb.append(format(r)).append('\n');
        replace(file, sb);
    }

    /**
     * Removes every line of the given runs (a resumed sweep drops the partial rows of a run it restarts), with the
     * same atomic rewrite; returns how many lines went. A missing file is left missing.
     */
    public static synchronized int removeRuns(Path file, java.util.Set<String> runIds) throws IOException {
        if (!Files.exists(file) || runIds.isEmpty()) return 0;
        read(file); // refuse to rewrite a file we cannot parse
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        int removed = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (n > 0 && !line.isBlank() && runIds.contains(line.substring(0, line.indexOf(',')))) {
                removed++;
                continue;
            }
            sb.append(line).append('\n');
        }
        if (removed > 0) replace(file, sb);
        return removed;
    }

    /**
     * Puts the rows in canonical order - by the position of their run id in {@code runOrder} (ids not in it last, in
     * file order), then by epoch - with the same atomic rewrite; the lines themselves are kept byte for byte. A sweep
     * that ran cells at once calls it at the end, so its file reads like a serial sweep's. Returns whether the order
     * changed (an already ordered or missing file is not rewritten).
     */
    public static synchronized boolean sortByRuns(Path file, List<String> runOrder) throws IOException {
        if (!Files.exists(file)) return false;
        read(file); // refuse to rewrite a file we cannot parse
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        java.util.Map<String, Integer> rank = new java.util.HashMap<>();
        for (String id : runOrder) rank.putIfAbsent(id, rank.size());
        List<String> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (!lines.get(n).isBlank()) rows.add(lines.get(n));
        }
        List<String> sorted = new ArrayList<>(rows);
        // List.sort is stable: rows of unknown runs keep their file order
        sorted.sort(java.util.Comparator.<String>comparingInt(l -> rank.getOrDefault(l.substring(0, l.indexOf(',')),
                Integer.MAX_VALUE)).thenComparingInt(l -> Integer.parseInt(l.split(",", -1)[6].trim())));
        if (sorted.equals(rows)) return false;
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (String l : sorted) sb.append(l).append('\n');
        replace(file, sb);
        return true;
    }

    private static void replace(Path file, CharSequence sb) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".runs", ".tmp");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void append(Path file, RunRecord record) throws IOException {
        append(file, List.of(record));
    }

    private static boolean isV1(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().map(l -> l.trim().equals(HEADER_V1)).orElse(false);
        }
    }

    /**
     * Reads every record; a malformed line is an error naming the file and line number. Files with the older header
     * ({@link #HEADER_V1}, no effective_rate) are read with an effective rate of NaN.
     */
    public static List<RunRecord> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String head = lines.isEmpty() ? "" : lines.get(0).trim();
        if (!head.equals(HEADER) && !head.equals(HEADER_V1)) {
            throw new IOException(file + ": line 1: expected the header '" + HEADER + "'");
        }
        // Under the current header a line may leave out its last field, effective_rate (then unknown, NaN).
        int fields = head.equals(HEADER) ? 14 : 13;
        List<RunRecord> out = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty()) continue;
            String[] f = line.split(",", -1);
            if (f.length != fields && f.length != 13) {
                throw new IOException(file + ": line " + (n + 1) + ": expected " + fields + " fields, found "
                        + f.length);
            }
            try {
                out.add(new RunRecord(f[0], f[1], f[2], Double.parseDouble(f[3]), Integer.parseInt(f[4]),
                        Long.parseLong(f[5]), Integer.parseInt(f[6]), Double.parseDouble(f[7]),
                        Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]),
                        Double.parseDouble(f[11]), Double.parseDouble(f[12]),
                        f.length == 14 && !f[13].isEmpty() ? Double.parseDouble(f[13]) : Double.NaN));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (n + 1) + ": not a number: " + e.getMessage());
            }
        }
        return out;
    }

    static String format(RunRecord r) {
        for (String s : new String[]{r.runId(), r.dataset(), r.variant()}) {
            if (s.contains(",") || s.contains("\n")) {
                throw new IllegalArgumentException("runs.csv fields cannot contain commas or newlines: '" + s + "'");
            }
        }
        return String.join(",", r.runId(), r.dataset(), r.variant(), num(r.rate()), Integer.toString(r.units()),
                Long.toString(r.seed()), Integer.toString(r.epoch()), num(r.batchLoss()), num(r.trainLoss()),
                num(r.trainAcc()), num(r.valLoss()), num(r.valAcc()), num(r.epochSeconds()), num(r.effectiveRate()));
    }

    private static String num(double v) {
        // Shortest round-trip representation: reading back gives the same double ("NaN" stays readable).
        return Double.toString(v);
    }
}
