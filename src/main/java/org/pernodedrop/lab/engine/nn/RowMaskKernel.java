package org.pernodedrop.lab.engine.nn;

import java.util.stream.IntStream;

/**
 * Per-sample per-connection masked dense products with the mask regenerated, never stored:
 * <pre>
 *   z[b, j]  = bias[j] + sum_i x[b, i] W[i, j] M[b, i, j]          x [B, din], W [din, dout] row-major
 *   dW[i, j] = sum_b x[b, i] M[b, i, j] dz[b, j]
 *   dx[b, i] = sum_j W[i, j] M[b, i, j] dz[b, j]
 * </pre>
 * Row r = sample[b] * din + i of the mask comes from {@link MaskSource} with the step's key.
 * Work is tiled over inputs (a tile of W rows stays in L1 while the batch streams past), the forward is split
 * over batch rows and the backward over input tiles, so dW needs no per-thread copies. Peak mask memory is one
 * row of {@code dout} values (or its keep bits) per thread.
 *
 * <p>Two versions: {@code float} Bernoulli through {@link MaskOps} (fused bits, the fast path) and a
 * {@code double} one for every stir (the explicit path, and the reference the gradient checks use).
 */
final class RowMaskKernel {

    private static final int TILE_I = 32;

    private RowMaskKernel() {
    }

    private static int tasks(int work) {
        return Math.max(1, Math.min(work, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Peak bytes of mask state alive at once per thread: for Bernoulli bits, the larger of the forward's tile
     * ({@value #TILE_I} rows) and the backward's column ({@code batch} rows) of bit rows; else one row of values.
     */
    static long maskBytes(int dout, int batch, boolean bits) {
        long rowBits = 8L * ((dout + 63) >>> 6);
        long perThread = bits ? rowBits * Math.max(TILE_I, batch) : 8L * dout + rowBits;
        return perThread * tasks(Integer.MAX_VALUE);
    }

    // ---- float Bernoulli (fast) --------------------------------------------------------------------------

    static void forwardBits(float[] x, float[] w, float[] bias, int batch, int din, int dout, MaskSource src,
                            long key, long[] sample, float[] z) {
        float scale = (float) src.keptValue();
        int nw = (dout + 63) >>> 6;
        int t = tasks(batch);
        IntStream.range(0, t).parallel().forEach(task -> {
            int b0 = (int) ((long) batch * task / t);
            int b1 = (int) ((long) batch * (task + 1) / t);
            // the keep bits of one sample's tile rows, one row after another; at p = 1/2 they are the words
            // (row * nw + w) of consecutive rows, hashed as one run (see MaskSource.bits)
            long[] bits = new long[TILE_I * nw];
            long[] run = oneBitRun(src, TILE_I * nw);
            for (int b = b0; b < b1; b++) System.arraycopy(bias, 0, z, b * dout, dout);
            for (int i0 = 0; i0 < din; i0 += TILE_I) {
                int i1 = Math.min(din, i0 + TILE_I);
                for (int b = b0; b < b1; b++) {
                    long rowBase = sample[b] * din;
                    if (run != null) {
                        MaskOps.INSTANCE.words(key, run, (rowBase + i0) * nw, bits, (i1 - i0) * nw);
                    } else {
                        for (int i = i0; i < i1; i++) src.bits(key, rowBase + i, dout, bits, (i - i0) * nw);
                    }
                    MaskOps.INSTANCE.axpyTile(x, b * din + i0, scale, i1 - i0, w, i0 * dout, dout, bits, z, b * dout);
                }
            }
        });
    }

    /** 0, 1, ..., n - 1 when the source's rows are plain words (one bit a connection), else null. */
    private static long[] oneBitRun(MaskSource src, int n) {
        if (!src.oneBit) return null;
        long[] r = new long[n];
        for (int k = 0; k < n; k++) r[k] = k;
        return r;
    }

    /**
     * dW (overwritten) and dx (overwritten) from dz. With {@code skipZeroInputs}, the work for zero inputs x[b, i] is
     * skipped and their dx left 0 (see {@link MaskOps#backRow}): for a caller that multiplies dx by zero there.
     */
    static void backwardBits(float[] x, float[] w, float[] dz, int batch, int din, int dout, MaskSource src,
                             long key, long[] sample, float[] dw, float[] dx, boolean skipZeroInputs) {
        float scale = (float) src.keptValue();
        int nw = (dout + 63) >>> 6;
        int t = tasks(din);
        IntStream.range(0, t).parallel().forEach(task -> {
            // the keep bits of input i for every sample of the batch, one row after another; at p = 1/2 word w of
            // sample b's row is word (sample[b] din + i) nw + w = rowWord[b nw + w] + i nw
            long[] bits = new long[batch * nw];
            long[] rowWord = null;
            if (src.oneBit) {
                rowWord = new long[batch * nw];
                for (int b = 0; b < batch; b++) {
                    for (int k = 0; k < nw; k++) rowWord[b * nw + k] = sample[b] * din * nw + k;
                }
            }
            for (int i = (int) ((long) din * task / t); i < (int) ((long) din * (task + 1) / t); i++) {
                if (rowWord != null) {
                    MaskOps.INSTANCE.words(key, rowWord, (long) i * nw, bits, batch * nw);
                } else {
                    for (int b = 0; b < batch; b++) src.bits(key, sample[b] * din + i, dout, bits, b * nw);
                }
                MaskOps.INSTANCE.backRow(x, i, din, scale, batch, w, i * dout, dout, bits, dz, dw, dx,
                        skipZeroInputs);
            }
        });
    }

    // ---- float, any stir (values from MaskSource.fill, products in float) -----------------------------------

    /**
     * The float network's version of {@link #forward}: the same mask rows (generated in double, then rounded to
     * float), products and sums in float like the rest of a float network, and loops simple enough for C2 to
     * vectorise.
     */
    static void forwardValues(float[] x, float[] w, float[] bias, int batch, int din, int dout, MaskSource src,
                              long key, long[] sample, float[] z) {
        int t = tasks(batch);
        IntStream.range(0, t).parallel().forEach(task -> {
            int b0 = (int) ((long) batch * task / t);
            int b1 = (int) ((long) batch * (task + 1) / t);
            double[] md = new double[dout];
            float[] m = new float[dout];
            long[] scratch = new long[(dout + 63) >>> 6];
            for (int b = b0; b < b1; b++) {
                int zOff = b * dout;
                System.arraycopy(bias, 0, z, zOff, dout);
                long rowBase = sample[b] * din;
                for (int i = 0; i < din; i++) {
                    float xi = x[b * din + i];
                    if (xi == 0f) continue;
                    src.fill(key, rowBase + i, dout, md, scratch);
                    toFloat(md, m, dout);
                    axpyTimes(xi, w, i * dout, m, z, zOff, dout);
                }
            }
        });
    }

    /** The float network's version of {@link #backward}: dW and dx overwritten. */
    static void backwardValues(float[] x, float[] w, float[] dz, int batch, int din, int dout, MaskSource src,
                               long key, long[] sample, float[] dw, float[] dx) {
        java.util.Arrays.fill(dw, 0f);
        int tiles = (din + TILE_I - 1) / TILE_I;
        int t = tasks(tiles);
        IntStream.range(0, t).parallel().forEach(task -> {
            double[] md = new double[dout];
            float[] g = new float[dout];
            long[] scratch = new long[(dout + 63) >>> 6];
            for (int tile = tiles * task / t; tile < tiles * (task + 1) / t; tile++) {
                int i0 = tile * TILE_I;
                int i1 = Math.min(din, i0 + TILE_I);
                for (int b = 0; b < batch; b++) {
                    long rowBase = sample[b] * din;
                    int dzOff = b * dout;
                    for (int i = i0; i < i1; i++) {
                        src.fill(key, rowBase + i, dout, md, scratch);
                        maskTimes(md, dz, dzOff, g, dout);
                        dx[b * din + i] = dotAxpy(x[b * din + i], w, dw, i * dout, g, dout);
                    }
                }
            }
        });
    }

    private static void toFloat(double[] md, float[] m, int n) {
        for (int j = 0; j < n; j++) m[j] = (float) md[j];
    }

    /** acc[accOff + j] += a * w[wOff + j] * m[j]. */
    private static void axpyTimes(float a, float[] w, int wOff, float[] m, float[] acc, int accOff, int n) {
        for (int j = 0; j < n; j++) acc[accOff + j] += a * (w[wOff + j] * m[j]);
    }

    /** g[j] = m[j] * dz[dzOff + j]. */
    private static void maskTimes(double[] md, float[] dz, int dzOff, float[] g, int n) {
        for (int j = 0; j < n; j++) g[j] = (float) md[j] * dz[dzOff + j];
    }

    /** dw[wOff + j] += a * g[j]; returns sum_j w[wOff + j] * g[j]. */
    private static float dotAxpy(float a, float[] w, float[] dw, int wOff, float[] g, int n) {
        float dot = 0f;
        for (int j = 0; j < n; j++) {
            dot += w[wOff + j] * g[j];
            dw[wOff + j] += a * g[j];
        }
        return dot;
    }

    // ---- double, any stir (explicit) ---------------------------------------------------------------------

    static void forward(double[] x, double[] w, double[] bias, int batch, int din, int dout, MaskSource src,
                        long key, long[] sample, double[] z) {
        int t = tasks(batch);
        IntStream.range(0, t).parallel().forEach(task -> {
            int b0 = (int) ((long) batch * task / t);
            int b1 = (int) ((long) batch * (task + 1) / t);
            double[] m = new double[dout];
            long[] scratch = new long[(dout + 63) >>> 6];
            for (int b = b0; b < b1; b++) {
                int zOff = b * dout;
                System.arraycopy(bias, 0, z, zOff, dout);
                long rowBase = sample[b] * din;
                for (int i = 0; i < din; i++) {
                    double xi = x[b * din + i];
                    if (xi == 0.0) continue;
                    src.fill(key, rowBase + i, dout, m, scratch);
                    int wOff = i * dout;
                    for (int j = 0; j < dout; j++) z[zOff + j] += xi * w[wOff + j] * m[j];
                }
            }
        });
    }

    static void backward(double[] x, double[] w, double[] dz, int batch, int din, int dout, MaskSource src,
                         long key, long[] sample, double[] dw, double[] dx) {
        java.util.Arrays.fill(dw, 0.0);
        int tiles = (din + TILE_I - 1) / TILE_I;
        int t = tasks(tiles);
        IntStream.range(0, t).parallel().forEach(task -> {
            double[] m = new double[dout];
            long[] scratch = new long[(dout + 63) >>> 6];
            for (int tile = tiles * task / t; tile < tiles * (task + 1) / t; tile++) {
                int i0 = tile * TILE_I;
                int i1 = Math.min(din, i0 + TILE_I);
                for (int b = 0; b < batch; b++) {
                    long rowBase = sample[b] * din;
                    int dzOff = b * dout;
                    for (int i = i0; i < i1; i++) {
                        src.fill(key, rowBase + i, dout, m, scratch);
                        double xi = x[b * din + i];
                        int wOff = i * dout;
                        double dot = 0.0;
                        for (int j = 0; j < dout; j++) {
                            double g = m[j] * dz[dzOff + j];
                            dot += w[wOff + j] * g;
                            dw[wOff + j] += xi * g;
                        }
                        dx[b * din + i] = dot;
                    }
                }
            }
        });
    }
}
