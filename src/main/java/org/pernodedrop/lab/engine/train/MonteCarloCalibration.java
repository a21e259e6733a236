package org.pernodedrop.lab.engine.train;

import org.pernodedrop.lab.engine.data.Split;
import org.pernodedrop.lab.engine.stats.Calibration;
import org.pernodedrop.lab.engine.stats.MonteCarlo;

import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Monte Carlo calibration of a trained run: {@code T} stochastic passes over a split
 * ({@link TrainingRun#predictStochastic}), their mean scored with {@link Calibration}, beside one noise-off pass.
 * Single-label data is scored by its class (the argmax of the one-hot target); multi-label data (sigmoid outputs,
 * multi-hot targets) per label ({@link Calibration#summarizeMultiLabel}: ECE over all label probabilities, NLL as
 * binary cross-entropy, Brier score). Runs on the thread that owns the run.
 */
public final class MonteCarloCalibration {

    /** Rows predicted at once; masks are keyed by the row's index in the split, so the chunking changes nothing. */
    public static final int CHUNK_ROWS = 256;

    /**
     * {@code passes} Monte Carlo passes scored as {@code monteCarlo}, one noise-off pass as {@code plain}, with their
     * Brier scores ({@link Calibration#brier}, or {@link Calibration#brierMultiLabel} for multi-label data).
     */
    public record Result(int passes, Calibration.Summary monteCarlo, Calibration.Summary plain,
                         double monteCarloBrier, double plainBrier) {
    }

    private MonteCarloCalibration() {
    }

    /** The split MC calibration scores: the validation split, or the training split when there is none. */
    public static Split splitOf(TrainingRun run) {
        return run.data().val().size() > 0 ? run.data().val() : run.data().train();
    }

    /**
     * Runs {@code passes} passes over {@code split}; {@code progress} gets the finished fraction after each pass;
     * returns null as soon as {@code stop} says so.
     */
    public static Result run(TrainingRun run, Split split, int passes, int bins, BooleanSupplier stop,
                             DoubleConsumer progress) {
        if (passes < 1) throw new IllegalArgumentException("Monte Carlo passes T must be >= 1, got " + passes);
        int n = split.size();
        if (n == 0) throw new IllegalArgumentException("Monte Carlo calibration needs at least one example");
        int classes = split.classes();
        MonteCarlo.Accumulator acc = new MonteCarlo.Accumulator(n, classes);
        for (int t = 0; t < passes; t++) {
            if (stop.getAsBoolean()) return null;
            acc.add(probs(run, split, t, true));
            progress.accept((t + 1.0) / (passes + 1.0));
        }
        if (stop.getAsBoolean()) return null;
        double[][] plain = probs(run, split, 0, false);
        progress.accept(1.0);
        double[][] mean = acc.mean();
        float[] targets = split.targets();
        if (run.data().multiLabel()) {
            int[][] y = new int[n][classes];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < classes; c++) y[i][c] = targets[i * classes + c] >= 0.5f ? 1 : 0;
            }
            return new Result(passes, Calibration.summarizeMultiLabel(mean, y, bins),
                    Calibration.summarizeMultiLabel(plain, y, bins), Calibration.brierMultiLabel(mean, y),
                    Calibration.brierMultiLabel(plain, y));
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = split.label(i);
        return new Result(passes, Calibration.summarize(mean, labels, bins), Calibration.summarize(plain, labels, bins),
                Calibration.brier(mean, labels), Calibration.brier(plain, labels));
    }

    /** {@code [n][classes]} probabilities of the whole split, noise on (pass {@code t}) or off. */
    static double[][] probs(TrainingRun run, Split split, int t, boolean noisy) {
        int n = split.size();
        int classes = split.classes();
        double[][] out = new double[n][classes];
        for (int from = 0; from < n; from += CHUNK_ROWS) {
            int count = Math.min(CHUNK_ROWS, n - from);
            float[] p = noisy ? run.predictStochastic(split.features(), from, count, t)
                    : run.predict(split.features(), from, count);
            for (int k = 0; k < count; k++) {
                for (int c = 0; c < classes; c++) out[from + k][c] = p[k * classes + c];
            }
        }
        return out;
    }
}
