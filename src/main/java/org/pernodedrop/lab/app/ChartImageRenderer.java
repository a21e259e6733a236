package org.pernodedrop.lab.app;

import javafx.application.Platform;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Draws a JFreeChart with Java2D into an image on its own thread and hands the finished image to the FX thread.
 * JFreeChart redraws everything on each change; through the FX canvas bridge that cost ~60 ms of FX-thread time per
 * refresh here (its text measuring goes through JavaFX layout), which would blow the 16.7 ms frame budget. The chart
 * objects are touched only by the render thread once built; requests coalesce (the newest data wins).
 */
final class ChartImageRenderer {

    /** A finished frame: the image plus where the data area and the x range ended up (for the hover readout). */
    record Frame(int[] argb, int width, int height, Rectangle2D dataArea, double xLower, double xUpper,
                 double yLower, double yUpper) {
    }

    /**
     * {@code x}/{@code y}: the axis ranges to show ({lo, hi}), null for the chart's own (automatic or fixed) range;
     * {@code dark}: the theme to colour the chart in.
     */
    private record Request(XYDataset data, int width, int height, double[] x, double[] y, boolean dark) {
    }

    private static final ExecutorService RENDER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chart-render");
        t.setDaemon(true);
        return t;
    });

    private final java.util.function.Supplier<JFreeChart> factory;
    private JFreeChart chart; // built and used on the render thread only (AWT font set-up stays off the FX thread)
    private final Consumer<Frame> onFrame;
    private final AtomicReference<Request> pending = new AtomicReference<>();

    /** {@code themer}: what else changes with the theme (e.g. grey series that must stay visible on dark). */
    ChartImageRenderer(java.util.function.Supplier<JFreeChart> factory, Consumer<Frame> onFrame,
                       java.util.function.BiConsumer<JFreeChart, Boolean> themer) {
        this.factory = factory;
        this.onFrame = onFrame;
        this.themer = themer;
    }

    private final java.util.function.BiConsumer<JFreeChart, Boolean> themer;

    /**
     * Asks for a frame with this data at this size, the visible ranges (null: the chart's own) and the theme; a
     * request still waiting is replaced.
     */
    void request(XYDataset data, int width, int height, double[] x, double[] y, boolean dark) {
        if (width < 20 || height < 20) return;
        Request r = new Request(data, width, height, x == null ? null : x.clone(), y == null ? null : y.clone(), dark);
        if (pending.getAndSet(r) == null) RENDER.execute(this::drain);
    }

    private void drain() {
        Request r = pending.getAndSet(null);
        if (r == null) return;
        try {
            Frame f = render(r);
            Platform.runLater(() -> onFrame.accept(f));
        } catch (RuntimeException e) {
            System.getLogger(ChartImageRenderer.class.getName())
                    .log(System.Logger.Level.WARNING, "chart render failed", e);
        }
    }

    /** The chart is built again from the factory before the next frame (on the render thread). */
    void rebuild() {
        RENDER.execute(() -> {
            chart = null;
            themed = null;
        });
    }

    private Frame render(Request r) {
        if (chart == null) {
            chart = factory.get();
            ownY = chart.getXYPlot().getRangeAxis().isAutoRange() ? null : chart.getXYPlot().getRangeAxis().getRange();
        }
        XYPlot plot = chart.getXYPlot();
        plot.setDataset(r.data());
        if (themed == null || themed != r.dark()) {
            Theme.apply(chart, r.dark());
            themer.accept(chart, r.dark());
            themed = r.dark();
        }
        // zoomed or panned ranges; otherwise the chart's own (automatic, or fixed like accuracy's 0..1)
        if (r.x() != null) {
            plot.getDomainAxis().setRange(r.x()[0], r.x()[1]);
        } else {
            plot.getDomainAxis().setAutoRange(true);
        }
        if (r.y() != null) {
            plot.getRangeAxis().setRange(r.y()[0], r.y()[1]);
        } else if (ownY != null) {
            plot.getRangeAxis().setRange(ownY);
        } else {
            plot.getRangeAxis().setAutoRange(true);
        }
        BufferedImage img = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        ChartRenderingInfo info = new ChartRenderingInfo(null);
        chart.draw(g, new Rectangle2D.Double(0, 0, r.width(), r.height()), info);
        g.dispose();
        Rectangle2D area = (Rectangle2D) info.getPlotInfo().getDataArea().clone();
        // opaque ARGB ints: the FX side writes them into one reused image (a new Image per frame made the software
        // pipeline convert and upload a fresh texture each time, ~13 ms a frame)
        int[] px = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int k = 0; k < px.length; k++) px[k] |= 0xFF000000;
        return new Frame(px, r.width(), r.height(), area, plot.getDomainAxis().getLowerBound(),
                plot.getDomainAxis().getUpperBound(), plot.getRangeAxis().getLowerBound(),
                plot.getRangeAxis().getUpperBound());
    }

    private Boolean themed;
    private org.jfree.data.Range ownY;

    /**
     * Runs {@code use} on the chart as last drawn (its data, ranges and theme), on the render thread that owns the
     * chart, after the frames already asked for; for exports. Waits for the result.
     */
    <T> T withChart(java.util.function.Function<JFreeChart, T> use) throws Exception {
        return RENDER.submit(() -> {
            if (chart == null) chart = factory.get();
            return use.apply(chart);
        }).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
