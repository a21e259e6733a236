package org.pernodedrop.lab.engine.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImanDavenportTest {

    /** Demšar 2006, Sec. 3.2.4: chi2_F = 9.28, F_F = 3.69 with (3, 39) df, critical value 2.85 at 0.05. */
    @Test
    void demsarWorkedExample() {
        FriedmanResult f = Friedman.test(DemsarExample.RANKS);
        assertThat(f.rankSums()).containsExactly(44, 28, 40.5, 27.5);
        assertThat(f.meanRanks()[0]).isCloseTo(3.143, within(0.0005));
        assertThat(f.meanRanks()[2]).isCloseTo(2.893, within(0.0005));
        assertThat(f.meanRanks()[3]).isCloseTo(1.964, within(0.0005));
        assertThat(f.chi2()).isCloseTo(9.28, within(0.005));
        ImanDavenport id = ImanDavenport.of(f);
        assertThat(id.f()).isCloseTo(3.69, within(0.005));
        assertThat(id.df1()).isEqualTo(3);
        assertThat(id.df2()).isEqualTo(39);
        assertThat(id.critical(0.05)).isCloseTo(2.85, within(0.005));
        // F_F = 3.69 > 2.85: the null hypothesis is rejected at 0.05, as Demšar concludes
        assertThat(id.p()).isLessThan(0.05).isGreaterThan(0.01);
    }

    /**
     * Hand-computed from FriedmanTest's case (N = 3, k = 3, chi2 = 19/6):
     * F = (N-1) chi2 / (N(k-1) - chi2) = 2 (19/6) / (6 - 19/6) = (19/3) / (17/6) = 38/17, df 2 and 4.
     * With df1 = 2 the F tail has a closed form, P(F >= f) = (df2 / (df2 + 2 f))^(df2/2) = (68/144)^2 = (17/36)^2.
     */
    @Test
    void handComputedCaseWithClosedFormTail() {
        FriedmanResult f = Friedman.test(new double[][]{{0.5, 0.6, 0.7}, {0.4, 0.4, 0.9}, {0.8, 0.3, 0.8}});
        ImanDavenport id = ImanDavenport.of(f);
        assertThat(id.f()).isCloseTo(38.0 / 17.0, within(1e-12));
        assertThat(id.df1()).isEqualTo(2);
        assertThat(id.df2()).isEqualTo(4);
        assertThat(id.p()).isCloseTo((17.0 / 36) * (17.0 / 36), within(1e-12));
    }

    /**
     * With df1 = 2 the F tail is (df2 / (df2 + 2 f))^(df2/2), so the critical value at level a is
     * f = df2 (a^(-2/df2) - 1) / 2: for df2 = 10, 4.1028 at 0.05 and 7.5594 at 0.01 (the tables' 4.10 and 7.56).
     */
    @Test
    void criticalValuesMatchTables() {
        // N = 6, k = 3 -> df (2, 10)
        ImanDavenport a = ImanDavenport.of(Friedman.fromRankSums(new double[]{12, 12, 12}, 6));
        assertThat(a.df2()).isEqualTo(10);
        assertThat(a.critical(0.05)).isCloseTo(5 * (Math.pow(0.05, -0.2) - 1), within(1e-6));
        assertThat(a.critical(0.05)).isCloseTo(4.103, within(0.0005));
        assertThat(a.critical(0.01)).isCloseTo(7.559, within(0.0005));
        // equal rank sums: chi2 = 0, no evidence
        assertThat(a.f()).isEqualTo(0.0);
        assertThat(a.p()).isEqualTo(1.0);
        // N = 5, k = 8 (the paper's shape): df (7, 28)
        ImanDavenport b = ImanDavenport.of(Friedman.fromRankSums(new double[]{5, 10, 15, 20, 25, 30, 35, 40}, 5));
        assertThat(b.df1()).isEqualTo(7);
        assertThat(b.df2()).isEqualTo(28);
    }

    @Test
    void identicalOrderInEveryBlockIsInfiniteAndTwoBlocksAreNeeded() {
        ImanDavenport id = ImanDavenport.of(Friedman.test(new double[][]{{1, 2, 3}, {1, 2, 3}}));
        assertThat(id.f()).isInfinite();
        assertThat(id.p()).isEqualTo(0.0);
        assertThatThrownBy(() -> ImanDavenport.of(Friedman.test(new double[][]{{1, 2, 3}})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two blocks");
    }

    /** p from the F tail equals P(F >= f) computed as 1 - cdf with commons-math for a moderate case. */
    @Test
    void pValueIsTheUpperTailOfF() {
        ImanDavenport id = ImanDavenport.of(Friedman.fromRankSums(new double[]{8, 10, 12, 10}, 4));
        double ref = 1 - new org.apache.commons.math3.distribution.FDistribution(id.df1(), id.df2())
                .cumulativeProbability(id.f());
        assertThat(id.p()).isCloseTo(ref, within(1e-9));
        // chi2 = 12/(4*4*5) * (64+100+144+100) - 3*4*5 = 0.15*408 - 60 = 1.2; F = 3*1.2/(12-1.2) = 1/3
        assertThat(id.f()).isCloseTo(1.0 / 3, within(1e-12));
    }
}
