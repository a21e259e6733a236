package org.pernodedrop.lab.engine.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
