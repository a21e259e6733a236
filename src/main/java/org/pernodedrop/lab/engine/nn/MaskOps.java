package org.pernodedrop.lab.engine.nn;

/**
 * The inner loops of the fused Bernoulli kernel over one row of {@code n} connections whose keep bits are
 * {@code bits} (bit j&63 of bits[j>>>6]). Two implementations: {@link VectorMaskOps} (jdk.incubator.vector)
 * and {@link ScalarMaskOps}; {@link #INSTANCE} picks the vector one when the module is present.
 * Each method is one small flat loop on purpose: C2 stops inlining and boxes vectors in bigger ones.
 */
interface MaskOps {

    /** acc[accOff + j] += a * w[wOff + j] for kept j. */
    void axpyMasked(float a, float[] w, int wOff, long[] bits, float[] acc, int accOff, int n);

    /** dw[wOff + j] += a * dz[dzOff + j] for kept j; returns sum over kept j of w[wOff + j] * dz[dzOff + j]. */
    float backMasked(float a, float[] w, float[] dw, int wOff, long[] bits, float[] dz, int dzOff, int n);

    /** Sum over kept j of w[wOff + j] * dz[dzOff + j]. */
    float dotMasked(float[] w, int wOff, long[] bits, float[] dz, int dzOff, int n);

    /**
     * One row of the partial-Gaussian stir: for element j (stream index e = base + j),
     * {@code out[j] = 1 + sigma * n(e)} when {@code u(e) < p}, else 1, where u is {@link MaskSource#uniform} and n is
     * {@link MaskSource#normal} with the {@code key ^ STREAM_NORMAL} stream. The vector version computes the same
     * integer hashes and IEEE products lane-wise; only log and cos come from the vector math library, so values agree
     * with the scalar ones to about 1 ulp. Every user of the stir (forward, backward, {@link MaskProbe}) goes through
     * the one instance chosen per process, so they always see identical masks.
     */
    void partialGaussianRow(long key, long base, int width, double p, double sigma, double[] out);

    String name();

    MaskOps INSTANCE = Select.pick();

    final class Select {
        private Select() {
        }

        static MaskOps pick() {
            boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
            if (present && !Boolean.getBoolean("pernodedrop.scalar")) {
                try {
                    return new VectorMaskOps();
                } catch (Throwable t) {
                    return new ScalarMaskOps();
                }
            }
            return new ScalarMaskOps();
        }
    }
}
