package org.pernodedrop.lab.engine.stats;

import org.apache.commons.math3.distribution.FDistribution;

/**
 * Iman and Davenport's F form of the Friedman statistic (Iman and Davenport 1980; recommended by Demšar, JMLR 7,
 * 2006, Sec. 3.2.2), which is less conservative than the chi-square approximation for few blocks:
 * <pre>
 *   F_F = (N - 1) chi2 / (N (k - 1) - chi2),   df1 = k - 1,   df2 = (k - 1)(N - 1),
 * </pre>
 * p is the upper tail of the F distribution with (df1, df2) degrees of freedom. N(k-1) is the largest value chi2
 * can take (every block in the same order, no ties); there the denominator is 0, F is infinite and p is 0.
 *
 * @param f   F_F
 * @param df1 k - 1
 * @param df2 (k - 1)(N - 1)
 * @param p   P(F >= f) for F ~ F(df1, df2)
 */
public record ImanDavenport(double f, int df1, int df2, double p) {

    /** The F form of {@code friedman}; needs at least two blocks (with one, df2 = 0). */
    public static ImanDavenport of(FriedmanResult friedman) {
        int n = friedman.n(), k = friedman.k();
        if (n < 2) {
            throw new IllegalArgumentException("the Iman-Davenport F needs at least two blocks (df2 = (k-1)(N-1)), "
                    + "got N = " + n);
        }
        int df1 = k - 1, df2 = (k - 1) * (n - 1);
        double chi2 = friedman.chi2();
        double denom = (double) n * (k - 1) - chi2;
        // chi2 reaches N(k-1) only with identical orders in every block; rounding may leave a hair either side.
        if (denom <= 1e-12 * n * (k - 1)) return new ImanDavenport(Double.POSITIVE_INFINITY, df1, df2, 0.0);
        double f = (n - 1) * chi2 / denom;
        if (f <= 0) return new ImanDavenport(0.0, df1, df2, 1.0);
        // 1 - cdf loses relative precision in the far tail; the regularized beta complement keeps it:
        // P(F >= f) = I_{df2 / (df2 + df1 f)}(df2 / 2, df1 / 2).
        double x = df2 / (df2 + df1 * f);
        double p = org.apache.commons.math3.special.Beta.regularizedBeta(x, df2 / 2.0, df1 / 2.0);
        return new ImanDavenport(f, df1, df2, p);
    }

    /** Critical value of F(df1, df2) at level {@code alpha}, for reports ("reject when F_F exceeds ..."). */
    public double critical(double alpha) {
        return new FDistribution(null, df1, df2).inverseCumulativeProbability(1 - alpha);
    }
}
