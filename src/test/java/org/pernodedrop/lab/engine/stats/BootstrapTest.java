package org.pernodedrop.lab.engine.stats;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BootstrapTest {

    /**
     * Two values {0, 1}: a resample mean is 0, 0.5 or 1 with probabilities 1/4, 1/2, 1/4. The 2.5 % and 97.5 %
     * points of that distribution are 0 and 1, and with 10,000 resamples about 2,500 land on each end, far beyond
     * the 250th order statistic.
     */
    @Test
    void twoValuesByHand() {
        Bootstrap.Interval i = Bootstrap.meanInterval(new double[]{0, 1}, 10_000, 0.95, 3);
        assertThat(i.mean()).isEqualTo(0.5);
        assertThat(i.lower()).isEqualTo(0.0);
        assertThat(i.upper()).isEqualTo(1.0);
        assertThat(i.degenerate()).isFalse();
    }

    @Test
    void constantAndSingleValuesGiveAPoint() {
        Bootstrap.Interval c = Bootstrap.meanInterval(new double[]{0.7, 0.7, 0.7}, 500, 0.95, 1);
        assertThat(c.lower()).isCloseTo(0.7, within(1e-15));
        assertThat(c.upper()).isEqualTo(c.lower());
        Bootstrap.Interval one = Bootstrap.meanInterval(new double[]{0.4}, 500, 0.95, 1);
        assertThat(one.degenerate()).isTrue();
        assertThat(one.lower()).isEqualTo(0.4);
    }

    @Test
    void deterministicForASeed() {
        double[] x = {0.81, 0.79, 0.84, 0.80, 0.88, 0.77};
        Bootstrap.Interval a = Bootstrap.meanInterval(x, 10_000, 0.95, 42);
        Bootstrap.Interval b = Bootstrap.meanInterval(x, 10_000, 0.95, 42);
        assertThat(a).isEqualTo(b);
        Bootstrap.Interval c = Bootstrap.meanInterval(x, 10_000, 0.95, 43);
        // another seed moves the ends by Monte Carlo error only (about 0.001 here), never much
        assertThat(c.lower()).isCloseTo(a.lower(), within(0.004));
        assertThat(c).isNotEqualTo(a);
        assertThat(a.lower()).isLessThan(a.mean());
        assertThat(a.upper()).isGreaterThan(a.mean());
    }

    /**
     * Coverage over many draws: 1,000 samples of n = 20 from N(5, 2^2), 1,000 resamples each. The percentile
     * interval of a mean behaves like mean +- 1.96 sd_plugin / sqrt(n) with sd_plugin = s sqrt(19/20), so its
     * coverage is about P(|t_19| < 1.96 sqrt(0.95) = 1.91) = 0.929. The binomial sd of the estimate is about 0.008;
     * the band [0.90, 0.96] is about +-4 sd around that value and excludes gross errors (e.g. a 90 % or 99 % interval).
     */
    @Test
    void coverageOfTheTrueMeanIsNearNominal() {
        Random rnd = new Random(2024);
        int covered = 0, draws = 1000;
        for (int d = 0; d < draws; d++) {
            double[] x = new double[20];
            for (int i = 0; i < 20; i++) x[i] = 5 + 2 * rnd.nextGaussian();
            Bootstrap.Interval ci = Bootstrap.meanInterval(x, 1000, 0.95, d);
            if (ci.lower() <= 5 && 5 <= ci.upper()) covered++;
        }
        assertThat(covered / (double) draws).isBetween(0.90, 0.96);
    }

    /** For large n the width approaches 2 * 1.96 * sigma / sqrt(n): n = 400, sigma = 1 gives 0.196. */
    @Test
    void widthMatchesTheNormalTheoryForLargeSamples() {
        Random rnd = new Random(11);
        double[] x = new double[400];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        Bootstrap.Interval ci = Bootstrap.meanInterval(x, 10_000, 0.95, 5);
        double s = 0, m = ci.mean();
        for (double v : x) s += (v - m) * (v - m);
        double se = Math.sqrt(s / (x.length - 1)) / Math.sqrt(x.length);
        assertThat(ci.upper() - ci.lower()).isCloseTo(2 * 1.96 * se, within(0.1 * 2 * 1.96 * se));
    }

    /** One resample: both ends are that resample's mean, one of the values of a one-value-per-draw set. */
    @Test
    void oneResampleAndTheLevelBounds() {
        Bootstrap.Interval i = Bootstrap.meanInterval(new double[]{2.0}, 1, 0.95, 9);
        assertThat(i.lower()).isEqualTo(2.0);
        assertThat(i.upper()).isEqualTo(2.0);
        assertThatThrownBy(() -> Bootstrap.meanInterval(new double[]{1}, 10, 0.0, 1)).hasMessageContaining("level");
        assertThatThrownBy(() -> Bootstrap.meanInterval(new double[]{1}, 10, 1.0, 1)).hasMessageContaining("level");
    }

    /**
     * The order statistics: with 40 resamples at the 50 % level, c = ceil(40 * 0.25) = 10, so the ends are the 10th
     * smallest and the 10th largest resample means. Recomputed here from the same java.util.Random stream (the
     * generator the Java specification fixes) for the values {0, 1, 2, 3}.
     */
    @Test
    void endsAreTheStatedOrderStatistics() {
        double[] x = {0, 1, 2, 3};
        java.util.Random rnd = new java.util.Random(77);
        double[] means = new double[40];
        for (int b = 0; b < 40; b++) {
            double s = 0;
            for (int i = 0; i < 4; i++) s += x[rnd.nextInt(4)];
            means[b] = s / 4;
        }
        java.util.Arrays.sort(means);
        Bootstrap.Interval ci = Bootstrap.meanInterval(x, 40, 0.5, 77);
        assertThat(ci.lower()).isEqualTo(means[9]);
        assertThat(ci.upper()).isEqualTo(means[30]);
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> Bootstrap.meanInterval(new double[0], 10, 0.95, 1))
                .hasMessageContaining("at least one value");
        assertThatThrownBy(() -> Bootstrap.meanInterval(new double[]{1, Double.NaN}, 10, 0.95, 1))
                .hasMessageContaining("value 2");
        assertThatThrownBy(() -> Bootstrap.meanInterval(new double[]{1}, 10, 1.5, 1)).hasMessageContaining("level");
        assertThatThrownBy(() -> Bootstrap.meanInterval(new double[]{1}, 0, 0.95, 1))
                .hasMessageContaining("resamples");
    }
}
