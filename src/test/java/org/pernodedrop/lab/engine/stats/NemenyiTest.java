package org.pernodedrop.lab.engine.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NemenyiTest {

    /**
     * Demšar 2006, Table 5a, k = 2..10. Its entries are rounded loosely (2.343 and 2.949 where the quantiles over
     * sqrt(2) are 2.3437 and 2.9483), so they are checked to 0.001.
     */
    private static final double[] Q05 = {1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164};
    private static final double[] Q10 = {1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.780, 2.855, 2.920};

    /** Studentized range upper 5 % points for infinite df (standard tables, e.g. Harter 1960), k = 2..10. */
    private static final double[] RANGE05 = {2.772, 3.314, 3.633, 3.858, 4.030, 4.170, 4.286, 4.387, 4.474};

    @Test
    void qAlphaMatchesDemsarTable5a() {
        for (int k = 2; k <= 10; k++) {
            assertThat(Nemenyi.qAlpha(0.05, k)).as("alpha 0.05, k = %d", k).isCloseTo(Q05[k - 2], within(0.001));
            assertThat(Nemenyi.qAlpha(0.10, k)).as("alpha 0.10, k = %d", k).isCloseTo(Q10[k - 2], within(0.001));
            assertThat(StudentizedRange.quantile(0.05, k)).as("range, k = %d", k)
                    .isCloseTo(RANGE05[k - 2], within(0.0006));
        }
    }

    /** The range of two standard normals is sqrt(2) |Z|: q_alpha for k = 2 is the normal quantile z_{1-alpha/2}. */
    @Test
    void twoVariablesReduceToTheNormal() {
        NormalDistribution z = new NormalDistribution();
        assertThat(Nemenyi.qAlpha(0.05, 2)).isCloseTo(z.inverseCumulativeProbability(0.975), within(1e-6));
        for (double q : new double[]{0.3, 1.0, 2.5, 4.0}) {
            assertThat(StudentizedRange.cdf(q, 2)).isCloseTo(2 * z.cumulativeProbability(q / Math.sqrt(2)) - 1,
                    within(1e-9));
        }
        assertThat(StudentizedRange.cdf(0, 3)).isEqualTo(0.0);
        assertThatThrownBy(() -> StudentizedRange.cdf(1, 1)).hasMessageContaining("k = 1");
    }

    /**
     * Demšar's example: CD = 2.569 sqrt(20/84) = 1.2536 at 0.05; the largest difference, C4.5 (3.143) vs C4.5+m+cf
     * (1.964), is 1.179 < CD, so no pair differs and all four form one group. At 0.10, CD = 2.291 sqrt(20/84) =
     * 1.1179: C4.5 differs from C4.5+m+cf (1.179) and from C4.5+m (3.143 - 2.000 = 1.143); groups by hand are
     * {C4.5+m+cf, C4.5+m, C4.5+cf} (2.893 - 1.964 = 0.929 < CD) and {C4.5+cf, C4.5} (0.25).
     */
    @Test
    void demsarWorkedExampleCriticalDifferenceAndGroups() {
        FriedmanResult f = Friedman.test(DemsarExample.RANKS);
        List<String> names = List.of(DemsarExample.NAMES);
        Nemenyi n05 = Nemenyi.of(names, f, 0.05);
        assertThat(n05.cd()).isCloseTo(1.25, within(0.005));
        assertThat(Nemenyi.criticalDifference(0.05, 4, 14)).isCloseTo(2.569 * Math.sqrt(20.0 / 84), within(2e-4));
        assertThat(n05.variants()).containsExactly("C4.5+m+cf", "C4.5+m", "C4.5+cf", "C4.5");
        assertThat(n05.pairs()).hasSize(6).noneMatch(Nemenyi.Pair::significant);
        assertThat(n05.groups()).containsExactly(new int[]{0, 3});

        Nemenyi n10 = Nemenyi.of(names, f, 0.10);
        assertThat(n10.cd()).isCloseTo(1.118, within(0.001));
        assertThat(n10.pairs()).filteredOn(Nemenyi.Pair::significant)
                .extracting(p -> p.better() + " < " + p.worse())
                .containsExactlyInAnyOrder("C4.5+m+cf < C4.5", "C4.5+m < C4.5");
        assertThat(n10.groups()).containsExactly(new int[]{0, 2}, new int[]{2, 3});
    }

    /**
     * A pair's p: for k = 2 the studentized range tail at sqrt(2) d / se is P(|Z| > d / se) = 2 (1 - Phi(d/se)),
     * se = sqrt(k(k+1)/(6N)) = sqrt(1/N). A pair exactly CD apart has p = alpha.
     */
    @Test
    void pairPValues() {
        // N = 4 blocks, rank sums 5 and 7 -> mean ranks 1.25 and 1.75, d = 0.5, se = 0.5, p = 2 (1 - Phi(1))
        Nemenyi n = Nemenyi.of(List.of("a", "b"), Friedman.fromRankSums(new double[]{5, 7}, 4), 0.05);
        assertThat(n.pairs().get(0).difference()).isCloseTo(0.5, within(1e-12));
        assertThat(n.pairs().get(0).p()).isCloseTo(2 * (1 - new NormalDistribution().cumulativeProbability(1)),
                within(1e-8));
        assertThat(n.pairs().get(0).significant()).isFalse();
        assertThat(n.cd()).isCloseTo(1.959964 * 0.5, within(1e-5));
    }

    @Test
    void groupsAreMaximalRunsCloserThanCd() {
        // ranks 1, 1.5, 2.2, 3.0, 4.5 with CD 1.0: runs [0,1] (1.5-1 < 1, 2.2-1 >= 1), [1,2], [2,3]; 4.5 alone
        assertThat(Nemenyi.groups(new double[]{1, 1.5, 2.2, 3.0, 4.5}, 1.0))
                .containsExactly(new int[]{0, 1}, new int[]{1, 2}, new int[]{2, 3});
        // a difference of exactly CD is significant (Demšar: "differ by at least the critical difference")
        assertThat(Nemenyi.groups(new double[]{1, 2}, 1.0)).isEmpty();
        assertThat(Nemenyi.groups(new double[]{1, 1.2, 1.4}, 1.0)).containsExactly(new int[]{0, 2});
    }

    @Test
    void quantileLevelMustBeInsideZeroOne() {
        assertThatThrownBy(() -> StudentizedRange.quantile(0.0, 3)).hasMessageContaining("alpha must be in (0, 1)");
        assertThatThrownBy(() -> StudentizedRange.quantile(1.0, 3)).hasMessageContaining("alpha must be in (0, 1)");
    }

    @Test
    void criticalDifferenceNeedsABlock() {
        assertThatThrownBy(() -> Nemenyi.criticalDifference(0.05, 3, 0)).hasMessageContaining("at least one block");
        // k = 2, N = 1: CD = 1.95996 sqrt(2 * 3 / 6) = 1.95996
        assertThat(Nemenyi.criticalDifference(0.05, 2, 1)).isCloseTo(1.959964, within(1e-5));
    }

    @Test
    void namesMustMatchTheVariants() {
        assertThatThrownBy(() -> Nemenyi.of(List.of("a"), Friedman.fromRankSums(new double[]{3, 3}, 2), 0.05))
                .hasMessageContaining("1 names for 2 variants");
    }
}
