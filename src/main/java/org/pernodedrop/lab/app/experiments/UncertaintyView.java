package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.Numbers;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.report.CalibrationCsv;
import org.pernodedrop.lab.engine.report.ReportCharts;
import org.pernodedrop.lab.engine.stats.Calibration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Uncertainty: Monte Carlo inference (T passes with the noise on) for the dynamic variants, with ECE, NLL and a
 * reliability diagram per variant; {@code calibration.csv} can be saved into a sweep folder, where the CLI's
 * report picks it up.
 */
public final class UncertaintyView extends BorderPane {

    private final UncertaintyModel model;
    final ComboBox<String> dataset = new ComboBox<>();
    final Map<String, CheckBox> variants = new LinkedHashMap<>();
    final Spinner<Integer> passes = new Spinner<>(1, 500, 30, 5);
    final TextField epochs = new TextField("20");
    final TextField rate = new TextField("0.5");
    final Button run = new Button("Train and run MC inference");
    final Button cancel = new Button("Cancel");
    private final Button saveCsv = new Button("Save calibration.csv\u2026");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label message = new Label();
    private final ChartPane chart = new ChartPane("reliability", "Reliability",
            "MC inference (mean of T passes): accuracy against confidence per bin; diagonal = calibrated");
    private final TableView<UncertaintyModel.Result> table = new TableView<>();

    public UncertaintyView(UncertaintyModel model) {
        this.model = model;
        createView();
        initListeners();
    }

    private void createView() {
        dataset.getItems().addAll(CompareView.DATASETS);
        dataset.setValue("spiral");
        FlowPane vs = new FlowPane(10, 6);
        for (String p : RegularizerSpec.PRESETS) {
            if (!UncertaintyModel.isDynamic(p)) continue;
            CheckBox c = new CheckBox(p);
            c.setId("mc-" + p);
            variants.put(p, c);
            vs.getChildren().add(c);
        }
        variants.get("dropout").setSelected(true);
        variants.get("pernode-bernoulli").setSelected(true);
        passes.setEditable(true);
        passes.setId("mc-passes");
        passes.setTooltip(new Tooltip("T: stochastic forward passes per validation example"));
        run.setId("mc-run");
        run.getStyleClass().add("play");
        cancel.setId("mc-cancel");
        epochs.setPrefColumnCount(4);
        rate.setPrefColumnCount(4);
        HBox settings = new HBox(8, new Label("data"), dataset, new Label("epochs"), epochs, new Label("rate p"), rate,
                new Label("T passes"), passes, run, cancel, saveCsv);
        settings.setAlignment(Pos.CENTER_LEFT);
        progress.setMaxWidth(Double.MAX_VALUE);
        message.setWrapText(true);
        message.setId("mc-message");
        VBox top = new VBox(6, settings, vs, progress, message);
        top.getStyleClass().add("card");
        setTop(top);
        table.setId("mc-table");
        table.getColumns().add(col("variant", UncertaintyModel.Result::variant, 170));
        table.getColumns().add(col("T", r -> Integer.toString(r.passes()), 50));
        table.getColumns().add(col("ECE (MC)", r -> f(r.monteCarlo().ece()), 90));
        table.getColumns().add(col("ECE (noise off)", r -> f(r.plain().ece()), 140));
        table.getColumns().add(col("NLL (MC)", r -> f(r.monteCarlo().nll()), 90));
        table.getColumns().add(col("NLL (noise off)", r -> f(r.plain().nll()), 140));
        table.getColumns().add(col("acc (MC)", r -> f(r.monteCarlo().accuracy()), 80));
        table.getColumns().add(col("acc (off)", r -> f(r.plain().accuracy()), 80));
        table.setPrefHeight(160);
        table.setPlaceholder(new Label("Pick dynamic variants and press the button; ECE and NLL appear here."));
        VBox centre = new VBox(8, chart, table);
        VBox.setVgrow(chart, Priority.ALWAYS);
        centre.setPadding(new Insets(8, 0, 0, 0));
        setCenter(centre);
        setPadding(new Insets(8));
        chart.setChart(ReportCharts.reliability(Map.of(), "Reliability (Monte Carlo inference)"));
    }

    private static String f(double v) {
        return Numbers.format("%.4f", v);
    }

    private static TableColumn<UncertaintyModel.Result, String> col(String name,
            Function<UncertaintyModel.Result, String> fn, double w) {
        TableColumn<UncertaintyModel.Result, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(fn.apply(cd.getValue())));
        c.setPrefWidth(w);
        return c;
    }

    private void initListeners() {
        run.setOnAction(e -> startFromControls());
        cancel.setOnAction(e -> model.cancel());
        progress.progressProperty().bind(model.progressProperty());
        model.messageProperty().addListener((o, a, b) -> message.setText(b));
        model.runningProperty().addListener((o, a, b) -> {
            run.setDisable(b);
            cancel.setDisable(!b);
        });
        cancel.setDisable(true);
        model.resultsProperty().addListener((o, a, b) -> show(b));
        saveCsv.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Save calibration.csv (put it in a sweep folder for the report)");
            fc.setInitialFileName("calibration.csv");
            var file = fc.showSaveDialog(getScene().getWindow());
            if (file != null) {
                try {
                    CalibrationCsv.write(file.toPath(), model.monteCarloSummaries());
                } catch (IOException ex) {
                    message.setText("could not write " + file + ": " + ex.getMessage());
                }
            }
        });
    }

    public void startFromControls() {
        try {
            List<String> chosen = new ArrayList<>();
            variants.forEach((k, c) -> {
                if (c.isSelected()) chosen.add(k);
            });
            int ep = org.pernodedrop.lab.app.ConfigFields.parseInt(epochs.getText(), "epochs", 1);
            double r = org.pernodedrop.lab.app.ConfigFields.parseDouble(rate.getText(), "rate", 0, 1);
            ExperimentConfig d = ExperimentConfig.defaults();
            ExperimentConfig base = d.withData(DataSpec.named(dataset.getValue()))
                    .withTraining(d.training().withEpochs(ep));
            model.start(base, chosen, r, passes.getValue());
        } catch (IllegalArgumentException | IllegalStateException e) {
            message.setText(e.getMessage());
        }
    }

    public String messageText() {
        return message.getText();
    }

    private void show(List<UncertaintyModel.Result> rs) {
        table.getItems().setAll(rs);
        chart.setChart(ReportCharts.reliability(reKey(rs), "Reliability (Monte Carlo inference, T = "
                + (rs.isEmpty() ? "-" : rs.get(0).passes()) + ")"));
    }

    /** The reliability chart colours series by variant name, so the MC summaries are keyed by variant. */
    private static Map<String, Calibration.Summary> reKey(List<UncertaintyModel.Result> rs) {
        Map<String, Calibration.Summary> m = new LinkedHashMap<>();
        for (UncertaintyModel.Result r : rs) m.put(r.variant(), r.monteCarlo());
        return m;
    }

    public ChartPane chart() {
        return chart;
    }

    public TableView<UncertaintyModel.Result> table() {
        return table;
    }
}
