package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Masksembles (Durasov et al. 2021) mask generation, following the reference code's rules: each of the
 * {@code n} masks puts {@code m} ones among {@code int(m * s)} positions, all-zero columns are dropped, and
 * the draw is repeated until the width is the expected one; the scale used for drawing is bisected until the
 * width is exactly the number of channels. {@code m = int(c / (s (1 - (1 - 1/s)^n)))}.
 */
public final class Masksembles {

    public static final int MIN_CHANNELS = 10;
    public static final double MAX_SCALE = 6.0;
    private static final int MAX_DRAWS = 10_000;
    private static final int MAX_BISECTIONS = 200;

    private Masksembles() {
    }

    /** Scale chosen for a sweep's rate, and whether the 6.0 limit cut it. */
    public record ScaleForRate(double scale, boolean clamped) {
    }

    /** Expected dropped fraction of one mask at scale s with n masks: 1 - 1 / (s (1 - (1 - 1/s)^n)). */
    public static double droppedFraction(double s, int n) {
        return 1.0 - 1.0 / (s * (1.0 - Math.pow(1.0 - 1.0 / s, n)));
    }

    /**
     * The largest expected dropped fraction n masks reach: the fraction at s = 6 (it grows with s). For n = 4 it is
     * 1 - 1 / (6 (1 - (5/6)^4)) = 0.678; for n = 1 it is 0 (one mask must cover every channel).
     */
    public static double maxDroppedFraction(int n) {
        return droppedFraction(MAX_SCALE, n);
    }

    /**
     * Refuses a drop rate n masks cannot reach, naming the largest one they can. Rates above it would all clamp to
     * s = 6 and give identical runs under different labels.
     */
    public static void checkReachable(double rate, int n) {
        double max = maxDroppedFraction(n);
        // 1e-12 lets a rate printed from max itself (or a sweep grid point equal to it) through
        if (rate > max + 1e-12) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "masksembles with n = %d masks drops at most %.4f of its units (scale 6); rate %s is beyond "
                            + "reach: use a rate <= %.4f%s", n, max, rate, Math.floor(max * 1e4) / 1e4,
                    n == 1 ? " (one mask keeps every unit: use n >= 2)" : " or more masks"));
        }
    }

    /** The dropped fraction the masks really have: the share of zeros, averaged over the n masks. */
    public static double realisedDroppedFraction(float[][] masks) {
        if (masks.length == 0) throw new IllegalArgumentException("no masks");
        double sum = 0;
        for (float[] m : masks) {
            int zeros = 0;
            for (float v : m) if (v == 0f) zeros++;
            sum += (double) zeros / m.length;
        }
        return sum / masks.length;
    }

    /**
     * The scale whose expected dropped fraction is {@code rate}, by bisection on [1, 6] (the fraction grows
     * with s); rates beyond the fraction at s = 6 are clamped to 6 and say so.
     */
    public static ScaleForRate scaleForRate(double rate, int n) {
        if (!(rate >= 0.0 && rate < 1.0)) {
            throw new IllegalArgumentException("drop rate must be in [0, 1), got " + rate);
        }
        if (rate >= droppedFraction(MAX_SCALE, n)) {
            return new ScaleForRate(MAX_SCALE, rate > droppedFraction(MAX_SCALE, n));
        }
        double lo = 1.0;
        double hi = MAX_SCALE;
        for (int k = 0; k < 100; k++) {
            double mid = 0.5 * (lo + hi);
            if (droppedFraction(mid, n) < rate) lo = mid; else hi = mid;
        }
        return new ScaleForRate(0.5 * (lo + hi), false);
    }

    /** Key of a generated mask set: generation is deterministic, so building a network twice reuses it. */
    private record Key(int channels, int n, double scale, long seed) {
    }

    private static final int CACHE_SIZE = 16;
    private static final Map<Key, float[][]> CACHE = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, float[][]> e) {
                    return size() > CACHE_SIZE;
                }
            });

    /**
     * n binary masks of width exactly {@code channels}, [n][channels], deterministic from {@code seed}. The last few
     * sets are remembered (wide layers take up to a second to draw), and every call gets its own copy. Throws
     * IllegalArgumentException when no draw reaches the width (few channels with n = 2 and a large scale).
     */
    public static float[][] generate(int channels, int n, double scale, long seed) {
        Key key = new Key(channels, n, scale, seed);
        float[][] m = CACHE.get(key);
        if (m == null) {
            m = draw(channels, n, scale, seed);
            CACHE.put(key, m);
        }
        float[][] copy = new float[m.length][];
        for (int g = 0; g < m.length; g++) copy[g] = m[g].clone();
        return copy;
    }

    private static float[][] draw(int channels, int n, double scale, long seed) {
        if (channels < MIN_CHANNELS) {
            throw new IllegalArgumentException("Masksembles needs at least " + MIN_CHANNELS
                    + " channels in its layer, got " + channels);
        }
        if (n < 1) {
            throw new IllegalArgumentException("Masksembles needs at least 1 mask, got " + n);
        }
        if (!(scale >= 1.0 && scale <= MAX_SCALE)) {
            throw new IllegalArgumentException("Masksembles scale must be in [1, 6], got " + scale);
        }
        Random rnd = new Random(seed);
        int active = (int) (channels / (scale * (1.0 - Math.pow(1.0 - 1.0 / scale, n))));
        double up = 4.0 * scale;
        double down = Math.max(0.2 * scale, 1.0);
        double s = scale;
        for (int k = 0; k < MAX_BISECTIONS; k++) {
            List<boolean[]> cols = draw(active, n, s, rnd);
            if (cols.size() == channels) return toMasks(cols, n);
            if (cols.size() < channels) down = s; else up = s;
            s = 0.5 * (down + up);
        }
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "masksembles cannot draw n = %d "
                + "masks at scale %.3f over %d channels: no draw covers exactly %d channels (the masks keep %d each); "
                + "use a wider layer before the slot, more masks or a lower rate", n, scale, channels, channels, active));
    }

    /** One accepted draw: columns (each boolean[n]) of masks whose width equals the expected size. */
    private static List<boolean[]> draw(int m, int n, double s, Random rnd) {
        int expected = (int) (m * s * (1.0 - Math.pow(1.0 - 1.0 / s, n)));
        List<boolean[]> cols = drawOnce(m, n, s, rnd);
        for (int k = 0; k < MAX_DRAWS && cols.size() != expected; k++) cols = drawOnce(m, n, s, rnd);
        return cols;
    }

    private static List<boolean[]> drawOnce(int m, int n, double s, Random rnd) {
        int total = (int) (m * s);
        boolean[][] rows = new boolean[n][total];
        int[] idx = new int[total];
        for (int g = 0; g < n; g++) {
            for (int k = 0; k < total; k++) idx[k] = k;
            // partial Fisher-Yates: the first m entries are a uniform m-subset
            for (int k = 0; k < Math.min(m, total); k++) {
                int r = k + rnd.nextInt(total - k);
                int tmp = idx[k];
                idx[k] = idx[r];
                idx[r] = tmp;
                rows[g][idx[k]] = true;
            }
        }
        List<boolean[]> cols = new ArrayList<>();
        for (int c = 0; c < total; c++) {
            boolean[] col = new boolean[n];
            boolean any = false;
            for (int g = 0; g < n; g++) {
                col[g] = rows[g][c];
                any |= col[g];
            }
            if (any) cols.add(col);
        }
        return cols;
    }

    private static float[][] toMasks(List<boolean[]> cols, int n) {
        float[][] masks = new float[n][cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            for (int g = 0; g < n; g++) masks[g][c] = cols.get(c)[g] ? 1f : 0f;
        }
        return masks;
    }

    /**
     * Masksembles inference: each input row is replicated {@code n} times (as n contiguous groups, so group g
     * meets mask g) and the n outputs are averaged. {@code x} is [B, features]; returns [B, classes].
     */
    public static INDArray predict(MultiLayerNetwork net, INDArray x, int n) {
        if (n <= 1) return net.output(x);
        INDArray[] copies = new INDArray[n];
        for (int g = 0; g < n; g++) copies[g] = x;
        INDArray out = net.output(Nd4j.concat(0, copies));
        long b = x.size(0);
        return out.reshape('c', n, b, out.size(1)).mean(0);
    }
}
