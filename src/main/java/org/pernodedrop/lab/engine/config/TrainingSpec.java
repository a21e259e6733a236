package org.pernodedrop.lab.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Optimisation settings: Adam with {@code learningRate}, mini-batches of {@code batchSize}. */
@JsonPropertyOrder({"epochs", "batch_size", "learning_rate"})
public record TrainingSpec(
        @JsonProperty("epochs") int epochs,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("learning_rate") double learningRate) {

    public TrainingSpec {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(learningRate > 0.0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
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
