package org.pernodedrop.lab.engine.nn;

/** Plain Java fallback of {@link MaskOps}, used when jdk.incubator.vector is not added to the JVM. */
final class ScalarMaskOps implements MaskOps {

    @Override
    public void axpyTile(float[] x, int xOff, float scale, int rows, float[] w, int wOff, int n, long[] bits,
                         float[] acc, int accOff) {
        int nw = (n + 63) >>> 6;
        for (int t = 0; t < rows; t++) {
            float a = x[xOff + t] * scale;
            if (a == 0f) continue;
            int wRow = wOff + t * n;
            for (int j = 0; j < n; j++) {
                if (((bits[t * nw + (j >>> 6)] >>> (j & 63)) & 1L) != 0) acc[accOff + j] += a * w[wRow + j];
            }
        }
    }

    @Override
    public void backRow(float[] x, int xCol, int xStride, float scale, int batch, float[] w, int wOff, int n,
                        long[] bits, float[] dz, float[] dw, float[] dx, boolean skipZeroInputs) {
        int nw = (n + 63) >>> 6;
        for (int j = 0; j < n; j++) dw[wOff + j] = 0f;
        for (int b = 0; b < batch; b++) {
            if (skipZeroInputs && x[b * xStride + xCol] == 0f) {
                dx[b * xStride + xCol] = 0f;
                continue;
            }
            float a = x[b * xStride + xCol] * scale;
            float dot = 0f;
            for (int j = 0; j < n; j++) {
                if (((bits[b * nw + (j >>> 6)] >>> (j & 63)) & 1L) != 0) {
                    float g = dz[b * n + j];
                    dot += w[wOff + j] * g;
                    dw[wOff + j] += a * g;
                }
            }
            dx[b * xStride + xCol] = dot * scale;
        }
    }

    @Override
    public void words(long key, long[] start, long add, long[] out, int n) {
        for (int k = 0; k < n; k++) out[k] = MaskSource.word(key, start[k] + add);
    }

    @Override
    public void partialGaussianRow(long key, long base, int width, long gateBelow, double sigma, double[] out) {
        long uniformKey = key ^ MaskSource.STREAM_UNIFORM;
        long normalKey = key ^ MaskSource.STREAM_NORMAL;
        for (int j = 0; j < width; j++) {
            boolean gated = (MaskSource.word(uniformKey, base + j) >>> 11) < gateBelow;
            out[j] = gated ? 1.0 + sigma * MaskSource.normal(normalKey, base + j) : 1.0;
        }
    }

    @Override
    public String name() {
        return "scalar Java (jdk.incubator.vector not present: start the JVM with --add-modules jdk.incubator.vector)";
    }
}
