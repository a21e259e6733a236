package org.pernodedrop.lab.engine.train;

import org.pernodedrop.lab.engine.data.Split;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The numbers that say whether a run generalizes, computed one way for the window's readout, the compare table and
 * the lessons' claims.
 *
 * <ul>
 *   <li>loss gap = validation loss - epoch-end training loss (both inference mode): grows as a run overfits;</li>
 *   <li>accuracy gap = training accuracy - validation accuracy;</li>
 *   <li>best epoch = the epoch with the lowest validation loss (where early stopping would keep the weights);</li>
 *   <li>tail mean = the mean of a quantity over the last {@code k} epochs, which smooths the epoch-to-epoch jitter
 *       of a small validation set so that two runs are compared on their trend, not on one noisy epoch.</li>
 * </ul>
 */
public final class Generalization {

    private Generalization() {
    }

    public static double lossGap(EpochMetrics m) {
        return m.valLoss() - m.trainLoss();
    }

    public static double accuracyGap(EpochMetrics m) {
        return m.trainAcc() - m.valAcc();
    }

    /** Index into {@code history} of the lowest finite validation loss (first one on ties); -1 if there is none. */
    public static int bestIndex(List<EpochMetrics> history) {
        int best = -1;
        for (int i = 0; i < history.size(); i++) {
            double v = history.get(i).valLoss();
            if (Double.isFinite(v) && (best < 0 || v < history.get(best).valLoss())) best = i;
        }
        return best;
    }

    /** The epoch with the lowest validation loss, or null for an empty history. */
    public static EpochMetrics best(List<EpochMetrics> history) {
        int i = bestIndex(history);
        return i < 0 ? null : history.get(i);
    }

    /** Mean of {@code f} over the last {@code k} epochs (fewer when the history is shorter); NaN when empty. */
    public static double tailMean(List<EpochMetrics> history, int k, ToDoubleFunction<EpochMetrics> f) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        int n = Math.min(k, history.size());
        if (n == 0) return Double.NaN;
        double sum = 0;
        for (int i = history.size() - n; i < history.size(); i++) sum += f.applyAsDouble(history.get(i));
        return sum / n;
    }

    /**
     * The accuracy of a model that ignores its input, on {@code split}: the level a model must beat to have learned
     * anything. Single-label: always guessing the most frequent class. Multi-label (accuracy per label, as
     * {@link TrainingRun#evaluate} reports it): guessing each label's more frequent value. NaN for an empty split.
     */
    public static double chanceAccuracy(Split split, boolean multiLabel) {
        int n = split.size();
        if (n == 0) return Double.NaN;
        int k = split.classes();
        double[] positives = new double[k];
        float[] t = split.targets();
        for (int row = 0; row < n; row++) {
            if (multiLabel) {
                for (int c = 0; c < k; c++) if (t[row * k + c] >= 0.5f) positives[c]++;
            } else {
                positives[split.label(row)]++;
            }
        }
        if (!multiLabel) {
            double max = 0;
            for (double c : positives) max = Math.max(max, c);
            return max / n;
        }
        double sum = 0;
        for (double c : positives) sum += Math.max(c, n - c) / n;
        return sum / k;
    }
}
