package org.pernodedrop.lab.engine.experiment;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.nn.MaskView;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Generalization;

import java.util.List;

/**
 * What a lesson's runs produced, in the order of {@link TeachingPreset#variants()}: each run's epoch history and the
 * slot's masks of the first samples at its latest snapshot (null when it has none). Runs that failed have an empty
 * history.
 */
public record LessonResult(List<ExperimentConfig> configs, List<List<EpochMetrics>> histories,
                           List<MaskView> lastMasks) {

    /** Epochs over which a lesson's "at the end" quantities are averaged (see {@link Generalization#tailMean}). */
    public static final int TAIL_EPOCHS = 20;

    public LessonResult {
        configs = List.copyOf(configs);
        histories = histories.stream().map(List::copyOf).toList();
        lastMasks = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lastMasks)); // entries may be null
        if (histories.size() != configs.size() || lastMasks.size() != configs.size()) {
            throw new IllegalArgumentException("one history and one mask view (may be null) per config");
        }
    }

    public List<EpochMetrics> history(int run) {
        return histories.get(run);
    }

    /** Mean validation loss over the last {@link #TAIL_EPOCHS} epochs. */
    public double endValLoss(int run) {
        return Generalization.tailMean(histories.get(run), TAIL_EPOCHS, EpochMetrics::valLoss);
    }

    /** Mean epoch-end training loss over the last {@link #TAIL_EPOCHS} epochs. */
    public double endTrainLoss(int run) {
        return Generalization.tailMean(histories.get(run), TAIL_EPOCHS, EpochMetrics::trainLoss);
    }

    /** Mean loss gap (validation - training) over the last {@link #TAIL_EPOCHS} epochs. */
    public double endGap(int run) {
        return Generalization.tailMean(histories.get(run), TAIL_EPOCHS, Generalization::lossGap);
    }

    /** The lowest validation loss the run reached (what early stopping would keep). */
    public double minValLoss(int run) {
        EpochMetrics best = Generalization.best(histories.get(run));
        return best == null ? Double.NaN : best.valLoss();
    }

    /**
     * How many different masks the samples of the latest mask snapshot had (1: one mask shared by the batch; as many
     * as samples: each has its own). -1 when the run has no masks (none) or no snapshot arrived.
     */
    public int distinctSampleMasks(int run) {
        MaskView m = lastMasks.get(run);
        if (m == null || m.masks() == null || m.masks().length == 0) return -1;
        java.util.Set<java.util.List<Float>> distinct = new java.util.HashSet<>();
        for (float[] mask : m.masks()) {
            java.util.List<Float> boxed = new java.util.ArrayList<>(mask.length);
            for (float v : mask) boxed.add(v);
            distinct.add(boxed);
        }
        return distinct.size();
    }

    /** Samples in the latest mask snapshot of {@code run} (0 if none). */
    public int maskSamples(int run) {
        MaskView m = lastMasks.get(run);
        return m == null || m.masks() == null ? 0 : m.masks().length;
    }

    /** "preset p=0.5", as lessons and tables name a run. */
    public String label(int run) {
        return TeachingPreset.label(configs.get(run));
    }
}
