package org.pernodedrop.lab.engine.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of {@code runs.csv}: one epoch of one run. {@code trainLoss}/{@code trainAcc} are the epoch-end
 * training metrics (inference mode over the whole training set, paper Sec. V-B); {@code batchLoss} is the mean
 * mini-batch loss of the epoch.
 */
public record RunRecord(@JsonProperty("run_id") String runId, @JsonProperty("dataset") String dataset,
                        @JsonProperty("variant") String variant, @JsonProperty("rate") double rate,
                        @JsonProperty("units") int units, @JsonProperty("seed") long seed,
                        @JsonProperty("epoch") int epoch, @JsonProperty("batch_loss") double batchLoss,
                        @JsonProperty("train_loss") double trainLoss, @JsonProperty("train_acc") double trainAcc,
                        @JsonProperty("val_loss") double valLoss, @JsonProperty("val_acc") double valAcc,
                        @JsonProperty("epoch_seconds") double epochSeconds) {
}
