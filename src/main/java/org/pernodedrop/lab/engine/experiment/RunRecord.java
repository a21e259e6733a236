package org.pernodedrop.lab.engine.experiment;

/**
 * One line of {@code runs.csv}: one epoch of one run. {@code trainLoss}/{@code trainAcc} are the epoch-end
 * training metrics (inference mode over the whole training set, paper Sec. V-B); {@code batchLoss} is the mean
 * mini-batch loss of the epoch.
 */
public record RunRecord(String runId, String dataset, String variant, double rate, int units, long seed, int epoch,
                        double batchLoss, double trainLoss, double trainAcc, double valLoss, double valAcc,
                        double epochSeconds) {
}
