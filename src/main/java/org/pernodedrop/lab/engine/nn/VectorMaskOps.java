package org.pernodedrop.lab.engine.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaskOps} with jdk.incubator.vector. A lane's keep bit becomes an all-ones/all-zero int by
 * broadcasting a 32-bit half of the group's bits, shifting the lane's bit into the sign bit and
 * arithmetic-shifting it back; AND with the float bits zeroes dropped connections before the FMA. One broadcast
 * serves every sub-vector of its half (all four with 8 lanes): on 8 lanes (AVX2) this made the kernels 5-10 %
 * faster than a broadcast per sub-vector (measured alternately, three runs each), on 16 lanes it made no difference.
 */
final class VectorMaskOps implements MaskOps {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final int L = F.length();
    /** Per sub-vector q of a group (see {@link #G}): lane k's bit (q L + k) of its 32-bit half moved to bit 31. */
    private static final IntVector SHIFTS_0 = subShifts(0);
    private static final IntVector SHIFTS_1 = subShifts(1);
    private static final IntVector SHIFTS_2 = subShifts(2);
    private static final IntVector SHIFTS_3 = subShifts(3);

    private static IntVector subShifts(int q) {
        if (L > 16 || 64 % L != 0) {
            throw new IllegalStateException("unsupported vector width " + L);
        }
        int[] s = new int[L];
        for (int k = 0; k < L; k++) s[k] = 31 - (q * L) % 32 - k;
        return IntVector.fromArray(I, s, 0);
    }

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LG = D.withLanes(long.class);
    private static final int DL = D.length();
    private static final LongVector IOTA;
    private static final double TWO_PI = 2.0 * Math.PI;

    static {
        long[] k = new long[DL];
        for (int i = 0; i < DL; i++) k[i] = i;
        IOTA = LongVector.fromArray(LG, k, 0);
    }

    /** {@link MaskSource#mix64} on every lane. */
    private static LongVector mix64(LongVector z) {
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
        return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
    }

    /** Exact long to double (the values are below 2^53). */
    private static DoubleVector toDouble(LongVector v) {
        return (DoubleVector) v.convert(VectorOperators.L2D, 0);
    }

    /** Box-Muller from each lane's word, as {@link MaskSource#normal}: sqrt(-2 ln u1) cos(2 pi u2). */
    private static DoubleVector normal(LongVector h) {
        DoubleVector u1 = toDouble(h.lanewise(VectorOperators.LSHR, 32)).add(1.0).mul(0x1.0p-32);
        DoubleVector u2 = toDouble(h.and(0xFFFFFFFFL)).mul(0x1.0p-32);
        return u1.lanewise(VectorOperators.LOG).mul(-2.0).lanewise(VectorOperators.SQRT)
                .mul(u2.mul(TWO_PI).lanewise(VectorOperators.COS));
    }

    @Override
    public void words(long key, long[] start, long add, long[] out, int n) {
        int upper = LG.loopBound(n);
        int k = 0;
        for (; k < upper; k += DL) {
            mix64(LongVector.fromArray(LG, start, k).add(add).mul(MaskSource.GOLDEN).add(key)).intoArray(out, k);
        }
        for (; k < n; k++) out[k] = MaskSource.word(key, start[k] + add);
    }

    /** Per-thread work arrays of {@link #partialGaussianRow}, grown to the widest row seen. */
    private static final class RowScratch {
        long[] bits53 = new long[0];
        long[] gatedIndex = new long[0];
        int[] gatedColumn = new int[0];
        double[] values = new double[0];

        void ensure(int width) {
            if (bits53.length >= width) return;
            bits53 = new long[width];
            gatedIndex = new long[width + DL];
            gatedColumn = new int[width];
            values = new double[width + DL];
        }
    }

    private static final ThreadLocal<RowScratch> SCRATCH = ThreadLocal.withInitial(RowScratch::new);

    /*
     * Three passes: (1) the 53 gate bits of every element, DL lanes at a time; (2) a branch-free scalar pass that
     * writes 1 everywhere and lists the gated elements; (3) normals for the listed elements only, DL at a time, written
     * back to their columns. The normals (hash, log, cos: most of the cost) are thus computed for a fraction p of the
     * row instead of for every element; the values are the same as computing them everywhere.
     */
    @Override
    public void partialGaussianRow(long key, long base, int width, long gateBelow, double sigma, double[] out) {
        RowScratch s = SCRATCH.get();
        s.ensure(width);
        long uniformKey = key ^ MaskSource.STREAM_UNIFORM;
        long normalKey = key ^ MaskSource.STREAM_NORMAL;
        long[] bits53 = s.bits53;
        int upper = D.loopBound(width);
        int j = 0;
        for (; j < upper; j += DL) {
            // word(k, e) = mix64(k + e * GOLDEN) for the lanes' stream indices e = base + j + lane
            mix64(IOTA.add(base + j).mul(MaskSource.GOLDEN).add(uniformKey)).lanewise(VectorOperators.LSHR, 11)
                    .intoArray(bits53, j);
        }
        for (; j < width; j++) bits53[j] = MaskSource.word(uniformKey, base + j) >>> 11;
        long[] gatedIndex = s.gatedIndex;
        int[] gatedColumn = s.gatedColumn;
        int count = 0;
        for (j = 0; j < width; j++) {
            out[j] = 1.0;
            gatedIndex[count] = base + j;
            gatedColumn[count] = j;
            count += bits53[j] < gateBelow ? 1 : 0;
        }
        // pad the last vector with a valid index; its extra values are not written back
        for (int k = count; k < count + DL; k++) gatedIndex[k] = base;
        double[] values = s.values;
        for (int k = 0; k < count; k += DL) {
            LongVector e = LongVector.fromArray(LG, gatedIndex, k);
            normal(mix64(e.mul(MaskSource.GOLDEN).add(normalKey))).mul(sigma).add(1.0).intoArray(values, k);
        }
        for (int k = 0; k < count; k++) out[gatedColumn[k]] = values[k];
    }

    /**
     * {@code a[off .. off + L)} with lane k set to +0 where the keep bit is clear: the bit that {@code shifts} moves
     * to bit 31 of {@code half} (a broadcast 32-bit half of the group's bits), arithmetic-shifted back to all-ones or
     * all-zero and ANDed with the float's bits.
     */
    private static FloatVector masked(float[] a, int off, IntVector half, IntVector shifts) {
        IntVector keep = half.lanewise(VectorOperators.LSHL, shifts).lanewise(VectorOperators.ASHR, 31);
        return FloatVector.fromArray(F, a, off).reinterpretAsInts().and(keep).reinterpretAsFloats();
    }

    /** The low 32 bits of a group's keep bits, in every lane. */
    private static IntVector low(long k) {
        return IntVector.broadcast(I, (int) k);
    }

    /** The half holding sub-vectors 2 and 3 of a group: the high 32 bits for 16 lanes, else the low ones again. */
    private static IntVector upper(long k, IntVector low) {
        return L == 16 ? IntVector.broadcast(I, (int) (k >>> 32)) : low;
    }

    /*
     * Both kernels work on groups of G = 4 L columns: four accumulators stay in registers across the tile (forward)
     * or the batch (backward), so a masked multiply-add is a load, the mask (broadcast, two shifts, and) and an FMA,
     * with no load/store of the accumulator. G <= 64 and 64 % L == 0, so a group's bits lie in one 64-bit word of the
     * row, from bit j0 & 63. Columns past the last whole group run scalar. (Eight accumulators, a whole 128-wide
     * row, measured 3-5x slower on JDK 17: C2 spills them.)
     */
    private static final int G = 4 * L;

    /**
     * Per-thread list of the rows ({@link #axpyTile}) or samples ({@link #backRow}) with a non-zero input. It starts
     * empty so that the warm-up's first call grows it: C2 compiles a branch it has never seen taken as a trap, and a
     * real batch larger than the list (128 against the warm-up's 4) then threw the warmed-up backward away
     * (KernelWarmUpTest: 420 MB allocated by the first real pass).
     */
    private static final ThreadLocal<int[]> LIVE_ROWS = ThreadLocal.withInitial(() -> new int[0]);

    /** The kept list of at least n entries of {@link #LIVE_ROWS}. */
    private static int[] liveList(int n) {
        int[] live = LIVE_ROWS.get();
        if (live.length < n) {
            live = new int[n];
            LIVE_ROWS.set(live);
        }
        return live;
    }

    /**
     * Writes to {@code live} the k < n whose input {@code x[off + k stride]} is not zero (every k when {@code all}),
     * in order, and returns how many there are. Branch-free: each k is written, and kept by counting it.
     */
    private static int listLive(float[] x, int off, int stride, int n, boolean all, int[] live) {
        int count = 0;
        for (int k = 0; k < n; k++) {
            live[count] = k;
            count += all || x[off + k * stride] != 0f ? 1 : 0;
        }
        return count;
    }

    /*
     * Rows whose input is zero are listed out first, not tested inside the vector loop: after a ReLU most inputs can
     * be zero (77-86 % of the slot's inputs in Fashion-MNIST CNN training, about 40 % with the benchmark's random
     * images), and a branch around the multiply-adds measured about 5x slower even so (JDK 17's C2 then keeps the
     * accumulators as objects).
     */
    @Override
    public void axpyTile(float[] x, int xOff, float scale, int rows, float[] w, int wOff, int n, long[] bits,
                         float[] acc, int accOff) {
        int[] live = liveList(rows);
        int count = listLive(x, xOff, 1, rows, false, live);
        // no zero in the tile: the rows in order (C2 splits the loop on this test, so that version has no list)
        boolean dense = count == rows;
        int nw = (n + 63) >>> 6;
        int full = n - n % G;
        for (int j0 = 0; j0 < full; j0 += G) {
            int o = accOff + j0;
            FloatVector a0 = FloatVector.fromArray(F, acc, o);
            FloatVector a1 = FloatVector.fromArray(F, acc, o + L);
            FloatVector a2 = FloatVector.fromArray(F, acc, o + 2 * L);
            FloatVector a3 = FloatVector.fromArray(F, acc, o + 3 * L);
            int word = j0 >>> 6;
            int shift = j0 & 63;
            for (int q = 0; q < count; q++) {
                int t = dense ? q : live[q];
                FloatVector va = FloatVector.broadcast(F, x[xOff + t] * scale);
                long k = bits[t * nw + word] >>> shift;
                IntVector lo = low(k);
                IntVector hi = upper(k, lo);
                int wo = wOff + t * n + j0;
                a0 = masked(w, wo, lo, SHIFTS_0).fma(va, a0);
                a1 = masked(w, wo + L, lo, SHIFTS_1).fma(va, a1);
                a2 = masked(w, wo + 2 * L, hi, SHIFTS_2).fma(va, a2);
                a3 = masked(w, wo + 3 * L, hi, SHIFTS_3).fma(va, a3);
            }
            a0.intoArray(acc, o);
            a1.intoArray(acc, o + L);
            a2.intoArray(acc, o + 2 * L);
            a3.intoArray(acc, o + 3 * L);
        }
        for (int j = full; j < n; j++) {
            float s = acc[accOff + j];
            for (int q = 0; q < count; q++) {
                int t = live[q];
                if (((bits[t * nw + (j >>> 6)] >>> (j & 63)) & 1L) != 0) s += x[xOff + t] * scale * w[wOff + t * n + j];
            }
            acc[accOff + j] = s;
        }
    }

    /**
     * Per-thread partial dot products of {@link #backRow}: one vector per sample, summed over the column groups and
     * reduced once per sample at the end (a lane reduction per group measured about 12 % slower).
     */
    private static final ThreadLocal<float[][]> DOTS = ThreadLocal.withInitial(() -> new float[1][0]);

    @Override
    public void backRow(float[] x, int xCol, int xStride, float scale, int batch, float[] w, int wOff, int n,
                        long[] bits, float[] dz, float[] dw, float[] dx, boolean skipZeroInputs) {
        int nw = (n + 63) >>> 6;
        int full = n - n % G;
        float[][] holder = DOTS.get();
        if (holder[0].length < batch * L) holder[0] = new float[batch * L];
        float[] dots = holder[0];
        // the samples to sum over, as in axpyTile: all of them, or those with a non-zero input
        int[] live = liveList(batch);
        int count = listLive(x, xCol, xStride, batch, !skipZeroInputs, live);
        // no zero among them: the samples in order (C2 splits the loop on this test, as in axpyTile)
        boolean dense = count == batch;
        if (!dense) {
            for (int b = 0; b < batch; b++) dx[b * xStride + xCol] = 0f;
        }
        for (int j0 = 0; j0 < full; j0 += G) {
            int o = wOff + j0;
            FloatVector w0 = FloatVector.fromArray(F, w, o);
            FloatVector w1 = FloatVector.fromArray(F, w, o + L);
            FloatVector w2 = FloatVector.fromArray(F, w, o + 2 * L);
            FloatVector w3 = FloatVector.fromArray(F, w, o + 3 * L);
            FloatVector d0 = FloatVector.zero(F);
            FloatVector d1 = d0;
            FloatVector d2 = d0;
            FloatVector d3 = d0;
            int word = j0 >>> 6;
            int shift = j0 & 63;
            for (int q = 0; q < count; q++) {
                int b = dense ? q : live[q];
                long k = bits[b * nw + word] >>> shift;
                IntVector lo = low(k);
                IntVector hi = upper(k, lo);
                int zo = b * n + j0;
                FloatVector g0 = masked(dz, zo, lo, SHIFTS_0);
                FloatVector g1 = masked(dz, zo + L, lo, SHIFTS_1);
                FloatVector g2 = masked(dz, zo + 2 * L, hi, SHIFTS_2);
                FloatVector g3 = masked(dz, zo + 3 * L, hi, SHIFTS_3);
                FloatVector va = FloatVector.broadcast(F, x[b * xStride + xCol] * scale);
                d0 = g0.fma(va, d0);
                d1 = g1.fma(va, d1);
                d2 = g2.fma(va, d2);
                d3 = g3.fma(va, d3);
                FloatVector dot = w3.fma(g3, w2.fma(g2, w1.fma(g1, w0.mul(g0))));
                if (j0 > 0) dot = dot.add(FloatVector.fromArray(F, dots, b * L));
                dot.intoArray(dots, b * L);
            }
            d0.intoArray(dw, o);
            d1.intoArray(dw, o + L);
            d2.intoArray(dw, o + 2 * L);
            d3.intoArray(dw, o + 3 * L);
        }
        for (int q = 0; q < count; q++) {
            int b = live[q];
            dx[b * xStride + xCol] = full > 0 ? FloatVector.fromArray(F, dots, b * L).reduceLanes(VectorOperators.ADD) : 0f;
        }
        for (int j = full; j < n; j++) {
            float s = 0f;
            int bitShift = j & 63;
            for (int q = 0; q < count; q++) {
                int b = live[q];
                if (((bits[b * nw + (j >>> 6)] >>> bitShift) & 1L) != 0) {
                    float g = dz[b * n + j];
                    s += x[b * xStride + xCol] * scale * g;
                    dx[b * xStride + xCol] += w[wOff + j] * g;
                }
            }
            dw[wOff + j] = s;
        }
        for (int q = 0; q < count; q++) dx[live[q] * xStride + xCol] *= scale;
    }

    @Override
    public String name() {
        return "jdk.incubator.vector, " + L + " float lanes";
    }
}
