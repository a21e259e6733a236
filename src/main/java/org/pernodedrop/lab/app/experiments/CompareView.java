package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.Numbers;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.pernodedrop.lab.app.config.ConfigEditor;
import org.pernodedrop.lab.app.config.ConfigField;
import org.pernodedrop.lab.app.config.FieldSet;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.TeachingPreset;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Generalization;

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

    static final int THUMB_SIZE = CompareMasks.THUMB_SIZE;

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
    private final CompareLossChart losses = new CompareLossChart();
    private final CompareMasks masks = new CompareMasks();
    private final TableView<CompareModel.VariantRun> table = new TableView<>();

    /** Bumped when the table's numbers change; its cells' values depend on it ({@link #col}). */
    private final javafx.beans.property.IntegerProperty tableTick = new javafx.beans.property.SimpleIntegerProperty();
    private final VBox side = new VBox(6);

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

        HBox lower = new HBox(10, masks, tableBox);
        HBox.setHgrow(tableBox, Priority.ALWAYS);
        lower.setPrefHeight(2 * (THUMB_SIZE + 22) + 50);
        lower.setMinHeight(THUMB_SIZE + 80);
        VBox centre = new VBox(10, losses.pane(), lower);
        VBox.setVgrow(losses.pane(), Priority.ALWAYS);
        centre.setPadding(new Insets(8));
        setCenter(centre);
        updateButtons();
    }

    private void buildTable() {
        table.setAccessibleText("Comparison table: each variant's epoch, losses, accuracy, gap and best validation epoch");
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
        model.stateProperty().addListener((o, a, b) -> {
            updateButtons();
            // paused, stopped or finished: the table shows the last numbers at once
            if (b != CompareModel.State.RUNNING) refresh();
        });
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

    private void rebuildLanes() {
        losses.rebuild(model.variantRuns());
        masks.rebuild(model.variantRuns());
        table.refresh();
    }

    private void refresh() {
        losses.update();
        masks.update(model.variantRuns());
        // the numbers update when an epoch ends, at most twice a second (six variants on a small set end epochs many
        // times a second, and every table update is a layout pass), and otherwise once a second (the batch loss)
        int epochs = model.variantRuns().stream().mapToInt(l -> l.epochs.size()).sum();
        long now = System.nanoTime();
        long since = now - tableRefreshNs;
        if ((epochs != tableEpochs && since >= TABLE_MIN_INTERVAL_NS) || since >= TABLE_REFRESH_NS
                || model.stateProperty().get() != CompareModel.State.RUNNING) {
            tableEpochs = epochs;
            tableRefreshNs = now;
            tableTick.set(tableTick.get() + 1);
        }
    }

    /** The compare table's refresh interval while only the batch losses change. */
    static final long TABLE_REFRESH_NS = 1_000_000_000L;
    /** The shortest interval between two table updates while the comparison runs. */
    static final long TABLE_MIN_INTERVAL_NS = 500_000_000L;
    private int tableEpochs = -1;
    private long tableRefreshNs;

    /** For tests: the mask image of a lane (null before its first snapshot). */
    public WritableImage maskImage(int lane) {
        return lane >= model.variantRuns().size() ? null : masks.image(model.variantRuns().get(lane).runId);
    }

    /** Points in the loss chart: {batch points, validation points} summed over the variants. */
    public int[] lossPointCounts() {
        return losses.pointCounts();
    }

    public ChartPane lossPane() {
        return losses.pane();
    }

    public String capacityText() {
        return capacity.getText();
    }

    public Map<String, CheckBox> variantBoxes() {
        return editor.variants().boxes();
    }
}
