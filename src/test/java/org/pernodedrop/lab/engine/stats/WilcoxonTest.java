package org.pernodedrop.lab.engine.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WilcoxonTest {

    /** n = 8, every difference positive: W+ = 36, W- = 0; only 1 of 2^8 sign patterns is as extreme each way. */
    @Test
    void eightPositiveDifferencesGiveTwoIn256() {
        double[] x = {1.1, 2.3, 3.2, 4.9, 5.4, 6.6, 7.5, 8.8};
        double[] y = new double[8];
        Wilcoxon.Result r = Wilcoxon.test(x, y);
        assertThat(r.exact()).isTrue();
        assertThat(r.n()).isEqualTo(8);
        assertThat(r.wPlus()).isEqualTo(36.0);
        assertThat(r.wMinus()).isEqualTo(0.0);
        assertThat(r.p()).isEqualTo(2.0 / 256);
        assertThat(Wilcoxon.smallestExactP(8)).isEqualTo(0.0078125);
        assertThat(Wilcoxon.smallestExactP(5)).isEqualTo(0.0625);
    }

    /**
     * Hand-computed, n = 5, d = (1, -2, 3, 4, 5): W+ = 1+3+4+5 = 13, W- = 2. Subsets of {1..5} with sum <= 2:
     * {}, {1}, {2}, so P(W- <= 2) = 3/32 and p = 6/32 = 0.1875. Swapping x and y swaps W+ and W-, same p.
     */
    @Test
    void handComputedSmallSample() {
        double[] x = {1, 0, 3, 4, 5}, y = {0, 2, 0, 0, 0};
        Wilcoxon.Result r = Wilcoxon.test(x, y);
        assertThat(r.wPlus()).isEqualTo(13.0);
        assertThat(r.wMinus()).isEqualTo(2.0);
        assertThat(r.p()).isEqualTo(0.1875);
        Wilcoxon.Result s = Wilcoxon.test(y, x);
        assertThat(s.wPlus()).isEqualTo(2.0);
        assertThat(s.p()).isEqualTo(0.1875);
    }

    /**
     * Published critical values: for n = 10 two-sided at 0.05, reject when T = min(W+, W-) <= 8. By hand: subsets
     * of {1..10} with sum <= 8 number 1+1+1+2+2+3+4+5+6 = 25, so p(T = 8) = 50/1024 = 0.0488; sum 9 adds 8 more
     * (9, 8+1, 7+2, 6+3, 5+4, 6+2+1, 5+3+1, 4+3+2), p(T = 9) = 66/1024 = 0.0645 > 0.05.
     */
    @Test
    void agreesWithTheCriticalValueTableForTen() {
        assertThat(Wilcoxon.test(signed(10, 8), new double[10]).p()).isEqualTo(50.0 / 1024);
        assertThat(Wilcoxon.test(signed(10, 9), new double[10]).p()).isEqualTo(66.0 / 1024);
        // W+ at its mean n(n+1)/4 = 27.5 cannot happen with integers; W- = 27 vs 28: p = 1 (capped)
        assertThat(Wilcoxon.exactP(10, 27)).isGreaterThan(0.9);
        assertThat(Wilcoxon.exactP(10, 28)).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
    }

    /**
     * Ties and a zero, by hand: pairs with d = (1, -1, 2, 2, 3, 4, 0). The zero is dropped (n = 6). |d| ranks:
     * 1,1 -> 1.5 each; 2,2 -> 3.5 each; 3 -> 5; 4 -> 6. W+ = 1.5 + 3.5 + 3.5 + 5 + 6 = 19.5, W- = 1.5.
     * Mean n(n+1)/4 = 10.5; variance 6*7*13/24 - (2^3-2 + 2^3-2)/48 = 22.75 - 0.25 = 22.5;
     * z = 9 / sqrt(22.5) = 1.8974, p = 2 (1 - Phi(z)) = 0.0578.
     */
    @Test
    void tiesUseTheNormalApproximationWithTieCorrection() {
        double[] x = {1, 0, 2, 2, 3, 4, 5}, y = {0, 1, 0, 0, 0, 0, 5};
        Wilcoxon.Result r = Wilcoxon.test(x, y);
        assertThat(r.exact()).isFalse();
        assertThat(r.n()).isEqualTo(6);
        assertThat(r.zeros()).isEqualTo(1);
        assertThat(r.wPlus()).isEqualTo(19.5);
        assertThat(r.wMinus()).isEqualTo(1.5);
        double z = 9 / Math.sqrt(22.5);
        assertThat(r.z()).isCloseTo(z, within(1e-12));
        assertThat(r.p()).isCloseTo(2 * (1 - new NormalDistribution().cumulativeProbability(z)), within(1e-12));
        assertThat(r.p()).isCloseTo(0.0578, within(0.0001));
    }

    /**
     * Ties that are not next to each other in the input, by hand: d = (2, 1, -2, 3, -1, 4). |d| ranks: the 1s
     * share 1.5, the 2s share 3.5, 3 -> 5, 4 -> 6. W+ = 3.5 + 1.5 + 5 + 6 = 16, W- = 5. Two tie groups of 2:
     * variance 22.75 - 12/48 = 22.5, z = (16 - 10.5) / sqrt(22.5) = 1.1595.
     */
    @Test
    void scatteredTiesAreFound() {
        Wilcoxon.Result r = Wilcoxon.test(new double[]{2, 1, -2, 3, -1, 4}, new double[6]);
        assertThat(r.exact()).isFalse();
        assertThat(r.wPlus()).isEqualTo(16.0);
        assertThat(r.z()).isCloseTo(5.5 / Math.sqrt(22.5), within(1e-12));
    }

    /** Beyond the exact range (n = 60, no ties) the normal approximation is used: W+ = 1830, mean 915. */
    @Test
    void largeSamplesUseTheNormalApproximation() {
        double[] x = new double[60];
        for (int i = 0; i < 60; i++) x[i] = i + 1;
        Wilcoxon.Result r = Wilcoxon.test(x, new double[60]);
        assertThat(r.exact()).isFalse();
        assertThat(r.z()).isCloseTo(915 / Math.sqrt(60 * 61 * 121 / 24.0), within(1e-12));
    }

    /** Under H0 (symmetric differences) exact p values are valid: P(p <= 0.05) stays at or below 0.05. */
    @Test
    void exactTestHoldsItsLevelUnderTheNull() {
        java.util.Random rnd = new java.util.Random(7);
        int rejections = 0, trials = 4000;
        for (int t = 0; t < trials; t++) {
            double[] x = new double[12], y = new double[12];
            for (int i = 0; i < 12; i++) {
                x[i] = rnd.nextGaussian();
                y[i] = rnd.nextGaussian();
            }
            if (Wilcoxon.test(x, y).p() <= 0.05) rejections++;
        }
        // the exact size for n = 12 at 0.05 is P(T <= 13) = 2 * 87/4096 = 0.0425; sd of the rate ~ 0.0032
        assertThat(rejections / (double) trials).isBetween(0.0425 - 0.013, 0.0425 + 0.013);
    }

    @Test
    void allZeroDifferencesAndBadInput() {
        Wilcoxon.Result r = Wilcoxon.test(new double[]{1, 2}, new double[]{1, 2});
        assertThat(r.n()).isZero();
        assertThat(r.p()).isEqualTo(1.0);
        assertThatThrownBy(() -> Wilcoxon.test(new double[]{1}, new double[]{1, 2}))
                .hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Wilcoxon.test(new double[]{1, Double.NaN}, new double[]{1, 2}))
                .hasMessageContaining("pair 2");
    }

    /** Differences 1..n with the one of size {@code wMinus} negative, so W- = wMinus. */
    private static double[] signed(int n, int wMinus) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = i + 1;
        d[wMinus - 1] = -wMinus;
        return d;
    }
}
