package org.pernodedrop.lab.engine.stats;

import org.pernodedrop.lab.engine.experiment.RunRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Independent blocks for comparing variants: one block per (dataset, seed) pair. Runs with the same seed share
 * the data split and the initialisation seed, so a block pairs the variants on equal terms, and different seeds
 * are independent repetitions (unlike the paper's top-5 epochs, which are order statistics of the same runs).
 * <p>
 * A variant's score in a block is its best validation loss over every epoch, rate and width run with that seed
 * ({@link VariantRanking#BY_VAL_LOSS} picks the record): the model a practitioner would select on the validation
 * set after tuning the rate. Its accuracy in the block is the validation accuracy of that same selected record,
 * not the highest accuracy of any epoch, so both metrics describe one selected model and accuracy gets no second,
 * optimistic selection. Records with a non-finite validation loss are ignored.
 * <p>
 * Only complete blocks enter (every variant has a record there): the rank tests need each variant in each block.
 * A sweep runs seeds outermost, so a sweep cut short leaves at most its last seed incomplete.
 *
 * @param variants variants in name order (the columns)
 * @param blocks   "dataset / seed" labels of the complete blocks (the rows)
 * @param best     [N][k] the selected record of variant j in block t
 * @param dropped  labels of incomplete blocks left out, with the variants missing there
 */
public record SeedBlocks(List<String> variants, List<String> blocks, RunRecord[][] best, Map<String, List<String>> dropped) {

    public SeedBlocks {
        variants = List.copyOf(variants);
        blocks = List.copyOf(blocks);
        RunRecord[][] copy = new RunRecord[best.length][];
        for (int t = 0; t < best.length; t++) copy[t] = best[t].clone();
        best = copy;
        dropped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
    }

    /** Blocks N. */
    public int n() {
        return blocks.size();
    }

    /** Variants k. */
    public int k() {
        return variants.size();
    }

    /** [N][k] best validation losses (lower is better). */
    public double[][] valLoss() {
        double[][] out = new double[best.length][variants.size()];
        for (int t = 0; t < best.length; t++) for (int j = 0; j < out[t].length; j++) out[t][j] = best[t][j].valLoss();
        return out;
    }

    /** [N][k] validation accuracies of the selected records (higher is better). */
    public double[][] valAcc() {
        double[][] out = new double[best.length][variants.size()];
        for (int t = 0; t < best.length; t++) for (int j = 0; j < out[t].length; j++) out[t][j] = best[t][j].valAcc();
        return out;
    }

    /** Column j of a [N][k] matrix. */
    public static double[] column(double[][] m, int j) {
        double[] c = new double[m.length];
        for (int t = 0; t < m.length; t++) c[t] = m[t][j];
        return c;
    }

    /** The blocks of {@code records} (possibly several datasets). */
    public static SeedBlocks of(List<RunRecord> records) {
        // block key -> variant -> selected record; keys sort by dataset, then seed
        Map<String, Map<Long, Map<String, RunRecord>>> byBlock = new TreeMap<>();
        Set<String> variants = new TreeSet<>();
        for (RunRecord r : records) {
            if (!Double.isFinite(r.valLoss())) continue;
            variants.add(r.variant());
            Map<String, RunRecord> cell = byBlock.computeIfAbsent(r.dataset(), d -> new TreeMap<>())
                    .computeIfAbsent(r.seed(), s -> new TreeMap<>());
            RunRecord cur = cell.get(r.variant());
            if (cur == null || VariantRanking.BY_VAL_LOSS.compare(r, cur) < 0) cell.put(r.variant(), r);
        }
        List<String> names = new ArrayList<>(variants);
        List<String> labels = new ArrayList<>();
        List<RunRecord[]> rows = new ArrayList<>();
        Map<String, List<String>> dropped = new LinkedHashMap<>();
        boolean severalDatasets = byBlock.size() > 1;
        byBlock.forEach((dataset, bySeed) -> bySeed.forEach((seed, cell) -> {
            String label = (severalDatasets ? dataset + " / " : "") + "seed " + seed;
            List<String> missing = new ArrayList<>();
            for (String v : names) if (!cell.containsKey(v)) missing.add(v);
            if (!missing.isEmpty()) {
                dropped.put(label, missing);
                return;
            }
            RunRecord[] row = new RunRecord[names.size()];
            for (int j = 0; j < row.length; j++) row[j] = cell.get(names.get(j));
            labels.add(label);
            rows.add(row);
        }));
        return new SeedBlocks(names, labels, rows.toArray(new RunRecord[0][]), dropped);
    }
}
