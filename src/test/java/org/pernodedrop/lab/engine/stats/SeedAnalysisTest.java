package org.pernodedrop.lab.engine.stats;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.experiment.RunRecord;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SeedAnalysisTest {

    private static RunRecord rec(String ds, String v, long seed, double rate, int epoch, double loss, double acc) {
        return new RunRecord(v + "-p" + rate + "-s" + seed, ds, v, rate, 64, seed, epoch, 0.5, 0.4, 0.9, loss, acc,
                1.0);
    }

    /**
     * Per (variant, seed): the selected record (best loss, its accuracy) plus a worse-loss record with accuracy 0.99
     * at another rate and epoch, which must not be selected, and a diverged epoch, which is ignored.
     */
    private static void add(List<RunRecord> rs, String ds, String v, long seed, double loss, double acc) {
        rs.add(rec(ds, v, seed, 0.3, 4, loss + 0.2, 0.99));
        rs.add(rec(ds, v, seed, 0.5, 7, loss, acc));
        rs.add(rec(ds, v, seed, 0.5, 9, Double.NaN, 0.1));
    }

    /**
     * Hand-computed, k = 3 (A, B, C), N = 4 complete seeds; seed 5 lacks C and is left out.
     * <pre>
     * best loss   A    B    C    ranks      acc of that record  A    B    C
     * seed 1     .50  .60  .70   1 2 3                          .80  .75  .70
     * seed 2     .52  .51  .80   2 1 3                          .78  .79  .60
     * seed 3     .40  .43  .55   1 2 3                          .85  .80  .72
     * seed 4     .48  .57  .46   2 3 1                          .81  .70  .82
     * R = (6, 8, 10): chi2 = 12/(4*3*4) (36+64+100) - 3*4*4 = 50 - 48 = 2, W = 2/8 = 0.25
     * Iman-Davenport F = 3*2/(8-2) = 1, df 2 and 6, p = (6/(6+2))^3 = 0.421875 (closed form for df1 = 2)
     * Nemenyi CD = 2.343 sqrt(12/24) = 1.657; mean ranks 1.5, 2, 2.5: one group.
     * Wilcoxon A-B: d = -.10 +.01 -.03 -.09 -> W+ = 1 -> p = 2 * 2/16 = 0.25
     *          A-C: d = -.20 -.28 -.15 +.02 -> W+ = 1 -> p = 0.25
     *          B-C: d = -.10 -.29 -.12 +.11 -> W+ = 2 -> p = 2 * 3/16 = 0.375
     * Holm: .25*3 = .75, .25*2 = .5 -> .75, .375 -> .75: all 0.75.
     * Accuracy ranks (higher better) equal the loss ranks: chi2 = 2; the 0.99 records would tie everything (chi2 0).
     * </pre>
     */
    @Test
    void handComputedFourSeeds() {
        List<RunRecord> rs = new ArrayList<>();
        double[][] loss = {{.50, .60, .70}, {.52, .51, .80}, {.40, .43, .55}, {.48, .57, .46}};
        double[][] acc = {{.80, .75, .70}, {.78, .79, .60}, {.85, .80, .72}, {.81, .70, .82}};
        String[] v = {"A", "B", "C"};
        for (int s = 0; s < 4; s++) for (int j = 0; j < 3; j++) add(rs, "spiral", v[j], s + 1, loss[s][j], acc[s][j]);
        add(rs, "spiral", "A", 5, 0.3, 0.9);
        add(rs, "spiral", "B", 5, 0.3, 0.9);

        SeedAnalysis sa = SeedAnalysis.of(rs, 0.05);
        SeedBlocks b = sa.blocks();
        assertThat(b.variants()).containsExactly("A", "B", "C");
        assertThat(b.blocks()).containsExactly("seed 1", "seed 2", "seed 3", "seed 4");
        assertThat(b.dropped()).containsOnlyKeys("seed 5");
        assertThat(b.dropped().get("seed 5")).containsExactly("C");
        assertThat(sa.notes()).anyMatch(n -> n.contains("seed 5 (no C)"));
        assertThat(b.valLoss()[1]).containsExactly(.52, .51, .80);
        assertThat(b.valAcc()[3]).containsExactly(.81, .70, .82);
        assertThat(b.best()[0][0].epoch()).isEqualTo(7);

        FriedmanResult f = sa.friedman().orElseThrow();
        assertThat(f.rankSums()).containsExactly(6, 8, 10);
        assertThat(f.chi2()).isCloseTo(2.0, within(1e-12));
        assertThat(f.kendallW()).isCloseTo(0.25, within(1e-12));
        ImanDavenport id = sa.imanDavenport().orElseThrow();
        assertThat(id.f()).isCloseTo(1.0, within(1e-12));
        assertThat(id.df2()).isEqualTo(6);
        assertThat(id.p()).isCloseTo(0.421875, within(1e-12));
        Nemenyi nm = sa.nemenyi().orElseThrow();
        assertThat(nm.cd()).isCloseTo(2.343 * Math.sqrt(0.5), within(0.0005));
        assertThat(nm.variants()).containsExactly("A", "B", "C");
        assertThat(nm.groups()).containsExactly(new int[]{0, 2});

        assertThat(sa.wilcoxon()).extracting(t -> t.a() + t.b()).containsExactly("AB", "AC", "BC");
        assertThat(sa.wilcoxon()).extracting(t -> t.test().p()).containsExactly(0.25, 0.25, 0.375);
        assertThat(sa.wilcoxon()).allSatisfy(t -> {
            assertThat(t.pHolm()).isCloseTo(0.75, within(1e-12));
            assertThat(t.significant()).isFalse();
        });
        SeedAnalysis.PairTest ab = sa.wilcoxon().get(0);
        assertThat(ab.aLower()).isEqualTo(3);
        assertThat(ab.bLower()).isEqualTo(1);
        assertThat(ab.better()).isEqualTo("A");

        assertThat(sa.accFriedman().orElseThrow().chi2()).isCloseTo(2.0, within(1e-12));
        // higher accuracy ranks first: A's accuracy ranks are 1, 2, 1, 2 like its loss ranks
        assertThat(sa.accFriedman().orElseThrow().rankSums()).containsExactly(6, 8, 10);
        // (0.421875 sits on a rounding tie at 5 decimals; either neighbour is right)
        assertThat(sa.summary()).startsWith("seeds as blocks (N = 4): Friedman chi2 = 2.000, Iman-Davenport F = "
                + "1.000, p = 0.4218").endsWith("; Nemenyi CD = 1.657");
        Bootstrap.Interval ci = sa.lossCi().get("A");
        assertThat(ci.n()).isEqualTo(4);
        assertThat(ci.mean()).isCloseTo(0.475, within(1e-12));
        assertThat(ci.lower()).isBetween(0.40, 0.475);
        assertThat(ci.upper()).isBetween(0.475, 0.52);
        assertThat(sa.accCi().get("C").mean()).isCloseTo((.70 + .60 + .72 + .82) / 4, within(1e-12));

        // 3 pairs, N = 4: the smallest exact p is 2/16 = 0.125, so Holm can never get below 0.05
        assertThat(sa.reading()).contains("could have arisen by chance", "no pair can reach 0.05",
                "no pair is significant", "2/2^4 = 0.12500");
    }

    /**
     * Eight seeds, the same order A < B < C in each: chi2 = N(k-1) = 16, F infinite. CD = 2.343 sqrt(12/48) = 1.17:
     * only A-C (mean ranks 1 and 3) differs by CD. Each Wilcoxon pair has all 8 signs equal, p = 2/256, and Holm
     * gives 3 * 2/256 = 0.023 < 0.05 to each (equal p values share the first, largest multiplier): all three
     * pairs are significant.
     */
    @Test
    void consistentOrderOverEightSeedsIsSignificant() {
        List<RunRecord> rs = new ArrayList<>();
        for (int s = 1; s <= 8; s++) {
            add(rs, "spiral", "A", s, 0.40 + 0.01 * s, 0.9);
            add(rs, "spiral", "B", s, 0.50 + 0.013 * s, 0.8);
            add(rs, "spiral", "C", s, 0.60 + 0.017 * s, 0.7);
        }
        SeedAnalysis sa = SeedAnalysis.of(rs, 0.05);
        assertThat(sa.friedman().orElseThrow().chi2()).isCloseTo(16, within(1e-9));
        assertThat(sa.imanDavenport().orElseThrow().p()).isEqualTo(0.0);
        assertThat(sa.nemenyi().orElseThrow().pairs()).filteredOn(Nemenyi.Pair::significant)
                .extracting(p -> p.better() + p.worse()).containsExactly("AC");
        assertThat(sa.wilcoxon()).allMatch(SeedAnalysis.PairTest::significant);
        assertThat(sa.wilcoxon()).allSatisfy(t -> assertThat(t.pHolm()).isCloseTo(6.0 / 256, within(1e-15)));
        assertThat(sa.reading()).contains("do not perform alike", "significantly different: A < C",
                "significant: A < B, A < C, B < C").doesNotContain("no pair can reach");
        assertThat(sa.summary()).contains("N = 8", "infinity", "p = 0.0e+00");
        assertThat(sa.reading()).contains("p = 0.0e+00");
    }

    /** Ties in a block count for neither variant; with even counts the first-named variant is reported better. */
    @Test
    void tiedBlocksCountForNeither() {
        List<RunRecord> rs = new ArrayList<>();
        double[][] loss = {{.4, .5}, {.6, .5}, {.45, .45}};
        for (int s = 0; s < 3; s++) {
            add(rs, "spiral", "A", s + 1, loss[s][0], 0.9);
            add(rs, "spiral", "B", s + 1, loss[s][1], 0.9);
        }
        SeedAnalysis.PairTest t = SeedAnalysis.of(rs, 0.05).wilcoxon().get(0);
        assertThat(t.aLower()).isEqualTo(1);
        assertThat(t.bLower()).isEqualTo(1);
        assertThat(t.better()).isEqualTo("A");
        assertThat(t.worse()).isEqualTo("B");
        assertThat(t.test().zeros()).isEqualTo(1);
    }

    /**
     * Two seeds are the least the tests run on. By hand, A .4 .5 and B .5 .65: A ranks first in both, R = (2, 4),
     * chi2 = 12/(2*2*3) (4 + 16) - 3*2*3 = 2 = N(k-1), so F is infinite; Wilcoxon n = 2 (|d| .1 and .15, no
     * tie), both signs equal, p = 2 * 1/4 = 0.5.
     */
    @Test
    void twoSeedsRunTheTests() {
        List<RunRecord> rs = new ArrayList<>();
        add(rs, "spiral", "A", 1, 0.4, 0.9);
        add(rs, "spiral", "B", 1, 0.5, 0.8);
        add(rs, "spiral", "A", 2, 0.5, 0.9);
        add(rs, "spiral", "B", 2, 0.65, 0.8);
        SeedAnalysis sa = SeedAnalysis.of(rs, 0.05);
        assertThat(sa.friedman().orElseThrow().chi2()).isCloseTo(2.0, within(1e-12));
        assertThat(sa.imanDavenport().orElseThrow().f()).isInfinite();
        assertThat(sa.wilcoxon().get(0).test().p()).isEqualTo(0.5);
        assertThat(sa.reading()).startsWith("Over 2 independent seeds");
    }

    @Test
    void noCompleteBlockCannotTell() {
        List<RunRecord> rs = new ArrayList<>();
        add(rs, "spiral", "A", 1, 0.4, 0.9);
        add(rs, "spiral", "B", 2, 0.5, 0.8);
        SeedAnalysis sa = SeedAnalysis.of(rs, 0.05);
        assertThat(sa.blocks().n()).isZero();
        assertThat(sa.reading()).startsWith("Cannot tell from these runs").contains("no seed where every variant ran");
        assertThat(sa.summary()).contains("0 complete seed blocks, need 2");
        assertThat(sa.notes()).anyMatch(n -> n.contains("No (dataset, seed) pair holds a record of every variant"));
    }

    @Test
    void oneSeedCannotTell() {
        List<RunRecord> rs = new ArrayList<>();
        add(rs, "spiral", "A", 1, 0.4, 0.9);
        add(rs, "spiral", "B", 1, 0.5, 0.8);
        SeedAnalysis sa = SeedAnalysis.of(rs, 0.05);
        assertThat(sa.friedman()).isEmpty();
        assertThat(sa.nemenyi()).isEmpty();
        assertThat(sa.wilcoxon()).isEmpty();
        assertThat(sa.lossCi().get("A").degenerate()).isTrue();
        assertThat(sa.reading()).startsWith("Cannot tell from one seed").contains("two or more seeds");
        assertThat(sa.notes()).anyMatch(n -> n.contains("One seed only"));
        assertThat(sa.summary()).contains("no test", "1 complete seed block");
    }

    @Test
    void severalDatasetsGiveOneBlockPerDatasetAndSeed() {
        List<RunRecord> rs = new ArrayList<>();
        for (String ds : List.of("cifar10", "spiral")) {
            for (int s = 1; s <= 2; s++) {
                add(rs, ds, "A", s, 0.4, 0.9);
                add(rs, ds, "B", s, 0.5, 0.8);
            }
        }
        SeedBlocks b = SeedBlocks.of(rs);
        assertThat(b.blocks()).containsExactly("cifar10 / seed 1", "cifar10 / seed 2", "spiral / seed 1",
                "spiral / seed 2");
        assertThat(b.n()).isEqualTo(4);
    }

    @Test
    void oneVariantOrNoneHasNothingToCompare() {
        List<RunRecord> rs = new ArrayList<>();
        add(rs, "spiral", "A", 1, 0.4, 0.9);
        add(rs, "spiral", "A", 2, 0.45, 0.9);
        SeedAnalysis sa = SeedAnalysis.of(rs, 0.05);
        assertThat(sa.friedman()).isEmpty();
        assertThat(sa.reading()).contains("only one variant");
        assertThat(sa.lossCi().get("A").n()).isEqualTo(2);
        // the level is checked by the analysis itself (no test below would check it with one variant)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeedAnalysis.of(rs, 0.0))
                .hasMessageContaining("alpha must be in (0, 1), got 0.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeedAnalysis.of(rs, 1.0))
                .hasMessageContaining("alpha must be in (0, 1), got 1.0");
        SeedAnalysis none = SeedAnalysis.of(List.of(rec("d", "A", 1, 0.5, 1, Double.NaN, 0.1)), 0.05);
        assertThat(none.reading()).contains("no variant has a finite validation loss");
    }
}
