package org.pernodedrop.lab.engine.report;

import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.stats.VariantRanking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The numbers behind Tables I-IV and the drop-rate view, computed from plain run records. */
public final class ReportTables {

    /** Configurations per variant in Tables I-III and Figs. 2-3. */
    public static final int TOP_CONFIGS = 3;

    private ReportTables() {
    }

    /** Records of one variant, grouped in canonical variant order; non-finite validation losses dropped. */
    public static Map<String, List<RunRecord>> byVariant(List<RunRecord> records) {
        Map<String, List<RunRecord>> raw = new TreeMap<>();
        for (RunRecord r : records) {
            List<RunRecord> l = raw.computeIfAbsent(r.variant(), v -> new ArrayList<>());
            if (Double.isFinite(r.valLoss())) l.add(r);
        }
        Map<String, List<RunRecord>> out = new LinkedHashMap<>();
        for (String v : VariantPalette.sorted(raw.keySet())) out.put(v, raw.get(v));
        return out;
    }

    /**
     * Tables I-III: per variant the {@code n} epochs (of any run, any rate) with the lowest validation loss, all
     * together sorted by validation loss, best first, as the paper's tables list them.
     */
    public static List<RunRecord> topPerVariant(List<RunRecord> records, int n) {
        List<RunRecord> out = new ArrayList<>();
        for (List<RunRecord> l : byVariant(records).values()) {
            List<RunRecord> s = new ArrayList<>(l);
            s.sort(VariantRanking.BY_VAL_LOSS);
            out.addAll(s.subList(0, Math.min(n, s.size())));
        }
        out.sort(VariantRanking.BY_VAL_LOSS);
        return out;
    }

    /** One row of Table IV. */
    public record EpochTime(String variant, int epochs, double meanSeconds, double stdSeconds) {
    }

    /**
     * Table IV: mean and sample standard deviation (n - 1 denominator; NaN for one epoch) of the wall time per
     * epoch, over every recorded epoch of the variant. Non-finite times are skipped.
     */
    public static List<EpochTime> epochTimes(List<RunRecord> records) {
        Map<String, List<Double>> t = new TreeMap<>();
        for (RunRecord r : records) {
            List<Double> l = t.computeIfAbsent(r.variant(), v -> new ArrayList<>());
            if (Double.isFinite(r.epochSeconds())) l.add(r.epochSeconds());
        }
        List<EpochTime> out = new ArrayList<>();
        for (String v : VariantPalette.sorted(t.keySet())) {
            List<Double> l = t.get(v);
            int n = l.size();
            double mean = 0;
            for (double x : l) mean += x;
            mean = n == 0 ? Double.NaN : mean / n;
            double ss = 0;
            for (double x : l) ss += (x - mean) * (x - mean);
            out.add(new EpochTime(v, n, mean, n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1))));
        }
        return out;
    }

    /**
     * One point of the drop-rate curve: at this rate, the epoch (of any run and width) with the lowest validation
     * loss, and its generalization gap {@code valLoss - trainLoss} (epoch-end training loss).
     */
    public record RatePoint(String variant, double rate, RunRecord best) {
        public double bestValLoss() {
            return best.valLoss();
        }

        public double gap() {
            return best.valLoss() - best.trainLoss();
        }
    }

    /** The drop-rate effect per variant: points sorted by rate. */
    public static Map<String, List<RatePoint>> dropRateCurves(List<RunRecord> records) {
        Map<String, List<RatePoint>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunRecord>> e : byVariant(records).entrySet()) {
            // rates are written by Double.toString and read back exactly, but round to 1e-9 to merge 0.30000000000000004
            TreeMap<Long, RunRecord> best = new TreeMap<>();
            for (RunRecord r : e.getValue()) {
                long key = Math.round(r.rate() * 1e9);
                RunRecord cur = best.get(key);
                if (cur == null || VariantRanking.BY_VAL_LOSS.compare(r, cur) < 0) best.put(key, r);
            }
            List<RatePoint> pts = new ArrayList<>();
            for (RunRecord r : best.values()) pts.add(new RatePoint(e.getKey(), r.rate(), r));
            if (!pts.isEmpty()) out.put(e.getKey(), pts);
        }
        return out;
    }

    /** Median of the validation losses of {@code records} (mean of the middle two for an even count). */
    public static double medianValLoss(List<RunRecord> records) {
        double[] v = records.stream().mapToDouble(RunRecord::valLoss).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
