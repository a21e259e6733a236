package org.pernodedrop.lab.engine.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FriedmanTest {

    /**
     * Hand-computed, N = 3 blocks, k = 3 variants (A, B, C), lower is better, with ties:
     * <pre>
     * block 1: A 0.5  B 0.6  C 0.7  -> ranks 1    2    3
     * block 2: A 0.4  B 0.4  C 0.9  -> ranks 1.5  1.5  3      (A,B tie for places 1-2)
     * block 3: A 0.8  B 0.3  C 0.8  -> ranks 2.5  1    2.5    (A,C tie for places 2-3)
     * R = (5, 4.5, 8.5), sum = 18 = N k (k+1) / 2
     * sum R^2 = 25 + 20.25 + 72.25 = 117.5
     * chi2 = 12 / (3*3*4) * 117.5 - 3*3*4 = 117.5/3 - 36 = 19/6 = 3.1666...
     * df = 2, W = chi2 / (N (k-1)) = (19/6) / 6 = 19/36 = 0.52777...
     * p: the chi-square survival function with 2 df is exp(-x/2), so p = exp(-19/12) = 0.20529...
     * </pre>
     */
    @Test
    void handComputedExampleWithTies() {
        double[][] blocks = {
                {0.5, 0.6, 0.7},
                {0.4, 0.4, 0.9},
                {0.8, 0.3, 0.8},
        };
        FriedmanResult r = Friedman.test(blocks);
        assertThat(r.k()).isEqualTo(3);
        assertThat(r.n()).isEqualTo(3);
        assertThat(r.rankSums()).containsExactly(5, 4.5, 8.5);
        assertThat(r.chi2()).isCloseTo(19.0 / 6.0, within(1e-12));
        assertThat(r.df()).isEqualTo(2);
        assertThat(r.kendallW()).isCloseTo(19.0 / 36.0, within(1e-12));
        assertThat(r.p()).isCloseTo(Math.exp(-19.0 / 12.0), within(1e-10));
        assertThat(r.meanRanks()).containsExactly(5.0 / 3, 1.5, 8.5 / 3);
    }

    /** Table V's rows: W = chi2 / (N (k-1)) with N = 5, and p as printed (5 decimals). */
    @Test
    void paperTableVRowsSatisfyTheIdentityAndTheirPValues() {
        // CIFAR-10: k = 8, chi2 = 34.600, p = 0.00001, W = 0.989
        assertThat(Friedman.kendallW(34.600, 5, 8)).isCloseTo(0.989, within(0.0005));
        assertThat(Friedman.pValue(34.600, 7)).isCloseTo(0.00001, within(0.000005));
        // RCV1-v2: k = 7 (no MaskEnsemble), chi2 = 25.114, p = 0.00033, W = 0.837
        assertThat(Friedman.kendallW(25.114, 5, 7)).isCloseTo(0.837, within(0.0005));
        assertThat(Friedman.pValue(25.114, 6)).isCloseTo(0.00033, within(0.000005));
        // Speech Commands: k = 8, chi2 = 34.467, p = 0.00001, W = 0.985
        assertThat(Friedman.kendallW(34.467, 5, 8)).isCloseTo(0.985, within(0.0005));
        assertThat(Friedman.pValue(34.467, 7)).isCloseTo(0.00001, within(0.000005));
    }

    /**
     * Blocks that give the paper's CIFAR-10 statistic exactly. With N = 5, k = 8 and the same order in every
     * block, R_j = 5j, sum R^2 = 25 * 204 = 5100 and chi2 = 12/360 * 5100 - 135 = 35 (W = 1). Swapping the first
     * two variants in two of the five blocks gives R_1 = 7, R_2 = 8: sum R^2 = 5100 - 25 - 100 + 49 + 64 = 5088,
     * chi2 = 5088/30 - 135 = 34.6 and W = 34.6/35 = 0.98857, the paper's 34.600 and 0.989.
     * Swapping two different pairs once each (delta sum R^2 = -8 each) gives 5084/30 - 135 = 34.467, the
     * Speech Commands row.
     */
    @Test
    void reconstructedBlocksReproduceThePaperStatistics() {
        double[][] cifar = ordered(5, 8);
        swap(cifar[1], 0, 1);
        swap(cifar[3], 0, 1);
        FriedmanResult c = Friedman.test(cifar);
        assertThat(c.chi2()).isCloseTo(34.6, within(1e-9));
        assertThat(c.kendallW()).isCloseTo(34.6 / 35, within(1e-12));
        assertThat(c.kendallW()).isCloseTo(c.chi2() / (c.n() * (c.k() - 1)), within(1e-15));
        assertThat(Math.round(c.kendallW() * 1000) / 1000.0).isEqualTo(0.989);

        double[][] speech = ordered(5, 8);
        swap(speech[0], 2, 3);
        swap(speech[4], 5, 6);
        FriedmanResult s = Friedman.test(speech);
        assertThat(s.chi2()).isCloseTo(34.467, within(0.0005));
        assertThat(Math.round(s.kendallW() * 1000) / 1000.0).isEqualTo(0.985);

        FriedmanResult perfect = Friedman.test(ordered(5, 8));
        assertThat(perfect.chi2()).isCloseTo(35.0, within(1e-9));
        assertThat(perfect.kendallW()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void pValueMatchesKnownChiSquareQuantiles() {
        // chi2_{0.95}(7) = 14.067, chi2_{0.99}(6) = 16.812, chi2_{0.95}(1) = 3.841 (standard tables)
        assertThat(Friedman.pValue(14.067140, 7)).isCloseTo(0.05, within(1e-6));
        assertThat(Friedman.pValue(16.811894, 6)).isCloseTo(0.01, within(1e-6));
        assertThat(Friedman.pValue(3.841459, 1)).isCloseTo(0.05, within(1e-6));
        assertThat(Friedman.pValue(0.0, 3)).isEqualTo(1.0);
        // far tail, df = 2: exactly exp(-x/2); 1 - cdf would give 0 here
        assertThat(Friedman.pValue(100.0, 2)).isCloseTo(Math.exp(-50), within(1e-30));
        assertThat(Friedman.pValue(100.0, 2) / Math.exp(-50)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void identicalBlocksOfAllTiesGiveNoEvidence() {
        FriedmanResult r = Friedman.test(new double[][]{{1, 1, 1}, {2, 2, 2}});
        assertThat(r.chi2()).isEqualTo(0.0);
        assertThat(r.kendallW()).isEqualTo(0.0);
        assertThat(r.p()).isEqualTo(1.0);
    }

    @Test
    void readingSaysWhetherTheDifferenceIsSignificant() {
        double[][] cifar = ordered(5, 8);
        assertThat(Friedman.reading(Friedman.test(cifar), 0.05)).contains("do not perform alike")
                .contains("high agreement");
        FriedmanResult weak = Friedman.test(new double[][]{{1, 2}, {2, 1}});
        assertThat(Friedman.reading(weak, 0.05)).contains("No significant difference");
    }

    /** [n][k] values where variant j is the j-th best in every block. */
    private static double[][] ordered(int n, int k) {
        double[][] b = new double[n][k];
        for (int t = 0; t < n; t++) for (int j = 0; j < k; j++) b[t][j] = 0.5 + 0.1 * j + 0.01 * t;
        return b;
    }

    private static void swap(double[] a, int i, int j) {
        double x = a[i];
        a[i] = a[j];
        a[j] = x;
    }
}
