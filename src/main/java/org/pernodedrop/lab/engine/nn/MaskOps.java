package org.pernodedrop.lab.engine.nn;

/**
 * The inner loops of the fused Bernoulli kernel over rows of {@code n} connections whose keep bits are
 * {@code bits} (bit j&63 of bits[j>>>6] for each row). Two implementations: {@link VectorMaskOps} (jdk.incubator.vector)
 * and {@link ScalarMaskOps}; {@link #INSTANCE} picks the vector one when the module is present.
 * Each method is one small flat loop on purpose: C2 stops inlining and boxes vectors in bigger ones.
 */
interface MaskOps {

    /**
     * Forward over a tile of {@code rows} inputs of one sample: for every column j < n,
     * <pre>  acc[accOff + j] += sum_{t < rows} (x[xOff + t] * scale) * w[wOff + t n + j] * keep(t, j)</pre>
     * summed in order t = 0, 1, ..., where keep(t, j) is bit (j &amp; 63) of {@code bits[t nw + (j >>> 6)]},
     * nw = ceil(n / 64) (the rows of {@link MaskSource#bits} one after another). Rows whose input is zero add
     * nothing and are skipped, as the other kernels skip them (so a non-finite weight times a zero input is not
     * summed). The vector version keeps a group of output columns in registers for the whole tile, so each masked
     * multiply-add costs one load of W.
     */
    void axpyTile(float[] x, int xOff, float scale, int rows, float[] w, int wOff, int n, long[] bits, float[] acc,
                  int accOff);

    /**
     * Backward of one input i over the batch: with g(b, j) = dz[b n + j] keep(b, j), keep(b, j) bit (j &amp; 63) of
     * {@code bits[b nw + (j >>> 6)]} and a(b) = x[b xStride + xCol] * scale,
     * <pre>  dw[wOff + j] = sum_b a(b) g(b, j)        (overwritten, summed in order b = 0, 1, ...)
     *   dx[b xStride + xCol] = scale * sum_j w[wOff + j] g(b, j)   (overwritten)</pre>
     * With {@code skipZeroInputs}, a sample whose input x[b xStride + xCol] is zero is skipped: it adds nothing to
     * dw (as computing it would, but for 0 * infinity) and its dx is set to 0 instead of its sum - for callers that
     * multiply dx by zero there anyway (a ReLU before the layer, or x itself). The vector version keeps a group of W's
     * row and of dW's row in registers while the batch streams past.
     */
    void backRow(float[] x, int xCol, int xStride, float scale, int batch, float[] w, int wOff, int n, long[] bits,
                 float[] dz, float[] dw, float[] dx, boolean skipZeroInputs);

    /**
     * {@code out[k] = MaskSource.word(key, start[k] + add)} for k < n: the random words of one-bit Bernoulli rows
     * (p = 1/2, where a word is 64 keep bits) for a whole tile or batch at once, so the vector version can hash
     * several words per instruction.
     */
    void words(long key, long[] start, long add, long[] out, int n);

    /**
     * One row of the partial-Gaussian stir: for element j (stream index e = base + j),
     * {@code out[j] = 1 + sigma * n(e)} when {@code u(e) < p}, else 1, where u is {@link MaskSource#uniform} and n is
     * {@link MaskSource#normal} with the {@code key ^ STREAM_NORMAL} stream. The gate is passed as
     * {@code gateBelow = MaskSource.uniformBelow(p)}: u(e) < p exactly when the uniform's 53 bits are below it. Only
     * gated elements get a normal. The vector version computes the same integer hashes and IEEE products lane-wise;
     * only log and cos come from the vector math library, so values agree with the scalar ones to about 1 ulp. Every
     * user of the stir (forward, backward, {@link MaskProbe}) goes through the one instance chosen per process, so
     * they always see identical masks.
     */
    void partialGaussianRow(long key, long base, int width, long gateBelow, double sigma, double[] out);

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
