package org.pernodedrop.lab.engine.stats;

import org.apache.commons.math3.special.Erf;

/**
 * Wilcoxon's signed-rank test for paired samples, two-sided (Wilcoxon 1945; Demšar 2006, Sec. 3.1.3).
 * <p>
 * Differences d_i = x_i - y_i; zero differences are dropped (Wilcoxon's convention), leaving n. The |d_i| are
 * ranked with average ranks for ties ({@link Ranks#average}); W+ is the rank sum of the positive differences,
 * W- = n(n+1)/2 - W+.
 * <ul>
 *   <li>Exact: when no |d_i| tie and n <= {@link #EXACT_MAX_N}, W+ under H0 is the sum of a random subset of
 *   {1..n} (each rank's sign a fair coin); the number of subsets with sum s is counted by dynamic programming and
 *   p = min(1, 2 min(P(W+ <= w), P(W+ >= w))). For n = 8 and all differences positive, p = 2 / 2^8.</li>
 *   <li>Otherwise the normal approximation with the tie correction and no continuity correction:
 *   mean n(n+1)/4, variance n(n+1)(2n+1)/24 - sum_t (t^3 - t)/48 over tie groups of size t,
 *   z = (W+ - mean) / sd, p = 2 (1 - Phi(|z|)).</li>
 * </ul>
 */
public final class Wilcoxon {

    /** Largest n for the exact null distribution (2^50 subsets are counted in doubles, sums up to 1275). */
    public static final int EXACT_MAX_N = 50;

    /**
     * @param n      pairs with a non-zero difference
     * @param zeros  pairs with a zero difference (dropped)
     * @param wPlus  rank sum of the positive differences (x above y)
     * @param wMinus rank sum of the negative differences (x below y)
     * @param z      the normal score of W+ when the approximation was used, NaN when the p value is exact
     * @param p      two-sided p value
     * @param exact  whether p comes from the exact null distribution
     */
    public record Result(int n, int zeros, double wPlus, double wMinus, double z, double p, boolean exact) {
    }

    private Wilcoxon() {
    }

    /** Two-sided test of the paired samples {@code x} and {@code y} (same length, finite values). */
    public static Result test(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + x.length + " and " + y.length);
        }
        int m = x.length, n = 0;
        double[] d = new double[m];
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("pair " + (i + 1) + " has a non-finite value (" + x[i] + ", "
                        + y[i] + ")");
            }
            double di = x[i] - y[i];
            if (di != 0) d[n++] = di;
        }
        int zeros = m - n;
        if (n == 0) return new Result(0, zeros, 0, 0, Double.NaN, 1.0, true);
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) abs[i] = Math.abs(d[i]);
        double[] r = Ranks.average(abs);
        double wPlus = 0;
        for (int i = 0; i < n; i++) if (d[i] > 0) wPlus += r[i];
        double total = n * (n + 1) / 2.0;
        double wMinus = total - wPlus;
        double tieTerm = tieSum(abs);
        if (tieTerm == 0 && n <= EXACT_MAX_N) {
            return new Result(n, zeros, wPlus, wMinus, Double.NaN, exactP(n, (int) Math.round(wPlus)), true);
        }
        double mean = total / 2;
        // Always positive for n >= 1: even with all n values tied, var = n(n+1)(2n+1)/24 - (n^3-n)/48
        // = n(n+1)(3n+3)/48 > 0.
        double var = n * (n + 1.0) * (2 * n + 1) / 24.0 - tieTerm / 48.0;
        double z = (wPlus - mean) / Math.sqrt(var);
        double p = Math.min(1.0, Erf.erfc(Math.abs(z) / Math.sqrt(2)));
        return new Result(n, zeros, wPlus, wMinus, z, p, false);
    }

    /** The smallest two-sided p value the exact test can give with n pairs: 2 / 2^n (all signs equal). */
    public static double smallestExactP(int n) {
        return Math.min(1.0, 2.0 / Math.pow(2, n));
    }

    /** Exact two-sided p of W+ = w with n untied non-zero differences. */
    static double exactP(int n, int w) {
        int max = n * (n + 1) / 2;
        // counts[s] = number of subsets of {1..n} with sum s
        double[] counts = new double[max + 1];
        counts[0] = 1;
        for (int rank = 1; rank <= n; rank++) {
            for (int s = max; s >= rank; s--) counts[s] += counts[s - rank];
        }
        double all = Math.pow(2, n), lower = 0, upper = 0;
        for (int s = 0; s <= max; s++) {
            if (s <= w) lower += counts[s];
            if (s >= w) upper += counts[s];
        }
        return Math.min(1.0, 2 * Math.min(lower, upper) / all);
    }

    /** sum over groups of equal values of t^3 - t (0 without ties). */
    private static double tieSum(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        double sum = 0;
        int i = 0;
        while (i < s.length) {
            int j = i;
            while (j + 1 < s.length && s[j + 1] == s[i]) j++;
            double t = j - i + 1;
            sum += t * t * t - t;
            i = j + 1;
        }
        return sum;
    }
}
