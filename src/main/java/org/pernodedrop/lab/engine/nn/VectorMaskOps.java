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
 * broadcasting the chunk's bits, shifting lane k's bit into the sign bit (shift 31 - k) and
 * arithmetic-shifting it back; AND with the float bits zeroes dropped connections before the FMA.
 */
final class VectorMaskOps implements MaskOps {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final int L = F.length();
    private static final IntVector SHIFTS;

    static {
        if (L > 32 || 64 % L != 0) {
            throw new IllegalStateException("unsupported vector width " + L);
        }
        int[] s = new int[L];
        for (int k = 0; k < L; k++) s[k] = 31 - k;
        SHIFTS = IntVector.fromArray(I, s, 0);
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
    public void partialGaussianRow(long key, long base, int width, double p, double sigma, double[] out) {
        long uniformKey = key ^ MaskSource.STREAM_UNIFORM;
        long normalKey = key ^ MaskSource.STREAM_NORMAL;
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        int upper = D.loopBound(width);
        int j = 0;
        for (; j < upper; j += DL) {
            // word(k, e) = mix64(k + e * GOLDEN) for the lanes' stream indices e = base + j + lane
            LongVector step = IOTA.add(base + j).mul(MaskSource.GOLDEN);
            DoubleVector u = toDouble(mix64(step.add(uniformKey)).lanewise(VectorOperators.LSHR, 11))
                    .add(0.5).mul(0x1.0p-53);
            VectorMask<Double> gate = u.lt(p);
            DoubleVector m = one;
            if (gate.anyTrue()) {
                m = one.blend(normal(mix64(step.add(normalKey))).mul(sigma).add(1.0), gate);
            }
            m.intoArray(out, j);
        }
        ScalarMaskOps.partialGaussianScalar(key, base, j, width, p, sigma, out);
    }

    private static IntVector laneMask(long[] bits, int j) {
        int chunk = (int) (bits[j >>> 6] >>> (j & 63));
        return IntVector.broadcast(I, chunk).lanewise(VectorOperators.LSHL, SHIFTS)
                .lanewise(VectorOperators.ASHR, 31);
    }

    @Override
    public void axpyMasked(float a, float[] w, int wOff, long[] bits, float[] acc, int accOff, int n) {
        FloatVector va = FloatVector.broadcast(F, a);
        int upper = F.loopBound(n);
        int j = 0;
        for (; j < upper; j += L) {
            FloatVector wv = FloatVector.fromArray(F, w, wOff + j).reinterpretAsInts()
                    .and(laneMask(bits, j)).reinterpretAsFloats();
            wv.fma(va, FloatVector.fromArray(F, acc, accOff + j)).intoArray(acc, accOff + j);
        }
        for (; j < n; j++) {
            if (((bits[j >>> 6] >>> (j & 63)) & 1L) != 0) acc[accOff + j] += a * w[wOff + j];
        }
    }

    @Override
    public float backMasked(float a, float[] w, float[] dw, int wOff, long[] bits, float[] dz, int dzOff, int n) {
        FloatVector va = FloatVector.broadcast(F, a);
        FloatVector dot = FloatVector.zero(F);
        int upper = F.loopBound(n);
        int j = 0;
        for (; j < upper; j += L) {
            FloatVector g = FloatVector.fromArray(F, dz, dzOff + j).reinterpretAsInts()
                    .and(laneMask(bits, j)).reinterpretAsFloats();
            dot = FloatVector.fromArray(F, w, wOff + j).fma(g, dot);
            g.fma(va, FloatVector.fromArray(F, dw, wOff + j)).intoArray(dw, wOff + j);
        }
        float s = dot.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            if (((bits[j >>> 6] >>> (j & 63)) & 1L) != 0) {
                s += w[wOff + j] * dz[dzOff + j];
                dw[wOff + j] += a * dz[dzOff + j];
            }
        }
        return s;
    }

    @Override
    public float dotMasked(float[] w, int wOff, long[] bits, float[] dz, int dzOff, int n) {
        FloatVector dot = FloatVector.zero(F);
        int upper = F.loopBound(n);
        int j = 0;
        for (; j < upper; j += L) {
            FloatVector g = FloatVector.fromArray(F, dz, dzOff + j).reinterpretAsInts()
                    .and(laneMask(bits, j)).reinterpretAsFloats();
            dot = FloatVector.fromArray(F, w, wOff + j).fma(g, dot);
        }
        float s = dot.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            if (((bits[j >>> 6] >>> (j & 63)) & 1L) != 0) s += w[wOff + j] * dz[dzOff + j];
        }
        return s;
    }

    @Override
    public String name() {
        return "jdk.incubator.vector, " + L + " float lanes";
    }
}
