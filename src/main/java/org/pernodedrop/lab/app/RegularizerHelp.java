package org.pernodedrop.lab.app;

import org.pernodedrop.lab.engine.config.RegularizerSpec;

/** Plain-language summaries and formulas of the regularizers, for tooltips and the preset hint. */
final class RegularizerHelp {

    private RegularizerHelp() {
    }

    static String summary(RegularizerSpec r) {
        return switch (r.preset()) {
            case "none" -> "No noise: the plain dense layer.";
            case "dropout" -> "Dropout: drops whole inputs (whole columns of the mask view), a new pattern per sample and step.";
            case "gaussian-dropout" -> "Gaussian dropout: multiplies each input by N(1, p/q) noise.";
            case "dropconnect" -> "DropConnect as frameworks ship it: one connection mask for the whole batch.";
            case "pernode-bernoulli" -> "PerNodeDrop: every sample gets its own mask over the connections "
                    + "into each node, new every step.";
            case "pernode-gaussian" -> "PerNodeDrop with Gaussian noise per sample and connection.";
            case "pernode-bernoulli-fixed" -> "PerNodeDrop, fixed: one connection mask drawn once and kept "
                    + "(also at inference): a persistent sparse subnetwork.";
            case "pernode-gaussian-fixed" -> "PerNodeDrop, fixed Gaussian multipliers drawn once and kept.";
            case "pernode-partial-gaussian" -> "Partial Gaussian: a share p of the connections gets N(1, sigma^2) "
                    + "noise, the rest is left alone.";
            case "masksembles" -> "Masksembles: n fixed binary input masks, one per group of the batch.";
            default -> "A custom point of the regularizer space.";
        };
    }

    static String formula(RegularizerSpec r) {
        String q = "q = 1 - p";
        return switch (r.stir()) {
            case "bernoulli" -> switch (r.target()) {
                case UNIT -> "h[b, i] = x[b, i] m[b, i] / q,  m ~ Bernoulli(q),  " + q;
                case CONNECTION -> "z[b, j] = sum_i x[b, i] W[i, j] M[b, i, j] / q + b[j],  M ~ Bernoulli(q),  " + q
                        + (r.sharing() == RegularizerSpec.Sharing.PER_BATCH ? ",  M shared by the batch" : "");
                default -> "no mask";
            };
            case "gaussian" -> "M ~ N(1, sigma^2),  sigma^2 = p / q  (Keras GaussianDropout),  " + q;
            case "partial-gaussian" -> "with probability p: M ~ N(1, sigma^2), else M = 1;  sigma = " + r.sigma();
            default -> "z = x W + b (no noise)";
        } + (r.preset().equals("masksembles")
                ? ";  Masksembles: n = " + r.masks() + " masks, scale s = " + r.scale()
                + ", m = int(Din / (s (1 - (1 - 1/s)^n))) ones per mask" : "");
    }
}
