package org.pernodedrop.lab.engine.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of {@code runs.csv}: one epoch of one run. {@code trainLoss}/{@code trainAcc} are the epoch-end
 * training metrics (inference mode over the whole training set, paper Sec. V-B); {@code batchLoss} is the mean
 * mini-batch loss of the epoch. {@code rate} is the requested drop rate, {@code effectiveRate} the one the masks
 * really had (Bernoulli threshold rounding, Masksembles' realised dropped fraction); NaN when unknown (files written
 * before the column existed).
 */
public record RunRecord(@JsonProperty("run_id") String runId, @JsonProperty("dataset") String dataset,
                        @JsonProperty("variant") String variant, @JsonProperty("rate") double rate,
                        @JsonProperty("units") int units, @JsonProperty("seed") long seed,
                        @JsonProperty("epoch") int epoch, @JsonProperty("batch_loss") double batchLoss,
                        @JsonProperty("train_loss") double trainLoss, @JsonProperty("train_acc") double trainAcc,
                        @JsonProperty("val_loss") double valLoss, @JsonProperty("val_acc") double valAcc,
                        @JsonProperty("epoch_seconds") double epochSeconds,
                        @JsonProperty("effective_rate") double effectiveRate) {

    /** A record whose effective rate is unknown (NaN). */
    public RunRecord(String runId, String dataset, String variant, double rate, int units, long seed, int epoch,
                     double batchLoss, double trainLoss, double trainAcc, double valLoss, double valAcc,
                     double epochSeconds) {
        this(runId, dataset, variant, rate, units, seed, epoch, batchLoss, trainLoss, trainAcc, valLoss, valAcc,
                epochSeconds, Double.NaN);
    }

    /**
     * One finished epoch as a record: the one place where a trainer's {@link EpochMetrics} become a runs.csv row
     * (CLI train and sweep, the window's sweep and compare views). {@code variant}/{@code rate} are the labels the
     * run is filed under (a sweep cell's), {@code effectiveRate} what the masks really ran at (NaN if unknown).
     */
    public static RunRecord of(String runId, String dataset, String variant, double rate, int units, long seed,
                               EpochMetrics m, double effectiveRate) {
        return new RunRecord(runId, dataset, variant, rate, units, seed, m.epoch(), m.batchLoss(), m.trainLoss(),
                m.trainAcc(), m.valLoss(), m.valAcc(), m.epochSeconds(), effectiveRate);
    }

    /** From JSON (sessions): files written before {@code effective_rate} existed read it as NaN, not 0. */
    @JsonCreator
    static RunRecord fromJson(@JsonProperty("run_id") String runId, @JsonProperty("dataset") String dataset,
                              @JsonProperty("variant") String variant, @JsonProperty("rate") double rate,
                              @JsonProperty("units") int units, @JsonProperty("seed") long seed,
                              @JsonProperty("epoch") int epoch, @JsonProperty("batch_loss") double batchLoss,
                              @JsonProperty("train_loss") double trainLoss,
                              @JsonProperty("train_acc") double trainAcc, @JsonProperty("val_loss") double valLoss,
                              @JsonProperty("val_acc") double valAcc,
                              @JsonProperty("epoch_seconds") double epochSeconds,
                              @JsonProperty("effective_rate") Double effectiveRate) {
        return new RunRecord(runId, dataset, variant, rate, units, seed, epoch, batchLoss, trainLoss, trainAcc,
                valLoss, valAcc, epochSeconds, effectiveRate == null ? Double.NaN : effectiveRate);
    }
}
