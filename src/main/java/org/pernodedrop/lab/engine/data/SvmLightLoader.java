package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * SVMlight / LIBSVM text: {@code <label>[,<label>...] <id>:<value> ... [# comment]}, feature ids 1-based and
 * strictly increasing on a line ({@code qid:} tokens are skipped). A line with several labels makes the
 * set multi-label. RCV1-v2 (LYRL2004) uses the same lines with the document id in the label position
 * and takes its labels from the topics qrels file ({@code <topic> <docid> 1}).
 * Rows stay sparse ({@link SparseExamples}).
 */
public final class SvmLightLoader {

    /** Term ids of the LYRL2004 vectors run from 1 to 47,236. */
    public static final int RCV1_FEATURES = 47_236;
    /** Feature ids above this are refused: a dense batch row would not fit in memory. */
    static final int MAX_FEATURE_ID = 1 << 24;
    static final String RCV1_TRAIN = "lyrl2004_vectors_train.dat";
    static final String RCV1_QRELS = "rcv1-v2.topics.qrels";

    private SvmLightLoader() {
    }

    /** Parsed lines: CSR rows plus the raw label tokens of each row. */
    record Parsed(int[] rowStart, int[] ids, float[] values, List<String[]> labels, int maxId, int minId,
                  int[] lineOf, int lines) {
    }

    static Parsed parse(Path file, LoadProgress progress) throws DatasetException {
        IntList start = new IntList();
        IntList ids = new IntList();
        FloatList vals = new FloatList();
        List<String[]> labels = new ArrayList<>();
        IntList lineOf = new IntList();
        int lines;
        int maxId = 0;
        int minId = Integer.MAX_VALUE;
        start.add(0);
        try (TextLines in = TextLines.open(file)) {
            String s;
            while ((s = in.next()) != null) {
                int hash = s.indexOf('#');
                if (hash >= 0) s = s.substring(0, hash);
                s = s.strip();
                if (s.isEmpty()) continue;
                String[] tok = s.split("\\s+");
                for (int t = 0; t < tok.length; t++) {
                    // a crash can leave a block of NUL bytes: that is damage, not a class called "\0\0\0"
                    if (DataFiles.hasControl(tok[t])) {
                        throw in.error("token " + (t + 1) + " '" + abbreviate(tok[t])
                                + "' holds a control character (a NUL or other non-text byte)");
                    }
                }
                if (tok[0].contains(":")) {
                    throw in.error("missing label before '" + tok[0] + "'");
                }
                String[] ls = tok[0].split(",", -1);
                for (String l : ls) {
                    if (l.isEmpty()) throw in.error("empty label in '" + tok[0] + "'");
                }
                int prev = -1;
                for (int t = 1; t < tok.length; t++) {
                    int colon = tok[t].indexOf(':');
                    if (colon <= 0 || colon == tok[t].length() - 1) {
                        throw in.error("token " + (t + 1) + " '" + abbreviate(tok[t]) + "' is not <id>:<value>");
                    }
                    String key = tok[t].substring(0, colon);
                    if (key.equals("qid")) continue;
                    String value = tok[t].substring(colon + 1);
                    long id = Numbers.digits(key);
                    if (id < 0 && key.startsWith("-") && Numbers.digits(key.substring(1)) >= 0) {
                        throw in.error("feature id " + key + " in token " + (t + 1) + " is negative");
                    }
                    if (id < 0 || !Numbers.isDecimal(value)) {
                        throw in.error("token " + (t + 1) + " '" + abbreviate(tok[t]) + "' is not <id>:<value>"
                                + " (a decimal id and a decimal number)");
                    }
                    float v = Float.parseFloat(value);
                    if (id > MAX_FEATURE_ID) {
                        throw in.error("feature id " + id + " in token " + (t + 1) + " is above the limit "
                                + MAX_FEATURE_ID);
                    }
                    if (id <= prev) {
                        throw in.error("feature id " + id + " in token " + (t + 1)
                                + " is not greater than the previous id " + prev);
                    }
                    if (!Float.isFinite(v)) {
                        throw in.error("feature " + id + " has the value " + abbreviate(value)
                                + ", beyond the float range");
                    }
                    prev = (int) id;
                    maxId = Math.max(maxId, prev);
                    minId = Math.min(minId, prev);
                    ids.add(prev);
                    vals.add(v);
                }
                labels.add(ls);
                lineOf.add(in.line());
                start.add(ids.size);
                if (labels.size() % 4096 == 0) {
                    progress.update("reading " + file.getFileName(), in.line(), -1);
                    LoadProgress.check(progress, file.toString());
                }
            }
            lines = in.line();
        }
        if (labels.size() < 2) {
            throw new DatasetException(file + " line " + lines + " (end of file): " + labels.size()
                    + " example(s); need at least 2");
        }
        return new Parsed(start.toArray(), ids.toArray(), vals.toArray(), labels, maxId,
                minId == Integer.MAX_VALUE ? 1 : minId, lineOf.toArray(), lines);
    }

    /** Generic SVMlight: labels are class names (numbers sort numerically), ids 1-based (or 0-based if a 0 occurs). */
    static Dataset load(Path file, DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        Parsed p = parse(file, progress);
        boolean multi = p.labels().stream().anyMatch(l -> l.length > 1);
        TreeSet<String> names = new TreeSet<>(labelOrder());
        for (String[] l : p.labels()) names.addAll(Arrays.asList(l));
        if (names.size() < 2) {
            throw new DatasetException(file + " line " + p.lines() + " (end of file): only one label ("
                    + names.first() + "); need at least two classes");
        }
        List<String> classes = List.copyOf(names);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        int k = classes.size();
        float[] y = new float[p.labels().size() * k];
        for (int r = 0; r < p.labels().size(); r++) {
            for (String l : p.labels().get(r)) y[r * k + index.get(l)] = 1f;
        }
        int base = p.minId() == 0 ? 0 : 1;
        int features = p.maxId() - base + 1;
        int[] cols = p.ids().clone();
        for (int i = 0; i < cols.length; i++) cols[i] -= base;
        SparseExamples x = new SparseExamples(p.rowStart(), cols, p.values(), Math.max(1, features));
        return Splits.splitPool("svmlight", new int[]{x.featureCount()}, classes, multi, x, y, spec, seed,
                file.toString());
    }

    /** Numbers in numeric order, then everything else alphabetically. */
    static Comparator<String> labelOrder() {
        return (a, b) -> {
            Double x = number(a);
            Double y = number(b);
            if (x != null && y != null) {
                int c = Double.compare(x, y);
                return c != 0 ? c : a.compareTo(b);
            }
            if (x != null) return -1;
            if (y != null) return 1;
            return a.compareTo(b);
        };
    }

    private static Double number(String s) {
        return Numbers.isDecimal(s) ? Double.parseDouble(s) : null;
    }

    // ---- RCV1 ----

    static Path rcv1File(Path dir, String base) {
        for (String n : new String[]{base + ".gz", base}) {
            if (Files.isRegularFile(dir.resolve(n))) return dir.resolve(n);
        }
        return null;
    }

    static Path locateRcv1(Path dataDir) {
        // a named folder is the only place searched; without one, the user's copy then the system's
        List<Path> c = new ArrayList<>();
        if (dataDir != null) {
            c.add(dataDir);
            c.add(dataDir.resolve("rcv1"));
        } else {
            c.add(DataLocations.userDataDir().resolve("rcv1"));
            c.add(Path.of(DataLocations.SYSTEM_DATASETS, "rcv1"));
        }
        for (Path p : c) {
            if (rcv1File(p, RCV1_TRAIN) != null && rcv1File(p, RCV1_QRELS) != null) return p;
        }
        return null;
    }

    /**
     * The LYRL2004 training vectors (23,149 documents, the paper's set) with the K most frequent topics among
     * those documents as a multi-label target (ties broken by topic name); split by the spec's ratio (paper 80/20).
     */
    static Dataset loadRcv1(Path dir, DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        Path vectors = rcv1File(dir, RCV1_TRAIN);
        Path qrels = rcv1File(dir, RCV1_QRELS);
        if (vectors == null) throw new DatasetException(dir.resolve(RCV1_TRAIN) + "(.gz): file not found");
        if (qrels == null) throw new DatasetException(dir.resolve(RCV1_QRELS) + "(.gz): file not found");
        Parsed p = parse(vectors, progress);
        Map<Integer, Integer> row = new HashMap<>();
        for (int r = 0; r < p.labels().size(); r++) {
            String[] l = p.labels().get(r);
            int doc;
            try {
                doc = Integer.parseInt(l[0]);
            } catch (NumberFormatException e) {
                throw new DatasetException(vectors + " line " + p.lineOf()[r] + ": document id '"
                        + abbreviate(l[0]) + "', expected an integer");
            }
            if (l.length != 1 || row.put(doc, r) != null) {
                throw new DatasetException(vectors + " line " + p.lineOf()[r] + ": document id "
                        + abbreviate(tokenOf(l)) + " is repeated or not a single id");
            }
        }
        Map<String, java.util.Set<Integer>> docsOf = new HashMap<>();
        int qrelLines;
        try (TextLines in = TextLines.open(qrels)) {
            String s;
            while ((s = in.next()) != null) {
                s = s.strip();
                if (s.isEmpty()) continue;
                String[] t = s.split("\\s+");
                if (t.length != 3) throw in.error("expected '<topic> <docid> 1', got '" + abbreviate(s) + "'");
                int doc;
                try {
                    doc = Integer.parseInt(t[1]);
                } catch (NumberFormatException e) {
                    throw in.error("document id '" + abbreviate(t[1]) + "' is not an integer");
                }
                Integer r = row.get(doc);
                if (r != null) docsOf.computeIfAbsent(t[0], x -> new java.util.LinkedHashSet<>()).add(r);
            }
            qrelLines = in.line();
        }
        int k = spec.topicsOrDefault();
        List<String> top = docsOf.keySet().stream()
                .sorted(Comparator.<String>comparingInt(t -> -docsOf.get(t).size()).thenComparing(t -> t))
                .limit(k).toList();
        if (top.size() < 2) {
            throw new DatasetException(qrels + " line " + qrelLines + " (end of file): fewer than two topics for"
                    + " the documents of " + vectors);
        }
        int n = p.labels().size();
        float[] y = new float[n * top.size()];
        for (int c = 0; c < top.size(); c++) {
            for (int r : docsOf.get(top.get(c))) y[r * top.size() + c] = 1f;
        }
        int features = Math.max(RCV1_FEATURES, p.maxId());
        int[] cols = p.ids().clone();
        for (int i = 0; i < cols.length; i++) cols[i] -= 1;
        if (p.minId() < 1) {
            for (int r = 0; r < p.labels().size(); r++) {
                if (p.rowStart()[r] < p.rowStart()[r + 1] && p.ids()[p.rowStart()[r]] == 0) {
                    throw new DatasetException(vectors + " line " + p.lineOf()[r]
                            + ": term id 0; LYRL2004 term ids start at 1");
                }
            }
        }
        SparseExamples x = new SparseExamples(p.rowStart(), cols, p.values(), features);
        return Splits.splitPool("rcv1", new int[]{features}, top, true, x, y, spec, seed, dir.toString());
    }

    private static String tokenOf(String[] l) {
        return String.join(",", l);
    }

    /** Input text for an error line: at most 40 characters, control characters escaped. */
    static String abbreviate(String s) {
        return DataFiles.escape(s.length() > 40 ? s.substring(0, 37) + "..." : s);
    }

    static final class IntList {
        int[] a = new int[1024];
        int size;

        void add(int v) {
            if (size == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    static final class FloatList {
        float[] a = new float[1024];
        int size;

        void add(float v) {
            if (size == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }
}
