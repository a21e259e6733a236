package org.pernodedrop.lab.engine.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Which data a run uses and how it is split. {@code name} is a source name ("spiral", "fashion-mnist",
 * "cifar10", "speech-commands", "rcv1", "svmlight", "csv", "image-folder", ...).
 *
 * <p>Zero or negative limits mean "no limit". {@code dataDir} null means "find it by yourself".
 */
@JsonPropertyOrder({"name", "data_dir", "samples", "noise", "train_ratio", "train_limit", "val_limit"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSpec(
        @JsonProperty("name") String name,
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("samples") int samples,
        @JsonProperty("noise") double noise,
        @JsonProperty("train_ratio") double trainRatio,
        @JsonProperty("train_limit") int trainLimit,
        @JsonProperty("val_limit") int valLimit) {

    public DataSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dataset name is missing");
        }
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, got " + samples);
        }
        if (!(noise >= 0.0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be >= 0, got " + noise);
        }
        if (!(trainRatio > 0.0 && trainRatio < 1.0)) {
            throw new IllegalArgumentException("train ratio must be in (0, 1), got " + trainRatio);
        }
    }

    /** The app's default: a 2-D spiral of 500 points, 70% for training. */
    public static DataSpec spiral() {
        return new DataSpec("spiral", null, 500, 0.1, 0.7, 0, 0);
    }

    public static DataSpec named(String name) {
        return new DataSpec(name, null, 500, 0.1, 0.7, 0, 0);
    }

    public DataSpec withDataDir(String dir) {
        return new DataSpec(name, dir, samples, noise, trainRatio, trainLimit, valLimit);
    }

    public DataSpec withLimits(int train, int val) {
        return new DataSpec(name, dataDir, samples, noise, trainRatio, train, val);
    }

    public DataSpec withSamples(int n, double newNoise) {
        return new DataSpec(name, dataDir, n, newNoise, trainRatio, trainLimit, valLimit);
    }
}
