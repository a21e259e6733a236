package org.pernodedrop.lab.engine.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * Friedman's rank test and Kendall's W exactly as REGULARIZERS.md ("Statistics") and the paper's Table V define
 * them. Ties inside a block get average ranks and the statistic is the plain (not tie-corrected) formula, as in
 * the paper; with ties it is slightly conservative.
 */
public final class Friedman {

    private Friedman() {
    }

    /**
     * @param blocks {@code [N][k]}: {@code blocks[t][j]} is variant j's value in block t; lower is better
     *               (validation loss), so the lowest value in a block gets rank 1
     */
    public static FriedmanResult test(double[][] blocks) {
        int n = blocks.length;
        if (n < 1) throw new IllegalArgumentException("the Friedman test needs at least one block");
        int k = blocks[0].length;
        if (k < 2) throw new IllegalArgumentException("the Friedman test needs at least two variants, got " + k);
        double[] rankSums = new double[k];
        for (int t = 0; t < n; t++) {
            if (blocks[t].length != k) {
                throw new IllegalArgumentException("block " + (t + 1) + " has " + blocks[t].length
                        + " values, block 1 has " + k);
            }
            double[] r = Ranks.average(blocks[t]);
            for (int j = 0; j < k; j++) rankSums[j] += r[j];
        }
        return fromRankSums(rankSums, n);
    }

    /**
     * The statistic from the rank sums R_j over N blocks:
     * {@code chi2 = 12 / (N k (k+1)) * sum_j R_j^2 - 3 N (k+1)}, df = k - 1, {@code W = chi2 / (N (k-1))}.
     */
    public static FriedmanResult fromRankSums(double[] rankSums, int n) {
        int k = rankSums.length;
        if (k < 2) throw new IllegalArgumentException("the Friedman test needs at least two variants, got " + k);
        if (n < 1) throw new IllegalArgumentException("the Friedman test needs at least one block");
        double sumSq = 0;
        for (double r : rankSums) sumSq += r * r;
        double chi2 = 12.0 / ((double) n * k * (k + 1)) * sumSq - 3.0 * n * (k + 1);
        // Rounding can leave a hair below zero when all rank sums are equal; the statistic is a sum of squares.
        if (chi2 < 0 && chi2 > -1e-9) chi2 = 0;
        int df = k - 1;
        double w = kendallW(chi2, n, k);
        return new FriedmanResult(k, n, chi2, df, pValue(chi2, df), w, rankSums);
    }

    /** Kendall's coefficient of concordance from the Friedman statistic: {@code W = chi2 / (N (k - 1))}. */
    public static double kendallW(double chi2, int n, int k) {
        return chi2 / ((double) n * (k - 1));
    }

    /** Upper-tail probability P(X >= chi2) for X ~ chi-square(df). */
    public static double pValue(double chi2, int df) {
        if (chi2 <= 0) return 1.0;
        // The upper tail directly, Q(df/2, chi2/2), keeps its relative precision where 1 - cdf would round to 0.
        return Gamma.regularizedGammaQ(df / 2.0, chi2 / 2.0);
    }

    /** A plain-language reading of the test for reports and the statistics panel. */
    public static String reading(FriedmanResult r, double alpha) {
        String strength;
        double w = r.kendallW();
        if (w >= 0.7) strength = "high";
        else if (w >= 0.5) strength = "moderate";
        else if (w >= 0.3) strength = "fair";
        else strength = "weak";
        String pText = r.p() < 0.00001 ? "p < 0.00001" : String.format(java.util.Locale.ROOT, "p = %.5f", r.p());
        if (r.p() < alpha) {
            return String.format(java.util.Locale.ROOT,
                    "The %d variants do not perform alike: their ranks differ more than chance would explain "
                            + "(Friedman chi2 = %.3f, df = %d, %s, below the %.2f level). Kendall's W = %.3f means %s agreement "
                            + "between the %d blocks: the variants keep %s order whether one compares their best, "
                            + "second-best or %s-best records.",
                    r.k(), r.chi2(), r.df(), pText, alpha, w, strength, r.n(),
                    w >= 0.7 ? "nearly the same" : w >= 0.5 ? "a fairly stable" : "only a partly stable",
                    ordinal(r.n()));
        }
        return String.format(java.util.Locale.ROOT,
                "No significant difference between the %d variants at the %.2f level (Friedman chi2 = %.3f, "
                        + "df = %d, %s): the ranks could have arisen by chance. Kendall's W = %.3f (%s agreement "
                        + "between the %d blocks). More seeds or epochs may separate them.",
                r.k(), alpha, r.chi2(), r.df(), pText, w, strength, r.n());
    }

    private static String ordinal(int n) {
        int m100 = n % 100, m10 = n % 10;
        String suffix = m100 >= 11 && m100 <= 13 ? "th" : m10 == 1 ? "st" : m10 == 2 ? "nd" : m10 == 3 ? "rd" : "th";
        return n + suffix;
    }
}
