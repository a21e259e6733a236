package org.pernodedrop.lab.engine.train;

/**
 * One epoch's numbers. {@code batchLoss}: mean of the epoch's mini-batch losses (noise on);
 * {@code trainLoss}/{@code trainAcc}: the epoch-end training loss, inference mode over the whole training set
 * after the last update (paper Sec. V-B); {@code valLoss}/{@code valAcc}: the same on the validation set.
 * {@code epochSeconds}: wall time of this run's own mini-batch updates plus its validation pass, without pauses,
 * snapshots or the epoch-end pass over the training set (so runs trained in lock-step are timed separately).
 * Multi-label accuracies are per-label accuracies (see {@link TrainingRun#evaluate}).
 */
public record EpochMetrics(int epoch, double batchLoss, double trainLoss, double trainAcc, double valLoss,
                           double valAcc, double epochSeconds) {
}
