package org.pernodedrop.lab.engine.nn;

/** Plain Java fallback of {@link MaskOps}, used when jdk.incubator.vector is not added to the JVM. */
final class ScalarMaskOps implements MaskOps {

    @Override
    public void axpyMasked(float a, float[] w, int wOff, long[] bits, float[] acc, int accOff, int n) {
        for (int j = 0; j < n; j++) {
            if (((bits[j >>> 6] >>> (j & 63)) & 1L) != 0) acc[accOff + j] += a * w[wOff + j];
        }
    }

    @Override
    public float backMasked(float a, float[] w, float[] dw, int wOff, long[] bits, float[] dz, int dzOff, int n) {
        float dot = 0f;
        for (int j = 0; j < n; j++) {
            if (((bits[j >>> 6] >>> (j & 63)) & 1L) != 0) {
                float g = dz[dzOff + j];
                dot += w[wOff + j] * g;
                dw[wOff + j] += a * g;
            }
        }
        return dot;
    }

    @Override
    public float dotMasked(float[] w, int wOff, long[] bits, float[] dz, int dzOff, int n) {
        float dot = 0f;
        for (int j = 0; j < n; j++) {
            if (((bits[j >>> 6] >>> (j & 63)) & 1L) != 0) dot += w[wOff + j] * dz[dzOff + j];
        }
        return dot;
    }

    @Override
    public void partialGaussianRow(long key, long base, int width, double p, double sigma, double[] out) {
        partialGaussianScalar(key, base, 0, width, p, sigma, out);
    }

    /** Elements {@code from .. width) of the row, one at a time (also the vector version's tail). */
    static void partialGaussianScalar(long key, long base, int from, int width, double p, double sigma,
                                      double[] out) {
        long normalKey = key ^ MaskSource.STREAM_NORMAL;
        for (int j = from; j < width; j++) {
            out[j] = MaskSource.uniform(key, base + j) < p ? 1.0 + sigma * MaskSource.normal(normalKey, base + j) : 1.0;
        }
    }

    @Override
    public String name() {
        return "scalar Java (jdk.incubator.vector not present: start the JVM with --add-modules jdk.incubator.vector)";
    }
}
