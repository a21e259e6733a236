package org.pernodedrop.lab.app.config;

import org.pernodedrop.lab.app.ConfigFields;
import org.pernodedrop.lab.app.DatasetCatalog;
import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.TrainingSpec;
import org.pernodedrop.lab.engine.data.Datasets;

import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Every setting a config editor of the window can show, each with its one label (also the name its error messages
 * use), its one tooltip, and - for the settings that are part of an {@link ExperimentConfig} - how its text is
 * written into a config ({@link #apply}) and read out of one ({@link #show}). The order of the constants is the
 * order in which a config is built from the controls: the dataset first, because choosing a dataset resets the
 * data settings that follow it.
 *
 * <p>The place-specific settings ({@link Kind#EXTRA}: a sweep's rate list, seeds and folder, Monte Carlo's passes,
 * a search's ranges) are not part of one run's config; their starting text is {@link #initial}, defined here so
 * that no view keeps its own default.
 */
public enum ConfigField {

    DATASET("dataset", "dataset", Group.DATA, Kind.CHOICE,
            "Where each dataset can come from now: built in, found on this machine, to download, or a local copy to open"),
    SAMPLES("samples", "samples", Group.DATA, Kind.TEXT, "Number of generated 2-D points"),
    NOISE("noise", "noise", Group.DATA, Kind.TEXT, "Standard deviation of the Gaussian noise added to each point"),
    TRAIN_PERCENT("train %", "train-percent", Group.DATA, Kind.TEXT, "Share of the examples used for training, "
            + "10-90 %; the rest is the validation set. Few training points and a wide network overfit"),
    MELS("mels", "mels", Group.DATA, Kind.TEXT, "Speech: mel bands of the log-mel features (1-1024; default "
            + DataSpec.DEFAULT_MELS + ", the paper's)"),
    FRAMES("frames", "frames", Group.DATA, Kind.TEXT, "Speech: time frames of the log-mel features (2-4096; default "
            + DataSpec.DEFAULT_FRAMES + ")"),
    TOPICS("topics", "topics", Group.DATA, Kind.TEXT, "RCV1: keep the K most frequent topics as labels (default "
            + DataSpec.DEFAULT_TOPICS + ")"),
    VARIANTS("variants", "variants", Group.VARIANTS, Kind.VARIANTS,
            "The regularizers to run, each on the same data, network and seed"),
    RATE("drop rate p", "rate", Group.REGULARIZER, Kind.RATE, "drop rate p in [0, 0.9]; keep rate q = 1 - p. "
            + "Bernoulli masks are scaled by 1/q so E[M] = 1 and inference uses the plain weights"),
    SIGMA("sigma", "sigma", Group.REGULARIZER, Kind.TEXT,
            "Partial Gaussian: with probability p, M ~ N(1, sigma^2), else M = 1"),
    MASKS("masks n", "masks", Group.REGULARIZER, Kind.TEXT,
            "Masksembles: number n of fixed masks; the batch is split in n groups"),
    SCALE("scale s", "scale", Group.REGULARIZER, Kind.TEXT, "Masksembles scale s in (1, 6]: each mask puts m ones "
            + "among int(m s) positions, m = int(Din / (s (1 - (1 - 1/s)^n))); larger s, less overlap"),
    HIDDEN("hidden", "hidden", Group.TRAINING, Kind.TEXT, "Widths of the plain hidden layers before the regularized "
            + "one, e.g. '32' or '64, 64'; empty for none (2-D sets and the dense text backbone)"),
    UNITS("units", "units", Group.TRAINING, Kind.TEXT, "Width of the regularized layer (its Dout)"),
    BATCH("batch", "batch", Group.TRAINING, Kind.TEXT, "Mini-batch size B"),
    LEARNING_RATE("learning rate", "learning-rate", Group.TRAINING, Kind.TEXT, "Adam learning rate"),
    EPOCHS("epochs", "epochs", Group.TRAINING, Kind.TEXT, "Number of passes over the training set"),
    UNTIL_STOPPED("until stopped", "until-stopped", Group.TRAINING, Kind.CHECK,
            "Train until you press Stop (or Space to pause); the epochs field is ignored"),
    SEED("seed", "seed", Group.TRAINING, Kind.TEXT, "Drives data shuffling, weight init and every mask"),
    TRAIN_LIMIT("train limit", "train-limit", Group.TRAINING, Kind.TEXT,
            "Use at most this many training examples (0: all)"),

    // the settings of one place, not of one run
    RATES("drop rates", "rates", Group.PLACE, Kind.EXTRA, "Sweep: start:end:step (inclusive), or a list 0.2,0.5",
            "0.1:0.7:0.2"),
    WIDTHS("widths (units)", "widths", Group.PLACE, Kind.EXTRA,
            "Sweep: widths of the regularized layer, one run each, e.g. '16' or '8, 16, 32'", "16"),
    SEEDS("seeds (1..N)", "seeds", Group.PLACE, Kind.EXTRA, "Sweep: every cell runs with seeds 1 to N", "1"),
    PASSES("T passes", "passes", Group.PLACE, Kind.EXTRA,
            "Monte Carlo: T stochastic forward passes per validation example (1-500)", "30"),
    RATE_RANGE("drop rate range", "rate-range", Group.PLACE, Kind.EXTRA,
            "Search: the drop rates tried, low:high (or one value)", "0.0:0.8"),
    UNITS_RANGE("units range", "units-range", Group.PLACE, Kind.EXTRA,
            "Search: widths of the regularized layer tried, low:high (or one value)", "8:64"),
    LR_RANGE("learning rate range", "lr-range", Group.PLACE, Kind.EXTRA,
            "Search: learning rates tried, low:high (log scale; or one value)", "0.001:0.03"),
    STRATEGY("strategy", "strategy", Group.PLACE, Kind.EXTRA,
            "Search: grid, random, or TPE (a model of good and bad trials proposes the next)", "tpe"),
    TRIALS("trials", "trials", Group.PLACE, Kind.EXTRA, "Search: how many trials to run", "30"),
    ASHA("ASHA first rung", "asha", Group.PLACE, Kind.EXTRA,
            "Search: epochs of ASHA's first rung (0: no early stopping); the top 1/3 go on", "1"),
    FOLDER("folder", "folder", Group.PLACE, Kind.EXTRA, "The output folder, in the CLI's layout (either tool can "
            + "continue what the other began)", "");

    /** Where a field stands in an editor: the editor shows the groups in this order, each with its title. */
    public enum Group {
        DATA("Data"), VARIANTS("Variants"), REGULARIZER("Regularizer"), TRAINING("Model and training"),
        PLACE("Settings");

        public final String title;

        Group(String title) {
            this.title = title;
        }
    }

    /** The control a field gets: a text field, the dataset picker, the rate slider, a tick box, the variant grid. */
    public enum Kind { TEXT, CHOICE, RATE, CHECK, VARIANTS, EXTRA }

    public final String label;
    public final String id;
    public final Group group;
    public final Kind kind;
    public final String tip;
    private final String initial;

    ConfigField(String label, String id, Group group, Kind kind, String tip) {
        this(label, id, group, kind, tip, null);
    }

    ConfigField(String label, String id, Group group, Kind kind, String tip, String initial) {
        this.label = label;
        this.id = id;
        this.group = group;
        this.kind = kind;
        this.tip = tip;
        this.initial = initial;
    }

    /** Whether the field is part of one run's config ({@link #apply} and {@link #show} work on it). */
    public boolean inConfig() {
        return kind != Kind.EXTRA && kind != Kind.VARIANTS;
    }

    /** The starting text of a place-specific field; the folder defaults to one under the user's home. */
    public String initial() {
        if (this == FOLDER) return Path.of(System.getProperty("user.home"), "pernodedrop-sweeps").toString();
        if (initial == null) throw new IllegalStateException(this + " takes its value from the config");
        return initial;
    }

    /**
     * The config with this field set to {@code text} (the dataset's name, the rate, "true"/"false" for a tick box).
     * A bad value throws an {@link IllegalArgumentException}; the editor names the field in its message.
     */
    public ExperimentConfig apply(ExperimentConfig c, String text) {
        String t = text == null ? "" : text.trim();
        DataSpec d = c.data();
        return switch (this) {
            case DATASET -> c.withData(dataFor(d, t));
            case SAMPLES -> c.withData(d.withSamples(ConfigFields.parseInt(t, label), d.noise()));
            case NOISE -> c.withData(d.withSamples(d.samples(), ConfigFields.parseDouble(t, label)));
            case TRAIN_PERCENT -> c.withData(d.withTrainRatio(ConfigFields.parsePercent(t, label)));
            case MELS -> c.withData(d.withSpectrogram(ConfigFields.parseInt(t, label), d.framesOrDefault()));
            case FRAMES -> c.withData(d.withSpectrogram(d.melsOrDefault(), ConfigFields.parseInt(t, label)));
            case TOPICS -> c.withData(d.withTopics(ConfigFields.parseInt(t, label)));
            // the slider's value rounded to 0.01: the rate the label beside it shows
            case RATE -> c.withRegularizer(c.regularizer().withRate(
                    Math.round(ConfigFields.parseDouble(t, label, 0, 0.9) * 100) / 100.0));
            case SIGMA -> c.withRegularizer(c.regularizer().withSigma(ConfigFields.parseDouble(t, label)));
            case MASKS -> c.withRegularizer(c.regularizer().withMasksembles(ConfigFields.parseInt(t, label),
                    c.regularizer().scale()));
            case SCALE -> c.withRegularizer(c.regularizer().withMasksembles(c.regularizer().masks(),
                    ConfigFields.parseDouble(t, label)));
            case HIDDEN -> c.withModel(c.model().withHidden(ConfigFields.parseWidths(t, label, 4096, 4)));
            case UNITS -> c.withModel(c.model().withUnits(ConfigFields.parseInt(t, label)));
            case BATCH -> c.withTraining(c.training().withBatchSize(ConfigFields.parseInt(t, label)));
            case LEARNING_RATE -> c.withTraining(c.training().withLearningRate(ConfigFields.parseDouble(t, label)));
            case EPOCHS -> c.withTraining(c.training().withEpochs(ConfigFields.parseInt(t, label, 1)));
            // unticking needs the epochs field's number: the editor applies EPOCHS for it
            case UNTIL_STOPPED -> Boolean.parseBoolean(t)
                    ? c.withTraining(c.training().withEpochs(TrainingSpec.UNTIL_STOPPED)) : c;
            case SEED -> c.withSeed(ConfigFields.parseLong(t, label));
            case TRAIN_LIMIT -> c.withData(d.withLimits(ConfigFields.parseInt(t, label, 0), d.valLimit()));
            default -> throw new IllegalStateException(this + " is not part of a run's config");
        };
    }

    /** The text this field shows for {@code c}. */
    public String show(ExperimentConfig c) {
        DataSpec d = c.data();
        return switch (this) {
            case DATASET -> d.name();
            case SAMPLES -> String.valueOf(d.samples());
            case NOISE -> String.valueOf(d.noise());
            case TRAIN_PERCENT -> Long.toString(Math.round(100 * d.trainRatio()));
            case MELS -> String.valueOf(d.melsOrDefault());
            case FRAMES -> String.valueOf(d.framesOrDefault());
            case TOPICS -> String.valueOf(d.topicsOrDefault());
            case RATE -> String.valueOf(c.regularizer().rate());
            case SIGMA -> String.valueOf(c.regularizer().sigma());
            case MASKS -> String.valueOf(c.regularizer().masks());
            case SCALE -> String.valueOf(c.regularizer().scale());
            case HIDDEN -> c.model().hidden().stream().map(String::valueOf).collect(Collectors.joining(", "));
            case UNITS -> String.valueOf(c.model().units());
            case BATCH -> String.valueOf(c.training().batchSize());
            case LEARNING_RATE -> String.valueOf(c.training().learningRate());
            case EPOCHS -> String.valueOf(c.training().epochs());
            case UNTIL_STOPPED -> String.valueOf(c.training().untilStopped());
            case SEED -> String.valueOf(c.seed());
            case TRAIN_LIMIT -> String.valueOf(d.trainLimit());
            default -> throw new IllegalStateException(this + " is not part of a run's config");
        };
    }

    /**
     * The data of a newly chosen dataset: the source's defaults ({@link Datasets#defaultSpec}), keeping the train
     * and validation limits, and - between two generated 2-D sets - the user's points, noise and split. The same
     * dataset keeps everything (also its local copy).
     */
    static DataSpec dataFor(DataSpec current, String name) {
        if (name.isEmpty()) throw new IllegalArgumentException("no dataset chosen");
        if (name.equals(current.name())) return current;
        if (!Datasets.NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'");
        }
        DataSpec next = Datasets.defaultSpec(name).withLimits(current.trainLimit(), current.valLimit());
        if (DatasetCatalog.isTwoD(name) && DatasetCatalog.isTwoD(current.name())) {
            next = next.withSamples(current.samples(), current.noise()).withTrainRatio(current.trainRatio());
        }
        return next;
    }
}
