package org.pernodedrop.lab.app;

import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYDataset;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Generalization;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * View 3: loss curves against epochs (fractional for mini-batches): the raw and smoothed mini-batch loss (noise on),
 * the epoch-end training loss and the validation loss (inference mode); accuracy on its own tab. JFreeChart redraws
 * the whole chart per change, so the data is replaced in one go per refresh, at most 8 times a second.
 */
public final class LossChartView extends VBox {

    /** Most points drawn per curve; longer runs are thinned (every k-th point of the smoothed curve). */
    static final int MAX_POINTS = 600;
    /** Per-epoch markers are drawn up to this many epochs per curve. */
    static final int MAX_MARKERS = 80;
    // categories of the Okabe-Ito set (see Palette); the mini-batch curves are grey, a noisy kind of training curve
    static final Color BATCH_RAW = Palette.awt(Palette.CURVE_BATCH_RAW);
    static final Color BATCH = Palette.awt(Palette.CURVE_BATCH);
    static final Color TRAIN = Palette.awt(Palette.CURVE_TRAIN);
    static final Color VAL = Palette.awt(Palette.CURVE_VAL);
    static final Color BEST = Palette.awt(Palette.OI_BLACK);

    private final LabModel model;
    private final Slider smoothing = new Slider(0, 0.99, 0.9);
    private final Label hover = Cards.small("Hover over the chart for values");
    private DefaultXYDataset lossData = new DefaultXYDataset();
    private int accEpochs = -1;
    private final RenderedChartPane lossPane;
    private final RenderedChartPane accPane;
    private final TabPane tabs = new TabPane();

    public LossChartView(LabModel model) {
        this.model = model;
        lossPane = new RenderedChartPane(() -> {
            JFreeChart c = chart(new DefaultXYDataset(), "loss", false);
            XYPlot lp = c.getXYPlot();
            style(lp, 0, BATCH_RAW, 1f, false);
            style(lp, 1, BATCH, 1.6f, false);
            style(lp, 2, TRAIN, 2.4f, true);
            style(lp, 3, VAL, 2.4f, true);
            // the best validation epoch: one large diamond, no line
            style(lp, 4, BEST, 1f, true);
            XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) lp.getRenderer();
            r.setSeriesLinesVisible(4, false);
            r.setSeriesShape(4, new java.awt.Polygon(new int[]{0, 8, 0, -8}, new int[]{-8, 0, 8, 0}, 4));
            return c;
        }, LossChartView::theme, "Chart: mini-batch, epoch-end training and validation curves against epochs; "
                + "hover for the values");
        accPane = new RenderedChartPane(() -> {
            JFreeChart c = chart(new DefaultXYDataset(), "accuracy", true);
            XYPlot ap = c.getXYPlot();
            style(ap, 0, TRAIN, 2.4f, true);
            style(ap, 1, VAL, 2.4f, true);
            return c;
        }, LossChartView::theme, "Chart: training and validation accuracy against epochs; hover for the values");
        lossPane.setReadout(this::readout, hover::setText);
        accPane.setReadout(this::readout, hover::setText);
        createView();
        initListeners();
        refresh();
    }

    private void createView() {
        getStyleClass().add("card");
        smoothing.setPrefWidth(110);
        smoothing.setAccessibleText("Smoothing of the mini-batch loss");
        smoothing.setTooltip(new Tooltip("Smoothing of the mini-batch loss: exponential moving average "
                + "s_t = a s_(t-1) + (1 - a) loss_t, bias-corrected; a = 0 shows the raw losses"));
        Tab loss = new Tab("Loss", lossPane);
        Tab acc = new Tab("Accuracy", accPane);
        // a tab's content is detached while another tab shows; render it when it comes back
        acc.setOnSelectionChanged(e -> {
            if (acc.isSelected()) accPane.rerender();
        });
        loss.setOnSelectionChanged(e -> {
            if (loss.isSelected()) lossPane.rerender();
        });
        loss.setClosable(false);
        acc.setClosable(false);
        tabs.getTabs().addAll(loss, acc);
        tabs.setPrefSize(420, 260);
        hover.getStyleClass().add("hover-readout");
        getChildren().addAll(Cards.header("Loss curves", "per epoch", Cards.small("smoothing"), smoothing),
                tabs, hover);
        VBox.setVgrow(tabs, Priority.ALWAYS);
    }

    private void initListeners() {
        model.lossRevisionProperty().addListener((obs, old, now) -> refresh());
        smoothing.valueProperty().addListener((obs, old, now) -> refresh());
    }

    private static JFreeChart chart(DefaultXYDataset data, String yLabel, boolean accuracy) {
        NumberAxis x = new NumberAxis("epoch");
        NumberAxis y = new NumberAxis(yLabel);
        x.setAutoRangeIncludesZero(true);
        y.setAutoRangeIncludesZero(accuracy);
        if (accuracy) y.setRange(0.0, 1.0);
        Font tick = new Font("SansSerif", Font.PLAIN, 12);
        Font label = new Font("SansSerif", Font.PLAIN, 13);
        for (NumberAxis a : new NumberAxis[]{x, y}) {
            a.setTickLabelFont(tick);
            a.setLabelFont(label);
            a.setTickLabelPaint(new Color(69, 90, 100));
            a.setLabelPaint(new Color(55, 71, 79));
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer() {
            // per-epoch markers help while they are few; past MAX_MARKERS they only hide the curve and the
            // best-epoch diamond (a series of one point, which always keeps its marker)
            @Override
            public boolean getItemShapeVisible(int series, int item) {
                org.jfree.data.xy.XYDataset d = getPlot() == null ? null : getPlot().getDataset();
                boolean crowded = d != null && series < d.getSeriesCount() && d.getItemCount(series) > MAX_MARKERS;
                return super.getItemShapeVisible(series, item) && !crowded;
            }
        };
        r.setDefaultCreateEntities(false);
        r.setDrawSeriesLineAsPath(true);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(224, 228, 230));
        plot.setRangeGridlinePaint(new Color(224, 228, 230));
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(null, null, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(new Font("SansSerif", Font.PLAIN, 12));
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        legend.setPosition(RectangleEdge.TOP);
        return chart;
    }

    /**
     * The greys and the black of the best-epoch marker are not categories but ink: on the dark theme they turn
     * light, so the curves stay visible on a dark background (the coloured curves keep their colours).
     */
    static void theme(JFreeChart chart, boolean dark) {
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        if (r.getSeriesPaint(0) != null && (r.getSeriesPaint(0).equals(BATCH_RAW) || r.getSeriesPaint(0).equals(DARK_RAW))) {
            r.setSeriesPaint(0, dark ? DARK_RAW : BATCH_RAW);
            r.setSeriesPaint(1, dark ? DARK_BATCH : BATCH);
            r.setSeriesPaint(4, dark ? Color.WHITE : BEST);
        }
    }

    static final Color DARK_RAW = new Color(0x54, 0x6E, 0x7A);
    static final Color DARK_BATCH = new Color(0xB0, 0xBE, 0xC5);

    private static void style(XYPlot plot, int series, Color c, float width, boolean shapes) {
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        r.setSeriesPaint(series, c);
        r.setSeriesStroke(series, new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        r.setSeriesShapesVisible(series, shapes);
        r.setSeriesShape(series, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    }

    /** Rebuilds every curve from the model's history and asks for one new image per chart. */
    void refresh() {
        LossHistory h = model.history();
        List<EpochMetrics> epochs = h.epochs();
        double a = smoothing.getValue();
        DefaultXYDataset loss = new DefaultXYDataset();
        loss.addSeries("mini-batch", h.smoothedCurve(0.0, MAX_POINTS));
        loss.addSeries("mini-batch smoothed", h.smoothedCurve(a, MAX_POINTS));
        loss.addSeries("training (epoch end)", epochSeries(epochs, 0));
        loss.addSeries("validation", epochSeries(epochs, 1));
        EpochMetrics best = Generalization.best(epochs);
        loss.addSeries(best == null ? "best validation" : "best validation (epoch " + best.epoch() + ")",
                best == null ? new double[2][0] : new double[][]{{best.epoch()}, {best.valLoss()}});
        DefaultXYDataset acc = new DefaultXYDataset();
        acc.addSeries("training accuracy", epochSeries(epochs, 2));
        acc.addSeries("validation accuracy", epochSeries(epochs, 3));
        lossData = loss;
        lossPane.show(loss);
        if (epochs.size() != accEpochs) {
            accEpochs = epochs.size();
            accPane.show(acc);
        }
    }

    /** One value per epoch; a long run ("until stopped") is thinned to about {@link #MAX_POINTS}, keeping the last. */
    private static double[][] epochSeries(List<EpochMetrics> epochs, int which) {
        int[] kept = Thinning.kept(epochs.size(), MAX_POINTS);
        double[][] out = new double[2][kept.length];
        for (int k = 0; k < kept.length; k++) {
            EpochMetrics m = epochs.get(kept[k]);
            out[0][k] = m.epoch();
            out[1][k] = switch (which) {
                case 0 -> m.trainLoss();
                case 1 -> m.valLoss();
                case 2 -> m.trainAcc();
                default -> m.valAcc();
            };
        }
        return out;
    }

    /**
     * The chart on the selected tab (loss or accuracy) for export: drawn by JFreeChart at the size it has on screen,
     * with its zoom and theme; its SVG is vector.
     */
    public ViewExport.Target target() {
        return new ViewExport.Target() {
            private RenderedChartPane pane() {
                return tabs.getSelectionModel().getSelectedIndex() == 1 ? accPane : lossPane;
            }

            @Override
            public String name() {
                return pane() == accPane ? "accuracy" : "loss";
            }

            @Override
            public String title() {
                return "loss curves";
            }

            // drawn by the chart's render thread; the I/O thread that runs these waits for it, the FX thread does not
            @Override
            public java.util.concurrent.Callable<java.awt.image.BufferedImage> image(double scale) {
                RenderedChartPane p = pane();
                int w = Math.max(200, (int) p.getWidth()), h = Math.max(150, (int) p.getHeight());
                return () -> p.png(w, h, scale);
            }

            @Override
            public java.util.concurrent.Callable<String> svg() {
                RenderedChartPane p = pane();
                int w = Math.max(200, (int) p.getWidth()), h = Math.max(150, (int) p.getHeight());
                return () -> p.svg(w, h);
            }
        };
    }

    /** Wheel zoom on the loss chart at (x, y) in its coordinates (tests, keyboard). */
    void zoomLossAt(double lx, double ly, double deltaY) {
        // an event's x and y are scene coordinates; the pane sees them as its own
        javafx.geometry.Point2D p = lossPane.localToScene(lx, ly);
        double x = p.getX(), y = p.getY();
        javafx.event.Event.fireEvent(lossPane, new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL,
                x, y, x, y, false, false, false, false, false, false, 0, deltaY, 0, deltaY,
                javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
    }

    /** The x range the loss chart showed in its last frame (tests); null before the first. */
    double[] lossXRange() {
        return lossPane.shownX();
    }

    /** The loss chart's pane (tests fire mouse events at it). */
    javafx.scene.layout.Pane lossChartPane() {
        return lossPane;
    }

    /** Points in the loss chart's series, summed (tests). */
    public int lossPointCount() {
        int n = 0;
        for (int s = 0; s < lossData.getSeriesCount(); s++) n += lossData.getItemCount(s);
        return n;
    }

    public int epochPointCount() {
        int idx = lossData.indexOf("validation");
        return idx < 0 ? 0 : lossData.getItemCount(idx);
    }


    String readout(double x) {
        LossHistory h = model.history();
        StringBuilder sb = new StringBuilder(Numbers.format("epoch %.2f", x));
        int i = h.nearestBatch(x);
        if (i >= 0) {
            sb.append(Numbers.format("   step %d: mini-batch loss %.4f (smoothed %.4f)", h.stepAt(i), h.lossAt(i),
                    h.smoothedAt(i, smoothing.getValue())));
        }
        EpochMetrics best = null;
        for (EpochMetrics m : h.epochs()) {
            if (best == null || Math.abs(m.epoch() - x) < Math.abs(best.epoch() - x)) best = m;
        }
        if (best != null) {
            sb.append(Numbers.format("   epoch %d: train %.4f / val %.4f, acc %.1f%% / %.1f%%", best.epoch(),
                    best.trainLoss(), best.valLoss(), 100 * best.trainAcc(), 100 * best.valAcc()));
        }
        return sb.toString();
    }
}
