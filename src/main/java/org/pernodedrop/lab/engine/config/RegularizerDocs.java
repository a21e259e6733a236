package org.pernodedrop.lab.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain-language descriptions and formulas (Unicode, no TeX) of a regularizer, for tooltips, the explain panel
 * and reports. Notation of REGULARIZERS.md: input x [B, Din], weights W [Din, Dout], drop rate p, keep rate q = 1 - p.
 */
public final class RegularizerDocs {

    private RegularizerDocs() {
    }

    /** One sentence: what the regularizer does. */
    public static String summary(RegularizerSpec r) {
        return switch (r.preset()) {
            case "none" -> "No regularizer: a plain dense layer.";
            case "dropout" -> "Dropout: each sample switches off whole inputs of the layer (a unit mask: whole columns "
                    + "of the mask view, where inputs run across).";
            case "gaussian-dropout" -> "Gaussian Dropout: each sample multiplies every input by Gaussian noise around 1.";
            case "dropconnect" -> "DropConnect as frameworks ship it: one connection mask per step, shared by the whole mini-batch.";
            case "pernode-bernoulli" -> "PerNodeDrop (Bernoulli): every sample gets its own on/off mask over every connection into every node.";
            case "pernode-gaussian" -> "PerNodeDrop (Gaussian): every sample multiplies every connection by its own Gaussian noise around 1.";
            case "pernode-bernoulli-fixed" -> "PerNodeDrop (Bernoulli, fixed): one connection mask drawn once and kept for the whole run, also at inference.";
            case "pernode-gaussian-fixed" -> "PerNodeDrop (Gaussian, fixed): one noise pattern drawn once and kept for the whole run, also at inference.";
            case "pernode-partial-gaussian" -> "PerNodeDrop (partial Gaussian): a fraction p of each sample's connections get Gaussian noise, the rest stay exact.";
            case "masksembles" -> "Masksembles: n fixed unit masks, one per group of the batch; inference averages the n subnetworks.";
            default -> "A custom point of the regularizer space: " + axes(r) + ".";
        };
    }

    /** The formula lines, e.g. for the explain panel. */
    public static List<String> formulas(RegularizerSpec r) {
        List<String> out = new ArrayList<>();
        String q = fmt(r.keep());
        String p = fmt(r.rate());
        switch (r.target()) {
            case NONE -> out.add("z = x·W + b");
            case UNIT -> {
                out.add("z[b, j] = Σᵢ x[b, i] · m[b, i] · W[i, j] + b[j]");
                out.add(r.sharing() == RegularizerSpec.Sharing.GROUP
                        ? "m[b, ·] = mask of b's group g (n = " + r.masks() + " fixed binary masks, scale s = "
                        + fmt(r.scale()) + ", not rescaled)"
                        : "one m[b, i] per sample b and input i");
            }
            case CONNECTION -> {
                out.add("z[b, j] = Σᵢ x[b, i] · W[i, j] · M[b, i, j] + b[j]");
                out.add(r.sharing() == RegularizerSpec.Sharing.PER_BATCH
                        ? "M[b, i, j] = M[i, j]: one mask per step for the whole mini-batch"
                        : "one M[b, i, j] per sample b, input i and node j");
            }
        }
        if (!r.isNone() && r.sharing() != RegularizerSpec.Sharing.GROUP) {
            switch (r.stir()) {
                case "bernoulli" -> out.add("m ~ Bernoulli(q) / q,  q = 1 − p = " + q + "  (E[m] = 1)");
                case "gaussian" -> out.add("m ~ N(1, σ²),  σ² = p / q = " + fmt(r.keep() == 0 ? Double.NaN
                        : r.rate() / r.keep()));
                case "partial-gaussian" -> out.add("with probability p = " + p + ": m ~ N(1, σ²), σ = "
                        + fmt(r.sigma()) + ";  else m = 1");
                default -> out.add("m = " + r.stir() + "(u, z, p), rescaled by its mean at inference");
            }
        }
        switch (r.mode()) {
            case DYNAMIC -> out.add("a new mask every training step; inference uses E[m] = 1 (plain weights)");
            case FIXED_PER_MODEL -> out.add("drawn once from the run seed and kept for training and inference");
            case FIXED_PER_SAMPLE -> out.add("training example k always gets the mask keyed by (seed, k); "
                    + "inference uses E[m] = 1");
            case NONE -> {
            }
        }
        return out;
    }

    /** The four axes in words: "connection · per-sample · dynamic · bernoulli". */
    public static String axes(RegularizerSpec r) {
        if (r.isNone()) return "none";
        return String.join(" · ", name(r.target()), name(r.sharing()), name(r.mode()), r.stir());
    }

    /** An axis value by its JSON name ("per-sample", "fixed"), as the docs and the CLI spell it. */
    public static String name(Enum<?> e) {
        return switch (e.name()) {
            case "FIXED_PER_MODEL" -> "fixed";
            default -> e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "∞" : String.format(Locale.ROOT, "%.3g", v);
    }
}
