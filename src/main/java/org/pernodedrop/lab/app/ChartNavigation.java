package org.pernodedrop.lab.app;

import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;

import java.awt.geom.Rectangle2D;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One way to move around every chart of the lab: the mouse wheel zooms about the pointer, a drag pans, a double
 * click goes back to the full view. The range arithmetic is here once, for the charts drawn by a
 * {@link ChartViewer} (Experiments) and for the ones rendered to images off the FX thread (the loss chart).
 * <p>Zoom about an anchor a by a factor f keeps a where it is on screen: {@code lo' = a - (a - lo) f},
 * {@code hi' = a + (hi - a) f}. A pan by d pixels over a data area of n pixels moves the range by
 * {@code -d / n (hi - lo)}, so the data follows the pointer.
 */
public final class ChartNavigation {

    /** One wheel notch (40 px of scroll delta on most systems) zooms by this factor. */
    public static final double ZOOM_PER_NOTCH = 0.8;
    private static final double NOTCH = 40.0;

    private ChartNavigation() {
    }

    /** The range after zooming {@code [lo, hi]} by {@code factor} (< 1 zooms in) about {@code anchor}. */
    public static double[] zoom(double lo, double hi, double anchor, double factor) {
        if (!(factor > 0)) throw new IllegalArgumentException("zoom factor must be > 0, got " + factor);
        return new double[]{anchor - (anchor - lo) * factor, anchor + (hi - anchor) * factor};
    }

    /** The range after dragging the data by {@code pixels} over a data area {@code length} pixels long. */
    public static double[] pan(double lo, double hi, double pixels, double length) {
        if (!(length > 0)) return new double[]{lo, hi};
        double d = -pixels / length * (hi - lo);
        return new double[]{lo + d, hi + d};
    }

    /** The zoom factor of a scroll: {@code ZOOM_PER_NOTCH ^ (deltaY / 40)}; scrolling up (deltaY > 0) zooms in. */
    public static double factor(double deltaY) {
        return Math.pow(ZOOM_PER_NOTCH, deltaY / NOTCH);
    }

    /** The data value at screen coordinate {@code px} of a data area spanning {@code [start, start + length]}. */
    static double valueAt(double lo, double hi, double px, double start, double length, boolean inverted) {
        double t = (px - start) / length;
        return inverted ? hi - t * (hi - lo) : lo + t * (hi - lo);
    }

    /**
     * Installs wheel zoom, drag pan and double-click reset on a {@link ChartViewer}, replacing its own rectangle
     * zoom (the right-button menu and the hover tooltips stay). Works on XY charts (both axes) and category charts
     * (the value axis).
     */
    public static void install(ChartViewer viewer) {
        Node canvas = viewer.getCanvas();
        Map<ValueAxis, Range> fixed = new IdentityHashMap<>();
        double[] last = new double[2];
        canvas.addEventFilter(ScrollEvent.SCROLL, e -> {
            JFreeChart chart = viewer.getChart();
            Rectangle2D area = dataArea(viewer);
            if (chart == null || area == null || e.getDeltaY() == 0) return;
            remember(chart, fixed);
            double f = factor(e.getDeltaY());
            forEachAxis(chart.getPlot(), (axis, horizontal) -> {
                Range r = axis.getRange();
                double a = horizontal
                        ? valueAt(r.getLowerBound(), r.getUpperBound(), e.getX(), area.getMinX(), area.getWidth(), false)
                        : valueAt(r.getLowerBound(), r.getUpperBound(), e.getY(), area.getMinY(), area.getHeight(), true);
                double[] z = zoom(r.getLowerBound(), r.getUpperBound(), a, f);
                axis.setRange(z[0], z[1]);
            });
            e.consume();
        });
        canvas.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() != MouseButton.PRIMARY) return;
            last[0] = e.getX();
            last[1] = e.getY();
            e.consume();
        });
        canvas.addEventFilter(MouseEvent.MOUSE_DRAGGED, e -> {
            JFreeChart chart = viewer.getChart();
            Rectangle2D area = dataArea(viewer);
            if (!e.isPrimaryButtonDown() || chart == null || area == null) return;
            remember(chart, fixed);
            double dx = e.getX() - last[0], dy = e.getY() - last[1];
            last[0] = e.getX();
            last[1] = e.getY();
            forEachAxis(chart.getPlot(), (axis, horizontal) -> {
                Range r = axis.getRange();
                double[] p = horizontal ? pan(r.getLowerBound(), r.getUpperBound(), dx, area.getWidth())
                        : pan(r.getLowerBound(), r.getUpperBound(), -dy, area.getHeight());
                axis.setRange(p[0], p[1]);
            });
            e.consume();
        });
        canvas.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (e.getButton() == MouseButton.PRIMARY) e.consume();
        });
        canvas.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() != MouseButton.PRIMARY) return;
            if (e.getClickCount() == 2 && viewer.getChart() != null) reset(viewer.getChart(), fixed);
            e.consume();
        });
    }

    /**
     * Values on hover for every series: renderers without a tooltip generator get JFreeChart's standard one
     * ("series: (x, y)" or "series, category = value"); the ones the charts set themselves stay.
     */
    public static void ensureTooltips(JFreeChart chart) {
        Plot p = chart.getPlot();
        if (p instanceof XYPlot xy) {
            for (int i = 0; i < xy.getRendererCount(); i++) {
                var r = xy.getRenderer(i);
                if (r != null && r.getDefaultToolTipGenerator() == null) {
                    r.setDefaultToolTipGenerator(new org.jfree.chart.labels.StandardXYToolTipGenerator());
                }
            }
        } else if (p instanceof CategoryPlot cp) {
            for (int i = 0; i < cp.getRendererCount(); i++) {
                var r = cp.getRenderer(i);
                if (r != null && r.getDefaultToolTipGenerator() == null) {
                    r.setDefaultToolTipGenerator(new org.jfree.chart.labels.StandardCategoryToolTipGenerator());
                }
            }
        }
    }

    /** Back to the full view: axes that ranged automatically do again, fixed ones get their range back. */
    public static void reset(JFreeChart chart, Map<ValueAxis, Range> fixed) {
        forEachAxis(chart.getPlot(), (axis, horizontal) -> {
            Range r = fixed.get(axis);
            if (r != null) {
                axis.setRange(r);
            } else {
                axis.setAutoRange(true);
            }
        });
    }

    /** Notes, before the first zoom, which axes had a fixed range (e.g. accuracy 0..1), so a reset restores them. */
    private static void remember(JFreeChart chart, Map<ValueAxis, Range> fixed) {
        forEachAxis(chart.getPlot(), (axis, horizontal) -> {
            if (!fixed.containsKey(axis)) fixed.put(axis, axis.isAutoRange() ? null : axis.getRange());
        });
    }

    private static Rectangle2D dataArea(ChartViewer viewer) {
        var info = viewer.getRenderingInfo();
        if (info == null || info.getPlotInfo() == null) return null;
        Rectangle2D a = info.getPlotInfo().getDataArea();
        return a == null || a.getWidth() <= 0 || a.getHeight() <= 0 ? null : a;
    }

    interface AxisVisitor {
        void visit(ValueAxis axis, boolean horizontal);
    }

    /** The value axes of a plot with whether each runs horizontally (vertical bar charts: the value axis is not). */
    static void forEachAxis(Plot plot, AxisVisitor v) {
        if (plot instanceof XYPlot xy) {
            boolean vertical = xy.getOrientation() == org.jfree.chart.plot.PlotOrientation.VERTICAL;
            for (int i = 0; i < xy.getDomainAxisCount(); i++) {
                if (xy.getDomainAxis(i) != null) v.visit(xy.getDomainAxis(i), vertical);
            }
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                if (xy.getRangeAxis(i) != null) v.visit(xy.getRangeAxis(i), !vertical);
            }
        } else if (plot instanceof CategoryPlot cp) {
            boolean vertical = cp.getOrientation() == org.jfree.chart.plot.PlotOrientation.VERTICAL;
            for (int i = 0; i < cp.getRangeAxisCount(); i++) {
                if (cp.getRangeAxis(i) != null) v.visit(cp.getRangeAxis(i), !vertical);
            }
        }
    }
}
