package org.pernodedrop.lab.engine.nn;

/**
 * Gets the fused Bernoulli kernels of {@link RowMaskKernel} compiled before their first real use. Until C2 compiles
 * them, every Vector API operation runs as Java code that allocates its vectors: the first real steps of the paper's
 * CNN made about 2 GB of such garbage in two seconds (JFR), and the heap of a short run grew by about 300 MB with it.
 * Small arrays make far less garbage for the same number of calls, and pauses let the compiler work while nothing is
 * allocated. The warm-up's garbage still grows the heap; one full collection at its end gives that back.
 */
final class KernelWarmUp {

    private static final java.util.concurrent.atomic.AtomicBoolean DONE =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** Back-to-back rounds before the pauses begin. */
    static final int ROUNDS = 10;
    /**
     * At most this long (3 s unless {@code -Dpernodedrop.warmUpMs} says otherwise): on a loaded machine the compiler
     * may not finish in time, and then the first real steps pay for the rest.
     */
    static final long MAX_MS = Long.getLong("pernodedrop.warmUpMs", 3000);
    /** A compiled round allocates its small per-call arrays only (a few KB); an uncompiled one megabytes of vectors. */
    static final long COMPILED_BYTES = 64 * 1024;
    /** Rounds before the warm-up's inputs repeat: two mask sources times two backward versions. */
    static final int CYCLE = 4;

    private KernelWarmUp() {
    }

    /**
     * Once per process (and not at all with {@code -Dpernodedrop.warmUp=false}): runs the kernels on shapes that take
     * every branch of the real ones (input tiles without, with some and with only zero inputs; two column groups and
     * a scalar tail; 1- and 16-bit keep bits; a backward that skips zero inputs and one that does not), so the
     * compiled code is not thrown away at the first real step, pausing between rounds after the first
     * {@value #ROUNDS}; ends when {@value #CYCLE} rounds in a row (every kind of round) each allocate less than
     * {@value #COMPILED_BYTES} bytes (on the threads {@link #allocationCounter} counts), or after {@link #MAX_MS} ms,
     * then collects the garbage. The work is thrown away: results of real steps are unaffected.
     */
    static void run() {
        boolean wanted = Boolean.parseBoolean(System.getProperty("pernodedrop.warmUp", "true"));
        if (!DONE.compareAndSet(false, true) || !wanted) {
            return;
        }
        warm();
        // the garbage made the collector grow the heap (68 to 224 MB committed in a Fashion-MNIST run, where Dropout
        // stays at 68); it keeps that size, and touches it, for the whole run unless a full collection shrinks it now
        System.gc();
    }

    private static void warm() {
        int batch = 4;
        int din = 96;
        int dout = 136;
        float[] x = filled(batch * din, 0.5f);
        // three input tiles of 32: the first without zeros, the second with zeros (as after a ReLU) at inputs that
        // differ from sample to sample, the third all zero (units the ReLU has switched off; common in training,
        // where 77-86 % of the inputs are zero). The forward has a loop for tiles with zeros and one for tiles
        // without, the skipping backward likewise for inputs, and each must also meet a tile or input with nothing
        // to sum: C2 compiles a case it has not seen as a trap and throws the compiled code away when it comes
        // (all-zero tiles made the first real pass allocate about 200 MB after the warm-up)
        for (int b = 0; b < batch; b++) {
            for (int i = 32 + b % 3; i < 64; i += 3) x[b * din + i] = 0f;
            for (int i = 64; i < din; i++) x[b * din + i] = 0f;
        }
        float[] w = filled(din * dout, 0.25f);
        float[] dz = filled(batch * dout, 0.125f);
        float[] z = new float[batch * dout];
        float[] dw = new float[din * dout];
        float[] dx = new float[batch * din];
        long[] sample = {0, 1, 2, 3};
        MaskSource[] sources = {new MaskSource("bernoulli", 0.5, 1.0), new MaskSource("bernoulli", 0.3, 1.0)};
        java.util.function.LongSupplier allocations = allocationCounter();
        long start = System.nanoTime();
        // rounds in a row that allocated as compiled code does; the rounds cycle through the two sources times the two
        // backward versions, and each takes code of its own: one quiet round of four ended the warm-up while the
        // others still ran uncompiled, and the first real pass then allocated 24-360 MB (six runs)
        int quiet = 0;
        for (int it = 0; System.nanoTime() - start < MAX_MS * 1_000_000L; it++) {
            long before = allocations == null ? 0 : allocations.getAsLong();
            MaskSource src = sources[it % sources.length];
            RowMaskKernel.forwardBits(x, w, new float[dout], batch, din, dout, src, it, sample, z);
            // both backward versions: every sample, and the non-zero inputs only (a slot after a ReLU)
            RowMaskKernel.backwardBits(x, w, dz, batch, din, dout, src, it, sample, dw, dx, (it & 2) != 0);
            if (it < ROUNDS) continue;
            if (allocations != null) {
                quiet = allocations.getAsLong() - before < COMPILED_BYTES ? quiet + 1 : 0;
                if (quiet == CYCLE) return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Bytes allocated so far by the calling thread and the common fork-join pool's workers (the kernels split their
     * work over both: counting the caller alone, a round whose uncompiled work the worker happened to run looked
     * compiled, and the warm-up stopped early in some runs), or null where the counter is off or missing: it lives in
     * the {@code jdk.management} module, which a trimmed runtime (a jlink image) may lack. Without it the warm-up runs
     * until {@link #MAX_MS} ms. Not thread-safe: one caller at a time.
     */
    static java.util.function.LongSupplier allocationCounter() {
        try {
            return AllocationCounter.ofKernelThreads();
        } catch (LinkageError missing) {
            return null;
        }
    }

    /** Kept apart so that {@code com.sun.management} is only loaded when asked for, inside the guard above. */
    private static final class AllocationCounter {
        static java.util.function.LongSupplier ofKernelThreads() {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            if (!(threads instanceof com.sun.management.ThreadMXBean t) || !t.isThreadAllocatedMemorySupported()
                    || !t.isThreadAllocatedMemoryEnabled()) {
                return null;
            }
            long self = Thread.currentThread().getId();
            // per thread the bytes last seen, so that the total only grows (a worker that ends takes its count along)
            java.util.Map<Long, Long> seen = new java.util.HashMap<>();
            long[] total = {0};
            return () -> {
                for (java.lang.management.ThreadInfo info : t.getThreadInfo(t.getAllThreadIds(), 0)) {
                    if (info == null) continue;
                    long id = info.getThreadId();
                    if (id != self && !info.getThreadName().startsWith("ForkJoinPool.commonPool-worker")) continue;
                    long bytes = t.getThreadAllocatedBytes(id);
                    if (bytes < 0) continue;
                    Long before = seen.put(id, bytes);
                    total[0] += bytes - (before == null ? 0 : before);
                }
                return total[0];
            };
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
