package org.pernodedrop.lab.engine.data;

import java.util.Objects;

/**
 * Features plus targets of one part of a dataset. {@code targets} is {@code [size * classes]}:
 * one-hot for single-label data, multi-hot for multi-label data.
 */
public record Split(Examples features, float[] targets, int classes) {

    public Split {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        if (classes < 1 || targets.length != (long) features.size() * classes) {
            throw new IllegalArgumentException("targets length " + targets.length + " != size "
                    + features.size() + " x classes " + classes);
        }
    }

    public int size() {
        return features.size();
    }

    /** The class of a single-label example (the index of its largest target). */
    public int label(int row) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (targets[row * classes + c] > targets[row * classes + best]) best = c;
        }
        return best;
    }
}
