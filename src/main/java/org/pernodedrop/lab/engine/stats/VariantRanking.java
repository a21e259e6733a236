package org.pernodedrop.lab.engine.stats;

import org.pernodedrop.lab.engine.experiment.RunRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Table V of the paper from a list of epoch records: the top-{@link #TOP} records per variant, pooled mean ranks,
 * and the Friedman test over blocks t = 1..TOP (block t holds each variant's t-th best validation loss).
 *
 * @param variants        the variants that entered the test, best (lowest pooled mean rank) first
 * @param pooledMeanRanks per variant, the mean of its records' ranks among all {@code TOP * k} pooled records
 *                        (Table V's "Mean Rank", range 1..TOP*k)
 * @param blockMeanRanks  per variant, R_j / N: the mean within-block rank (range 1..k), what the test uses
 * @param topRecords      per variant, its TOP best records, best first
 * @param excluded        variants with fewer than TOP finite records, with their record count
 * @param friedman        the test, absent when fewer than two variants remain
 * @param notes           plain sentences on exclusions and why a test is missing
 */
public record VariantRanking(List<String> variants, Map<String, Double> pooledMeanRanks,
                             Map<String, Double> blockMeanRanks, Map<String, List<RunRecord>> topRecords,
                             Map<String, Integer> excluded, Optional<FriedmanResult> friedman, List<String> notes) {

    /** Records per variant that enter the test (the paper's top-5). */
    public static final int TOP = 5;

    /** The order used everywhere a "best record" is picked: validation loss, then rate, epoch, run id. */
    public static final Comparator<RunRecord> BY_VAL_LOSS = Comparator.comparingDouble(RunRecord::valLoss)
            .thenComparingDouble(RunRecord::rate).thenComparingInt(RunRecord::epoch)
            .thenComparing(RunRecord::runId);

    public VariantRanking {
        variants = List.copyOf(variants);
        pooledMeanRanks = Collections.unmodifiableMap(new LinkedHashMap<>(pooledMeanRanks));
        blockMeanRanks = Collections.unmodifiableMap(new LinkedHashMap<>(blockMeanRanks));
        topRecords = Collections.unmodifiableMap(new LinkedHashMap<>(topRecords));
        excluded = Collections.unmodifiableMap(new LinkedHashMap<>(excluded));
        notes = List.copyOf(notes);
    }

    /**
     * Ranks the variants found in {@code records}. Records with a non-finite validation loss (a diverged epoch)
     * are ignored; a variant with fewer than {@link #TOP} remaining records is excluded with a note.
     */
    public static VariantRanking of(List<RunRecord> records) {
        Map<String, List<RunRecord>> byVariant = new TreeMap<>();
        for (RunRecord r : records) {
            if (Double.isFinite(r.valLoss())) byVariant.computeIfAbsent(r.variant(), v -> new ArrayList<>()).add(r);
        }
        for (RunRecord r : records) byVariant.computeIfAbsent(r.variant(), v -> new ArrayList<>());

        List<String> notes = new ArrayList<>();
        Map<String, Integer> excluded = new LinkedHashMap<>();
        Map<String, List<RunRecord>> top = new TreeMap<>();
        for (Map.Entry<String, List<RunRecord>> e : byVariant.entrySet()) {
            List<RunRecord> sorted = new ArrayList<>(e.getValue());
            sorted.sort(BY_VAL_LOSS);
            if (sorted.size() < TOP) {
                excluded.put(e.getKey(), sorted.size());
            } else {
                top.put(e.getKey(), List.copyOf(sorted.subList(0, TOP)));
            }
        }
        if (!excluded.isEmpty()) {
            List<String> parts = new ArrayList<>();
            excluded.forEach((v, c) -> parts.add(v + " (" + c + ")"));
            notes.add("Left out of the ranking and the Friedman test, with fewer than " + TOP
                    + " records with a finite validation loss: " + String.join(", ", parts) + ".");
        }

        List<String> names = new ArrayList<>(top.keySet());
        int k = names.size();
        Map<String, Double> pooled = new LinkedHashMap<>();
        Map<String, Double> blockMeans = new LinkedHashMap<>();
        Optional<FriedmanResult> friedman = Optional.empty();
        if (k >= 1) {
            // Pooled ranks: all TOP*k validation losses ranked together, averaged per variant.
            double[] all = new double[TOP * k];
            for (int j = 0; j < k; j++) {
                for (int t = 0; t < TOP; t++) all[j * TOP + t] = top.get(names.get(j)).get(t).valLoss();
            }
            double[] ranks = Ranks.average(all);
            double[] pooledMean = new double[k];
            for (int j = 0; j < k; j++) {
                for (int t = 0; t < TOP; t++) pooledMean[j] += ranks[j * TOP + t];
                pooledMean[j] /= TOP;
            }
            double[] blockMean = new double[k];
            if (k >= 2) {
                // blocks[t][j] = variant j's (t+1)-th best validation loss
                double[][] blocks = new double[TOP][k];
                for (int t = 0; t < TOP; t++) {
                    for (int j = 0; j < k; j++) blocks[t][j] = top.get(names.get(j)).get(t).valLoss();
                }
                FriedmanResult f = Friedman.test(blocks);
                friedman = Optional.of(f);
                blockMean = f.meanRanks();
            } else {
                blockMean[0] = 1.0;
                notes.add("Only one variant (" + names.get(0) + ") has " + TOP
                        + " or more records: the Friedman test needs at least two, so no test was run.");
            }
            Integer[] order = new Integer[k];
            for (int j = 0; j < k; j++) order[j] = j;
            final double[] pm = pooledMean;
            java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> pm[j]).thenComparing(names::get));
            List<String> ordered = new ArrayList<>();
            for (int j : order) {
                ordered.add(names.get(j));
                pooled.put(names.get(j), pooledMean[j]);
                blockMeans.put(names.get(j), blockMean[j]);
            }
            names = ordered;
            if (friedman.isPresent()) {
                // Re-order the rank sums to match the best-first variant list.
                double[] sums = friedman.get().rankSums();
                double[] reordered = new double[k];
                for (int i = 0; i < k; i++) reordered[i] = sums[order[i]];
                FriedmanResult f = friedman.get();
                friedman = Optional.of(new FriedmanResult(f.k(), f.n(), f.chi2(), f.df(), f.p(), f.kendallW(),
                        reordered));
            }
        } else {
            notes.add("No variant has " + TOP + " or more records with a finite validation loss: "
                    + "no ranking and no Friedman test.");
        }
        Map<String, List<RunRecord>> topOrdered = new LinkedHashMap<>();
        for (String v : names) topOrdered.put(v, top.get(v));
        return new VariantRanking(names, pooled, blockMeans, topOrdered, excluded, friedman, notes);
    }
}
