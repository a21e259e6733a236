package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded, stratified splits and limits.
 *
 * <p>Rows are put in a "stratified order": inside each stratum (class) the rows are shuffled and row
 * number {@code r} of a stratum of size {@code n} gets the key {@code (r + u) / n} with {@code u ~ U(0,1)};
 * sorting by key interleaves the strata in proportion, so any prefix of the order (a train or val
 * limit) keeps the class proportions to within one row per class.
 */
public final class Splits {

    private Splits() {
    }

    /** The stratum of a row: its class, or for multi-label targets its first active label ({@code classes} if none). */
    public static int[] strata(float[] targets, int classes, boolean multiLabel) {
        int n = targets.length / classes;
        int[] s = new int[n];
        for (int r = 0; r < n; r++) {
            int best = multiLabel ? classes : 0;
            for (int c = 0; c < classes; c++) {
                float v = targets[r * classes + c];
                if (multiLabel) {
                    if (v > 0.5f) {
                        best = c;
                        break;
                    }
                } else if (v > targets[r * classes + best]) {
                    best = c;
                }
            }
            s[r] = best;
        }
        return s;
    }

    /** {@code rows} reordered so that every prefix is stratified (see the class comment). */
    public static int[] stratifiedOrder(int[] rows, int[] strata, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int maxStratum = 0;
        for (int r : rows) maxStratum = Math.max(maxStratum, strata[r]);
        List<List<Integer>> by = new ArrayList<>();
        for (int i = 0; i <= maxStratum; i++) by.add(new ArrayList<>());
        for (int r : rows) by.get(strata[r]).add(r);
        double[] keys = new double[rows.length];
        int[] out = new int[rows.length];
        Integer[] pos = new Integer[rows.length];
        int k = 0;
        for (List<Integer> group : by) {
            int[] g = group.stream().mapToInt(Integer::intValue).toArray();
            shuffle(g, rnd);
            for (int i = 0; i < g.length; i++) {
                out[k] = g[i];
                keys[k] = (i + rnd.nextDouble()) / g.length;
                pos[k] = k;
                k++;
            }
        }
        Arrays.sort(pos, (a, b) -> Double.compare(keys[a], keys[b]));
        int[] sorted = new int[rows.length];
        for (int i = 0; i < rows.length; i++) sorted[i] = out[pos[i]];
        return sorted;
    }

    /** A seeded stratified split of rows {@code 0..n-1}: per stratum, round(ratio * size) rows train. */
    public static int[][] trainVal(int[] strata, double trainRatio, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int maxStratum = 0;
        for (int s : strata) maxStratum = Math.max(maxStratum, s);
        List<List<Integer>> by = new ArrayList<>();
        for (int i = 0; i <= maxStratum; i++) by.add(new ArrayList<>());
        for (int r = 0; r < strata.length; r++) by.get(strata[r]).add(r);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (List<Integer> group : by) {
            int[] g = group.stream().mapToInt(Integer::intValue).toArray();
            shuffle(g, rnd);
            int nTrain = (int) Math.round(trainRatio * g.length);
            if (g.length >= 2) nTrain = Math.max(1, Math.min(g.length - 1, nTrain));
            for (int i = 0; i < g.length; i++) (i < nTrain ? train : val).add(g[i]);
        }
        int[] t = train.stream().mapToInt(Integer::intValue).toArray();
        int[] v = val.stream().mapToInt(Integer::intValue).toArray();
        return new int[][]{stratifiedOrder(t, strata, seed + 1), stratifiedOrder(v, strata, seed + 2)};
    }

    /**
     * A seeded split that keeps every group (a speaker) whole on one side, for data where examples of one group are
     * near-duplicates (the same voice saying every word) and a random split would test on voices it trained on.
     * Groups are visited in a seeded random order and each goes to validation when that brings the validation size
     * closer to {@code round((1 - trainRatio) * n)} rows, else to training; at least one group ends on each side.
     * Each side is then put in stratified order (by {@code strata}) so that limits keep the class proportions.
     */
    public static int[][] groupTrainVal(int[] groups, int[] strata, double trainRatio, long seed) {
        int maxGroup = -1;
        for (int g : groups) maxGroup = Math.max(maxGroup, g);
        int[] size = new int[maxGroup + 1];
        for (int g : groups) size[g]++;
        int[] order = java.util.stream.IntStream.rangeClosed(0, maxGroup).filter(g -> size[g] > 0).toArray();
        if (order.length < 2) {
            throw new IllegalArgumentException("a split by group needs at least two groups, found " + order.length);
        }
        shuffle(order, new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L));
        long target = Math.round((1 - trainRatio) * groups.length);
        boolean[] toVal = new boolean[maxGroup + 1];
        long val = 0;
        int valGroups = 0;
        for (int g : order) {
            if (Math.abs(val + size[g] - target) < Math.abs(val - target) && valGroups < order.length - 1) {
                toVal[g] = true;
                val += size[g];
                valGroups++;
            }
        }
        if (valGroups == 0) {
            toVal[order[0]] = true; // every group alone overshoots: the first one still holds validation
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> v = new ArrayList<>();
        for (int r = 0; r < groups.length; r++) (toVal[groups[r]] ? v : train).add(r);
        int[] t = train.stream().mapToInt(Integer::intValue).toArray();
        int[] va = v.stream().mapToInt(Integer::intValue).toArray();
        return new int[][]{stratifiedOrder(t, strata, seed + 1), stratifiedOrder(va, strata, seed + 2)};
    }

    /** The first {@code limit} rows when {@code limit > 0}, else all. */
    public static int[] limit(int[] ordered, int limit) {
        return limit > 0 && limit < ordered.length ? Arrays.copyOf(ordered, limit) : ordered;
    }

    public static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** The rows {@code rows} of features and targets as a {@link Split}. */
    public static Split select(Examples x, float[] targets, int classes, int[] rows) {
        if (isIdentity(rows, x.size())) {
            return new Split(x, targets, classes);   // read-only tables: no copy needed
        }
        Examples sx;
        if (x instanceof DenseExamples d) {
            sx = d.select(rows);
        } else if (x instanceof UnsignedByteExamples b) {
            sx = b.select(rows);
        } else if (x instanceof SparseExamples s) {
            sx = s.select(rows);
        } else {
            float[] out = new float[rows.length * x.featureCount()];
            for (int i = 0; i < rows.length; i++) x.copyRow(rows[i], out, i * x.featureCount());
            sx = new DenseExamples(out, x.featureCount());
        }
        float[] t = new float[rows.length * classes];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(targets, rows[i] * classes, t, i * classes, classes);
        }
        return new Split(sx, t, classes);
    }

    /** One-hot targets {@code [labels.length * classes]}. */
    public static float[] oneHot(int[] labels, int classes) {
        float[] t = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) t[i * classes + labels[i]] = 1f;
        return t;
    }

    /** Split one pool of examples by the spec's train ratio and the seed, then apply the spec's limits. */
    static Dataset splitPool(String name, int[] shape, List<String> classNames, boolean multiLabel, Examples x,
                             float[] targets, DataSpec spec, long seed, String origin) throws DatasetException {
        int classes = classNames.size();
        if (x.size() < 2) {
            throw new DatasetException(origin + ": only " + x.size() + " example(s); need at least 2 to split");
        }
        int[][] tv = trainVal(strata(targets, classes, multiLabel), spec.trainRatio(), seed);
        return new Dataset(name, shape, classNames, multiLabel,
                select(x, targets, classes, limit(tv[0], spec.trainLimit())),
                select(x, targets, classes, limit(tv[1], spec.valLimit())), origin);
    }

    /** Like {@link #splitPool}, with whole groups on one side ({@link #groupTrainVal}). */
    static Dataset splitPoolByGroup(String name, int[] shape, List<String> classNames, Examples x, float[] targets,
                                    int[] groups, DataSpec spec, long seed, String origin) throws DatasetException {
        int classes = classNames.size();
        int[][] tv;
        try {
            tv = groupTrainVal(groups, strata(targets, classes, false), spec.trainRatio(), seed);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(origin + ": " + e.getMessage());
        }
        return new Dataset(name, shape, classNames, false,
                select(x, targets, classes, limit(tv[0], spec.trainLimit())),
                select(x, targets, classes, limit(tv[1], spec.valLimit())), origin);
    }

    /** A source with an official train/test split: the test part is the validation split. */
    static Dataset officialSplit(String name, int[] shape, List<String> classNames, Examples trainX,
                                 float[] trainY, Examples testX, float[] testY, DataSpec spec, long seed,
                                 String origin) {
        int classes = classNames.size();
        // without a limit the file order is kept (the trainer shuffles per epoch) and nothing is copied
        int[] tr = limited(trainX.size(), trainY, classes, spec.trainLimit(), seed + 1);
        int[] va = limited(testX.size(), testY, classes, spec.valLimit(), seed + 2);
        return new Dataset(name, shape, classNames, false, select(trainX, trainY, classes, tr),
                select(testX, testY, classes, va), origin);
    }

    private static int[] limited(int n, float[] y, int classes, int limit, long seed) {
        if (limit <= 0 || limit >= n) return all(n);
        return limit(stratifiedOrder(all(n), strata(y, classes, false), seed), limit);
    }

    private static boolean isIdentity(int[] rows, int n) {
        if (rows.length != n) return false;
        for (int i = 0; i < n; i++) {
            if (rows[i] != i) return false;
        }
        return true;
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
