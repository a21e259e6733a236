package org.pernodedrop.lab.app;

import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** View 5: where the run is (epoch, step, speed, time) and which backend computes it. */
public final class StatusBarView extends HBox {

    private final LabModel model;
    private final Label state = new Label();
    private final Label epoch = new Label();
    private final Label step = new Label();
    private final Label speed = new Label();
    private final Label time = new Label();
    private final Label info = new Label();
    private final Label backend = new Label();
    private final ProgressIndicator loading = new ProgressIndicator();

    public StatusBarView(LabModel model) {
        this.model = model;
        createView();
        initListeners();
        update();
    }

    private void createView() {
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(18);
        loading.setPrefSize(14, 14);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        state.getStyleClass().add("run-state");
        backend.setId("backend");
        info.setMinWidth(0);
        for (Label l : new Label[]{state, epoch, step, speed, time, backend}) l.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(info, Priority.SOMETIMES);
        Label help = new Label("? help");
        help.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(state, epoch, step, speed, time, info, gap, loading, backend, help);
    }

    private void initListeners() {
        InvalidationListener l = o -> update();
        model.stateProperty().addListener(l);
        model.epochProperty().addListener(l);
        model.stepProperty().addListener(l);
        model.stepsPerSecondProperty().addListener(l);
        model.elapsedSecondsProperty().addListener(l);
        model.remainingSecondsProperty().addListener(l);
        model.backendProperty().addListener(l);
        model.runInfoProperty().addListener(l);
        model.configProperty().addListener(l);
        model.snapshotIntervalMsProperty().addListener(l);
    }

    private void update() {
        LabModel.RunState s = model.stateProperty().get();
        String cls = "state-" + s.name().toLowerCase();
        // touch the style only when the state changes: a style-class change costs a CSS pass and a repaint
        if (!state.getStyleClass().contains(cls)) {
            state.setText(s.name().toLowerCase());
            state.getStyleClass().removeIf(c -> c.startsWith("state-"));
            state.getStyleClass().add(cls);
        }
        int total = model.config().training().epochs();
        epoch.setText("epoch " + model.epochProperty().get() + (total == 0 ? " (until stopped)" : " / " + total));
        step.setText("step " + model.stepProperty().get());
        speed.setText(Numbers.format("%.0f steps/s", model.stepsPerSecondProperty().get()));
        time.setText("elapsed " + clock(model.elapsedSecondsProperty().get()) + (total == 0 ? "" : "   remaining "
                + clock(model.remainingSecondsProperty().get())));
        long iv = model.snapshotIntervalMsProperty().get();
        info.setText(model.runInfoProperty().get() + (iv > LabModel.SNAPSHOT_INTERVAL_MS
                ? Numbers.format("  | views every %.1f s", iv / 1000.0) : ""));
        boolean paced = iv > LabModel.SNAPSHOT_INTERVAL_MS;
        if (paced != (info.getTooltip() != null)) {
            info.setTooltip(paced ? new javafx.scene.control.Tooltip("Each view snapshot costs the trainer time, so "
                    + "the views refresh less often to keep training at full speed; Step (S) always shows the "
                    + "newest masks.") : null);
        }
        String b = model.backendProperty().get();
        boolean busy = b.startsWith("loading");
        loading.setVisible(busy);
        loading.setManaged(busy);
        backend.setText(b);
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) return "--:--";
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? Numbers.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : Numbers.format("%d:%02d", s / 60, s % 60);
    }
}
