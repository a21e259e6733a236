package org.pernodedrop.lab.app;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.paint.Color;

/**
 * The colours that stylesheets cannot reach: text and backgrounds drawn on canvases and inside JFreeChart images.
 * One switch for the app (FX thread), set by the dark-theme toggle; views listen and redraw.
 */
public final class Theme {

    private static final BooleanProperty DARK = new SimpleBooleanProperty(false);

    private Theme() {
    }

    public static BooleanProperty darkProperty() {
        return DARK;
    }

    public static boolean dark() {
        return DARK.get();
    }

    /** Axis labels and legends on canvases. */
    public static Color text() {
        return DARK.get() ? Color.web("#e0e6e9") : Color.web("#37474f");
    }

    /** Secondary text (placeholders). */
    public static Color muted() {
        return DARK.get() ? Color.web("#9fb1bb") : Color.web("#78909c");
    }

    /** The dark panel colour of lab-dark.css ({@code -lab-panel}). */
    public static final String DARK_PANEL = "#232b30";

    /** Chart background (AWT, for JFreeChart): the card's colour, so a chart sits in its card. */
    public static java.awt.Color chartBackground(boolean dark) {
        return dark ? new java.awt.Color(0x23, 0x2b, 0x30) : java.awt.Color.WHITE;
    }

    public static java.awt.Color chartGrid(boolean dark) {
        return dark ? new java.awt.Color(0x3d, 0x4c, 0x55) : new java.awt.Color(224, 228, 230);
    }

    public static java.awt.Color chartText(boolean dark) {
        return dark ? new java.awt.Color(0xe0, 0xe6, 0xe9) : new java.awt.Color(55, 71, 79);
    }

    /**
     * Colours a chart for the current theme: chart and plot backgrounds, grid lines, axis and legend texts. The
     * series colours stay (they are categories, the same in both themes).
     */
    public static void apply(org.jfree.chart.JFreeChart chart) {
        apply(chart, dark());
    }

    /** As {@link #apply(org.jfree.chart.JFreeChart)} for a given theme (any thread that owns the chart). */
    public static void apply(org.jfree.chart.JFreeChart chart, boolean dark) {
        java.awt.Color bg = chartBackground(dark);
        java.awt.Color text = chartText(dark);
        java.awt.Color grid = chartGrid(dark);
        chart.setBackgroundPaint(bg);
        if (chart.getLegend() != null) {
            chart.getLegend().setBackgroundPaint(bg);
            chart.getLegend().setItemPaint(text);
        }
        if (chart.getTitle() != null) chart.getTitle().setPaint(text);
        org.jfree.chart.plot.Plot p = chart.getPlot();
        p.setBackgroundPaint(bg);
        if (p instanceof org.jfree.chart.plot.XYPlot xy) {
            xy.setDomainGridlinePaint(grid);
            xy.setRangeGridlinePaint(grid);
            for (int i = 0; i < xy.getDomainAxisCount(); i++) axis(xy.getDomainAxis(i), text, grid);
            for (int i = 0; i < xy.getRangeAxisCount(); i++) axis(xy.getRangeAxis(i), text, grid);
        } else if (p instanceof org.jfree.chart.plot.CategoryPlot cp) {
            cp.setRangeGridlinePaint(grid);
            axis(cp.getDomainAxis(), text, grid);
            axis(cp.getRangeAxis(), text, grid);
        }
    }

    private static void axis(org.jfree.chart.axis.Axis a, java.awt.Color text, java.awt.Color grid) {
        if (a == null) return;
        a.setLabelPaint(text);
        a.setTickLabelPaint(text);
        a.setAxisLinePaint(grid);
        a.setTickMarkPaint(grid);
    }
}
