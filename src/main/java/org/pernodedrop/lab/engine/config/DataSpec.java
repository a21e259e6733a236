package org.pernodedrop.lab.engine.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Which data a run uses and how it is split. {@code name} is a source name ("spiral", "fashion-mnist",
 * "cifar10", "speech-commands", "rcv1", "svmlight", "csv", "image-folder", ...).
 *
 * <p>Zero or negative limits mean "no limit". {@code dataDir} null means "find it by yourself"; for the
 * single-file sources (svmlight, csv) it may name the file itself.
 *
 * <p>The optional settings are boxed so that an absent key means "the source's default" and older JSON
 * keeps loading: {@code mels}/{@code frames} size the speech log-mel features (default 128 x 128, the
 * paper's), {@code topics} is the K of RCV1's K most frequent topics (default 25), {@code labelColumn}
 * names the CSV label column by header name or 0-based index (default: the last column).
 * For TF-IDF text ({@code text-folder}, {@code spam-assassin}) {@code minDf} is the fewest training documents a
 * term must occur in to enter the vocabulary (default 2) and {@code maxTerms} caps the vocabulary, most frequent
 * terms first (default: the source's). {@code splitBy} chooses the train/validation split: {@code "random"}
 * (stratified by class) or {@code "speaker"} (speech: whole speakers, the file-name part before the first '_',
 * go to one side, so validation voices are never heard in training); default: the source's ({@code speech-synth}
 * splits by speaker, every other source at random).
 * The split seed is not here: it is the run's seed ({@code ExperimentConfig.seed}), passed to
 * {@code Datasets.load(spec, seed, progress)}.
 */
@JsonPropertyOrder({"name", "data_dir", "samples", "noise", "train_ratio", "train_limit", "val_limit",
        "mels", "frames", "topics", "label_column", "min_df", "max_terms", "split_by"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSpec(
        @JsonProperty("name") String name,
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("samples") int samples,
        @JsonProperty("noise") double noise,
        @JsonProperty("train_ratio") double trainRatio,
        @JsonProperty("train_limit") int trainLimit,
        @JsonProperty("val_limit") int valLimit,
        @JsonProperty("mels") Integer mels,
        @JsonProperty("frames") Integer frames,
        @JsonProperty("topics") Integer topics,
        @JsonProperty("label_column") String labelColumn,
        @JsonProperty("min_df") Integer minDf,
        @JsonProperty("max_terms") Integer maxTerms,
        @JsonProperty("split_by") String splitBy) {

    public static final int DEFAULT_MELS = 128;
    public static final int DEFAULT_FRAMES = 128;
    public static final int DEFAULT_TOPICS = 25;
    public static final int DEFAULT_MIN_DF = 2;
    public static final String SPLIT_RANDOM = "random";
    public static final String SPLIT_SPEAKER = "speaker";

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
        if (mels != null && (mels < 1 || mels > 1024)) {
            throw new IllegalArgumentException("mels must be in [1, 1024], got " + mels);
        }
        if (frames != null && (frames < 2 || frames > 4096)) {
            throw new IllegalArgumentException("frames must be in [2, 4096], got " + frames);
        }
        if (topics != null && topics < 1) {
            throw new IllegalArgumentException("topics must be >= 1, got " + topics);
        }
        if (minDf != null && minDf < 1) {
            throw new IllegalArgumentException("min df must be >= 1, got " + minDf);
        }
        if (maxTerms != null && maxTerms < 1) {
            throw new IllegalArgumentException("max terms must be >= 1, got " + maxTerms);
        }
        if (splitBy != null && !splitBy.equals(SPLIT_RANDOM) && !splitBy.equals(SPLIT_SPEAKER)) {
            throw new IllegalArgumentException("split by must be '" + SPLIT_RANDOM + "' or '" + SPLIT_SPEAKER
                    + "', got '" + splitBy + "'");
        }
    }

    /** The original seven-field form; the optional settings take their defaults. */
    public DataSpec(String name, String dataDir, int samples, double noise, double trainRatio,
                    int trainLimit, int valLimit) {
        this(name, dataDir, samples, noise, trainRatio, trainLimit, valLimit, null, null, null, null, null, null, null);
    }

    /** The app's default: a 2-D spiral of 500 points, 70% for training. */
    public static DataSpec spiral() {
        return new DataSpec("spiral", null, 500, 0.1, 0.7, 0, 0);
    }

    public static DataSpec named(String name) {
        return new DataSpec(name, null, 500, 0.1, 0.7, 0, 0);
    }

    public int melsOrDefault() {
        return mels == null ? DEFAULT_MELS : mels;
    }

    public int framesOrDefault() {
        return frames == null ? DEFAULT_FRAMES : frames;
    }

    public int topicsOrDefault() {
        return topics == null ? DEFAULT_TOPICS : topics;
    }

    public DataSpec withDataDir(String dir) {
        return new DataSpec(name, dir, samples, noise, trainRatio, trainLimit, valLimit, mels, frames, topics,
                labelColumn, minDf, maxTerms, splitBy);
    }

    public DataSpec withLimits(int train, int val) {
        return new DataSpec(name, dataDir, samples, noise, trainRatio, train, val, mels, frames, topics,
                labelColumn, minDf, maxTerms, splitBy);
    }

    public DataSpec withSamples(int n, double newNoise) {
        return new DataSpec(name, dataDir, n, newNoise, trainRatio, trainLimit, valLimit, mels, frames, topics,
                labelColumn, minDf, maxTerms, splitBy);
    }

    public DataSpec withTrainRatio(double ratio) {
        return new DataSpec(name, dataDir, samples, noise, ratio, trainLimit, valLimit, mels, frames, topics,
                labelColumn, minDf, maxTerms, splitBy);
    }

    public DataSpec withSpectrogram(int newMels, int newFrames) {
        return new DataSpec(name, dataDir, samples, noise, trainRatio, trainLimit, valLimit, newMels, newFrames,
                topics, labelColumn, minDf, maxTerms, splitBy);
    }

    public DataSpec withTopics(int k) {
        return new DataSpec(name, dataDir, samples, noise, trainRatio, trainLimit, valLimit, mels, frames, k,
                labelColumn, minDf, maxTerms, splitBy);
    }

    public DataSpec withLabelColumn(String column) {
        return new DataSpec(name, dataDir, samples, noise, trainRatio, trainLimit, valLimit, mels, frames, topics,
                column, minDf, maxTerms, splitBy);
    }

    /** TF-IDF vocabulary: terms in at least {@code newMinDf} training documents, at most {@code newMaxTerms}
     * (null: the source's default). */
    public DataSpec withVocabulary(Integer newMinDf, Integer newMaxTerms) {
        return new DataSpec(name, dataDir, samples, noise, trainRatio, trainLimit, valLimit, mels, frames, topics,
                labelColumn, newMinDf, newMaxTerms, splitBy);
    }

    public DataSpec withSplitBy(String how) {
        return new DataSpec(name, dataDir, samples, noise, trainRatio, trainLimit, valLimit, mels, frames, topics,
                labelColumn, minDf, maxTerms, how);
    }

    public int minDfOrDefault() {
        return minDf == null ? DEFAULT_MIN_DF : minDf;
    }

    public int maxTermsOr(int sourceDefault) {
        return maxTerms == null ? sourceDefault : maxTerms;
    }

    /** The split to use, the source's default ({@code fallback}) when none was chosen. */
    public String splitByOr(String fallback) {
        return splitBy == null ? fallback : splitBy;
    }
}
