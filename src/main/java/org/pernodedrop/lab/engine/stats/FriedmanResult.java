package org.pernodedrop.lab.engine.stats;

import java.util.Arrays;

/**
 * The Friedman test over {@code n} blocks and {@code k} treatments (variants), with Kendall's W.
 *
 * @param k         number of variants compared
 * @param n         number of blocks (N)
 * @param chi2      Friedman statistic {@code 12 / (N k (k+1)) * sum_j R_j^2 - 3 N (k+1)}
 * @param df        degrees of freedom, {@code k - 1}
 * @param p         upper tail of the chi-square distribution with {@code df} degrees of freedom at {@code chi2}
 * @param kendallW  Kendall's coefficient of concordance {@code chi2 / (N (k - 1))}, in [0, 1] without ties
 * @param rankSums  R_j, the sum over blocks of variant j's within-block rank, in the input's column order
 */
public record FriedmanResult(int k, int n, double chi2, int df, double p, double kendallW, double[] rankSums) {

    public FriedmanResult {
        rankSums = rankSums.clone();
    }

    @Override
    public double[] rankSums() {
        return rankSums.clone();
    }

    /** R_j / N: the mean within-block rank of variant j (1 = best in every block). */
    public double[] meanRanks() {
        double[] m = rankSums.clone();
        for (int j = 0; j < m.length; j++) m[j] /= n;
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FriedmanResult r && k == r.k && n == r.n && Double.compare(chi2, r.chi2) == 0
                && df == r.df && Double.compare(p, r.p) == 0 && Double.compare(kendallW, r.kendallW) == 0
                && Arrays.equals(rankSums, r.rankSums);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(chi2) + Arrays.hashCode(rankSums);
    }

    @Override
    public String toString() {
        return "FriedmanResult[k=" + k + ", n=" + n + ", chi2=" + chi2 + ", df=" + df + ", p=" + p + ", W="
                + kendallW + ", rankSums=" + Arrays.toString(rankSums) + "]";
    }
}
