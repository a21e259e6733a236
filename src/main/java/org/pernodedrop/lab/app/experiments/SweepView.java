package org.pernodedrop.lab.app.experiments;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.pernodedrop.lab.app.ConfigFields;
import org.pernodedrop.lab.app.config.ConfigEditor;
import org.pernodedrop.lab.app.config.ConfigField;
import org.pernodedrop.lab.app.config.FieldSet;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.SweepSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sweep editor and queue: variants, rate range, widths, seeds, epochs, train limit and the output folder; the
 * run count as you type, an estimate before start, then per-run and overall progress with an ETA, cancel and
 * resume. The folder is the CLI's sweep layout, so either tool can continue what the other began.
 */
public final class SweepView extends VBox {

    private final SweepModel model;
    /** The editor: dataset, variants, training, and the sweep's rates, widths, seeds and folder. */
    final ConfigEditor editor = new ConfigEditor(FieldSet.SWEEP);
    final Button estimate = new Button("Estimate time");
    final Button start = new Button("Start");
    final Button cancel = new Button("Cancel");
    final Button resume = new Button("Resume");
    private final Label count = new Label();
    private final Label estimateText = new Label();
    private final ProgressBar runBar = new ProgressBar(0);
    private final ProgressBar overallBar = new ProgressBar(0);
    private final Label runLabel = new Label();
    private final Label eta = new Label();
    private final Label message = new Label();
    private Consumer<String> onError = s -> { };

    public SweepView(SweepModel model) {
        this.model = model;
        createView();
        initListeners();
        updateCount();
    }

    /** The settings editor ({@link FieldSet#SWEEP}). */
    public ConfigEditor editor() {
        return editor;
    }

    private void createView() {
        getStyleClass().add("sweep");
        setSpacing(10);
        setPadding(new Insets(10));
        count.setId("sweep-count");
        count.getStyleClass().add("value");
        estimateText.setId("sweep-estimate");
        estimate.setId("sweep-estimate-button");
        start.setId("sweep-start");
        start.getStyleClass().add("play");
        cancel.setId("sweep-cancel");
        resume.setId("sweep-resume");
        resume.setTooltip(new Tooltip("Continue the sweep in the folder: finished runs are kept, unfinished ones rerun"));
        HBox actions = new HBox(8, count, estimate, estimateText);
        actions.setAlignment(Pos.CENTER_LEFT);
        HBox transport = new HBox(8, start, cancel, resume);
        VBox editorCard = new VBox(8, title("Sweep editor"), editor.layout(), actions, transport);
        editorCard.getStyleClass().add("card");

        runBar.setMaxWidth(Double.MAX_VALUE);
        overallBar.setMaxWidth(Double.MAX_VALUE);
        runBar.setId("sweep-run-progress");
        overallBar.setId("sweep-overall-progress");
        eta.setId("sweep-eta");
        message.setId("sweep-message");
        message.setWrapText(true);
        VBox queue = new VBox(6, title("Queue"), runLabel, runBar, label("overall"), overallBar, eta, message);
        queue.getStyleClass().add("card");
        Label hint = new Label("Results appear in the Generalization tab as epochs finish, and in the folder's "
                + "runs.csv, which 'pernodedrop-lab report' and 'sweep --resume' read too.");
        hint.getStyleClass().add("card-hint");
        hint.setWrapText(true);
        getChildren().addAll(editorCard, queue, hint);
        updateButtons(false);
    }

    private static Label label(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("field-label");
        return l;
    }

    private static Label title(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("card-title");
        return l;
    }

    private void initListeners() {
        editor.onAnyChange(this::updateCount);
        estimate.setOnAction(e -> withSpec(s -> model.estimate(s, editor.folder())));
        start.setOnAction(e -> withSpec(s -> model.start(s, editor.folder(), false)));
        resume.setOnAction(e -> withSpec(s -> model.start(s, editor.folder(), true)));
        cancel.setOnAction(e -> model.cancel());
        runBar.progressProperty().bind(model.runProgressProperty());
        overallBar.progressProperty().bind(model.overallProgressProperty());
        runLabel.textProperty().bind(model.runLabelProperty());
        eta.textProperty().bind(model.etaProperty());
        estimateText.textProperty().bind(model.estimateProperty());
        message.textProperty().bind(model.messageProperty());
        model.runningProperty().addListener((o, a, b) -> updateButtons(b));
    }

    private void withSpec(Consumer<SweepSpec> action) {
        try {
            action.accept(spec());
        } catch (RuntimeException e) {
            onError.accept(e.getMessage());
            count.setText(e.getMessage());
        }
    }

    private void updateButtons(boolean running) {
        start.setDisable(running);
        resume.setDisable(running);
        estimate.setDisable(running);
        cancel.setDisable(!running);
    }

    private void updateCount() {
        try {
            SweepSpec s = spec();
            count.setText(SweepModel.runCount(s) + " runs \u00d7 " + s.base().training().epochs() + " epochs");
            count.getStyleClass().remove("error-text");
        } catch (RuntimeException e) {
            count.setText(e.getMessage());
            if (!count.getStyleClass().contains("error-text")) count.getStyleClass().add("error-text");
        }
    }

    /** The spec from the editor; a bad field throws naming it. */
    public SweepSpec spec() {
        ExperimentConfig base = editor.read();
        List<Integer> widths = editor.extra(ConfigField.WIDTHS, t -> {
            List<Integer> ws = ConfigFields.parseWidths(t, ConfigField.WIDTHS.label, Integer.MAX_VALUE, 64);
            if (ws.isEmpty()) throw new IllegalArgumentException("give at least one width");
            return ws;
        });
        int n = editor.intValue(ConfigField.SEEDS, 1);
        List<Long> seedList = new ArrayList<>();
        for (long s = 1; s <= n; s++) seedList.add(s);
        List<Double> rateList = editor.extra(ConfigField.RATES, SweepSpec::parseRates);
        return new SweepSpec(base, editor.variants().selected(), rateList, widths, seedList);
    }

    public void setOnError(Consumer<String> handler) {
        onError = handler;
    }

    public String countText() {
        return count.getText();
    }

    public Map<String, CheckBox> variantBoxes() {
        return editor.variants().boxes();
    }
}
