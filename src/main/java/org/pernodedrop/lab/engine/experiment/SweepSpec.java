package org.pernodedrop.lab.engine.experiment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.nn.Masksembles;
import org.pernodedrop.lab.engine.nn.Regularizers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sweep: variants x rates x widths x seeds around one base config (data, backbone, training settings). Each cell is
 * one {@link ExperimentConfig}; its run id names its folder and its rows in {@code runs.csv}, and is a pure function
 * of the cell, so a resumed sweep finds its cells again.
 *
 * <p>The variant {@code none} has no rate: it gets one cell per width and seed (rate 0) instead of one per rate.
 */
@JsonPropertyOrder({"base", "variants", "rates", "units", "seeds"})
public record SweepSpec(
        @JsonProperty("base") ExperimentConfig base,
        @JsonProperty("variants") List<String> variants,
        @JsonProperty("rates") List<Double> rates,
        @JsonProperty("units") List<Integer> units,
        @JsonProperty("seeds") List<Long> seeds) {

    /** One cell of the grid. */
    public record Cell(String runId, String variant, double rate, int units, long seed, ExperimentConfig config) {
    }

    public SweepSpec {
        Objects.requireNonNull(base, "base");
        base.training().requireFinite("a sweep");
        variants = List.copyOf(variants);
        rates = List.copyOf(rates);
        units = List.copyOf(units);
        seeds = List.copyOf(seeds);
        if (variants.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one variant");
        if (rates.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one rate");
        if (units.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one width (units)");
        if (seeds.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one seed");
        for (String v : variants) {
            if (v.equals(RegularizerSpec.CUSTOM)) {
                throw new IllegalArgumentException("a sweep takes named presets, not 'custom'");
            }
            RegularizerSpec.of(v, 0.0); // names an unknown preset in its message
        }
        for (double r : rates) {
            if (!(r >= 0.0 && r < 1.0)) throw new IllegalArgumentException("drop rate must be in [0, 1), got " + r);
        }
        for (int u : units) {
            if (u < 1) throw new IllegalArgumentException("units must be >= 1, got " + u);
        }
        if (variants.stream().distinct().count() != variants.size()) {
            throw new IllegalArgumentException("variants repeat: " + variants);
        }
        // Every cell's regularizer is checked now, so a rate a variant cannot run (Masksembles beyond its reach)
        // stops the sweep before its first run.
        for (String v : variants) {
            for (double r : rates) {
                try {
                    Regularizers.validate(regularizer(v, v.equals("none") ? 0.0 : r));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("sweep variant " + v + " at rate " + rateText(r) + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Every cell, seeds outermost and variants innermost, so a sweep cut short still holds every variant at the
     * first seeds and widths.
     */
    @JsonIgnore
    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        for (long seed : seeds) {
            for (int u : units) {
                for (double rate : rates.stream().distinct().toList()) {
                    for (String v : variants) {
                        if (v.equals("none") && rate != rates.get(0)) continue;
                        double r = v.equals("none") ? 0.0 : rate;
                        ExperimentConfig c = base.withSeed(seed).withModel(base.model().withUnits(u))
                                .withRegularizer(regularizer(v, r));
                        out.add(new Cell(runId(v, r, u, seed), v, r, u, seed, c));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The regularizer of a cell. Every variant has one rate axis; for Masksembles the rate is the expected dropped
     * fraction, which fixes its scale ({@link Masksembles#scaleForRate}; rates beyond s = 6 are refused by the
     * constructor). The scale is written into the cell's config so config.json shows the value used. Rate 0 means no
     * masking for every variant, so Masksembles at rate 0 is the plain network ({@code none}), still labelled
     * masksembles in runs.csv, rather than Masksembles at its default scale (which drops about half the units).
     */
    public static RegularizerSpec regularizer(String variant, double rate) {
        RegularizerSpec r = RegularizerSpec.of(variant, rate);
        if (variant.equals("masksembles")) {
            if (rate == 0.0) return RegularizerSpec.of("none", 0.0);
            r = r.withMasksembles(r.masks(), Masksembles.scaleForRate(rate, r.masks()).scale());
        }
        return r;
    }

    /** {@code <variant>_p<rate>_u<units>_s<seed>}, e.g. {@code pernode-bernoulli_p0.3_u64_s1}. */
    public static String runId(String variant, double rate, int units, long seed) {
        return variant + "_p" + rateText(rate) + "_u" + units + "_s" + seed;
    }

    public static String rateText(double rate) {
        String s = BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
        return s.equals("0.0") ? "0" : s;
    }

    /** {@code start:end:step} (inclusive, rounded to 10 decimals so 0.1 steps stay 0.3, not 0.30000000000000004). */
    public static List<Double> parseRates(String text) {
        String t = text.trim();
        List<Double> out = new ArrayList<>();
        try {
            if (t.contains(":")) {
                String[] p = t.split(":");
                if (p.length != 3) {
                    throw new IllegalArgumentException("rates '" + text + "': expected start:end:step, e.g. 0.0:0.9:0.1");
                }
                double a = Double.parseDouble(p[0]);
                double b = Double.parseDouble(p[1]);
                double step = Double.parseDouble(p[2]);
                if (!(step > 0) || !(b >= a)) {
                    throw new IllegalArgumentException("rates '" + text + "': need end >= start and step > 0");
                }
                long n = Math.round(Math.floor((b - a) / step + 1e-9)) + 1;
                if (n > 1000) throw new IllegalArgumentException("rates '" + text + "': " + n + " values is too many");
                for (long k = 0; k < n; k++) {
                    out.add(BigDecimal.valueOf(a + k * step).setScale(10, java.math.RoundingMode.HALF_EVEN)
                            .stripTrailingZeros().doubleValue());
                }
            } else {
                for (String s : t.split(",")) out.add(Double.parseDouble(s.trim()));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rates '" + text + "': not a number (" + e.getMessage() + ")");
        }
        for (double r : out) {
            if (!(r >= 0.0 && r < 1.0)) {
                throw new IllegalArgumentException("rates '" + text + "': drop rate " + r + " is not in [0, 1)");
            }
        }
        return out;
    }
}
