package org.pernodedrop.lab.engine.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.experiment.RunRecord;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart builders hold the right points and survive the empty and one-point states a live view starts in. */
class ReportChartsTest {

    private static RunRecord rec(String v, double rate, int epoch, double val, double train) {
        return new RunRecord(v + rate, "d", v, rate, 16, 1, epoch, 0, train, 0.9, val, 0.8, 1);
    }

    private static final List<RunRecord> POINTS = List.of(
            rec("dropout", 0.2, 1, 0.50, 0.40), rec("dropout", 0.2, 2, 0.45, 0.35), rec("dropout", 0.5, 3, 0.60, 0.55),
            rec("pernode-bernoulli", 0.3, 1, 0.44, 0.50), rec("pernode-bernoulli", 0.3, 2, 0.48, 0.52),
            rec("pernode-bernoulli", 0.6, 4, 0.70, 0.60));

    @Test
    void scatterSplitsAtTheMedianIntoTwoPanels() {
        // val losses sorted: .44 .45 .48 .50 .60 .70 -> median (0.48 + 0.50) / 2 = 0.49
        JFreeChart c = ReportCharts.scatter(POINTS, "t");
        CombinedRangeXYPlot plot = (CombinedRangeXYPlot) c.getPlot();
        List<XYPlot> panels = plot.getSubplots();
        assertThat(panels).hasSize(2);
        assertThat(count(panels.get(0))).isEqualTo(3);
        assertThat(count(panels.get(1))).isEqualTo(3);
        for (int s = 0; s < panels.get(0).getDataset().getSeriesCount(); s++) {
            for (int i = 0; i < panels.get(0).getDataset().getItemCount(s); i++) {
                assertThat(panels.get(0).getDataset().getYValue(s, i)).isLessThanOrEqualTo(0.49);
            }
        }
        assertThat(panels.get(0).getRangeMarkers(org.jfree.chart.ui.Layer.BACKGROUND)).hasSize(1);
        // one legend entry per variant, not one per panel
        assertThat(plot.getLegendItems().getItemCount()).isEqualTo(2);
        // same variant -> same colour in both panels and in the bars
        XYPlot left = panels.get(0);
        int series = left.getDataset().indexOf("pernode-bernoulli");
        assertThat(left.getRenderer().getSeriesPaint(series)).isEqualTo(VariantPalette.color("pernode-bernoulli"));
        assertThat(left.getRenderer().getToolTipGenerator(series, 0).generateToolTip(left.getDataset(), series, 0))
                .contains("pernode-bernoulli").contains("epoch");
    }

    @Test
    void barsHoldOneBarPerConfigurationSortedBestFirst() {
        CategoryPlot plot = (CategoryPlot) ReportCharts.bars(POINTS, "t").getPlot();
        assertThat(plot.getDataset().getColumnCount()).isEqualTo(6);
        double prev = -1;
        for (int i = 0; i < 6; i++) {
            double v = plot.getDataset().getValue(0, i).doubleValue();
            assertThat(v).isGreaterThanOrEqualTo(prev);
            prev = v;
        }
        assertThat(plot.getDataset().getColumnKey(0).toString()).startsWith("pernode-bernoulli  p=0.3  ep 1");
    }

    @Test
    void dropRateCurvesHaveOnePointPerRate() {
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) ReportCharts.dropRateCurves(
                ReportTables.dropRateCurves(POINTS), "t").getPlot();
        XYPlot top = plot.getSubplots().get(0);
        int s = top.getDataset().indexOf("dropout");
        assertThat(top.getDataset().getItemCount(s)).isEqualTo(2);
        assertThat(top.getDataset().getYValue(s, 0)).isEqualTo(0.45); // best at rate 0.2
        XYPlot gap = plot.getSubplots().get(1);
        assertThat(gap.getDataset().getYValue(s, 0)).isEqualTo(0.45 - 0.35, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void emptyAndSinglePointInputsRender() {
        List<JFreeChart> charts = List.of(
                ReportCharts.bars(List.of(), "empty"),
                ReportCharts.scatter(List.of(), "empty"),
                ReportCharts.dropRateCurves(Map.of(), "empty"),
                ReportCharts.reliability(Map.of(), "empty"),
                ReportCharts.bars(POINTS.subList(0, 1), "one"),
                ReportCharts.scatter(POINTS.subList(0, 1), "one"),
                ReportCharts.dropRateCurves(ReportTables.dropRateCurves(POINTS.subList(0, 1)), "one"));
        for (JFreeChart c : charts) {
            BufferedImage img = ChartExport.render(c, 400, 300, 1.0);
            assertThat(img.getWidth()).isEqualTo(400);
            assertThat(ChartExport.svgDocument(c, 400, 300)).contains("<svg");
        }
    }

    private static int count(XYPlot p) {
        int n = 0;
        for (int s = 0; s < p.getDataset().getSeriesCount(); s++) n += p.getDataset().getItemCount(s);
        return n;
    }

    /**
     * The critical-difference diagram places each variant's dot on a linear axis of mean ranks: with mean ranks
     * 1, 1.5 and 2.5 (rank sums 5, 7.5, 12.5 over N = 5) the middle dot sits 1/3 of the way from the first to the
     * last. Dots are the only pixels in the variants' palette colours.
     */
    @Test
    void criticalDifferenceDotsSitAtTheirMeanRanks() {
        var f = org.pernodedrop.lab.engine.stats.Friedman.fromRankSums(new double[]{5, 7.5, 12.5}, 5);
        var nm = org.pernodedrop.lab.engine.stats.Nemenyi.of(List.of("dropout", "pernode-bernoulli", "dropconnect"),
                f, 0.05);
        BufferedImage img = org.pernodedrop.lab.engine.report.ChartExport.render(
                ReportCharts.criticalDifference(nm, "", "cd"), 1000, ReportCharts.criticalDifferenceHeight(nm), 1.0);
        double a = centroidX(img, "dropout"), b = centroidX(img, "pernode-bernoulli"), c = centroidX(img,
                "dropconnect");
        assertThat(a).isLessThan(b);
        assertThat(b).isLessThan(c);
        assertThat((b - a) / (c - a)).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(0.02));
        // without a test the chart still draws (the live view starts empty)
        BufferedImage none = org.pernodedrop.lab.engine.report.ChartExport.render(
                ReportCharts.criticalDifference(null, "no test", "cd"), 600, 260, 1.0);
        assertThat(none.getWidth()).isEqualTo(600);
    }

    private static double centroidX(BufferedImage img, String variant) {
        int rgb = VariantPalette.color(variant).getRGB() & 0xFFFFFF;
        long sum = 0, n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    sum += x;
                    n++;
                }
            }
        }
        assertThat(n).as("pixels of " + variant).isPositive();
        return sum / (double) n;
    }
}
