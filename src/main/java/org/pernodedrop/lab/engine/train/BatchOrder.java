package org.pernodedrop.lab.engine.train;

/**
 * The order in which training rows are visited, a pure function of {@code (seed, epoch, n)}.
 *
 * <p>Nothing about the model or the regularizer enters, so every variant trained from the same config seed sees the
 * same mini-batches in the same order (the app's compare mode and the sweeps rely on this). The permutation is a
 * Fisher-Yates shuffle driven by a SplitMix64 stream, so it does not depend on {@code java.util.Random}'s or ND4J's
 * generators either.
 */
public final class BatchOrder {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private BatchOrder() {
    }

    /** A permutation of {@code 0..n-1} for epoch {@code epoch} (1-based) of a run seeded with {@code seed}. */
    public static int[] permutation(long seed, int epoch, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        long state = mix(seed ^ mix(0x5EEDL + epoch));
        for (int i = n - 1; i > 0; i--) {
            state += GOLDEN;
            int j = bounded(state, i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * An exact uniform draw in {@code [0, bound)}: 31 mixed bits, rejecting the top {@code 2^31 mod bound} values so
     * that every residue is equally likely (plain {@code r % bound} would favour small residues).
     */
    private static int bounded(long state, int bound) {
        long s = state;
        long limit = (1L << 31) - ((1L << 31) % bound);
        while (true) {
            long r = mix(s) >>> 33; // 31 uniform bits
            if (r < limit) return (int) (r % bound);
            s += GOLDEN;
        }
    }

    /** SplitMix64's finaliser: a bijective 64-bit mixer. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A per-step seed for ND4J's generator: a function of the run seed and the global step only. */
    public static long stepSeed(long seed, long step) {
        return mix(seed * GOLDEN + step);
    }
}
