package org.pernodedrop.lab.app.experiments;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;
import org.pernodedrop.lab.app.Numbers;
import org.pernodedrop.lab.app.Thinning;
import org.pernodedrop.lab.engine.report.ReportCharts;
import org.pernodedrop.lab.engine.report.VariantPalette;
import org.pernodedrop.lab.engine.train.EpochMetrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compare's overlaid loss curves: per variant its smoothed mini-batch loss (thin, translucent) and its validation loss
 * per epoch (thick, with the variant's marker), in the variant's colour. A live {@link ChartPane}: each refresh in
 * which a curve grew hands it a new dataset, which its render thread draws off the FX thread.
 */
final class CompareLossChart {

    /** Most mini-batch points drawn per variant; a longer run shows every k-th point (and always the newest). */
    static final int MAX_BATCH_POINTS = 1500;
    /** Variant colours when the same preset appears twice (e.g. one preset at several rates). */
    private static final Color[] LANE_COLOURS = {new Color(0x0877BD), new Color(0xF59322), new Color(0x2E7D32),
            new Color(0xC62828), new Color(0x6A1B9A), new Color(0x455A64)};

    private final ChartPane pane = ChartPane.live("compare_losses", "Loss curves",
            "thin: smoothed mini-batch loss; thick with markers: validation loss per epoch",
            () -> chart(List.of()));
    /** The data shown now (built anew per refresh, read by the render thread); null before the first. */
    private DefaultXYDataset shown;
    /** runId -> {mini-batch points, epochs} in {@link #shown}. */
    private final Map<String, int[]> counted = new LinkedHashMap<>();
    private List<CompareModel.VariantRun> runs = List.of();

    CompareLossChart() {
        pane.setReadout(this::readout);
    }

    ChartPane pane() {
        return pane;
    }

    /** New variants: their colours and markers are fixed now; the chart is built again on its render thread. */
    void rebuild(List<CompareModel.VariantRun> variants) {
        runs = List.copyOf(variants);
        shown = null;
        counted.clear();
        List<String> presets = runs.stream().map(CompareModel.VariantRun::variant).toList();
        boolean distinct = presets.stream().distinct().count() == presets.size();
        List<SeriesStyle> styles = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Color c = distinct ? VariantPalette.color(presets.get(i)) : LANE_COLOURS[i % LANE_COLOURS.length];
            styles.add(new SeriesStyle(c, VariantPalette.shape(presets.get(i))));
            counted.put(runs.get(i).runId, new int[2]);
        }
        pane.setLiveFactory(() -> chart(styles));
    }

    /** Shows the curves again if any grew since the last refresh. */
    void update() {
        boolean grew = shown == null;
        for (CompareModel.VariantRun l : runs) {
            int[] d = counted.get(l.runId);
            grew |= l.batchLoss.size() != d[0] || l.epochs.size() != d[1];
            d[0] = l.batchLoss.size();
            d[1] = l.epochs.size();
        }
        if (!grew || runs.isEmpty()) return;
        DefaultXYDataset data = new DefaultXYDataset();
        for (CompareModel.VariantRun l : runs) {
            data.addSeries(l.label + " batch", thinned(l.batchLoss));
            double[][] v = new double[2][l.epochs.size()];
            for (int k = 0; k < v[0].length; k++) {
                v[0][k] = l.epochs.get(k).epoch();
                v[1][k] = l.epochs.get(k).valLoss();
            }
            data.addSeries(l.label + " val", v);
        }
        shown = data;
        pane.showLive(data);
    }

    /** {x, y} rows of at most {@link #MAX_BATCH_POINTS} points (see {@link Thinning}). */
    static double[][] thinned(List<double[]> points) {
        int[] kept = Thinning.kept(points.size(), MAX_BATCH_POINTS);
        double[][] out = new double[2][kept.length];
        for (int k = 0; k < kept.length; k++) {
            double[] p = points.get(kept[k]);
            out[0][k] = p[0];
            out[1][k] = p[1];
        }
        return out;
    }

    /** Points shown: {mini-batch points, validation points} summed over the variants. */
    int[] pointCounts() {
        int b = 0, v = 0;
        if (shown != null) {
            for (int s = 0; s < shown.getSeriesCount(); s++) {
                if (s % 2 == 0) b += shown.getItemCount(s);
                else v += shown.getItemCount(s);
            }
        }
        return new int[]{b, v};
    }

    /** The hover readout: each variant's validation loss at the epoch nearest to {@code x}. */
    private String readout(double x) {
        StringBuilder sb = new StringBuilder(Numbers.format("epoch %.1f", x));
        for (CompareModel.VariantRun l : runs) {
            EpochMetrics near = null;
            for (EpochMetrics m : l.epochs) {
                if (near == null || Math.abs(m.epoch() - x) < Math.abs(near.epoch() - x)) near = m;
            }
            if (near != null) {
                sb.append(Numbers.format("   %s: val %.4f (epoch %d)", l.label, near.valLoss(), near.epoch()));
            }
        }
        return sb.toString();
    }

    /** How a variant's two curves look: its colour, and the marker of its validation points. */
    private record SeriesStyle(Color colour, java.awt.Shape marker) {
    }

    /** An empty loss chart whose series 2i (mini-batch) and 2i + 1 (validation) are styled for variant i. */
    private static JFreeChart chart(List<SeriesStyle> styles) {
        NumberAxis x = new NumberAxis("epoch");
        x.setAutoRangeIncludesZero(true);
        NumberAxis y = new NumberAxis("loss");
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDefaultCreateEntities(false);
        r.setDrawSeriesLineAsPath(true);
        XYPlot plot = new XYPlot(new DefaultXYDataset(), x, y, r);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        // the theme first: applying it resets the series' paints
        ReportCharts.theme().apply(chart);
        for (int i = 0; i < styles.size(); i++) {
            Color col = styles.get(i).colour();
            r.setSeriesPaint(2 * i, new Color(col.getRed(), col.getGreen(), col.getBlue(), 150));
            r.setSeriesStroke(2 * i, new BasicStroke(1.2f));
            r.setSeriesShapesVisible(2 * i, false);
            r.setSeriesPaint(2 * i + 1, col);
            r.setSeriesStroke(2 * i + 1, new BasicStroke(3f));
            r.setSeriesShapesVisible(2 * i + 1, true);
            r.setSeriesShape(2 * i + 1, styles.get(i).marker());
            r.setSeriesVisibleInLegend(2 * i, false);
        }
        chart.getLegend().setPosition(org.jfree.chart.ui.RectangleEdge.BOTTOM);
        chart.getLegend().setItemFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 14));
        return chart;
    }
}
