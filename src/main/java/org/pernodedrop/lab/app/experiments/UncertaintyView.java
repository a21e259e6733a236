package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.Numbers;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.pernodedrop.lab.app.config.ConfigEditor;
import org.pernodedrop.lab.app.config.ConfigField;
import org.pernodedrop.lab.app.config.FieldSet;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.report.CalibrationCsv;
import org.pernodedrop.lab.engine.report.ReportCharts;
import org.pernodedrop.lab.engine.stats.Calibration;

import java.io.IOException;
import java.nio.file.Path;
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
    /** The settings: dataset, the dynamic variants, rate, epochs and T ({@link FieldSet#UNCERTAINTY}). */
    final ConfigEditor editor = new ConfigEditor(FieldSet.UNCERTAINTY);
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
        run.setId("mc-run");
        run.getStyleClass().add("play");
        cancel.setId("mc-cancel");
        HBox buttons = new HBox(8, run, cancel, saveCsv);
        buttons.setAlignment(Pos.CENTER_LEFT);
        progress.setMaxWidth(Double.MAX_VALUE);
        message.setWrapText(true);
        message.setId("mc-message");
        VBox top = new VBox(6, editor.layout(), buttons, progress, message);
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
        // the reliability diagram is what this view shows: it keeps room for its plot (the table, a few rows, scrolls)
        table.setPrefHeight(110);
        table.setMinHeight(80);
        chart.setMinHeight(300);
        table.setAccessibleText("Monte Carlo results per variant");
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
            message.setText("");
            ExperimentConfig base = editor.read();
            // at least one variant, each at the slider's rate
            editor.variantSpecs(base.regularizer().rate());
            int t = editor.extra(ConfigField.PASSES, s -> {
                int n = org.pernodedrop.lab.app.ConfigFields.parseInt(s, ConfigField.PASSES.label, 1);
                if (n > 500) throw new IllegalArgumentException("T passes must be <= 500, got " + n);
                return n;
            });
            model.start(base, editor.variants().selected(), base.regularizer().rate(), t);
        } catch (ConfigEditor.FieldException e) {
            // named and marked in the editor
        } catch (IllegalArgumentException | IllegalStateException e) {
            message.setText(e.getMessage());
        }
    }

    public ConfigEditor editor() {
        return editor;
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
