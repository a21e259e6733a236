package org.pernodedrop.lab.engine.report;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.experiment.RunRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReportTablesTest {

    private static RunRecord rec(String v, double rate, int epoch, double val, double train, double secs) {
        return new RunRecord(v + rate, "d", v, rate, 16, 1, epoch, 0, train, 0.9, val, 0.8, secs);
    }

    /**
     * dropout: (p .2 ep1 .50) (p .2 ep2 .40) (p .5 ep1 .45) (p .5 ep2 .41) (p .5 ep3 NaN) -> top 3: .40 .41 .45
     * pernode-bernoulli: (p .3 ep1 .42) (p .3 ep2 .38) -> only two records: both listed
     * merged and sorted by validation loss: pb .38, do .40, do .41, pb .42, do .45
     */
    @Test
    void topThreePerVariantHandBuilt() {
        List<RunRecord> rs = List.of(
                rec("dropout", 0.2, 1, 0.50, 0.6, 1), rec("dropout", 0.2, 2, 0.40, 0.5, 1),
                rec("dropout", 0.5, 1, 0.45, 0.7, 1), rec("dropout", 0.5, 2, 0.41, 0.6, 1),
                rec("dropout", 0.5, 3, Double.NaN, 0.6, 1),
                rec("pernode-bernoulli", 0.3, 1, 0.42, 0.7, 2), rec("pernode-bernoulli", 0.3, 2, 0.38, 0.6, 2));
        List<RunRecord> top = ReportTables.topPerVariant(rs, 3);
        assertThat(top).extracting(RunRecord::valLoss).containsExactly(0.38, 0.40, 0.41, 0.42, 0.45);
        assertThat(top).extracting(RunRecord::variant).containsExactly("pernode-bernoulli", "dropout", "dropout",
                "pernode-bernoulli", "dropout");
        assertThat(top.get(2).rate()).isEqualTo(0.5);
        assertThat(top.get(2).epoch()).isEqualTo(2);
    }

    @Test
    void epochTimesAreMeanAndSampleStd() {
        // 1, 2, 3 s: mean 2, sample variance ((1)^2 + 0 + 1^2) / 2 = 1 -> std 1
        List<RunRecord> rs = List.of(rec("a", 0.1, 1, 0.5, 0.5, 1), rec("a", 0.1, 2, 0.5, 0.5, 2),
                rec("a", 0.1, 3, 0.5, 0.5, 3), rec("b", 0.1, 1, 0.5, 0.5, 7));
        List<ReportTables.EpochTime> t = ReportTables.epochTimes(rs);
        assertThat(t).hasSize(2);
        assertThat(t.get(0).meanSeconds()).isCloseTo(2.0, within(1e-12));
        assertThat(t.get(0).stdSeconds()).isCloseTo(1.0, within(1e-12));
        assertThat(t.get(1).stdSeconds()).isNaN();
    }

    @Test
    void dropRateCurvePicksBestEpochPerRateAndItsGap() {
        List<RunRecord> rs = new ArrayList<>(List.of(
                rec("dropout", 0.5, 1, 0.60, 0.50, 1), rec("dropout", 0.5, 2, 0.55, 0.30, 1),
                rec("dropout", 0.1, 1, 0.70, 0.20, 1)));
        Map<String, List<ReportTables.RatePoint>> c = ReportTables.dropRateCurves(rs);
        List<ReportTables.RatePoint> pts = c.get("dropout");
        assertThat(pts).extracting(ReportTables.RatePoint::rate).containsExactly(0.1, 0.5);
        assertThat(pts.get(1).bestValLoss()).isEqualTo(0.55);
        assertThat(pts.get(1).gap()).isCloseTo(0.25, within(1e-12));
        assertThat(pts.get(0).gap()).isCloseTo(0.50, within(1e-12));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(ReportTables.medianValLoss(List.of(rec("a", 0, 1, 3, 0, 0), rec("a", 0, 2, 1, 0, 0),
                rec("a", 0, 3, 2, 0, 0)))).isEqualTo(2.0);
        assertThat(ReportTables.medianValLoss(List.of(rec("a", 0, 1, 4, 0, 0), rec("a", 0, 2, 1, 0, 0))))
                .isEqualTo(2.5);
    }

    @Test
    void paletteIsStableAndDistinctForThePresets() {
        assertThat(VariantPalette.color("pernode-bernoulli")).isEqualTo(VariantPalette.color("PERNODE-BERNOULLI"));
        assertThat(VariantPalette.ORDER.stream().map(VariantPalette::color).distinct().count())
                .isEqualTo(VariantPalette.ORDER.size());
        // every preset its own marker outline (compared by the path's vertices)
        assertThat(VariantPalette.ORDER.stream().map(v -> outline(VariantPalette.shape(v))).distinct().count())
                .isEqualTo(VariantPalette.ORDER.size());
        assertThat(VariantPalette.sorted(List.of("zeta", "masksembles", "dropout")))
                .containsExactly("dropout", "masksembles", "zeta");
        assertThat(VariantPalette.hex("dropout")).isEqualTo("#0072B2");
    }

    private static String outline(java.awt.Shape shape) {
        StringBuilder sb = new StringBuilder();
        double[] c = new double[6];
        for (java.awt.geom.PathIterator it = shape.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            sb.append(type).append(String.format(java.util.Locale.ROOT, "(%.2f,%.2f)", c[0], c[1]));
        }
        return sb.toString();
    }
}
