package org.pernodedrop.lab.engine.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration of class-probability predictions: expected calibration error over equal-width confidence bins
 * (Guo et al. 2017), negative log-likelihood, and the bins of a reliability diagram.
 *
 * <p>Inputs are {@code probs [n][c]} (each row a distribution over c classes, e.g. the Monte Carlo mean of
 * {@link MonteCarlo#mean}) and {@code labels [n]} with values in 0..c-1. The confidence of a prediction is its
 * largest probability and the predicted class the first index holding it.
 */
public final class Calibration {

    /** Lower clamp on p(true class) in the NLL, so one confident mistake costs -ln(1e-12) = 27.6, not infinity. */
    public static final double NLL_EPSILON = 1e-12;

    /** The bin count used when none is given (the common choice in the calibration literature). */
    public static final int DEFAULT_BINS = 15;

    private Calibration() {
    }

    /** Summary numbers for one model. */
    public record Summary(int n, double ece, double nll, double accuracy, double meanConfidence,
                          List<ReliabilityBin> bins) {
        public Summary {
            bins = List.copyOf(bins);
        }
    }

    public static Summary summarize(double[][] probs, int[] labels, int bins) {
        List<ReliabilityBin> rb = reliability(probs, labels, bins);
        int n = probs.length;
        double acc = 0, conf = 0;
        for (int i = 0; i < n; i++) {
            int pred = argmax(probs[i]);
            acc += pred == labels[i] ? 1 : 0;
            conf += probs[i][pred];
        }
        return new Summary(n, ece(rb, n), nll(probs, labels), acc / n, conf / n, rb);
    }

    /** Multi-class Brier score {@code (1/n) sum_i sum_c (p_i[c] - [c = y_i])^2}, in [0, 2]. */
    public static double brier(double[][] probs, int[] labels) {
        check(probs, labels);
        double s = 0;
        for (int i = 0; i < probs.length; i++) {
            for (int c = 0; c < probs[i].length; c++) {
                double d = probs[i][c] - (c == labels[i] ? 1 : 0);
                s += d * d;
            }
        }
        return s / probs.length;
    }

    /**
     * Multi-label outputs (independent sigmoids, e.g. RCV1's 25 topics): each (example, label) pair is one binary
     * prediction {@code [1 - p, p]} with target 0 or 1, so ECE is over all pairs and the NLL is the mean binary
     * cross-entropy per label (the Brier score of the same pairs is {@link #brierMultiLabel}).
     * {@code probs [n][L]}, {@code targets [n][L]} in {0, 1}.
     */
    public static Summary summarizeMultiLabel(double[][] probs, int[][] targets, int bins) {
        if (probs.length != targets.length) {
            throw new IllegalArgumentException(probs.length + " predictions but " + targets.length + " target rows");
        }
        int total = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i].length != targets[i].length) {
                throw new IllegalArgumentException("prediction " + i + " has " + probs[i].length + " labels, its "
                        + "target " + targets[i].length);
            }
            total += probs[i].length;
        }
        double[][] flat = new double[total][];
        int[] y = new int[total];
        int k = 0;
        for (int i = 0; i < probs.length; i++) {
            for (int j = 0; j < probs[i].length; j++) {
                if (targets[i][j] != 0 && targets[i][j] != 1) {
                    throw new IllegalArgumentException("target [" + i + "][" + j + "] is " + targets[i][j]
                            + ", expected 0 or 1");
                }
                flat[k] = new double[]{1 - probs[i][j], probs[i][j]};
                y[k++] = targets[i][j];
            }
        }
        return summarize(flat, y, bins);
    }

    /**
     * Multi-label Brier score: the mean of {@code (p - y)^2} over all (example, label) pairs, in [0, 1] (half the
     * two-class score of the pair {@code [1 - p, p]}).
     */
    public static double brierMultiLabel(double[][] probs, int[][] targets) {
        if (probs.length == 0 || probs.length != targets.length) {
            throw new IllegalArgumentException(probs.length + " predictions but " + targets.length + " target rows");
        }
        double s = 0;
        long total = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i].length != targets[i].length) {
                throw new IllegalArgumentException("prediction " + i + " has " + probs[i].length + " labels, its "
                        + "target " + targets[i].length);
            }
            for (int j = 0; j < probs[i].length; j++) {
                double d = probs[i][j] - targets[i][j];
                s += d * d;
            }
            total += probs[i].length;
        }
        return s / total;
    }

    /** Calibration of Monte Carlo inference: the summary of the mean of {@code passes [T][n][c]}. */
    public static Summary ofMonteCarlo(double[][][] passes, int[] labels, int bins) {
        return summarize(MonteCarlo.mean(passes), labels, bins);
    }

    /**
     * {@code ECE = sum_b (n_b / n) |acc_b - conf_b|} over {@code bins} equal-width bins of the confidence on
     * [0, 1]; bin b (1-based) holds confidences in ((b-1)/B, b/B], the first bin also holds 0.
     */
    public static double ece(double[][] probs, int[] labels, int bins) {
        return ece(reliability(probs, labels, bins), probs.length);
    }

    private static double ece(List<ReliabilityBin> rb, int n) {
        double e = 0;
        for (ReliabilityBin b : rb) e += (double) b.count() / n * b.gap();
        return e;
    }

    /** {@code NLL = -(1/n) sum_i ln max(p_i[y_i], 1e-12)}, in nats. */
    public static double nll(double[][] probs, int[] labels) {
        check(probs, labels);
        double s = 0;
        for (int i = 0; i < probs.length; i++) s -= Math.log(Math.max(probs[i][labels[i]], NLL_EPSILON));
        return s / probs.length;
    }

    /** The bins of a reliability diagram; empty bins are kept (count 0, NaN means) so the x axis stays regular. */
    public static List<ReliabilityBin> reliability(double[][] probs, int[] labels, int bins) {
        check(probs, labels);
        if (bins < 1) throw new IllegalArgumentException("bin count must be >= 1, got " + bins);
        int[] count = new int[bins];
        double[] confSum = new double[bins];
        int[] correct = new int[bins];
        for (int i = 0; i < probs.length; i++) {
            int pred = argmax(probs[i]);
            double conf = probs[i][pred];
            int b = binOf(conf, bins);
            count[b]++;
            confSum[b] += conf;
            if (pred == labels[i]) correct[b]++;
        }
        List<ReliabilityBin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            double lo = (double) b / bins, hi = (double) (b + 1) / bins;
            out.add(new ReliabilityBin(lo, hi, count[b], count[b] == 0 ? Double.NaN : confSum[b] / count[b],
                    count[b] == 0 ? Double.NaN : (double) correct[b] / count[b]));
        }
        return out;
    }

    /**
     * Bin of a confidence in [0, 1]: ceil(conf B) - 1, clamped to 0..B-1, so the upper edge is inclusive. The
     * 1e-9 absorbs the rounding of conf * B (0.3 * 10 = 3.0000000000000004 must stay in bin (0.2, 0.3]).
     */
    static int binOf(double conf, int bins) {
        int b = (int) Math.ceil(conf * bins - 1e-9) - 1;
        return Math.max(0, Math.min(bins - 1, b));
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        return best;
    }

    private static void check(double[][] probs, int[] labels) {
        if (probs.length == 0) throw new IllegalArgumentException("no predictions to calibrate");
        if (probs.length != labels.length) {
            throw new IllegalArgumentException(probs.length + " predictions but " + labels.length + " labels");
        }
        int c = probs[0].length;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i].length != c) {
                throw new IllegalArgumentException("prediction " + i + " has " + probs[i].length
                        + " classes, prediction 0 has " + c);
            }
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("label " + labels[i] + " of prediction " + i
                        + " is outside 0.." + (c - 1));
            }
            for (double v : probs[i]) {
                if (!(v >= 0 && v <= 1 + 1e-9)) {
                    throw new IllegalArgumentException("prediction " + i + " has a probability outside [0, 1]: "
                            + v);
                }
            }
        }
    }
}
