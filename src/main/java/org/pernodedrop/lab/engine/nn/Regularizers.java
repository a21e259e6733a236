package org.pernodedrop.lab.engine.nn;

import org.nd4j.linalg.activations.Activation;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Mode;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Sharing;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Target;

/** From a {@link RegularizerSpec} to the slot layer, refusing points of the axis space that make no sense. */
public final class Regularizers {

    private Regularizers() {
    }

    /** Throws IllegalArgumentException naming the impossible combination. */
    public static void validate(RegularizerSpec s) {
        if (s.isNone()) {
            if (!s.preset().equals("none") && !s.preset().equals(RegularizerSpec.CUSTOM)) {
                throw new IllegalArgumentException("regularizer '" + s.preset() + "' needs a target");
            }
            return;
        }
        String where = "regularizer '" + s.preset() + "' (target " + name(s.target()) + ", sharing "
                + name(s.sharing()) + ", mode " + name(s.mode()) + ", stir " + s.stir() + "): ";
        if (s.sharing() == Sharing.NONE || s.mode() == Mode.NONE) {
            throw new IllegalArgumentException(where + "sharing and mode must be set when the target is not none");
        }
        if (!StirRegistry.isKnown(s.stir())) {
            throw new IllegalArgumentException(where + "unknown stir '" + s.stir() + "' (built in: "
                    + String.join(", ", StirRegistry.BUILT_IN) + ", or register one in StirRegistry)");
        }
        if (s.sharing() == Sharing.GROUP) {
            if (s.target() != Target.UNIT || s.mode() != Mode.FIXED_PER_MODEL || !s.stir().equals("bernoulli")) {
                throw new IllegalArgumentException(where + "group sharing is Masksembles: it needs target unit, "
                        + "mode fixed and stir bernoulli");
            }
            if (s.rate() > 0) Masksembles.checkReachable(s.rate(), s.masks());
        }
        if (s.sharing() == Sharing.PER_BATCH && s.mode() == Mode.FIXED_PER_SAMPLE) {
            throw new IllegalArgumentException(where + "a mask shared by the batch cannot be fixed per sample");
        }
    }

    /** The slot layer: the regularizer's mask inside a dense layer of {@code units} outputs. */
    public static RegularizedDense slot(RegularizerSpec spec, int nIn, int units, Activation activation, long seed) {
        validate(spec);
        RegularizedDense.Builder b = new RegularizedDense.Builder().regularizer(spec).maskSeed(seed);
        if (spec.sharing() == Sharing.GROUP) {
            if (nIn < Masksembles.MIN_CHANNELS) {
                throw new IllegalArgumentException("Masksembles needs at least " + Masksembles.MIN_CHANNELS
                        + " channels in its layer, got " + nIn);
            }
            double scale = masksemblesScale(spec);
            // Draw the masks now (deterministic and cached; the layer draws the same set), so a width no draw can
            // reach is refused while the network is built, not at the first training step.
            Masksembles.generate(nIn, spec.masks(), scale, seed);
            b.masksemblesScale(scale);
        }
        return b.nIn(nIn).nOut(units).activation(activation).build();
    }

    /**
     * Masksembles' scale: from the rate when rate > 0 (the s whose expected dropped fraction is the rate; rates
     * beyond s = 6 are refused by {@link #validate}), else the spec's own scale.
     */
    public static double masksemblesScale(RegularizerSpec spec) {
        return spec.rate() > 0 ? Masksembles.scaleForRate(spec.rate(), spec.masks()).scale() : spec.scale();
    }

    /** A one-line human description, e.g. for BuiltNetwork and bench. */
    public static String describe(RegularizerSpec s) {
        if (s.isNone()) return "none";
        String base = s.preset() + " (" + name(s.target()) + ", " + sharingText(s) + ", " + modeText(s)
                + ", " + s.stir() + ", p=" + s.rate();
        if (s.sharing() == Sharing.GROUP) {
            base += ", n=" + s.masks() + ", scale=" + String.format(java.util.Locale.ROOT, "%.3f",
                    masksemblesScale(s));
        }
        if (s.stir().equals("partial-gaussian")) base += ", sigma=" + s.sigma();
        if (s.target() == Target.CONNECTION && s.sharing() == Sharing.PER_SAMPLE && s.mode() == Mode.DYNAMIC
                && (s.stir().equals("gaussian") || s.stir().equals("partial-gaussian"))) {
            base += s.explicitMask() ? ", explicit mask" : ", local reparameterization";
        }
        return base + ")";
    }

    /**
     * What the sharing axis amounts to: {@code fixed} (fixed-per-model) draws one mask for the whole model, so every
     * sample meets the same [Din, Dout] mask - a static, rescaled pruning of the weights - whatever the sharing axis
     * says; only fixed-per-sample keeps a mask per sample.
     */
    static String sharingText(RegularizerSpec s) {
        if (s.mode() == Mode.FIXED_PER_MODEL && s.sharing() == Sharing.PER_SAMPLE) return "one mask for all samples";
        return name(s.sharing());
    }

    static String modeText(RegularizerSpec s) {
        if (s.mode() == Mode.FIXED_PER_MODEL && s.sharing() != Sharing.GROUP) {
            return "fixed per model: static rescaled pruning";
        }
        return name(s.mode());
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
