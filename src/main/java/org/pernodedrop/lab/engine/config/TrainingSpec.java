package org.pernodedrop.lab.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Optimisation settings: Adam with {@code learningRate}, mini-batches of {@code batchSize}, {@code epochs} passes
 * over the training set. {@code epochs = 0} ({@link #UNTIL_STOPPED}) trains until the user stops the run: the
 * window offers it, while a sweep or a CLI run needs a finite number and says so.
 */
@JsonPropertyOrder({"epochs", "batch_size", "learning_rate"})
public record TrainingSpec(
        @JsonProperty("epochs") int epochs,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("learning_rate") double learningRate) {

    /** The {@code epochs} value that means "until stopped". */
    public static final int UNTIL_STOPPED = 0;

    public TrainingSpec {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 1 (or 0 for 'until stopped'), got " + epochs);
        }
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(learningRate > 0.0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
    }

    public boolean untilStopped() {
        return epochs == UNTIL_STOPPED;
    }

    /** Refuses "until stopped" where a run must end by itself (sweeps, the CLI). */
    public TrainingSpec requireFinite(String where) {
        if (untilStopped()) {
            throw new IllegalArgumentException(where + " needs a finite number of epochs (epochs = 0 means "
                    + "'until stopped', which only the window offers)");
        }
        return this;
    }

    public static TrainingSpec defaults() {
        return new TrainingSpec(20, 10, 0.01);
    }

    public TrainingSpec withEpochs(int n) {
        return new TrainingSpec(n, batchSize, learningRate);
    }

    public TrainingSpec withBatchSize(int b) {
        return new TrainingSpec(epochs, b, learningRate);
    }

    public TrainingSpec withLearningRate(double lr) {
        return new TrainingSpec(epochs, batchSize, lr);
    }
}
