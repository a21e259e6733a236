package org.pernodedrop.lab.app.experiments;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.config.TrainingSpec;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.experiment.SweepSpec;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    final ComboBox<String> dataset = new ComboBox<>();
    final Map<String, CheckBox> variants = new LinkedHashMap<>();
    final TextField rates = new TextField("0.1:0.7:0.2");
    final TextField units = new TextField("16");
    final TextField seeds = new TextField("1");
    final TextField epochs = new TextField("10");
    final TextField batch = new TextField("10");
    final TextField learningRate = new TextField("0.01");
    final TextField trainLimit = new TextField("0");
    final TextField out = new TextField(Path.of(System.getProperty("user.home"), "pernodedrop-sweeps", "sweep-1")
            .toString());
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

    private void createView() {
        getStyleClass().add("sweep");
        setSpacing(10);
        setPadding(new Insets(10));
        dataset.getItems().addAll(Datasets.NAMES);
        dataset.setValue("spiral");
        dataset.setId("sweep-dataset");
        FlowPane vs = new FlowPane(12, 6);
        for (String p : RegularizerSpec.PRESETS) {
            CheckBox c = new CheckBox(p);
            c.setId("sw-" + p);
            variants.put(p, c);
            vs.getChildren().add(c);
        }
        for (String p : List.of("none", "dropout", "dropconnect", "pernode-bernoulli")) variants.get(p).setSelected(true);
        rates.setTooltip(new Tooltip("start:end:step (inclusive), or a list 0.2,0.5"));
        out.setTooltip(new Tooltip("The sweep folder: sweep.json, runs.csv and runs/<run>/ as the CLI writes them"));
        Button browse = new Button("\u2026");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            File f = dc.showDialog(getScene().getWindow());
            if (f != null) out.setText(f.getPath());
        });
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(6);
        int r = 0;
        g.addRow(r++, label("dataset"), dataset);
        g.addRow(r++, label("drop rates"), rates, label("widths (units)"), units);
        g.addRow(r++, label("seeds (1..N)"), seeds, label("epochs"), epochs);
        g.addRow(r++, label("batch"), batch, label("learning rate"), learningRate);
        g.addRow(r++, label("train limit (0 = all)"), trainLimit);
        HBox outRow = new HBox(6, out, browse);
        HBox.setHgrow(out, Priority.ALWAYS);
        g.add(label("folder"), 0, r);
        g.add(outRow, 1, r, 3, 1);
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
        VBox editor = new VBox(8, title("Sweep editor"), label("variants"), vs, g, actions, transport);
        editor.getStyleClass().add("card");

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
        getChildren().addAll(editor, queue, hint);
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
        for (TextField f : List.of(rates, units, seeds, epochs, batch, learningRate, trainLimit)) {
            f.textProperty().addListener((o, a, b) -> updateCount());
        }
        variants.values().forEach(c -> c.selectedProperty().addListener((o, a, b) -> updateCount()));
        dataset.valueProperty().addListener((o, a, b) -> updateCount());
        estimate.setOnAction(e -> withSpec(s -> model.estimate(s, Path.of(out.getText().trim()))));
        start.setOnAction(e -> withSpec(s -> model.start(s, Path.of(out.getText().trim()), false)));
        resume.setOnAction(e -> withSpec(s -> model.start(s, Path.of(out.getText().trim()), true)));
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
        List<String> vs = new ArrayList<>();
        variants.forEach((k, c) -> {
            if (c.isSelected()) vs.add(k);
        });
        List<Integer> us = new ArrayList<>();
        for (String u : units.getText().split(",")) us.add(parseInt(u, "widths", 1));
        int n = parseInt(seeds.getText(), "seeds", 1);
        List<Long> ss = new ArrayList<>();
        for (long s = 1; s <= n; s++) ss.add(s);
        int ep = parseInt(epochs.getText(), "epochs", 1);
        int b = parseInt(batch.getText(), "batch", 1);
        int limit = parseInt(trainLimit.getText(), "train limit", 0);
        double lr = org.pernodedrop.lab.app.ConfigFields.parseDouble(learningRate.getText(), "learning rate");
        ExperimentConfig base = ExperimentConfig.defaults();
        base = base.withData(Datasets.defaultSpec(dataset.getValue()).withLimits(limit, 0))
                .withTraining(new TrainingSpec(ep, b, lr));
        return new SweepSpec(base, vs, SweepSpec.parseRates(rates.getText()), us, ss);
    }

    private static int parseInt(String text, String name, int min) {
        return org.pernodedrop.lab.app.ConfigFields.parseInt(text, name, min);
    }

    public void setOnError(Consumer<String> handler) {
        onError = handler;
    }

    public String countText() {
        return count.getText();
    }

    public Map<String, CheckBox> variantBoxes() {
        return variants;
    }
}
