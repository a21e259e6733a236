package org.pernodedrop.lab.app.config;

import org.pernodedrop.lab.app.DatasetCatalog;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.data.Datasets;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.pernodedrop.lab.app.config.ConfigField.*;

/**
 * The places of the window that edit a config, each with exactly the fields it shows, the config its controls
 * start from ({@link #defaults()}: the scenario where the place teaches with it, else {@link ExperimentConfig#defaults()}),
 * the datasets it offers and, where it runs several regularizers, which ones it offers and ticks at first.
 */
public enum FieldSet {

    /** The single run: every setting of one run; the regularizer's preset and axes sit beside it. */
    SINGLE_RUN("", "Settings", 1, EnumSet.of(DATASET, SAMPLES, NOISE, TRAIN_PERCENT, MELS, FRAMES, TOPICS, RATE, SIGMA,
            MASKS, SCALE, HIDDEN, UNITS, BATCH, LEARNING_RATE, EPOCHS, UNTIL_STOPPED, SEED, TRAIN_LIMIT),
            Datasets.NAMES, p -> true, List.of()),
    /** Compare live: 2-6 regularizers on one generated 2-D set, trained in lock step. */
    COMPARE("compare-", "Training", 1, EnumSet.of(DATASET, VARIANTS, RATE, LEARNING_RATE, EPOCHS, TRAIN_LIMIT),
            twoD(), p -> true, List.of("dropout", "pernode-bernoulli")),
    /** A sweep: variants x rates x widths x seeds, written in the CLI's folder layout. */
    SWEEP("sweep-", "Sweep", 2, EnumSet.of(DATASET, VARIANTS, BATCH, LEARNING_RATE, EPOCHS, TRAIN_LIMIT, RATES,
            WIDTHS, SEEDS, FOLDER),
            Datasets.NAMES, p -> true, List.of("none", "dropout", "dropconnect", "pernode-bernoulli")),
    /** Monte Carlo inference: only the variants whose noise can stay on at inference. */
    UNCERTAINTY("mc-", "Monte Carlo", 3, EnumSet.of(DATASET, VARIANTS, RATE, EPOCHS, PASSES),
            twoD(), p -> RegularizerSpec.of(p, 0.5).dynamicMask(), List.of("dropout", "pernode-bernoulli")),
    /** A hyperparameter search: the space (variants and ranges), the strategy and its budget. */
    SEARCH("search-", "Search space", 3, EnumSet.of(DATASET, VARIANTS, EPOCHS, RATE_RANGE, UNITS_RANGE, LR_RANGE,
            STRATEGY, TRIALS, ASHA, FOLDER),
            Datasets.NAMES, p -> true, List.of("none", "dropout", "pernode-bernoulli", "pernode-gaussian"));

    /** Prefix of the controls' node ids ("compare-epochs"), so a window holding several editors keeps ids unique. */
    public final String idPrefix;
    /** The title of the place's own settings ({@link ConfigField.Group#PLACE}). */
    public final String placeTitle;
    /** Label-and-control pairs per grid row. */
    public final int columns;
    private final Set<ConfigField> fields;
    private final List<String> datasets;
    private final Predicate<String> offers;
    private final List<String> ticked;

    FieldSet(String idPrefix, String placeTitle, int columns, EnumSet<ConfigField> fields, List<String> datasets,
             Predicate<String> offers, List<String> ticked) {
        this.idPrefix = idPrefix;
        this.placeTitle = placeTitle;
        this.columns = columns;
        this.fields = java.util.Collections.unmodifiableSet(fields);
        this.datasets = datasets;
        this.offers = offers;
        this.ticked = ticked;
    }

    /** The fields this place shows, in {@link ConfigField} order. */
    public Set<ConfigField> fields() {
        return fields;
    }

    public boolean has(ConfigField f) {
        return fields.contains(f);
    }

    /** The dataset names offered, in the engine's order. */
    public List<String> datasets() {
        return datasets;
    }

    /** The presets offered as variants, in {@link RegularizerSpec#PRESETS} order (empty without variants). */
    public List<String> variants() {
        if (!has(VARIANTS)) return List.of();
        return RegularizerSpec.PRESETS.stream().filter(offers).toList();
    }

    /** A group's title in this place's editor. */
    public String title(ConfigField.Group g) {
        if (g == ConfigField.Group.PLACE) return placeTitle;
        if (g == ConfigField.Group.VARIANTS && this == COMPARE) return "Variants (2 to 6)";
        return g.title;
    }

    /** The variants ticked when the place opens. */
    public List<String> initiallyTicked() {
        return ticked;
    }

    /**
     * The config the place's controls show first. The compare view teaches with the overfitting scenario (a wide
     * network on 100 noisy moons) and the single run opens on it; the sweep and Monte Carlo start from the CLI's
     * defaults, the search from them on the moons with an epoch budget that fits ASHA's rungs.
     */
    public ExperimentConfig defaults() {
        return switch (this) {
            case COMPARE, SINGLE_RUN -> ExperimentConfig.overfitting();
            // the search's budget: ASHA's rungs start at 1 epoch and grow by eta = 3 (1, 3, 9, 27), so 27 epochs
            // let a trial climb every rung; on the moons, which the search view's charts were made with
            case SEARCH -> ExperimentConfig.defaults().withData(Datasets.defaultSpec("moons"))
                    .withTraining(ExperimentConfig.defaults().training().withEpochs(27));
            default -> ExperimentConfig.defaults();
        };
    }

    private static List<String> twoD() {
        return Datasets.NAMES.stream().filter(DatasetCatalog::isTwoD).toList();
    }
}
