package org.pernodedrop.lab.engine.train;

import org.pernodedrop.lab.engine.nn.MaskView;

/**
 * Everything a view may draw, copied into plain arrays on the trainer thread at the consumer's cadence.
 *
 * @param masks      the slot's masks of the latest step for the chosen samples (null if the preset has none)
 * @param batchStrip {@code [batch * din]}: per sample and input, the fraction of kept connections (row-major)
 * @param slotWeights the slot's weights {@code [din * dout]} row-major, for the subnetwork diagram
 * @param surface    for 2-D data: class-1 probability (or argmax class / classes) on a grid; null otherwise
 * @param confusion  the latest epoch's confusion matrix on the validation set (the training set when there is no
 *                   validation set); null before the first epoch and for multi-label data
 */
public record ViewSnapshot(String runId, int epoch, long step, MaskView masks, float[] batchStrip,
                           float[] slotWeights, int slotIn, int slotOut, float[] perClassAccuracy,
                           DecisionSurface surface, ConfusionMatrix confusion) {

    /** Without a confusion matrix. */
    public ViewSnapshot(String runId, int epoch, long step, MaskView masks, float[] batchStrip, float[] slotWeights,
                        int slotIn, int slotOut, float[] perClassAccuracy, DecisionSurface surface) {
        this(runId, epoch, step, masks, batchStrip, slotWeights, slotIn, slotOut, perClassAccuracy, surface, null);
    }

    /** A {@code width x height} grid over [xMin, xMax] x [yMin, yMax]; {@code values[y * width + x]} in [0, 1]. */
    public record DecisionSurface(int width, int height, double xMin, double xMax, double yMin, double yMax,
                                  float[] values) {
    }
}
