package org.pernodedrop.lab.engine.stats;

/**
 * Monte Carlo inference helpers: T stochastic forward passes with the regularizer's noise left on (Gal and
 * Ghahramani 2016) give {@code passes [T][n][c]} class probabilities; their mean is the predictive distribution,
 * and the spread between passes measures model (epistemic) uncertainty.
 */
public final class MonteCarlo {

    private MonteCarlo() {
    }

    /** {@code mean[i][c] = (1/T) sum_t passes[t][i][c]}: the MC predictive distribution, {@code [n][c]}. */
    public static double[][] mean(double[][][] passes) {
        Accumulator acc = null;
        for (double[][] p : passes) {
            if (acc == null) acc = new Accumulator(p.length, p.length == 0 ? 0 : p[0].length);
            acc.add(p);
        }
        if (acc == null) throw new IllegalArgumentException("no Monte Carlo passes (T = 0)");
        return acc.mean();
    }

    /** Entropy of each row in nats, {@code H(p) = -sum_c p_c ln p_c} (0 ln 0 = 0): total predictive uncertainty. */
    public static double[] entropy(double[][] probs) {
        double[] h = new double[probs.length];
        for (int i = 0; i < probs.length; i++) h[i] = entropy(probs[i]);
        return h;
    }

    static double entropy(double[] p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v);
        return h;
    }

    /**
     * Mutual information between prediction and mask (BALD): {@code H(mean_t p_t) - mean_t H(p_t)} per example,
     * in nats; 0 when every pass agrees, so it isolates the part of the uncertainty the noise explains.
     */
    public static double[] mutualInformation(double[][][] passes) {
        double[][] m = mean(passes);
        double[] mi = entropy(m);
        int t = passes.length;
        for (double[][] pass : passes) {
            for (int i = 0; i < mi.length; i++) mi[i] -= entropy(pass[i]) / t;
        }
        // H is concave, so MI >= 0; clamp the last-ulp negatives of identical passes.
        for (int i = 0; i < mi.length; i++) if (mi[i] < 0) mi[i] = 0;
        return mi;
    }

    /**
     * Streaming mean over passes, so T passes need one {@code [n][c]} buffer instead of T of them. Not thread
     * safe: one owner (the trainer thread) adds passes.
     */
    public static final class Accumulator {
        private final double[][] sum;
        private int passes;

        public Accumulator(int n, int classes) {
            sum = new double[n][classes];
        }

        /** Adds one pass of probabilities {@code [n][c]}. */
        public void add(double[][] probs) {
            if (probs.length != sum.length) {
                throw new IllegalArgumentException("pass has " + probs.length + " rows, expected " + sum.length);
            }
            for (int i = 0; i < probs.length; i++) {
                if (probs[i].length != sum[i].length) {
                    throw new IllegalArgumentException("pass row " + i + " has " + probs[i].length
                            + " classes, expected " + sum[i].length);
                }
                for (int c = 0; c < probs[i].length; c++) sum[i][c] += probs[i][c];
            }
            passes++;
        }

        public int passes() {
            return passes;
        }

        public double[][] mean() {
            if (passes == 0) throw new IllegalStateException("no Monte Carlo passes added yet");
            double[][] m = new double[sum.length][];
            for (int i = 0; i < sum.length; i++) {
                m[i] = sum[i].clone();
                for (int c = 0; c < m[i].length; c++) m[i][c] /= passes;
            }
            return m;
        }
    }
}
