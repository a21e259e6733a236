package org.pernodedrop.lab.engine.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many native threads ND4J may use, chosen from the size of the work.
 *
 * <p>For tiny networks (the 2-D teaching presets: a few hundred parameters, batch 10) every operation is
 * microseconds of arithmetic, and libnd4j's OpenMP/BLAS threads cost more to wake and join than they save: measured
 * on a 2-core machine, the default preset ran 0.57 epochs/s with 2 native threads and 7.9 with 1 (step 12.3 ms vs
 * 2.5 ms). Large steps (the CNN, Fashion-MNIST MLPs) keep every core. The setting is process-wide, so the trainer
 * applies it before each run's first step.
 */
public final class NativeThreads {

    /** Multiply-adds per training step below which one native thread is faster. */
    static final long SINGLE_THREAD_BELOW_MACS = 5_000_000L;

    /**
     * The count last applied, per thread: part of the setting is per calling thread (the BLAS hands the count to
     * OpenMP, whose thread-count variable belongs to the thread that sets it), so a new trainer thread must apply it
     * itself. With one process-wide "current" only the first thread got it, and sweep cells measured 35-60 ms per
     * step of the default 2-D preset instead of about 10 ms, depending on which thread had trained first.
     */
    private static final ThreadLocal<int[]> CURRENT = ThreadLocal.withInitial(() -> new int[]{-1});
    /** How many runs train at the same time (a sweep with --jobs N), sharing the cores. */
    private static int concurrentRuns = 1;

    private NativeThreads() {
    }

    /** The C library's setenv, through JNA (on the classpath with DL4J). */
    private interface CLib extends com.sun.jna.Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Asks OpenMP for one thread, unless the user chose a count ({@code OMP_NUM_THREADS} set). Must run before ND4J
     * loads: libgomp reads the variable once. For the lab window, whose runs are mostly tiny 2-D networks; the
     * BLAS and libnd4j pools stay under {@link #applyFor}'s control, so larger models still use every core for
     * their matrix products (convolutions lose some speed: about 0.9 s vs 0.7 s per CNN step measured on 2 cores).
     *
     * @return true if the variable was set
     */
    public static boolean preferSingleOmpThread() {
        if (System.getenv("OMP_NUM_THREADS") != null) return false;
        try {
            CLib c = com.sun.jna.Native.loadLibrary("c", CLib.class);
            return c.setenv("OMP_NUM_THREADS", "1", 0) == 0;
        } catch (Throwable t) {
            // Not a POSIX C library (Windows): keep the default; the programmatic limits still apply.
            return false;
        }
    }

    /**
     * Declares that {@code runs} runs will train at once, so each large run gets {@code cores / runs} threads (at
     * least 1) instead of all of them: N runs that each ask for every core oversubscribe the CPU N times, and the
     * OpenMP/BLAS threads then mostly wait for each other. The counts are process-wide (ND4J and the BLAS keep one
     * setting), which is right here because the concurrent runs all belong to one sweep. Call it again with 1 when
     * they are done.
     *
     * @return the threads each large run will get
     */
    public static synchronized int shareAmong(int runs) {
        concurrentRuns = Math.max(1, runs);
        return threadsPerRun();
    }

    /** The threads one large run gets: all cores divided by the runs that share them, at least 1. */
    public static synchronized int threadsPerRun() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / concurrentRuns);
    }

    /** Picks the thread count for a step of about {@code macsPerStep} multiply-adds; returns what was set. */
    public static synchronized int applyFor(long macsPerStep) {
        int want = macsPerStep < SINGLE_THREAD_BELOW_MACS ? 1 : threadsPerRun();
        int[] current = CURRENT.get();
        if (want != current[0]) {
            Nd4j.getEnvironment().setMaxThreads(want);
            Nd4j.getEnvironment().setMaxMasterThreads(want);
            Nd4j.factory().blas().setMaxThreads(want);
            current[0] = want;
        }
        return want;
    }

    /** Forward-pass multiply-adds of one example through {@code numParams} weights, times the batch, times 3
     * (forward, and the two products of the backward pass). A parameter-count proxy: exact for dense layers,
     * an underestimate for convolutions, whose weights are reused at every position (so those stay multi-threaded
     * through {@code convolutional}). */
    public static long macsPerStep(long numParams, int batch, boolean convolutional) {
        return convolutional ? Long.MAX_VALUE : 3L * numParams * batch;
    }
}
