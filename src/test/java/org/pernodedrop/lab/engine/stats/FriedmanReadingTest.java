package org.pernodedrop.lab.engine.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-language reading's wording at the stated W thresholds, and the result record's value semantics. */
class FriedmanReadingTest {

    private static FriedmanResult withW(double w, double p, int n) {
        return new FriedmanResult(3, n, w * n * 2, 2, p, w, new double[]{n, 2 * n, 3 * n});
    }

    /** Strength words: W >= 0.7 high, >= 0.5 moderate, >= 0.3 fair, else weak (thresholds inclusive). */
    @Test
    void strengthThresholdsAreInclusive() {
        assertThat(Friedman.reading(withW(0.7, 0.01, 5), 0.05)).contains("high agreement", "nearly the same");
        assertThat(Friedman.reading(withW(0.6999, 0.01, 5), 0.05)).contains("moderate agreement",
                "a fairly stable");
        assertThat(Friedman.reading(withW(0.5, 0.01, 5), 0.05)).contains("moderate agreement", "a fairly stable");
        assertThat(Friedman.reading(withW(0.4999, 0.01, 5), 0.05)).contains("fair agreement",
                "only a partly stable");
        assertThat(Friedman.reading(withW(0.3, 0.01, 5), 0.05)).contains("fair agreement");
        assertThat(Friedman.reading(withW(0.2999, 0.01, 5), 0.05)).contains("weak agreement");
        // the level: p equal to alpha is not below it
        assertThat(Friedman.reading(withW(0.9, 0.05, 5), 0.05)).startsWith("No significant difference")
                .contains("p = 0.05000", "(high agreement");
        assertThat(Friedman.reading(withW(0.9, 0.000001, 5), 0.05)).contains("p < 0.00001");
        assertThat(Friedman.reading(withW(0.9, 0.00001, 5), 0.05)).contains("p = 0.00001");
    }

    /** English ordinals for "the n-th best record": 1st 2nd 3rd 4th, 11th-13th, 21st 22nd 23rd, 111th. */
    @Test
    void ordinalsOfTheBlockCount() {
        int[] n = {1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112};
        String[] o = {"1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th",
                "112th"};
        for (int i = 0; i < n.length; i++) {
            assertThat(Friedman.reading(withW(0.8, 0.001, n[i]), 0.05)).as("n = %d", n[i])
                    .contains("second-best or " + o[i] + "-best records");
        }
    }

    @Test
    void resultsAreValuesWithCopiedRankSums() {
        double[] sums = {5, 4.5, 8.5};
        FriedmanResult a = new FriedmanResult(3, 3, 19.0 / 6, 2, 0.2, 19.0 / 36, sums);
        sums[0] = 99;
        assertThat(a.rankSums()[0]).isEqualTo(5.0);
        a.rankSums()[1] = 99;
        assertThat(a.rankSums()[1]).isEqualTo(4.5);
        FriedmanResult same = Friedman.test(new double[][]{{0.5, 0.6, 0.7}, {0.4, 0.4, 0.9}, {0.8, 0.3, 0.8}});
        FriedmanResult b = new FriedmanResult(3, 3, same.chi2(), 2, same.p(), same.kendallW(), same.rankSums());
        assertThat(b).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(b).isNotEqualTo(new FriedmanResult(3, 3, same.chi2(), 2, same.p(), same.kendallW(),
                new double[]{5, 4.5, 8.0}));
        assertThat(b).isNotEqualTo(new FriedmanResult(2, 3, same.chi2(), 2, same.p(), same.kendallW(),
                same.rankSums()));
        assertThat(b).isNotEqualTo(new FriedmanResult(3, 4, same.chi2(), 2, same.p(), same.kendallW(),
                same.rankSums()));
        assertThat(b).isNotEqualTo(new FriedmanResult(3, 3, 1.0, 2, same.p(), same.kendallW(), same.rankSums()));
        assertThat(b).isNotEqualTo(new FriedmanResult(3, 3, same.chi2(), 3, same.p(), same.kendallW(),
                same.rankSums()));
        assertThat(b).isNotEqualTo(new FriedmanResult(3, 3, same.chi2(), 2, 0.5, same.kendallW(), same.rankSums()));
        assertThat(b).isNotEqualTo(new FriedmanResult(3, 3, same.chi2(), 2, same.p(), 0.1, same.rankSums()));
        assertThat(b).isNotEqualTo("not a result");
        assertThat(b.hashCode()).isNotEqualTo(new FriedmanResult(3, 3, 1.0, 2, 0.5, 0.1, new double[]{1, 2, 3})
                .hashCode());
        assertThat(b.toString()).contains("k=3", "n=3", "df=2", "rankSums=[5.0, 4.5, 8.5]");
    }

    @Test
    void badShapesAreNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Friedman.test(new double[][]{{1, 2}, {1}}))
                .hasMessageContaining("block 2 has 1 values, block 1 has 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Friedman.test(new double[0][]))
                .hasMessageContaining("at least one block");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Friedman.fromRankSums(new double[]{1}, 1))
                .hasMessageContaining("at least two variants");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Friedman.fromRankSums(new double[]{1, 2}, 0))
                .hasMessageContaining("at least one block");
        // one block: chi2 = 12/(1*2*3) (1 + 4) - 3*1*3 = 1 exactly, not clipped
        assertThat(Friedman.fromRankSums(new double[]{1, 2}, 1).chi2()).isEqualTo(1.0);
    }
}
