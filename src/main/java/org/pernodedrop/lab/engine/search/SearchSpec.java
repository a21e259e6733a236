package org.pernodedrop.lab.engine.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.util.List;
import java.util.Objects;

/**
 * A search, as {@code search.json} holds it: the base config (data, backbone, training; its epochs are the full
 * budget of one trial), the space, the strategy, the budget in trials, the seed, and ASHA's first rung
 * ({@code ashaMinEpochs}, 0 for no early stopping) and reduction factor.
 */
@JsonPropertyOrder({"base", "space", "strategy", "trials", "seed", "asha_min_epochs", "eta", "grid_levels"})
public record SearchSpec(@JsonProperty("base") ExperimentConfig base, @JsonProperty("space") SearchSpace space,
                         @JsonProperty("strategy") String strategy, @JsonProperty("trials") int trials,
                         @JsonProperty("seed") long seed, @JsonProperty("asha_min_epochs") int ashaMinEpochs,
                         @JsonProperty("eta") int eta, @JsonProperty("grid_levels") int gridLevels) {

    public static final List<String> STRATEGIES = List.of("grid", "random", "tpe");

    public SearchSpec {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(space, "space");
        base.training().requireFinite("a search");
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("strategy '" + strategy + "': use one of " + STRATEGIES);
        }
        if (trials < 1) throw new IllegalArgumentException("the budget must be at least one trial, got " + trials);
        if (ashaMinEpochs < 0) throw new IllegalArgumentException("ASHA minimum epochs must be >= 0, got " + ashaMinEpochs);
        if (ashaMinEpochs > 0) new Asha(ashaMinEpochs, eta, base.training().epochs()); // checks eta and the rungs
        if (gridLevels < 1) throw new IllegalArgumentException("grid levels must be >= 1, got " + gridLevels);
    }

    public Sampler sampler() {
        return switch (strategy) {
            case "grid" -> new GridSampler(seed, gridLevels);
            case "random" -> new RandomSampler(seed);
            default -> TpeSampler.optunaDefaults(seed);
        };
    }

    /** A fresh ASHA for the search, or null without early stopping. */
    public Asha asha() {
        return ashaMinEpochs > 0 ? new Asha(ashaMinEpochs, eta, base.training().epochs()) : null;
    }
}
