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

    /** The lab's first screen: PerNodeDrop (Bernoulli, p = 0.5) on the 2-D spiral. */
    public static ExperimentConfig defaults() {
        return new ExperimentConfig(SCHEMA_VERSION, 42, DataSpec.spiral(), ModelSpec.small(),
                RegularizerSpec.of("pernode-bernoulli", 0.5), TrainingSpec.defaults());
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
