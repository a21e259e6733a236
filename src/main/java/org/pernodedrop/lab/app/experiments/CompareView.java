package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.Numbers;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;
import org.pernodedrop.lab.app.HeatmapRenderer;
import org.pernodedrop.lab.app.Palette;
import org.pernodedrop.lab.app.config.ConfigEditor;
import org.pernodedrop.lab.app.config.ConfigField;
import org.pernodedrop.lab.app.config.FieldSet;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.nn.MaskView;
import org.pernodedrop.lab.engine.report.ReportCharts;
import org.pernodedrop.lab.engine.report.VariantPalette;
import org.pernodedrop.lab.engine.experiment.TeachingPreset;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Generalization;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compare live: pick 2-6 regularizers, press start, and watch them train on the same batches from the same weights:
 * overlaid loss curves (smoothed mini-batch loss thin, validation loss per epoch thick with markers), one mask
 * thumbnail per variant (sample 0 of the newest batch, {@code Din x Dout}), a running table, and how many variants
 * this machine keeps up with.
 */
public final class CompareView extends BorderPane {

    /** VariantRun colours when the same preset appears twice (e.g. one preset at several rates). */
    private static final Color[] LANE_COLOURS = {new Color(0x0877BD), new Color(0xF59322), new Color(0x2E7D32),
            new Color(0xC62828), new Color(0x6A1B9A), new Color(0x455A64)};
    private static final Palette MASK_PALETTE = Palette.viridis(0.0, 1.0, 2.0);
    static final int THUMB_SIZE = 96;

    private final CompareModel model;
    /** The settings: dataset, variants, rate, learning rate, epochs, train limit ({@link FieldSet#COMPARE}). */
    final ConfigEditor editor = new ConfigEditor(FieldSet.COMPARE);
    final Slider rate = editor.rate();
    final Button start = new Button("Start");
    final Button pause = new Button("Pause");
    final Button stop = new Button("Stop");
    private final Label capacity = new Label("Start a comparison to measure how many variants this machine keeps up with.");
    private final Label message = new Label();
    private final Label lessonLabel = new Label();
    private final Label verdict = new Label();
    /** The lesson whose exact configs Start runs, until the user ticks a variant, moves the rate or the dataset. */
    private TeachingPreset pinned;
    private boolean choosing;
    private final ChartPane lossPane = ChartPane.live("compare_losses", "Loss curves",
            "thin: smoothed mini-batch loss; thick with markers: validation loss per epoch",
            () -> lossChart(List.of()));
    private final FlowPane thumbs = new FlowPane(10, 10);
    private final TableView<CompareModel.VariantRun> table = new TableView<>();
    /** Bumped when the table's numbers change; its cells' values depend on it ({@link #col}). */
    private final javafx.beans.property.IntegerProperty tableTick = new javafx.beans.property.SimpleIntegerProperty();
    private final VBox side = new VBox(6);
    /** The data the loss chart shows now: built anew per refresh, read by the chart's render thread. */
    private DefaultXYDataset lossData;
    private final Map<String, int[]> drawn = new LinkedHashMap<>(); // runId -> {batch points, epochs} shown
    private final Map<String, Canvas> canvases = new LinkedHashMap<>();
    private final Map<String, HeatmapRenderer> renderers = new LinkedHashMap<>();

    public CompareView(CompareModel model) {
        this.model = model;
        createView();
        initListeners();
        // opens on the lesson that matters most: overfitting without a regularizer, and two cures
        choose(TeachingPreset.all().get(0));
    }

    /** The settings editor ({@link FieldSet#COMPARE}). */
    public ConfigEditor editor() {
        return editor;
    }

    private void createView() {
        getStyleClass().add("compare");
        side.getStyleClass().addAll("controls", "card");
        side.setPadding(new Insets(10));
        lessonLabel.setId("compare-lesson");
        lessonLabel.setWrapText(true);
        lessonLabel.getStyleClass().add("lesson-pin");
        side.getChildren().addAll(lessonLabel, editor.layout());
        start.setId("compare-start");
        start.getStyleClass().add("play");
        pause.setId("compare-pause");
        stop.setId("compare-stop");
        HBox buttons = new HBox(6, start, pause, stop);
        side.getChildren().addAll(new Label(" "), buttons);
        side.getChildren().add(message);
        message.setWrapText(true);
        message.getStyleClass().add("error-text");
        side.setPrefWidth(250);
        ScrollPane sideScroll = new ScrollPane(side);
        sideScroll.setFitToWidth(true);
        sideScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        sideScroll.getStyleClass().addAll("side", "advanced");
        sideScroll.setPrefWidth(270);
        setLeft(sideScroll);

        thumbs.setId("compare-thumbs");
        thumbs.setPadding(new Insets(4));
        thumbs.setPrefWrapLength(3 * (THUMB_SIZE + 12));
        // the single run's orientation: inputs across, nodes down (Dropout blanks whole columns there and here)
        Label thumbsTitle = new Label("Masks: sample 0, inputs \u2192 across \u00d7 nodes \u2193 down");
        thumbsTitle.getStyleClass().add("card-title");
        org.pernodedrop.lab.app.ColourBar legend = new org.pernodedrop.lab.app.ColourBar(MASK_PALETTE,
                "mask value", "0 dropped", "1", "2 = 1/q kept (p = 0.5)");
        legend.setId("compare-mask-legend");
        VBox thumbBox = new VBox(4, thumbsTitle, thumbs, legend);
        thumbBox.getStyleClass().add("card");
        buildTable();
        capacity.setId("compare-capacity");
        capacity.getStyleClass().add("capacity");
        capacity.setWrapText(true);
        verdict.setId("compare-verdict");
        verdict.setWrapText(true);
        verdict.getStyleClass().add("verdict");
        VBox tableBox = new VBox(4, capacity, table, verdict);
        tableBox.getStyleClass().add("card");
        VBox.setVgrow(table, Priority.ALWAYS);
        table.setPrefHeight(170);

        HBox lower = new HBox(10, thumbBox, tableBox);
        HBox.setHgrow(tableBox, Priority.ALWAYS);
        thumbBox.setPrefWidth(3 * (THUMB_SIZE + 12) + 30);
        thumbBox.setMinWidth(3 * (THUMB_SIZE + 12) + 30);
        lower.setPrefHeight(2 * (THUMB_SIZE + 22) + 50);
        lower.setMinHeight(THUMB_SIZE + 80);
        VBox centre = new VBox(10, lossPane, lower);
        VBox.setVgrow(lossPane, Priority.ALWAYS);
        centre.setPadding(new Insets(8));
        setCenter(centre);
        lossPane.setReadout(this::readout);
        updateButtons();
    }

    private void buildTable() {
        table.setId("compare-table");
        table.getColumns().add(col("variant", l -> l.label, 160));
        table.getColumns().add(col("epoch", l -> l.epochs.size(), 50));
        table.getColumns().add(col("batch loss", l -> f4(l.latestBatchLoss()), 75));
        table.getColumns().add(col("train loss", l -> last(l, EpochMetrics::trainLoss), 75));
        table.getColumns().add(col("val loss", l -> last(l, EpochMetrics::valLoss), 75));
        table.getColumns().add(col("val acc", l -> last(l, EpochMetrics::valAcc), 65));
        table.getColumns().add(col("gap", l -> last(l, Generalization::lossGap), 65));
        table.getColumns().add(col("best val", l -> {
            EpochMetrics b = Generalization.best(l.epochs);
            return b == null ? "" : f4(b.valLoss());
        }, 70));
        table.getColumns().add(col("best epoch", l -> {
            EpochMetrics b = Generalization.best(l.epochs);
            return b == null ? "" : Integer.toString(b.epoch());
        }, 75));
        table.setItems(model.variantRuns());
        table.setPlaceholder(new Label("Pick 2 to 6 variants and press Start."));
    }

    private static String last(CompareModel.VariantRun l, java.util.function.ToDoubleFunction<EpochMetrics> f) {
        return l.failure != null ? "failed" : l.epochs.isEmpty() ? "" : f4(f.applyAsDouble(l.epochs.get(l.epochs.size() - 1)));
    }

    private static String f4(double v) {
        return Double.isNaN(v) ? "" : Numbers.format("%.4f", v);
    }

    /**
     * A column whose cells recompute their value when {@link #tableTick} changes. TableView.refresh() rebuilt every
     * cell and its skin instead, which was the largest FX-thread cost of a running comparison after the chart.
     */
    private <T> TableColumn<CompareModel.VariantRun, T> col(String name, Function<CompareModel.VariantRun, T> f,
                                                            double w) {
        TableColumn<CompareModel.VariantRun, T> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> javafx.beans.binding.Bindings.createObjectBinding(
                () -> f.apply(cd.getValue()), tableTick));
        c.setPrefWidth(w);
        c.setSortable(false);
        return c;
    }

    private void initListeners() {
        start.setOnAction(e -> startFromControls());
        pause.setOnAction(e -> model.pauseResume());
        stop.setOnAction(e -> model.stop());
        model.stateProperty().addListener((o, a, b) -> updateButtons());
        model.revisionProperty().addListener((o, a, b) -> refresh());
        model.capacityProperty().addListener((o, a, b) -> capacity.setText(b));
        model.messageProperty().addListener((o, a, b) -> message.setText(b));
        model.verdictProperty().addListener((o, a, b) -> verdict.setText(b));
        for (CheckBox c : variantBoxes().values()) c.selectedProperty().addListener((o, a, b) -> unpin());
        rate.valueProperty().addListener((o, a, b) -> unpin());
        editor.dataset().valueProperty().addListener((o, a, b) -> unpin());
        model.variantRuns().addListener((javafx.collections.ListChangeListener<CompareModel.VariantRun>) c -> rebuildLanes());
    }

    private void updateButtons() {
        CompareModel.State s = model.stateProperty().get();
        boolean live = s == CompareModel.State.RUNNING || s == CompareModel.State.PAUSED;
        pause.setDisable(!live);
        stop.setDisable(!live);
        pause.setText(s == CompareModel.State.PAUSED ? "Resume" : "Pause");
    }

    /**
     * Starts what the panel shows: a pinned lesson's own configs (epochs, learning rate and train limit from the
     * fields), or the ticked variants at the slider's rate on the editor's config. A bad field is named by the
     * editor; a lesson run with its own settings gets its claim checked.
     */
    public void startFromControls() {
        try {
            message.setText("");
            ExperimentConfig base = editor.read();
            if (pinned != null) {
                List<ExperimentConfig> configs = pinned.variants().stream()
                        .map(c -> c.withTraining(c.training().withEpochs(base.training().epochs())
                                        .withLearningRate(base.training().learningRate()))
                                .withData(c.data().withLimits(base.data().trainLimit(), c.data().valLimit())))
                        .toList();
                model.start(configs, configs.equals(pinned.variants()) ? pinned : null);
            } else {
                model.start(base, editor.variantSpecs(base.regularizer().rate()));
            }
        } catch (ConfigEditor.FieldException e) {
            // named and marked in the editor
        } catch (IllegalArgumentException e) {
            message.setText(e.getMessage());
        }
    }

    /** Shows a lesson in the panel (ticks its presets, sets its rate and epochs) and pins its exact configs. */
    public void choose(TeachingPreset lesson) {
        choosing = true;
        try {
            List<ExperimentConfig> configs = lesson.variants();
            editor.variants().select(configs.stream().map(c -> c.regularizer().preset()).toList());
            // the slider shows the lesson's drop rate (its first variant may be 'none', at 0)
            ExperimentConfig first = configs.get(0);
            double p = configs.stream().mapToDouble(c -> c.regularizer().rate()).filter(r -> r > 0).findFirst()
                    .orElse(rate.getValue());
            editor.clearError();
            editor.load(first.withRegularizer(first.regularizer().withRate(p)));
        } finally {
            choosing = false;
        }
        pinned = lesson;
        lessonLabel.setText("Lesson: " + lesson.title() + "\n" + String.join(", ",
                lesson.variants().stream().map(TeachingPreset::label).toList())
                + "\n(tick variants or move the rate to compose your own)");
        lessonLabel.setVisible(true);
        lessonLabel.setManaged(true);
    }

    /** The lesson shown in the panel, or null when the user composes their own comparison. */
    public TeachingPreset pinnedLesson() {
        return pinned;
    }

    private void unpin() {
        if (choosing || pinned == null) return;
        pinned = null;
        lessonLabel.setText("");
        lessonLabel.setVisible(false);
        lessonLabel.setManaged(false);
    }

    private Color laneColour(int i) {
        List<String> presets = model.variantRuns().stream().map(CompareModel.VariantRun::variant).toList();
        boolean distinct = presets.stream().distinct().count() == presets.size();
        return distinct ? VariantPalette.color(presets.get(i)) : LANE_COLOURS[i % LANE_COLOURS.length];
    }

    private void rebuildLanes() {
        lossData = null;
        drawn.clear();
        canvases.clear();
        renderers.clear();
        drawnSnapshots.clear();
        thumbs.getChildren().clear();
        for (CompareModel.VariantRun l : model.variantRuns()) {
            drawn.put(l.runId, new int[2]);
            Canvas c = new Canvas(THUMB_SIZE, THUMB_SIZE);
            canvases.put(l.runId, c);
            renderers.put(l.runId, new HeatmapRenderer());
            // long preset names break at their hyphens, never inside a word ("pernode-" / "bernoulli"): explicit
            // line breaks, because JavaFX's wrapping does not break at a zero-width space and cut "berno/ulli"
            Label name = new Label(thumbLabel(l.label));
            name.getStyleClass().add("thumb-label");
            name.setWrapText(false);
            name.setMaxWidth(THUMB_SIZE + 8);
            VBox box = new VBox(2, name, c);
            thumbs.getChildren().add(box);
        }
        // the series' colours and shapes, fixed now; the chart itself is built on its render thread
        List<SeriesStyle> styles = new ArrayList<>();
        for (int i = 0; i < model.variantRuns().size(); i++) {
            styles.add(new SeriesStyle(laneColour(i), VariantPalette.shape(model.variantRuns().get(i).variant())));
        }
        lossPane.setLiveFactory(() -> lossChart(styles));
        table.refresh();
    }

    /** A variant's label for its thumbnail: the rate on its own line, names over 11 characters broken after '-'. */
    static String thumbLabel(String label) {
        int p = label.indexOf(" p=");
        String name = p < 0 ? label : label.substring(0, p);
        String rate = p < 0 ? "" : "\np = " + label.substring(p + 3);
        return (name.length() > 11 ? name.replace("-", "-\n") : name) + rate;
    }

    /** How a variant's two curves look: its colour, and the marker of its validation points. */
    private record SeriesStyle(Color colour, java.awt.Shape marker) {
    }

    /** An empty loss chart whose series 2i (mini-batch) and 2i + 1 (validation) are styled for variant i. */
    private static JFreeChart lossChart(List<SeriesStyle> styles) {
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

    /** Most mini-batch points drawn per variant; a longer run shows every k-th point (and always the newest). */
    static final int MAX_BATCH_POINTS = 1500;

    /** The hover readout: each variant's validation loss at the epoch nearest to {@code x}. */
    private String readout(double x) {
        StringBuilder sb = new StringBuilder(Numbers.format("epoch %.1f", x));
        for (CompareModel.VariantRun l : model.variantRuns()) {
            EpochMetrics near = null;
            for (EpochMetrics m : l.epochs) {
                if (near == null || Math.abs(m.epoch() - x) < Math.abs(near.epoch() - x)) near = m;
            }
            if (near != null) {
                sb.append(Numbers.format("   %s: val %.4f (epoch %d)", l.label, near.valLoss(),
                        near.epoch()));
            }
        }
        return sb.toString();
    }

    private void refresh() {
        if (drawn.isEmpty()) return;
        // a new dataset only when a curve grew; the chart is drawn off the FX thread from it
        boolean grew = lossData == null;
        for (CompareModel.VariantRun l : model.variantRuns()) {
            int[] d = drawn.get(l.runId);
            if (d == null) continue;
            grew |= l.batchLoss.size() != d[0] || l.epochs.size() != d[1];
            d[0] = l.batchLoss.size();
            d[1] = l.epochs.size();
            drawMask(l);
        }
        if (grew) {
            DefaultXYDataset data = new DefaultXYDataset();
            for (CompareModel.VariantRun l : model.variantRuns()) {
                data.addSeries(l.label + " batch", thinned(l.batchLoss));
                double[][] v = new double[2][l.epochs.size()];
                for (int k = 0; k < v[0].length; k++) {
                    v[0][k] = l.epochs.get(k).epoch();
                    v[1][k] = l.epochs.get(k).valLoss();
                }
                data.addSeries(l.label + " val", v);
            }
            lossData = data;
            lossPane.showLive(data);
        }
        // the numbers update when an epoch ends and otherwise once a second (the batch loss needs no more)
        int epochs = model.variantRuns().stream().mapToInt(l -> l.epochs.size()).sum();
        long now = System.nanoTime();
        if (epochs != tableEpochs || now - tableRefreshNs >= TABLE_REFRESH_NS
                || model.stateProperty().get() != CompareModel.State.RUNNING) {
            tableEpochs = epochs;
            tableRefreshNs = now;
            tableTick.set(tableTick.get() + 1);
        }
    }

    /** The compare table's refresh interval while only the batch losses change. */
    static final long TABLE_REFRESH_NS = 1_000_000_000L;
    private int tableEpochs = -1;
    private long tableRefreshNs;

    /** The snapshot each thumbnail shows now: a drain without a new snapshot redraws nothing. */
    private final Map<String, org.pernodedrop.lab.engine.train.ViewSnapshot> drawnSnapshots = new HashMap<>();

    private void drawMask(CompareModel.VariantRun l) {
        if (drawnSnapshots.containsKey(l.runId) && drawnSnapshots.get(l.runId) == l.snapshot) return;
        drawnSnapshots.put(l.runId, l.snapshot);
        Canvas c = canvases.get(l.runId);
        GraphicsContext g = c.getGraphicsContext2D();
        MaskView m = l.snapshot == null ? null : l.snapshot.masks();
        if (m == null || m.masks().length == 0) {
            g.setFill(javafx.scene.paint.Color.web("#eceff1"));
            g.fillRect(0, 0, THUMB_SIZE, THUMB_SIZE);
            g.setFill(javafx.scene.paint.Color.web("#607d8b"));
            g.fillText(l.snapshot == null ? "waiting\u2026" : "no mask", 10, THUMB_SIZE / 2.0);
            return;
        }
        // the mask is row-major [din][dout]; drawn as the single run draws it, x = input i, y = node j
        float[] src = m.masks()[0];
        int din = m.din(), dout = m.dout();
        float[] img0 = new float[din * dout];
        for (int i = 0; i < din; i++) for (int j = 0; j < dout; j++) img0[j * din + i] = src[i * dout + j];
        WritableImage img = renderers.get(l.runId).render(img0, din, dout, MASK_PALETTE);
        g.clearRect(0, 0, THUMB_SIZE, THUMB_SIZE);
        renderers.get(l.runId).draw(g, 0, img.getWidth(), 0, 0, THUMB_SIZE, THUMB_SIZE);
    }

    /** For tests: the mask image of a lane (null before its first snapshot). */
    public WritableImage maskImage(int lane) {
        if (lane >= model.variantRuns().size()) return null;
        HeatmapRenderer r = renderers.get(model.variantRuns().get(lane).runId);
        return r == null ? null : r.image();
    }

    /** {x, y} rows of at most {@link #MAX_BATCH_POINTS} points: every k-th, counted back from the newest. */
    static double[][] thinned(List<double[]> points) {
        int[] kept = org.pernodedrop.lab.app.Thinning.kept(points.size(), MAX_BATCH_POINTS);
        double[][] out = new double[2][kept.length];
        for (int k = 0; k < kept.length; k++) {
            double[] p = points.get(kept[k]);
            out[0][k] = p[0];
            out[1][k] = p[1];
        }
        return out;
    }

    /** Points in the loss chart: {batch points, validation points} summed over variantRuns. */
    public int[] lossPointCounts() {
        int b = 0, v = 0;
        if (lossData != null) {
            for (int s = 0; s < lossData.getSeriesCount(); s++) {
                if (s % 2 == 0) b += lossData.getItemCount(s);
                else v += lossData.getItemCount(s);
            }
        }
        return new int[]{b, v};
    }

    public ChartPane lossPane() {
        return lossPane;
    }

    public String capacityText() {
        return capacity.getText();
    }

    public Map<String, CheckBox> variantBoxes() {
        return editor.variants().boxes();
    }
}
