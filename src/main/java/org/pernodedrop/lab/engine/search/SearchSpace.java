package org.pernodedrop.lab.engine.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.experiment.SweepSpec;
import org.pernodedrop.lab.engine.nn.Regularizers;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * The lab's search space: the variant (categorical), the drop rate (uniform on [rateLow, rateHigh]), the slot width
 * and the Adam learning rate (both on a log scale). A range with low == high fixes that setting. Rates are kept to 3
 * decimals and learning rates to 3 significant digits, so configs and run ids stay readable.
 */
@JsonPropertyOrder({"variants", "rate_low", "rate_high", "units_low", "units_high", "lr_low", "lr_high"})
public record SearchSpace(@JsonProperty("variants") List<String> variants,
                          @JsonProperty("rate_low") double rateLow, @JsonProperty("rate_high") double rateHigh,
                          @JsonProperty("units_low") int unitsLow, @JsonProperty("units_high") int unitsHigh,
                          @JsonProperty("lr_low") double lrLow, @JsonProperty("lr_high") double lrHigh) {

    /** One point of the space, as a trial runs it. */
    public record Params(String variant, double rate, int units, double lr) {
    }

    public SearchSpace {
        variants = List.copyOf(variants);
        if (variants.isEmpty()) throw new IllegalArgumentException("a search needs at least one variant");
        for (String v : variants) {
            if (v.equals(RegularizerSpec.CUSTOM)) throw new IllegalArgumentException("a search takes named presets, not 'custom'");
            RegularizerSpec.of(v, 0.0); // names an unknown preset
        }
        if (!(rateLow >= 0 && rateLow <= rateHigh && rateHigh < 1)) {
            throw new IllegalArgumentException("drop rates: need 0 <= low <= high < 1, got " + rateLow + ":" + rateHigh);
        }
        if (unitsLow < 1 || unitsLow > unitsHigh) {
            throw new IllegalArgumentException("units: need 1 <= low <= high, got " + unitsLow + ":" + unitsHigh);
        }
        if (!(lrLow > 0 && lrLow <= lrHigh && lrHigh <= 1)) {
            throw new IllegalArgumentException("learning rates: need 0 < low <= high <= 1, got " + lrLow + ":" + lrHigh);
        }
        // the highest rate of every variant must be one it can run (Masksembles has a ceiling): refuse it now
        for (String v : variants) {
            try {
                Regularizers.validate(SweepSpec.regularizer(v, v.equals("none") ? 0.0 : rateHigh));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("search variant " + v + " at rate " + rateHigh + ": "
                        + e.getMessage(), e);
            }
        }
    }

    @JsonIgnore
    public List<Dim> dims() {
        return List.of(new Dim.Categorical("variant", variants), new Dim.Real("rate", rateLow, rateHigh, false),
                new Dim.Int("units", unitsLow, unitsHigh, true), new Dim.Real("lr", lrLow, lrHigh, true));
    }

    /** A sampler's point as settings (rounded as the class comment says; 'none' runs at rate 0). */
    public Params params(double[] x) {
        String v = variants.get((int) x[0]);
        double rate = v.equals("none") ? 0.0 : BigDecimal.valueOf(x[1]).setScale(3, java.math.RoundingMode.HALF_EVEN)
                .doubleValue();
        rate = Math.max(rateLow, Math.min(rateHigh, rate));
        double lr = new BigDecimal(x[3]).round(new MathContext(3)).doubleValue();
        lr = Math.max(lrLow, Math.min(lrHigh, lr));
        return new Params(v, rate, (int) x[2], lr);
    }

    /** The point of settings (what the sampler learns from). */
    public double[] point(Params p) {
        return new double[]{variants.indexOf(p.variant()), p.rate(), p.units(), p.lr()};
    }

    /** The trial's config: the base with the variant's regularizer at the rate, the width and the learning rate. */
    public static ExperimentConfig config(ExperimentConfig base, Params p) {
        return base.withModel(base.model().withUnits(p.units()))
                .withRegularizer(SweepSpec.regularizer(p.variant(), p.rate()))
                .withTraining(base.training().withLearningRate(p.lr()));
    }

    /**
     * A range as typed by a user: {@code low:high}, or one number (low == high). {@code what} names the field in the
     * message of a malformed range.
     */
    public static double[] parseRange(String what, String text) {
        String[] p = text.trim().split(":");
        try {
            if (p.length == 1) return new double[]{Double.parseDouble(p[0]), Double.parseDouble(p[0])};
            if (p.length == 2) return new double[]{Double.parseDouble(p[0]), Double.parseDouble(p[1])};
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException(what + " '" + text + "': expected LOW:HIGH or one number, e.g. 0.1:0.8");
    }
}
