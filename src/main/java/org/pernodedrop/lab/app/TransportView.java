package org.pernodedrop.lab.app;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;

/** Play/pause, step a batch, step an epoch, stop, reset, and the epoch and run progress bars. */
public final class TransportView extends HBox {

    private static final String PLAY = "M0 0 L14 8 L0 16 Z";
    private static final String PAUSE = "M0 0 H5 V16 H0 Z M9 0 H14 V16 H9 Z";
    private static final String STEP = "M0 0 L10 8 L0 16 Z M11 0 H14 V16 H11 Z";
    private static final String EPOCH = "M0 0 L7 8 L0 16 Z M7 0 L14 8 L7 16 Z M15 0 H18 V16 H15 Z";
    private static final String STOP = "M0 0 H14 V14 H0 Z";
    private static final String RESET = "M8 1 A7 7 0 1 0 15 8 H12 A4 4 0 1 1 8 4 V7 L13 2.5 L8 -2 Z";

    private final LabModel model;
    final Button play = button("Play", PLAY, "Play / pause (Space)");
    final Button stepBatch = button("Step", STEP, "Train one mini-batch, then pause (S)");
    final Button stepEpoch = button("Epoch", EPOCH, "Train to the end of the epoch, then pause (E)");
    final Button stop = button("Stop", STOP, "End the run; the curves stay");
    final Button reset = button("Reset", RESET, "Clear the run; the next play starts afresh (R)");
    private final ProgressBar epochBar = new ProgressBar(0);
    private final ProgressBar runBar = new ProgressBar(0);
    private final Label epochLabel = Cards.small("");
    private final Label runLabel = Cards.small("");
    /** Speed cap choices in steps per second; 0 = as fast as possible. */
    static final double[] SPEEDS = {0, 100, 30, 10, 3, 1};
    final javafx.scene.control.ComboBox<Double> speed = new javafx.scene.control.ComboBox<>();
    /** Save or copy any single-run picture: one submenu per view. */
    final javafx.scene.control.MenuButton export = new javafx.scene.control.MenuButton("Export");

    public TransportView(LabModel model) {
        this.model = model;
        createView();
        initListeners();
        update();
    }

    private static Button button(String text, String path, String tip) {
        SVGPath icon = new SVGPath();
        icon.setContent(path);
        icon.getStyleClass().add("icon");
        Button b = new Button(text, icon);
        b.setTooltip(new Tooltip(tip));
        // TAB reaches the transport (keyboard users); a click leaves the focus where it was (Keys)
        Keys.focusOnlyByKeyboard(b);
        return b;
    }

    private void createView() {
        getStyleClass().add("transport");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
        play.setId("play");
        stepBatch.setId("step-batch");
        stepEpoch.setId("step-epoch");
        stop.setId("stop");
        reset.setId("reset");
        play.getStyleClass().add("play");
        play.setMinWidth(96);
        epochBar.setPrefWidth(220);
        runBar.setPrefWidth(220);
        epochBar.setId("epoch-progress");
        runBar.setId("run-progress");
        VBox bars = new VBox(3, new HBox(6, Cards.small("epoch"), epochBar, epochLabel),
                new HBox(6, Cards.small("run   "), runBar, runLabel));
        bars.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label("PerNodeDrop Lab");
        title.getStyleClass().add("app-title");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        speed.setId("speed");
        for (double v : SPEEDS) speed.getItems().add(v);
        speed.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : v == 0 ? "fastest" : Numbers.format("%.0f steps/s", v);
            }

            @Override
            public Double fromString(String s) {
                return null;
            }
        });
        speed.setValue(0.0);
        speed.setTooltip(new Tooltip("Speed cap: as fast as possible, or at most this many steps a second, to watch "
                + "the masks change step by step"));
        speed.setAccessibleText("Training speed");
        speed.setMinWidth(Region.USE_PREF_SIZE);
        export.setId("export-views");
        export.setTooltip(new Tooltip("Save a view as PNG or SVG, or copy it as an image (right-click a view "
                + "for the same)"));
        export.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(title, gap, play, stepBatch, stepEpoch, stop, reset, new Region(), new HBox(4, Cards.small("speed"), speed),
                bars, export);
        HBox.setHgrow(bars, Priority.NEVER);
    }

    /** Fills the Export menu (the views exist after the transport bar). */
    void setExports(java.util.List<ViewExport.Target> targets, java.util.function.Consumer<String> onError) {
        export.getItems().clear();
        for (ViewExport.Target t : targets) export.getItems().add(ViewExport.menu(t, this, onError));
    }

    private void initListeners() {
        play.setOnAction(e -> model.playPause());
        speed.valueProperty().addListener((obs, old, now) -> {
            if (now != null) model.maxStepsPerSecondProperty().set(now);
        });
        model.maxStepsPerSecondProperty().addListener((obs, old, now) -> speed.setValue(now.doubleValue()));
        stepBatch.setOnAction(e -> model.stepBatch());
        stepEpoch.setOnAction(e -> model.stepEpoch());
        stop.setOnAction(e -> model.stop());
        reset.setOnAction(e -> model.reset());
        model.stateProperty().addListener(o -> update());
        model.epochProgressProperty().addListener(o -> update());
        model.runProgressProperty().addListener(o -> update());
        model.configProperty().addListener(o -> update());
        model.epochProperty().addListener(o -> update());
    }

    private void update() {
        LabModel.RunState s = model.stateProperty().get();
        boolean running = s == LabModel.RunState.RUNNING || s == LabModel.RunState.STARTING;
        play.setText(running ? "Pause" : "Play");
        ((SVGPath) play.getGraphic()).setContent(running ? PAUSE : PLAY);
        boolean live = s == LabModel.RunState.RUNNING || s == LabModel.RunState.PAUSED
                || s == LabModel.RunState.STARTING;
        stop.setDisable(!live);
        epochBar.setProgress(model.epochProgressProperty().get());
        runBar.setProgress(model.runProgressProperty().get());
        epochLabel.setText(Numbers.format("%3.0f%%", 100 * model.epochProgressProperty().get()));
        boolean endless = model.config().training().untilStopped();
        runLabel.setText(endless ? "  \u221e" : Numbers.format("%3.0f%%", 100 * model.runProgressProperty().get()));
    }
}
