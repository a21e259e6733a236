package org.pernodedrop.lab.engine.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Nemenyi post-hoc test after a Friedman test (Demšar 2006, Sec. 3.2.2): two of k variants differ
 * significantly when their mean ranks over N blocks differ by at least the critical difference
 * <pre>
 *   CD = q_alpha sqrt(k (k + 1) / (6 N)),   q_alpha = (studentized range quantile, k, df = infinity) / sqrt(2)
 * </pre>
 * (Demšar's Table 5a: for alpha = 0.05 and k = 2..10, q = 1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102,
 * 3.164). A pair's p value is the studentized-range tail at sqrt(2) |R_i - R_j| / sqrt(k (k+1) / (6N)).
 *
 * @param variants  the variants, best (lowest mean rank) first
 * @param meanRanks their mean ranks, in the same order
 * @param n         blocks N
 * @param alpha     the level of the critical difference
 * @param q         q_alpha
 * @param cd        the critical difference
 * @param groups    maximal runs [from, to] (indices into {@code variants}, to > from) whose mean ranks all lie within
 *                  less than CD of each other: the bars of the critical-difference diagram
 * @param pairs     every pair i < j (in best-first order)
 */
public record Nemenyi(List<String> variants, double[] meanRanks, int n, double alpha, double q, double cd,
                      List<int[]> groups, List<Pair> pairs) {

    /**
     * One comparison: {@code better} has the lower mean rank.
     *
     * @param difference  the mean-rank difference (>= 0)
     * @param p           Nemenyi p value
     * @param significant whether the difference reaches CD
     */
    public record Pair(String better, String worse, double difference, double p, boolean significant) {
    }

    public Nemenyi {
        variants = List.copyOf(variants);
        meanRanks = meanRanks.clone();
        groups = groups.stream().map(int[]::clone).toList();
        pairs = List.copyOf(pairs);
    }

    @Override
    public double[] meanRanks() {
        return meanRanks.clone();
    }

    @Override
    public List<int[]> groups() {
        return groups.stream().map(int[]::clone).toList();
    }

    /** q_alpha for k variants: the studentized range quantile with infinite df over sqrt(2). */
    public static double qAlpha(double alpha, int k) {
        // some 40 numerical integrals, a few milliseconds: cheap enough to recompute as epochs arrive
        return StudentizedRange.quantile(alpha, k) / Math.sqrt(2);
    }

    /** CD = q_alpha sqrt(k (k + 1) / (6 N)). */
    public static double criticalDifference(double alpha, int k, int n) {
        if (n < 1) throw new IllegalArgumentException("the critical difference needs at least one block");
        return qAlpha(alpha, k) * Math.sqrt(k * (k + 1.0) / (6.0 * n));
    }

    /**
     * The test from a Friedman result over blocks whose columns are {@code names} (in the order of the Friedman
     * input).
     */
    public static Nemenyi of(List<String> names, FriedmanResult friedman, double alpha) {
        int k = friedman.k(), n = friedman.n();
        if (names.size() != k) {
            throw new IllegalArgumentException(names.size() + " names for " + k + " variants");
        }
        double[] mr = friedman.meanRanks();
        Integer[] order = new Integer[k];
        for (int j = 0; j < k; j++) order[j] = j;
        Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> mr[j]).thenComparing(names::get));
        List<String> sortedNames = new ArrayList<>();
        double[] sorted = new double[k];
        for (int i = 0; i < k; i++) {
            sortedNames.add(names.get(order[i]));
            sorted[i] = mr[order[i]];
        }
        double q = qAlpha(alpha, k);
        double se = Math.sqrt(k * (k + 1.0) / (6.0 * n));
        double cd = q * se;
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                double diff = sorted[j] - sorted[i];
                double p = 1 - StudentizedRange.cdf(Math.sqrt(2) * diff / se, k);
                pairs.add(new Pair(sortedNames.get(i), sortedNames.get(j), diff, Math.max(0, p), diff >= cd));
            }
        }
        return new Nemenyi(sortedNames, sorted, n, alpha, q, cd, groups(sorted, cd), pairs);
    }

    /**
     * Maximal groups of not significantly different variants in ranks sorted ascending: for each i the furthest j
     * with r_j - r_i < CD; a group is kept when it reaches further than every group before it (otherwise it lies
     * inside one) and holds at least two variants.
     */
    static List<int[]> groups(double[] sortedRanks, double cd) {
        List<int[]> out = new ArrayList<>();
        int reach = 0;
        for (int i = 0; i < sortedRanks.length; i++) {
            int j = i;
            while (j + 1 < sortedRanks.length && sortedRanks[j + 1] - sortedRanks[i] < cd) j++;
            if (j > i && j > reach) out.add(new int[]{i, j});
            reach = Math.max(reach, j);
        }
        return out;
    }
}
