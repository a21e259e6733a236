package org.pernodedrop.lab.engine.search;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.pernodedrop.lab.engine.report.ReportCharts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The charts of a search (no JavaFX; the window shows them, files can be written with the report's exporter): the
 * trials' objectives in order with the best-so-far curve, and the objective against each searched setting.
 * Trials stopped early (ASHA) are drawn hollow in grey: their value is a loss after few epochs, not comparable.
 */
public final class SearchCharts {

    private static final Color COMPLETE = new Color(0x1F77B4);
    private static final Color PRUNED = new Color(0x9A9A9A);
    private static final Color BEST = new Color(0xD62728);

    private SearchCharts() {
    }

    private static boolean hasValue(Trial t) {
        return t.value() != null && Double.isFinite(t.value());
    }

    /** Each trial's best validation loss against its index, and the best complete trial so far as a step line. */
    public static JFreeChart bestSoFar(List<Trial> trials, String title) {
        XYSeries complete = new XYSeries("complete", false);
        XYSeries pruned = new XYSeries("stopped early (ASHA)", false);
        XYSeries best = new XYSeries("best so far", false);
        double b = Double.POSITIVE_INFINITY;
        for (Trial t : trials) {
            if (!hasValue(t)) continue;
            (t.state().equals(Trial.COMPLETE) ? complete : pruned).add(t.index() + 1, t.value());
            if (t.state().equals(Trial.COMPLETE) && t.value() < b) b = t.value();
            if (Double.isFinite(b)) best.add(t.index() + 1, b);
        }
        NumberAxis x = new NumberAxis("trial");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("best validation loss of the trial");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(new XYSeriesCollection(best), x, y, new XYStepRenderer());
        plot.getRenderer().setSeriesPaint(0, BEST);
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(2.5f));
        XYSeriesCollection pts = new XYSeriesCollection();
        pts.addSeries(complete);
        pts.addSeries(pruned);
        plot.setDataset(1, pts);
        plot.setRenderer(1, points());
        return chart(title, plot);
    }

    private static XYLineAndShapeRenderer points() {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, COMPLETE);
        r.setSeriesPaint(1, PRUNED);
        Ellipse2D dot = new Ellipse2D.Double(-4, -4, 8, 8);
        r.setSeriesShape(0, dot);
        r.setSeriesShape(1, dot);
        r.setSeriesShapesFilled(1, false);
        r.setUseOutlinePaint(false);
        return r;
    }

    /** The objective against the drop rate, the width (log axis), the learning rate (log axis) and the variant. */
    public static JFreeChart parameters(List<Trial> trials, List<String> variants, String title) {
        NumberAxis loss = new NumberAxis("best validation loss");
        loss.setAutoRangeIncludesZero(false);
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(loss);
        plot.setGap(12);
        plot.add(panel(trials, Trial::rate, new NumberAxis("drop rate")));
        LogAxis units = new LogAxis("units");
        units.setBase(2);
        units.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.add(panel(trials, t -> t.units(), units));
        LogAxis lr = new LogAxis("learning rate");
        lr.setNumberFormatOverride(new java.text.DecimalFormat("0.####"));
        plot.add(panel(trials, Trial::lr, lr));
        SymbolAxis v = new SymbolAxis("variant", variants.toArray(new String[0]));
        v.setVerticalTickLabels(true);
        plot.add(panel(trials, t -> variants.indexOf(t.variant()), v));
        return chart(title, plot);
    }

    private static XYPlot panel(List<Trial> trials, ToDoubleFunction<Trial> x, ValueAxis axis) {
        XYSeries complete = new XYSeries("complete", false);
        XYSeries pruned = new XYSeries("stopped early (ASHA)", false);
        for (Trial t : trials) {
            if (hasValue(t)) (t.state().equals(Trial.COMPLETE) ? complete : pruned).add(x.applyAsDouble(t), t.value());
        }
        XYSeriesCollection d = new XYSeriesCollection();
        d.addSeries(complete);
        d.addSeries(pruned);
        if (axis instanceof NumberAxis n) n.setAutoRangeIncludesZero(false);
        return new XYPlot(d, axis, null, points());
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
        JFreeChart c = new JFreeChart(title, new java.awt.Font("SansSerif", java.awt.Font.BOLD, 15), plot, true);
        ReportCharts.theme().apply(c);
        // the theme resets series paints: put them back
        if (plot instanceof XYPlot xy) restyle(xy);
        if (plot instanceof CombinedRangeXYPlot cp) for (XYPlot sub : cp.getSubplots()) restyle(sub);
        c.setBackgroundPaint(Color.WHITE);
        if (plot instanceof CombinedRangeXYPlot cp) {
            // one legend for the four panels: the first panel's series only
            c.removeLegend();
            c.addLegend(new org.jfree.chart.title.LegendTitle(cp.getSubplots().get(0)));
            c.getLegend().setPosition(org.jfree.chart.ui.RectangleEdge.BOTTOM);
        }
        return c;
    }

    private static void restyle(XYPlot p) {
        for (int i = 0; i < p.getDatasetCount(); i++) {
            if (p.getRenderer(i) instanceof XYStepRenderer s) {
                s.setSeriesPaint(0, BEST);
                s.setSeriesStroke(0, new BasicStroke(2.5f));
            } else if (p.getRenderer(i) instanceof XYLineAndShapeRenderer r) {
                r.setSeriesPaint(0, COMPLETE);
                r.setSeriesPaint(1, PRUNED);
            }
        }
    }
}
