package org.pernodedrop.lab.engine.nn;

/**
 * Run in a fresh JVM by {@link KernelWarmUpTest}: optionally warms the kernels up, then prints the bytes allocated (by
 * this thread and the fork-join workers the kernels use) in one forward and two backward passes (skipping zero
 * inputs and not) of the fused Bernoulli kernels at the paper's CNN slot size, and how many full collections the
 * warm-up made.
 */
public final class KernelWarmUpProbe {

    private KernelWarmUpProbe() {
    }

    public static void main(String[] args) {
        long fullBefore = fullCollections();
        KernelWarmUp.run();
        System.out.println("full collections " + (fullCollections() - fullBefore));
        int batch = 128;
        int din = 3136;
        int dout = 128;
        java.util.Random r = new java.util.Random(3);
        float[] x = new float[batch * din];
        float[] w = new float[din * dout];
        float[] dz = new float[batch * dout];
        // the first half of the samples without zero inputs, the second with about half of them zero (as after a
        // ReLU): both of the forward's tile loops
        for (int k = 0; k < x.length; k++) x[k] = k >= x.length / 2 && r.nextBoolean() ? 0f : r.nextFloat();
        // and in the last quarter whole tiles of zeros (every other 32 inputs), as in training, where 77-86 % are zero
        for (int b = 3 * batch / 4; b < batch; b++) {
            for (int i = 0; i < din; i++) if ((i / 32) % 2 == 1) x[b * din + i] = 0f;
        }
        for (int k = 0; k < w.length; k++) w[k] = r.nextFloat() - 0.5f;
        for (int k = 0; k < dz.length; k++) dz[k] = r.nextFloat() - 0.5f;
        long[] sample = new long[batch];
        for (int b = 0; b < batch; b++) sample[b] = b;
        MaskSource src = new MaskSource("bernoulli", 0.5, 1.0);
        float[] bias = new float[dout];
        float[] z = new float[batch * dout];
        float[] dw = new float[din * dout];
        float[] dx = new float[batch * din];
        java.util.function.LongSupplier counter = KernelWarmUp.allocationCounter();
        long before = counter.getAsLong();
        RowMaskKernel.forwardBits(x, w, bias, batch, din, dout, src, 7, sample, z);
        long mid = counter.getAsLong();
        // the backward as after a ReLU (zero inputs skipped), then as for any other input
        RowMaskKernel.backwardBits(x, w, dz, batch, din, dout, src, 7, sample, dw, dx, true);
        RowMaskKernel.backwardBits(x, w, dz, batch, din, dout, src, 7, sample, dw, dx, false);
        long after = counter.getAsLong();
        System.out.println("forward " + (mid - before) + " backward " + (after - mid));
        System.out.println("allocated " + (after - before));
    }

    /** Full (old-generation) collections so far: G1's "G1 Old Generation" collector counts only those. */
    private static long fullCollections() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> gc.getName().contains("Old"))
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
