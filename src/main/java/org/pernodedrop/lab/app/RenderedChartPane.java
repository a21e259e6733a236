package org.pernodedrop.lab.app;

import javafx.scene.AccessibleRole;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Line;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;

import java.awt.geom.Rectangle2D;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;

/**
 * A live chart shown as an image that {@link ChartImageRenderer} draws off the FX thread, with the lab's chart
 * navigation (wheel zoom, drag pan, double-click reset, see {@link ChartNavigation}), a crosshair and a hover readout
 * computed from the last frame's data area and ranges. The single run's loss chart and the compare chart use it: a
 * JFreeChart redrawn through the FX canvas bridge costs tens of milliseconds of the FX thread per refresh.
 *
 * <p>The data handed to {@link #show} must not change afterwards (build a new dataset per refresh): the render
 * thread reads it.
 */
public final class RenderedChartPane extends Pane {

    private final ImageView view = new ImageView();
    private final Line crosshair = new Line();
    private final ChartImageRenderer renderer;
    private ChartImageRenderer.Frame frame;
    private WritableImage image;
    private XYDataset data;
    /** The zoomed or panned ranges {lo, hi}; null = the chart's own (the full view). */
    private double[] xRange;
    private double[] yRange;
    private double dragX;
    private double dragY;
    private DoubleFunction<String> readout = x -> "";
    private Consumer<String> onReadout = s -> { };

    /**
     * @param chart      builds the chart (on the render thread); its dataset is replaced by each {@link #show}
     * @param themer     what else changes with the theme besides backgrounds and texts (see ChartImageRenderer)
     * @param accessible what a screen reader says before the first hover
     */
    public RenderedChartPane(Supplier<JFreeChart> chart, BiConsumer<JFreeChart, Boolean> themer, String accessible) {
        renderer = new ChartImageRenderer(chart, this::showFrame, themer);
        crosshair.setStroke(javafx.scene.paint.Color.web("#78909c"));
        crosshair.setVisible(false);
        crosshair.setMouseTransparent(true);
        getChildren().addAll(view, crosshair);
        setMinSize(40, 40);
        setPrefSize(420, 240);
        setOnMouseMoved(e -> hoverAt(e.getX()));
        setOnMouseExited(e -> crosshair.setVisible(false));
        setOnScroll(e -> {
            ChartImageRenderer.Frame f = frame;
            if (f == null || e.getDeltaY() == 0) return;
            double k = ChartNavigation.factor(e.getDeltaY());
            Rectangle2D a = f.dataArea();
            double ax = ChartNavigation.valueAt(f.xLower(), f.xUpper(), e.getX(), a.getMinX(), a.getWidth(), false);
            double ay = ChartNavigation.valueAt(f.yLower(), f.yUpper(), e.getY(), a.getMinY(), a.getHeight(), true);
            xRange = ChartNavigation.zoom(f.xLower(), f.xUpper(), ax, k);
            yRange = ChartNavigation.zoom(f.yLower(), f.yUpper(), ay, k);
            rerender();
            e.consume();
        });
        setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
        });
        setOnMouseDragged(e -> {
            ChartImageRenderer.Frame f = frame;
            if (f == null || !e.isPrimaryButtonDown()) return;
            double[] x = xRange != null ? xRange : new double[]{f.xLower(), f.xUpper()};
            double[] y = yRange != null ? yRange : new double[]{f.yLower(), f.yUpper()};
            xRange = ChartNavigation.pan(x[0], x[1], e.getX() - dragX, f.dataArea().getWidth());
            yRange = ChartNavigation.pan(y[0], y[1], -(e.getY() - dragY), f.dataArea().getHeight());
            dragX = e.getX();
            dragY = e.getY();
            rerender();
        });
        setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) resetZoom();
        });
        view.setAccessibleRole(AccessibleRole.IMAGE_VIEW);
        view.setAccessibleText(accessible);
        sceneProperty().addListener(o -> rerender());
        parentProperty().addListener(o -> rerender());
        widthProperty().addListener(o -> rerender());
        heightProperty().addListener(o -> rerender());
        Theme.darkProperty().addListener(o -> rerender());
    }

    /** What the hover readout says at an x value, and where it goes (e.g. a label under the chart). */
    public void setReadout(DoubleFunction<String> readout, Consumer<String> onReadout) {
        this.readout = readout;
        this.onReadout = onReadout;
    }

    private void showFrame(ChartImageRenderer.Frame f) {
        frame = f;
        if (image == null || (int) image.getWidth() != f.width() || (int) image.getHeight() != f.height()) {
            image = new WritableImage(f.width(), f.height());
            view.setImage(image);
        }
        image.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getIntArgbPreInstance(), f.argb(),
                0, f.width());
    }

    /** Shows new data (not to be changed afterwards); drawn off the FX thread, the newest request wins. */
    public void show(XYDataset d) {
        data = d;
        rerender();
    }

    /** The data shown now (null before the first {@link #show}). */
    public XYDataset data() {
        return data;
    }

    /** The chart is built again from its factory before the next frame (presentation fonts, new series styles). */
    public void rebuild() {
        renderer.rebuild();
        rerender();
    }

    /** Asks for a frame; only while shown (a hidden chart costs nothing until it is shown again). */
    public void rerender() {
        if (data != null && getScene() != null && isVisible() && getParent() != null) {
            renderer.request(data, (int) getWidth(), (int) getHeight(), xRange, yRange, Theme.dark());
        }
    }

    public void resetZoom() {
        xRange = null;
        yRange = null;
        rerender();
    }

    /** The zoomed or panned ranges {x, y}, each {lo, hi} or null for the chart's own (FX thread). */
    public double[][] zoomedRanges() {
        return new double[][]{xRange == null ? null : xRange.clone(), yRange == null ? null : yRange.clone()};
    }

    /** The x range of the last frame drawn (tests); null before the first. */
    public double[] shownX() {
        ChartImageRenderer.Frame f = frame;
        return f == null ? null : new double[]{f.xLower(), f.xUpper()};
    }

    /**
     * The chart as a vector SVG document of the given size, as drawn now; waits for the render thread, so call it
     * off the FX thread (exports run it on the I/O thread).
     */
    String svg(int width, int height) throws Exception {
        return renderer.withChart(c -> org.pernodedrop.lab.engine.report.ChartExport.svgDocument(c, width, height));
    }

    /** The chart as an image {@code width x height} layout units drawn at {@code scale}; waits, as {@link #svg}. */
    java.awt.image.BufferedImage png(int width, int height, double scale) throws Exception {
        return renderer.withChart(c -> org.pernodedrop.lab.engine.report.ChartExport.render(c, width, height, scale));
    }

    private void hoverAt(double px) {
        ChartImageRenderer.Frame f = frame;
        if (f == null || f.dataArea().getWidth() <= 0) return;
        Rectangle2D area = f.dataArea();
        double x = f.xLower() + (px - area.getMinX()) / area.getWidth() * (f.xUpper() - f.xLower());
        crosshair.setStartX(px);
        crosshair.setEndX(px);
        crosshair.setStartY(area.getMinY());
        crosshair.setEndY(area.getMaxY());
        crosshair.setVisible(px >= area.getMinX() && px <= area.getMaxX());
        String text = readout.apply(x);
        onReadout.accept(text);
        view.setAccessibleText(text);
    }
}
