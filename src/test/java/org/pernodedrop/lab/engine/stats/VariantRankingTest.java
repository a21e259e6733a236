package org.pernodedrop.lab.engine.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.experiment.RunRecord;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VariantRankingTest {

    private static RunRecord rec(String variant, int epoch, double val) {
        return new RunRecord(variant + "-run", "spiral", variant, 0.5, 16, 1, epoch, 0.5, 0.4, 0.9, val, 0.8, 1.0);
    }

    /**
     * Hand-computed:
     * <pre>
     * A: 0.1 0.3 0.5 0.7 0.9 (+ a 6th record 2.0 that is not in its top 5, + a NaN epoch that is ignored)
     * B: 0.2 0.3 0.6 0.8 1.0
     * C: three finite records -> excluded (fewer than 5)
     * blocks (t-th best): t1 A<B, t2 tie (1.5 each), t3 A<B, t4 A<B, t5 A<B
     * R_A = 1 + 1.5 + 1 + 1 + 1 = 5.5, R_B = 2 + 1.5 + 2 + 2 + 2 = 9.5
     * chi2 = 12 / (5*2*3) (5.5^2 + 9.5^2) - 3*5*3 = 0.4 * 120.5 - 45 = 3.2, df = 1, W = 3.2 / 5 = 0.64
     * p(chi2_1 >= 3.2) = 2 (1 - Phi(sqrt 3.2))
     * pooled ranks of the ten values: 0.1->1, 0.2->2, 0.3,0.3->3.5, 0.5->5, 0.6->6, 0.7->7, 0.8->8, 0.9->9, 1.0->10
     * A: (1 + 3.5 + 5 + 7 + 9) / 5 = 5.1, B: (2 + 3.5 + 6 + 8 + 10) / 5 = 5.9
     * </pre>
     */
    @Test
    void handComputedRankingWithTiesAndAnExcludedVariant() {
        List<RunRecord> rs = new ArrayList<>();
        double[] a = {0.9, 0.1, 2.0, 0.5, 0.3, 0.7};
        double[] b = {0.3, 1.0, 0.2, 0.8, 0.6};
        for (int i = 0; i < a.length; i++) rs.add(rec("A", i + 1, a[i]));
        rs.add(rec("A", 99, Double.NaN));
        for (int i = 0; i < b.length; i++) rs.add(rec("B", i + 1, b[i]));
        for (int i = 0; i < 3; i++) rs.add(rec("C", i + 1, 0.05));
        rs.add(rec("C", 4, Double.POSITIVE_INFINITY));

        VariantRanking vr = VariantRanking.of(rs);
        assertThat(vr.variants()).containsExactly("A", "B");
        assertThat(vr.excluded()).containsEntry("C", 3).hasSize(1);
        assertThat(vr.notes()).anyMatch(n -> n.contains("C (3)") && n.contains("fewer than 5"));
        assertThat(vr.topRecords().get("A")).extracting(RunRecord::valLoss).containsExactly(0.1, 0.3, 0.5, 0.7, 0.9);
        assertThat(vr.pooledMeanRanks().get("A")).isCloseTo(5.1, within(1e-12));
        assertThat(vr.pooledMeanRanks().get("B")).isCloseTo(5.9, within(1e-12));
        assertThat(vr.blockMeanRanks().get("A")).isCloseTo(5.5 / 5, within(1e-12));
        FriedmanResult f = vr.friedman().orElseThrow();
        assertThat(f.rankSums()).containsExactly(5.5, 9.5);
        assertThat(f.chi2()).isCloseTo(3.2, within(1e-12));
        assertThat(f.df()).isEqualTo(1);
        assertThat(f.kendallW()).isCloseTo(0.64, within(1e-12));
        double expectedP = 2 * (1 - new NormalDistribution().cumulativeProbability(Math.sqrt(3.2)));
        assertThat(f.p()).isCloseTo(expectedP, within(1e-9));
    }

    @Test
    void oneUsableVariantMeansNoTestAndSaysSo() {
        List<RunRecord> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) rs.add(rec("A", i + 1, 0.1 * (i + 1)));
        rs.add(rec("B", 1, 0.2));
        VariantRanking vr = VariantRanking.of(rs);
        assertThat(vr.friedman()).isEmpty();
        assertThat(vr.variants()).containsExactly("A");
        assertThat(vr.notes()).anyMatch(n -> n.contains("no test was run"));
        assertThat(vr.excluded()).containsEntry("B", 1);
    }

    @Test
    void noUsableVariantSaysSo() {
        VariantRanking vr = VariantRanking.of(List.of(rec("A", 1, 0.3)));
        assertThat(vr.variants()).isEmpty();
        assertThat(vr.friedman()).isEmpty();
        assertThat(vr.notes()).anyMatch(n -> n.contains("no ranking and no Friedman test"));
    }

    /** Best first even when the names sort the other way; equal pooled ranks fall back to the name. */
    @Test
    void orderFollowsRanksNotNames() {
        List<RunRecord> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rs.add(rec("a-worse", i + 1, 1.0 + i));
            rs.add(rec("z-better", i + 1, 0.1 + i));
            rs.add(rec("m-tied", i + 1, 1.0 + i));
        }
        VariantRanking vr = VariantRanking.of(rs);
        assertThat(vr.variants()).containsExactly("z-better", "a-worse", "m-tied");
        // rank sums follow the best-first order: z-better first in every block (5), the other two tie (12.5 each)
        assertThat(vr.friedman().orElseThrow().rankSums()).containsExactly(5, 12.5, 12.5);
    }

    @Test
    void variantsAreListedBestFirst() {
        List<RunRecord> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rs.add(rec("worse", i + 1, 1.0 + i));
            rs.add(rec("better", i + 1, 0.1 + i));
        }
        VariantRanking vr = VariantRanking.of(rs);
        assertThat(vr.variants()).containsExactly("better", "worse");
        assertThat(vr.friedman().orElseThrow().rankSums()).containsExactly(5, 10);
        assertThat(vr.friedman().orElseThrow().kendallW()).isCloseTo(1.0, within(1e-12));
    }
}
