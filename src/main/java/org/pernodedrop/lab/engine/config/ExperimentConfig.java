package org.pernodedrop.lab.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * Everything that describes one run. A saved session, a CLI run and a sweep cell are all this record;
 * it round-trips to JSON through {@link ConfigJson}. The seed drives data shuffling, weight init and masks.
 */
@JsonPropertyOrder({"schema_version", "seed", "data", "model", "regularizer", "training"})
public record ExperimentConfig(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("seed") long seed,
        @JsonProperty("data") DataSpec data,
        @JsonProperty("model") ModelSpec model,
        @JsonProperty("regularizer") RegularizerSpec regularizer,
        @JsonProperty("training") TrainingSpec training) {

    public static final int SCHEMA_VERSION = 1;

    public ExperimentConfig {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schema_version " + schemaVersion
                    + " (this version reads " + SCHEMA_VERSION + ")");
        }
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(regularizer, "regularizer");
        Objects.requireNonNull(training, "training");
    }

    /** The CLI's base config (its options replace the parts they name): PerNodeDrop (Bernoulli, p = 0.5) on the spiral. */
    public static ExperimentConfig defaults() {
        return new ExperimentConfig(SCHEMA_VERSION, 42, DataSpec.spiral(), ModelSpec.small(),
                RegularizerSpec.of("pernode-bernoulli", 0.5), TrainingSpec.defaults());
    }

    /**
     * The overfitting scenario, the window's first screen and the lessons' ground: two moons (400 points, noise 0.3),
     * only 25 % of them (100 points) for training, and a network far wider than the data needs (2 -> 32 -> slot 256
     * -> 2). Measured on a 2-core machine (3 seeds, see docs/teaching.md): without a regularizer the validation loss
     * reaches its minimum within 10-20 epochs (about a second) and then climbs to 2-5 times that minimum while the
     * training loss falls towards 0, and the decision boundary bends around single noisy points.
     */
    public static ExperimentConfig overfitting() {
        return new ExperimentConfig(SCHEMA_VERSION, 1, new DataSpec("moons", null, 400, 0.3, 0.25, 0, 0),
                new ModelSpec("mlp", 256, java.util.List.of(32), java.util.List.of()),
                RegularizerSpec.of("pernode-bernoulli", 0.5), new TrainingSpec(150, 10, 0.01));
    }

    public ExperimentConfig withSeed(long s) {
        return new ExperimentConfig(schemaVersion, s, data, model, regularizer, training);
    }

    public ExperimentConfig withData(DataSpec d) {
        return new ExperimentConfig(schemaVersion, seed, d, model, regularizer, training);
    }

    public ExperimentConfig withModel(ModelSpec m) {
        return new ExperimentConfig(schemaVersion, seed, data, m, regularizer, training);
    }

    public ExperimentConfig withRegularizer(RegularizerSpec r) {
        return new ExperimentConfig(schemaVersion, seed, data, model, r, training);
    }

    public ExperimentConfig withTraining(TrainingSpec t) {
        return new ExperimentConfig(schemaVersion, seed, data, model, regularizer, t);
    }
}
