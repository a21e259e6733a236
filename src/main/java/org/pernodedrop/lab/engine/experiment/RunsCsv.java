package org.pernodedrop.lab.engine.experiment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
 * <p>Crash safety: a data line counts once its newline is written. {@link #append} writes the new lines at the end of
 * the file in one write and forces them to the disk once, so an epoch costs the bytes of its line, not of the file. A
 * crash or kill in the middle of an append can leave at most a last line without its newline (a torn tail): readers
 * ({@link #read}, and the rewrites below) leave it out, and the next append cuts it off before writing, so a torn line
 * is never taken for a record (a prefix of a line can parse: {@code 0.125} cut to {@code 0.1}). A failed append cuts
 * what it wrote back off. The header is never torn: a new file, an old-header file brought to the current header, and
 * {@link #removeRuns}, {@link #sortByRuns} and {@link #rewrite} replace the whole file atomically (a temporary sibling,
 * forced to the disk, renamed over it).
 *
 * <p>Writers: every change to a file holds its locks - one in this process (one of {@link #STRIPES}, chosen by the
 * path) and the operating system's lock on a hidden sibling {@code .runs.csv.lock} ({@link #lockFile}) - so several
 * processes may append to one file (e.g. cluster tasks of {@code train --out} into one folder) without cutting each
 * other's half-written lines off as torn tails. The sibling is locked, not the file: a rewrite replaces the file, and
 * POSIX drops a process's lock on a file when any of its descriptors of that file closes, which every read here does.
 * The sibling stays (empty). Where it cannot be created (a read-only folder) the change goes ahead without it and
 * fails with its own error.
 */
public final class RunsCsv {

    /** The columns before {@code effective_rate} was added; files with this header are read (effective rate NaN). */
    public static final String HEADER_V1 = "run_id,dataset,variant,rate,units,seed,epoch,batch_loss,train_loss,"
            + "train_acc,val_loss,val_acc,epoch_seconds";
    /** {@code rate} is the requested drop rate, {@code effective_rate} the one the masks had (see {@link RunRecord}). */
    public static final String HEADER = HEADER_V1 + ",effective_rate";

    private RunsCsv() {
    }

    /** A sweep of thousands of runs writes a few MB; far larger is not a runs.csv. */
    static final long MAX_BYTES = 512L << 20;

    /**
     * In-process locks, one per path hash: changes to one file are serialised (a process may hold the OS lock of a
     * file once), while the cells of a sweep with {@code --jobs} mostly write their own files at once. A fixed set, so
     * a sweep of thousands of cells leaves nothing behind.
     */
    static final int STRIPES = 64;
    private static final java.util.concurrent.locks.ReentrantLock[] LOCKS = new java.util.concurrent.locks.ReentrantLock[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) LOCKS[i] = new java.util.concurrent.locks.ReentrantLock();
    }

    private interface Change<T> {
        T apply() throws IOException;
    }

    /** The hidden sibling whose OS lock stands for the file's (e.g. {@code .runs.csv.lock}). */
    static Path lockFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    /** Runs {@code change} holding the file's in-process lock and, where it can be had, its OS lock. */
    private static <T> T locked(Path file, Change<T> change) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        java.util.concurrent.locks.ReentrantLock inProcess = LOCKS[Math.floorMod(abs.hashCode(), STRIPES)];
        inProcess.lock();
        try {
            FileChannel sibling = null;
            try {
                Files.createDirectories(abs.getParent());
                sibling = FileChannel.open(lockFile(abs), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                // a read-only folder: no other writer can be there either; the change fails with its own error
            }
            try (FileChannel held = sibling) {
                if (held != null) held.lock(); // released with the channel, the only one this process opens on it
                return change.apply();
            }
        } finally {
            inProcess.unlock();
        }
    }

    /** Appends the records' lines at the end of the file (see the class comment); creates the file with its header. */
    public static void append(Path file, List<RunRecord> records) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (RunRecord r : records) lines.append(format(r)).append('\n'); // bad fields refused before any write
        locked(file, () -> {
            long end = Files.exists(file) ? completeLength(file) : 0;
            if (end == 0 || isV1(file)) {
                // a new file, or an old one brought to the current header (its lines get an unknown effective rate)
                List<RunRecord> old = Files.exists(file) && Files.size(file) > 0 ? read(file) : List.of();
                StringBuilder sb = new StringBuilder(HEADER).append('\n');
                for (RunRecord r : old) sb.append(format(r)).append('\n');
                replace(file, sb.append(lines));
            } else {
                appendAt(file, end, lines);
            }
            return null;
        });
    }

    /**
     * Writes {@code lines} at byte {@code end} - the end of the file's last whole line, so a torn tail goes - and
     * forces them to the disk. On a failure (a full disk, a read-only file system) the file is cut back to {@code end}.
     */
    private static void appendAt(Path file, long end, CharSequence lines) throws IOException {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(lines));
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException(file + ": cannot write (" + writeReason(e) + "); the file keeps its previous "
                    + "content", e);
        }
        try (ch) {
            try {
                if (ch.size() > end) ch.truncate(end);
                ch.position(end);
                while (bytes.hasRemaining()) ch.write(bytes);
                ch.force(true);
            } catch (IOException e) {
                try {
                    ch.truncate(end);
                    ch.force(true);
                } catch (IOException again) {
                    e.addSuppressed(again);
                    throw new IOException(file + ": cannot write (" + writeReason(e) + "); its last line may be "
                            + "incomplete, which readers skip", e);
                }
                throw new IOException(file + ": cannot write (" + writeReason(e) + "); the file keeps its previous "
                        + "content", e);
            }
        }
    }

    /**
     * The length of the file up to and including its last newline (0 when it has none): what lies beyond is a torn
     * tail. Reads backwards from the end, so it costs the tail, not the file.
     */
    static long completeLength(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            long pos = ch.size();
            while (pos > 0) {
                long from = Math.max(0, pos - buf.capacity());
                buf.clear().limit((int) (pos - from));
                while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
                    // fill the block
                }
                for (int i = buf.position() - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') return from + i + 1; // '\n' is one byte in UTF-8, never inside a character
                }
                pos = from;
            }
            return 0;
        }
    }

    /**
     * The file's text without a torn tail: up to its last newline, or all of it when it has none (a header alone,
     * which is never torn). The one way this class reads a runs.csv.
     */
    private static String completeText(Path file) throws IOException {
        String text = TextFiles.readUtf8(file, MAX_BYTES, "runs.csv");
        int last = text.lastIndexOf('\n');
        return last < 0 ? text : text.substring(0, last + 1);
    }

    /**
     * Removes every line of the given runs (a resumed sweep drops the partial rows of a run it restarts), with the
     * same atomic rewrite; returns how many lines went. A missing file is left missing.
     */
    public static int removeRuns(Path file, java.util.Set<String> runIds) throws IOException {
        return locked(file, () -> removeRunsLocked(file, runIds));
    }

    private static int removeRunsLocked(Path file, java.util.Set<String> runIds) throws IOException {
        if (!Files.exists(file) || runIds.isEmpty()) return 0;
        read(file); // refuse to rewrite a file we cannot parse
        List<String> lines = completeText(file).lines().toList();
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
    public static boolean sortByRuns(Path file, List<String> runOrder) throws IOException {
        return locked(file, () -> sortByRunsLocked(file, runOrder));
    }

    private static boolean sortByRunsLocked(Path file, List<String> runOrder) throws IOException {
        if (!Files.exists(file)) return false;
        read(file); // refuse to rewrite a file we cannot parse
        List<String> lines = completeText(file).lines().toList();
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

    /**
     * Replaces the file with exactly these records under the current header (same atomic rewrite); returns false and
     * leaves the file alone when it already holds exactly that text. {@code sweep merge} builds a sweep's runs.csv
     * this way, so merging twice writes once.
     */
    public static boolean rewrite(Path file, List<RunRecord> records) throws IOException {
        return locked(file, () -> rewriteLocked(file, records));
    }

    private static boolean rewriteLocked(Path file, List<RunRecord> records) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (RunRecord r : records) sb.append(format(r)).append('\n');
        if (Files.exists(file) && TextFiles.readUtf8(file, MAX_BYTES, "runs.csv").contentEquals(sb)) return false;
        replace(file, sb);
        return true;
    }

    /**
     * Writes the new content to a temporary sibling, forces it to the disk, and renames it over the file. A full disk
     * or a read-only folder fails before the rename, so the file keeps its previous content; the error names it.
     */
    private static void replace(Path file, CharSequence sb) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempFile(parent, ".runs", ".tmp");
            // on the disk before the rename: a crash right after it must not leave an empty runs.csv
            writeForced(tmp, sb);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException(file + ": cannot write (" + writeReason(e) + "); the file keeps its previous "
                    + "content", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stale temp file is removed by the next Sweep.prepare
                }
            }
        }
    }

    private static void writeForced(Path file, CharSequence content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(content));
            while (bytes.hasRemaining()) ch.write(bytes);
            ch.force(true);
        }
    }

    /** The reason of a write failure without the temp file's name (the user knows runs.csv, not .runs123.tmp). */
    static String writeReason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return TextFiles.reason(e);
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
        List<String> lines = completeText(file).lines().toList();
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
            String where = file + ": line " + (n + 1) + ": ";
            String[] f = line.split(",", -1);
            if (f.length != fields && f.length != 13) {
                throw new IOException(where + "expected " + fields + " fields, found " + f.length);
            }
            for (int i = 0; i < 3; i++) {
                if (f[i].isEmpty() || TextFiles.escape(f[i]).length() != f[i].length()) {
                    throw new IOException(where + "field " + (i + 1) + " '" + TextFiles.escape(f[i])
                            + "' is empty or holds a control character");
                }
            }
            out.add(new RunRecord(f[0], f[1], f[2], real(f, 3, where), (int) integer(f, 4, 0, Integer.MAX_VALUE, where),
                    integer(f, 5, Long.MIN_VALUE, Long.MAX_VALUE, where), (int) integer(f, 6, 0, Integer.MAX_VALUE, where),
                    real(f, 7, where), real(f, 8, where), real(f, 9, where), real(f, 10, where), real(f, 11, where),
                    real(f, 12, where), f.length == 14 && !f[13].isEmpty() ? real(f, 13, where) : Double.NaN));
        }
        return out;
    }

    private static final java.util.regex.Pattern REAL =
            java.util.regex.Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|NaN|[+-]?Infinity");
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?\\d{1,19}");

    /**
     * A number as {@link #format} writes it (a decimal, or NaN/Infinity for a diverged run), not every string Java's
     * parser takes ({@code 1d}, {@code 0x1p3}).
     */
    private static double real(String[] f, int i, String where) throws IOException {
        if (f[i].length() > 400 || !REAL.matcher(f[i]).matches()) {
            throw new IOException(where + COLUMNS[i] + " '" + TextFiles.escape(abbreviate(f[i])) + "' is not a number");
        }
        return Double.parseDouble(f[i]);
    }

    private static long integer(String[] f, int i, long min, long max, String where) throws IOException {
        long v;
        try {
            if (!INTEGER.matcher(f[i]).matches()) throw new NumberFormatException();
            v = Long.parseLong(f[i]);
        } catch (NumberFormatException e) {
            throw new IOException(where + COLUMNS[i] + " '" + TextFiles.escape(abbreviate(f[i]))
                    + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw new IOException(where + COLUMNS[i] + " " + v + " is out of range (" + min + ".." + max + ")");
        }
        return v;
    }

    private static final String[] COLUMNS = HEADER.split(",");

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
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
