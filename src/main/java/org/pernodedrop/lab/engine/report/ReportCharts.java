package org.pernodedrop.lab.engine.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.labels.XYToolTipGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.stats.Calibration;
import org.pernodedrop.lab.engine.stats.ReliabilityBin;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The report's figures as {@link JFreeChart} objects built from plain data, so the CLI can write them to PNG/SVG
 * ({@link ChartExport}) and the app can show the very same objects in a ChartViewer. Colours and markers come from
 * {@link VariantPalette}; fonts and backgrounds from one theme, sized for print and projectors.
 *
 * <p>Charts carry tooltips (variant, rate, epoch, losses) for the interactive viewer; file export ignores them.
 */
public final class ReportCharts {

    private static final String FONT = "SansSerif";
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color MEDIAN = new Color(0x555555);

    private ReportCharts() {
    }

    /** Fonts and colours shared by every chart: white background, light grid, no shadows or gradients. */
    public static StandardChartTheme theme() {
        StandardChartTheme t = new StandardChartTheme("pernodedrop-lab");
        t.setExtraLargeFont(new Font(FONT, Font.BOLD, 18));
        t.setLargeFont(new Font(FONT, Font.PLAIN, 14));
        t.setRegularFont(new Font(FONT, Font.PLAIN, 13));
        t.setSmallFont(new Font(FONT, Font.PLAIN, 12));
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setLegendBackgroundPaint(Color.WHITE);
        t.setDomainGridlinePaint(GRID);
        t.setRangeGridlinePaint(GRID);
        t.setPlotOutlinePaint(new Color(0x999999));
        t.setAxisLabelPaint(Color.BLACK);
        t.setTickLabelPaint(new Color(0x222222));
        t.setItemLabelPaint(new Color(0x222222));
        t.setBarPainter(new StandardBarPainter());
        t.setXYBarPainter(new StandardXYBarPainter());
        t.setShadowVisible(false);
        return t;
    }

    /**
     * Fig. 2: the given configurations (e.g. {@link ReportTables#topPerVariant} with n = 3) as horizontal bars of
     * their validation loss, best at the top, coloured by variant, each labelled "variant  p = rate  ep epoch".
     * The value axis does not start at zero (losses differ in the second decimal); each bar carries its value.
     */
    public static JFreeChart bars(List<RunRecord> configs, String title) {
        List<RunRecord> sorted = new ArrayList<>(configs);
        sorted.sort(org.pernodedrop.lab.engine.stats.VariantRanking.BY_VAL_LOSS);
        List<String> labels = configLabels(sorted);
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (int i = 0; i < sorted.size(); i++) ds.addValue(sorted.get(i).valLoss(), "validation loss", labels.get(i));
        final List<RunRecord> rows = sorted;
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return VariantPalette.color(rows.get(column).variant());
            }
        };
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.0);
        renderer.setMaximumBarWidth(0.08);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat("0.000")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3,
                TextAnchor.CENTER_LEFT));
        renderer.setDefaultToolTipGenerator((dataset, row, column) -> describe(rows.get(column)));

        CategoryAxis cat = new CategoryAxis(null);
        cat.setCategoryMargin(0.15);
        cat.setLowerMargin(0.01);
        cat.setUpperMargin(0.01);
        NumberAxis val = new NumberAxis("validation loss (lower is better)");
        val.setAutoRangeIncludesZero(false);
        CategoryPlot plot = new CategoryPlot(ds, cat, val, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_LEFT);
        plot.setRangeGridlinesVisible(true);
        plot.setDomainGridlinesVisible(false);
        if (!sorted.isEmpty()) {
            double lo = sorted.get(0).valLoss(), hi = sorted.get(sorted.size() - 1).valLoss();
            double span = Math.max(hi - lo, Math.max(Math.abs(hi) * 0.02, 1e-3));
            // room left of the best bar so it stays visible, and right of the worst for its label
            val.setRange(Math.max(0, lo - 0.25 * span), hi + 0.22 * span);
        }
        plot.setFixedLegendItems(legend(variantsOf(sorted), true, false));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        cat.setTickLabelFont(new Font(FONT, Font.PLAIN, 12));
        chart.addSubtitle(subtitle("top-" + ReportTables.TOP_CONFIGS
                + " configurations per variant by validation loss; bars sorted best first"));
        return chart;
    }

    /**
     * Fig. 3: validation loss against epoch-end training loss, one marker per configuration coloured and shaped
     * by variant, split at the median validation loss of the points into two side-by-side panels (left: at or
     * below the median, right: above). The panels share the validation-loss axis so the split is one dashed line;
     * each panel scales its own training-loss axis.
     */
    public static JFreeChart scatter(List<RunRecord> points, String title) {
        return scatter(points, ReportTables.medianValLoss(points), title);
    }

    /** {@link #scatter(List, String)} with an explicit split value (e.g. the median of the top-3 when showing every epoch). */
    public static JFreeChart scatter(List<RunRecord> points, double splitAt, String title) {
        List<String> variants = variantsOf(points);
        List<RunRecord> low = new ArrayList<>(), high = new ArrayList<>();
        for (RunRecord r : points) (r.valLoss() <= splitAt ? low : high).add(r);
        NumberAxis valAxis = new NumberAxis("validation loss");
        valAxis.setAutoRangeIncludesZero(false);
        // headroom for the panel labels, so no point hides under them
        valAxis.setUpperMargin(0.14);
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(valAxis);
        plot.setGap(14);
        String split = Double.isFinite(splitAt) ? fmt(splitAt) : "(no points yet)";
        plot.add(scatterPanel(low, variants, "val loss \u2264 median " + split + " (better)", splitAt), 1);
        plot.add(scatterPanel(high, variants, "val loss > median " + split + " (poorer)", splitAt), 1);
        plot.setFixedLegendItems(legend(variants, false, true));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        chart.addSubtitle(subtitle(points.size() + " configurations; dashed line: median validation loss "
                + split + "; lower-left is better, points farther right at equal validation loss overfit less"));
        return chart;
    }

    private static XYPlot scatterPanel(List<RunRecord> pts, List<String> variants, String label, double median) {
        XYSeriesCollection ds = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        Map<Integer, List<RunRecord>> bySeries = new LinkedHashMap<>();
        int s = 0;
        for (String v : variants) {
            XYSeries series = new XYSeries(v, false, true);
            List<RunRecord> mine = new ArrayList<>();
            for (RunRecord p : pts) {
                if (p.variant().equals(v)) {
                    series.add(p.trainLoss(), p.valLoss(), false);
                    mine.add(p);
                }
            }
            ds.addSeries(series);
            bySeries.put(s, mine);
            paintSeries(r, s, v);
            s++;
        }
        r.setDefaultToolTipGenerator(recordTips(bySeries, RunRecord::trainLoss, RunRecord::valLoss));
        NumberAxis train = new NumberAxis("epoch-end training loss");
        train.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(ds, train, null, r);
        if (Double.isFinite(median)) {
            ValueMarker m = new ValueMarker(median, MEDIAN, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
            plot.addRangeMarker(m, Layer.BACKGROUND);
        }
        TextTitle t = new TextTitle(label, new Font(FONT, Font.BOLD, 13));
        t.setBackgroundPaint(new Color(255, 255, 255, 220));
        t.setPadding(new RectangleInsets(2, 4, 2, 4));
        XYTitleAnnotation a = new XYTitleAnnotation(0.02, 0.98, t, RectangleAnchor.TOP_LEFT);
        plot.addAnnotation(a);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        return plot;
    }

    /**
     * The drop-rate effect: per variant, at each rate the lowest validation loss reached (top panel) and the
     * generalization gap at that epoch, validation minus epoch-end training loss (bottom panel), against the rate.
     */
    public static JFreeChart dropRateCurves(Map<String, List<ReportTables.RatePoint>> curves, String title) {
        NumberAxis rateAxis = new NumberAxis("drop rate p (or the variant's rate parameter)");
        rateAxis.setAutoRangeIncludesZero(false);
        // a margin left of p = 0 too, so the 'none' variant's marker is not cut in half by the axis
        rateAxis.setAutoRangeStickyZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(rateAxis);
        plot.setGap(12);
        List<String> variants = new ArrayList<>(curves.keySet());
        for (int panel = 0; panel < 2; panel++) {
            XYSeriesCollection ds = new XYSeriesCollection();
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
            Map<Integer, List<RunRecord>> bySeries = new LinkedHashMap<>();
            int s = 0;
            for (String v : variants) {
                XYSeries series = new XYSeries(v, true, true);
                List<RunRecord> recs = new ArrayList<>();
                for (ReportTables.RatePoint p : curves.get(v)) {
                    series.add(p.rate(), panel == 0 ? p.bestValLoss() : p.gap(), false);
                    recs.add(p.best());
                }
                ds.addSeries(series);
                // XYSeries sorts by x, and the points already come sorted by rate, so indices match
                bySeries.put(s, recs);
                paintSeries(r, s, v);
                r.setSeriesStroke(s, new BasicStroke(2f));
                s++;
            }
            final int which = panel;
            r.setDefaultToolTipGenerator(recordTips(bySeries, RunRecord::rate,
                    which == 0 ? RunRecord::valLoss : rr -> rr.valLoss() - rr.trainLoss()));
            NumberAxis y = new NumberAxis(panel == 0 ? "best validation loss" : "gap: val \u2212 train loss");
            y.setAutoRangeIncludesZero(panel == 1);
            XYPlot sub = new XYPlot(ds, null, y, r);
            if (panel == 1) {
                sub.addRangeMarker(new ValueMarker(0, MEDIAN, new BasicStroke(1f)), Layer.BACKGROUND);
            }
            plot.add(sub, 1);
        }
        plot.setFixedLegendItems(legend(variants, true, true));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        chart.addSubtitle(subtitle("per rate: the epoch with the lowest validation loss over all runs; "
                + "gap = validation loss \u2212 epoch-end training loss at that epoch"));
        return chart;
    }

    /**
     * Table V as a chart: each variant's pooled mean rank of its top-5 records (1 = best), best at the top, with the
     * Friedman test and Kendall's W in the subtitle (or why there is no test).
     */
    public static JFreeChart meanRanks(org.pernodedrop.lab.engine.stats.VariantRanking ranking, String title) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        final List<String> vs = ranking.variants();
        for (String v : vs) ds.addValue(ranking.pooledMeanRanks().get(v), "mean rank", v);
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return VariantPalette.color(vs.get(column));
            }
        };
        renderer.setDrawBarOutline(false);
        renderer.setMaximumBarWidth(0.12);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat("0.0")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3,
                TextAnchor.CENTER_LEFT));
        renderer.setDefaultToolTipGenerator((dataset, row, column) -> String.format(Locale.ROOT,
                "%s: mean rank %.2f, mean block rank %.2f", vs.get(column),
                ranking.pooledMeanRanks().get(vs.get(column)), ranking.blockMeanRanks().get(vs.get(column))));
        NumberAxis val = new NumberAxis("mean rank of the top-" + org.pernodedrop.lab.engine.stats.VariantRanking.TOP
                + " records (1 = best, lower is better)");
        val.setLowerBound(0);
        val.setUpperBound(Math.max(1, org.pernodedrop.lab.engine.stats.VariantRanking.TOP * vs.size()) * 1.08);
        CategoryPlot plot = new CategoryPlot(ds, new CategoryAxis(null), val, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_LEFT);
        plot.setDomainGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        style(chart);
        chart.addSubtitle(subtitle(ranking.friedman().map(f -> String.format(Locale.ROOT,
                "As in the paper (top-5 epochs as blocks; not independent): "
                        + "Friedman chi2 = %.3f, df = %d, p = %s; Kendall's W = %.3f (k = %d, N = %d)", f.chi2(), f.df(),
                ReportWriter.formatP(f.p()), f.kendallW(), f.k(), f.n()))
                .orElse("no Friedman test: fewer than two variants with " + org.pernodedrop.lab.engine.stats
                        .VariantRanking.TOP + " records")));
        return chart;
    }

    /**
     * Reliability diagram: per variant, the accuracy of each non-empty confidence bin against its mean
     * confidence; the dashed diagonal is perfect calibration. The legend gives each variant's ECE and NLL.
     */
    public static JFreeChart reliability(Map<String, Calibration.Summary> summaries, String title) {
        XYSeriesCollection ds = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        LegendItemCollection items = new LegendItemCollection();
        int s = 0;
        for (Map.Entry<String, Calibration.Summary> e : summaries.entrySet()) {
            String v = e.getKey();
            XYSeries series = new XYSeries(v, false, true);
            for (ReliabilityBin b : e.getValue().bins()) {
                if (b.count() > 0) series.add(b.meanConfidence(), b.accuracy(), false);
            }
            ds.addSeries(series);
            paintSeries(r, s, v);
            r.setSeriesStroke(s, new BasicStroke(2f));
            String label = String.format(Locale.ROOT, "%s (ECE %.3f, NLL %.3f)", v, e.getValue().ece(),
                    e.getValue().nll());
            items.add(item(label, v, true, true));
            s++;
        }
        r.setDefaultToolTipGenerator((dataset, series, item) -> String.format(Locale.ROOT,
                "%s: confidence %.3f, accuracy %.3f", dataset.getSeriesKey(series), dataset.getXValue(series, item),
                dataset.getYValue(series, item)));
        NumberAxis x = new NumberAxis("confidence (top-class probability)");
        NumberAxis y = new NumberAxis("accuracy");
        x.setRange(0, 1);
        y.setRange(0, 1);
        XYPlot plot = new XYPlot(ds, x, y, r);
        plot.addAnnotation(new XYLineAnnotation(0, 0, 1, 1, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f), MEDIAN));
        plot.setFixedLegendItems(items);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        chart.addSubtitle(subtitle("equal-width confidence bins; on the dashed diagonal a model is perfectly "
                + "calibrated, below it over-confident"));
        return chart;
    }

    /**
     * The critical-difference diagram of the Nemenyi test (Demšar 2006): mean ranks over independent blocks, bars
     * joining variants that are not significantly different. {@code nemenyi} may be null (no test): the chart
     * then says {@code whyNot}.
     */
    public static JFreeChart criticalDifference(org.pernodedrop.lab.engine.stats.Nemenyi nemenyi, String whyNot,
                                                String title) {
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT,
                new CriticalDifferencePlot(nemenyi, whyNot), false);
        style(chart);
        chart.addSubtitle(subtitle(nemenyi == null ? "Nemenyi critical difference: no test"
                : String.format(Locale.ROOT, "Nemenyi at alpha = %.2f over N = %d independent blocks (seeds): "
                        + "variants joined by a bar do not differ significantly (mean ranks closer than CD)",
                nemenyi.alpha(), nemenyi.n())));
        return chart;
    }

    /** Layout height for {@link #criticalDifference}. */
    public static int criticalDifferenceHeight(org.pernodedrop.lab.engine.stats.Nemenyi nemenyi) {
        return CriticalDifferencePlot.preferredHeight(nemenyi);
    }

    // ---- shared pieces

    private static void style(JFreeChart chart) {
        theme().apply(chart);
        // The theme clears series paints, shapes and strokes; put the palette back (series keys are variants).
        org.jfree.chart.plot.Plot p = chart.getPlot();
        List<XYPlot> xyPlots = new ArrayList<>();
        if (p instanceof CombinedRangeXYPlot c) xyPlots.addAll(c.getSubplots());
        else if (p instanceof CombinedDomainXYPlot c) xyPlots.addAll(c.getSubplots());
        else if (p instanceof XYPlot x) xyPlots.add(x);
        for (XYPlot x : xyPlots) {
            if (x.getDataset() == null || !(x.getRenderer() instanceof XYLineAndShapeRenderer r)) continue;
            for (int s = 0; s < x.getDataset().getSeriesCount(); s++) {
                paintSeries(r, s, String.valueOf(x.getDataset().getSeriesKey(s)));
                r.setSeriesStroke(s, new BasicStroke(2f));
            }
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 12));
        LegendTitle lt = chart.getLegend();
        if (lt != null) {
            lt.setPosition(RectangleEdge.BOTTOM);
            lt.setFrame(BlockBorder.NONE);
            lt.setItemFont(new Font(FONT, Font.PLAIN, 13));
            lt.setItemLabelPadding(new RectangleInsets(2, 4, 2, 12));
        }
    }

    private static TextTitle subtitle(String text) {
        TextTitle t = new TextTitle(text, new Font(FONT, Font.PLAIN, 12));
        t.setPaint(new Color(0x444444));
        t.setHorizontalAlignment(HorizontalAlignment.CENTER);
        t.setPadding(new RectangleInsets(2, 0, 6, 0));
        return t;
    }

    private static void paintSeries(XYLineAndShapeRenderer r, int s, String variant) {
        r.setSeriesPaint(s, VariantPalette.color(variant));
        r.setSeriesShape(s, VariantPalette.shape(variant));
        r.setSeriesOutlinePaint(s, Color.WHITE);
        r.setSeriesVisibleInLegend(s, true);
    }

    private static LegendItemCollection legend(List<String> variants, boolean line, boolean shape) {
        LegendItemCollection items = new LegendItemCollection();
        for (String v : variants) items.add(item(v, v, line, shape));
        return items;
    }

    private static LegendItem item(String label, String variant, boolean line, boolean shape) {
        Paint p = VariantPalette.color(variant);
        java.awt.Shape sh = shape ? VariantPalette.shape(variant)
                : new java.awt.geom.Rectangle2D.Double(-6, -6, 12, 12);
        java.awt.Shape lineShape = new java.awt.geom.Line2D.Double(-10, 0, 10, 0);
        // label, description, tooltip, url, shapeVisible, shape, filled, fill, outlineVisible, outline,
        // outlineStroke, lineVisible, line, lineStroke, linePaint
        return new LegendItem(label, null, null, null, true, sh, true, p, false, p, new BasicStroke(1f),
                line && shape, lineShape, new BasicStroke(2f), p);
    }

    private static XYToolTipGenerator recordTips(Map<Integer, List<RunRecord>> bySeries,
                                                 ToDoubleFunction<RunRecord> xOf, ToDoubleFunction<RunRecord> yOf) {
        return (dataset, series, item) -> {
            List<RunRecord> l = bySeries.get(series);
            if (l == null || l.isEmpty()) return null;
            // the series may have re-ordered its points, so find the record by the point's coordinates
            double x = dataset.getXValue(series, item), y = dataset.getYValue(series, item);
            for (RunRecord r : l) {
                if (xOf.applyAsDouble(r) == x && yOf.applyAsDouble(r) == y) return describe(r);
            }
            return null;
        };
    }

    /** "pernode-bernoulli, p = 0.6, epoch 19, val loss 0.820, train loss 0.567" for tooltips. */
    public static String describe(RunRecord r) {
        return String.format(Locale.ROOT, "%s, p = %s, units %d, seed %d, epoch %d: val loss %.4f (acc %.3f), "
                        + "train loss %.4f (acc %.3f)", r.variant(), fmtRate(r.rate()), r.units(), r.seed(),
                r.epoch(), r.valLoss(), r.valAcc(), r.trainLoss(), r.trainAcc());
    }

    /** Bar labels: "variant  p=0.6  ep 19", plus units/seed when they vary, made unique. */
    static List<String> configLabels(List<RunRecord> rows) {
        Set<Integer> units = new LinkedHashSet<>();
        Set<Long> seeds = new LinkedHashSet<>();
        for (RunRecord r : rows) {
            units.add(r.units());
            seeds.add(r.seed());
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RunRecord r : rows) {
            StringBuilder sb = new StringBuilder();
            sb.append(r.variant()).append("  p=").append(fmtRate(r.rate())).append("  ep ").append(r.epoch());
            if (units.size() > 1) sb.append("  u=").append(r.units());
            if (seeds.size() > 1) sb.append("  s=").append(r.seed());
            String base = sb.toString(), label = base;
            for (int i = 2; !seen.add(label); i++) label = base + " (" + i + ")";
            out.add(label);
        }
        return out;
    }

    static List<String> variantsOf(List<RunRecord> rows) {
        List<String> vs = new ArrayList<>();
        for (RunRecord r : rows) vs.add(r.variant());
        return VariantPalette.sorted(vs);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String fmtRate(double rate) {
        String s = String.format(Locale.ROOT, "%.3f", rate);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
