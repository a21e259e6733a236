package org.pernodedrop.lab.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Locale;

/**
 * One point in the regularizer space of REGULARIZERS.md: a preset name plus the four axes
 * (target, sharing, mode, stir) and the parameters that apply.
 *
 * <p>Named presets fix the axes; {@code custom} takes the axes as given. {@code rate} is the drop
 * probability p in [0, 1); the keep rate is q = 1 - p.
 */
@JsonPropertyOrder({"preset", "target", "sharing", "mode", "stir", "rate", "sigma", "masks", "scale",
        "explicit_mask"})
public record RegularizerSpec(
        @JsonProperty("preset") String preset,
        @JsonProperty("target") Target target,
        @JsonProperty("sharing") Sharing sharing,
        @JsonProperty("mode") Mode mode,
        @JsonProperty("stir") String stir,
        @JsonProperty("rate") double rate,
        @JsonProperty("sigma") double sigma,
        @JsonProperty("masks") int masks,
        @JsonProperty("scale") double scale,
        @JsonProperty("explicit_mask") boolean explicitMask) {

    public static final String CUSTOM = "custom";
    public static final double DEFAULT_SIGMA = 1.0;
    public static final int DEFAULT_MASKS = 4;
    public static final double DEFAULT_SCALE = 2.0;

    /** Every named preset, in the order the UI and the reports list them. */
    public static final List<String> PRESETS = List.of(
            "none", "dropout", "gaussian-dropout", "dropconnect",
            "pernode-bernoulli", "pernode-gaussian", "pernode-bernoulli-fixed", "pernode-gaussian-fixed",
            "pernode-partial-gaussian", "masksembles");

    public enum Target {
        @JsonProperty("none") NONE, @JsonProperty("unit") UNIT, @JsonProperty("connection") CONNECTION
    }

    public enum Sharing {
        @JsonProperty("none") NONE, @JsonProperty("per-sample") PER_SAMPLE,
        @JsonProperty("per-batch") PER_BATCH, @JsonProperty("group") GROUP
    }

    public enum Mode {
        @JsonProperty("none") NONE, @JsonProperty("dynamic") DYNAMIC,
        @JsonProperty("fixed") FIXED_PER_MODEL, @JsonProperty("fixed-per-sample") FIXED_PER_SAMPLE
    }

    public RegularizerSpec {
        if (preset == null || preset.isBlank()) {
            throw new IllegalArgumentException("regularizer preset is missing");
        }
        preset = preset.toLowerCase(Locale.ROOT);
        if (!preset.equals(CUSTOM) && !PRESETS.contains(preset)) {
            throw new IllegalArgumentException("unknown regularizer preset '" + preset + "' (known: "
                    + String.join(", ", PRESETS) + ", custom)");
        }
        if (!(rate >= 0.0 && rate < 1.0)) {
            throw new IllegalArgumentException("drop rate must be in [0, 1), got " + rate);
        }
        if (!(sigma > 0.0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a positive number, got " + sigma);
        }
        if (masks < 1) {
            throw new IllegalArgumentException("Masksembles needs at least 1 mask, got " + masks);
        }
        if (!(scale > 1.0 && scale <= 6.0)) {
            throw new IllegalArgumentException("Masksembles scale must be in (1, 6], got " + scale);
        }
        if (target == null || sharing == null || mode == null || stir == null) {
            throw new IllegalArgumentException("regularizer '" + preset + "' is missing one of its axes");
        }
    }

    /** Reads a spec from JSON: a named preset fills any axis that is left out. */
    @JsonCreator
    static RegularizerSpec fromJson(
            @JsonProperty(value = "preset", required = true) String preset,
            @JsonProperty("target") Target target,
            @JsonProperty("sharing") Sharing sharing,
            @JsonProperty("mode") Mode mode,
            @JsonProperty("stir") String stir,
            @JsonProperty("rate") Double rate,
            @JsonProperty("sigma") Double sigma,
            @JsonProperty("masks") Integer masks,
            @JsonProperty("scale") Double scale,
            @JsonProperty("explicit_mask") Boolean explicitMask) {
        RegularizerSpec base = of(preset == null ? "" : preset, rate == null ? 0.0 : rate);
        return new RegularizerSpec(base.preset,
                target != null ? target : base.target,
                sharing != null ? sharing : base.sharing,
                mode != null ? mode : base.mode,
                stir != null ? stir : base.stir,
                base.rate,
                sigma != null ? sigma : DEFAULT_SIGMA,
                masks != null ? masks : DEFAULT_MASKS,
                scale != null ? scale : DEFAULT_SCALE,
                explicitMask != null && explicitMask);
    }

    /** A named preset at drop rate {@code rate}, with default parameters. */
    public static RegularizerSpec of(String preset, double rate) {
        String name = preset == null ? "" : preset.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "none" -> axes(name, Target.NONE, Sharing.NONE, Mode.NONE, "none", rate);
            case "dropout" -> axes(name, Target.UNIT, Sharing.PER_SAMPLE, Mode.DYNAMIC, "bernoulli", rate);
            case "gaussian-dropout" -> axes(name, Target.UNIT, Sharing.PER_SAMPLE, Mode.DYNAMIC, "gaussian", rate);
            case "dropconnect" -> axes(name, Target.CONNECTION, Sharing.PER_BATCH, Mode.DYNAMIC, "bernoulli", rate);
            case "pernode-bernoulli" -> axes(name, Target.CONNECTION, Sharing.PER_SAMPLE, Mode.DYNAMIC, "bernoulli", rate);
            case "pernode-gaussian" -> axes(name, Target.CONNECTION, Sharing.PER_SAMPLE, Mode.DYNAMIC, "gaussian", rate);
            case "pernode-bernoulli-fixed" ->
                    axes(name, Target.CONNECTION, Sharing.PER_SAMPLE, Mode.FIXED_PER_MODEL, "bernoulli", rate);
            case "pernode-gaussian-fixed" ->
                    axes(name, Target.CONNECTION, Sharing.PER_SAMPLE, Mode.FIXED_PER_MODEL, "gaussian", rate);
            case "pernode-partial-gaussian" ->
                    axes(name, Target.CONNECTION, Sharing.PER_SAMPLE, Mode.DYNAMIC, "partial-gaussian", rate);
            case "masksembles" -> axes(name, Target.UNIT, Sharing.GROUP, Mode.FIXED_PER_MODEL, "bernoulli", rate);
            default -> throw new IllegalArgumentException("unknown regularizer preset '" + preset + "' (known: "
                    + String.join(", ", PRESETS) + ", custom)");
        };
    }

    /** Any point of the space, named {@code custom}. */
    public static RegularizerSpec custom(Target target, Sharing sharing, Mode mode, String stir, double rate) {
        return axes(CUSTOM, target, sharing, mode, stir, rate);
    }

    private static RegularizerSpec axes(String name, Target t, Sharing s, Mode m, String stir, double rate) {
        return new RegularizerSpec(name, t, s, m, stir, rate, DEFAULT_SIGMA, DEFAULT_MASKS, DEFAULT_SCALE, false);
    }

    public RegularizerSpec withRate(double newRate) {
        return new RegularizerSpec(preset, target, sharing, mode, stir, newRate, sigma, masks, scale, explicitMask);
    }

    public RegularizerSpec withSigma(double newSigma) {
        return new RegularizerSpec(preset, target, sharing, mode, stir, rate, newSigma, masks, scale, explicitMask);
    }

    public RegularizerSpec withMasksembles(int newMasks, double newScale) {
        return new RegularizerSpec(preset, target, sharing, mode, stir, rate, sigma, newMasks, newScale, explicitMask);
    }

    public RegularizerSpec withMode(Mode newMode) {
        return new RegularizerSpec(preset, target, sharing, newMode, stir, rate, sigma, masks, scale, explicitMask);
    }

    public RegularizerSpec withExplicitMask(boolean explicit) {
        return new RegularizerSpec(preset, target, sharing, mode, stir, rate, sigma, masks, scale, explicit);
    }

    /** Keep probability q = 1 - p. */
    @JsonIgnore
    public double keep() {
        return 1.0 - rate;
    }

    /**
     * Whether its masks are drawn anew at every step, so they can also be drawn at inference time (Monte Carlo
     * averaging needs such noise; fixed masks and no regularizer have none).
     */
    @JsonIgnore
    public boolean dynamicMask() {
        return mode == Mode.DYNAMIC && target != Target.NONE;
    }

    @JsonIgnore
    public boolean isNone() {
        return target == Target.NONE;
    }
}
