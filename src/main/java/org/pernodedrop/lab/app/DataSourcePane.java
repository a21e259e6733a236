package org.pernodedrop.lab.app;

import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.pernodedrop.lab.app.config.ConfigField;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.TrainingSpec;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.experiment.Scenario;

import java.io.File;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The single run's data around the config editor's dataset picker: the ready scenarios (data and network where a
 * plain network overfits), where the chosen dataset is and what can be done about it (download with progress and
 * cancel, or open a local copy).
 */
final class DataSourcePane {

    final ComboBox<Scenario> scenario = new ComboBox<>();
    final Label scenarioHelp = Cards.small("");
    final Label where = Cards.small("");
    final Button download = new Button("Download");
    final Button openLocal = new Button("Open a local copy...");
    final ProgressBar downloadBar = new ProgressBar(0);
    final Label downloadText = Cards.small("");
    private final LabModel model;
    private final ComboBox<DatasetCatalog.Source> dataset;
    private final Consumer<UnaryOperator<ExperimentConfig>> change;
    private boolean updating;

    /** {@code dataset} is the editor's picker; {@code change} applies an edit of the config. */
    DataSourcePane(LabModel model, ComboBox<DatasetCatalog.Source> dataset,
                   Consumer<UnaryOperator<ExperimentConfig>> change) {
        this.model = model;
        this.dataset = dataset;
        this.change = change;
        scenario.setId("scenario");
        scenario.setAccessibleText("scenario");
        scenario.getItems().setAll(Scenario.all());
        scenario.setMaxWidth(Double.MAX_VALUE);
        scenario.setPromptText("your own settings");
        scenario.setConverter(new StringConverter<>() {
            @Override
            public String toString(Scenario sc) {
                return sc == null ? "" : sc.title();
            }

            @Override
            public Scenario fromString(String text) {
                throw new UnsupportedOperationException("scenarios are chosen, not typed");
            }
        });
        scenario.setTooltip(Cards.tip("Ready data and networks where a network without a regularizer overfits: pick "
                + "one, keep your regularizer, press Space"));
        scenarioHelp.setWrapText(true);
        where.setWrapText(true);
        download.setTooltip(Cards.tip("Fetch the official files into your data folder, checking their checksums"));
        openLocal.setTooltip(Cards.tip("Point at a copy you already have (a folder, or a file for CSV / SVMlight)"));
        downloadBar.setMaxWidth(Double.MAX_VALUE);
        downloadText.setWrapText(true);

        scenario.valueProperty().addListener((obs, old, now) -> {
            if (updating || now == null) return;
            // the scenario's data, network and optimiser; the regularizer stays the user's; trained until stopped
            change.accept(cfg -> now.config().withRegularizer(cfg.regularizer())
                    .withTraining(now.config().training().withEpochs(TrainingSpec.UNTIL_STOPPED)));
        });
        model.downloadProgressProperty().addListener((obs, old, now) -> showDownload());
        model.downloadTextProperty().addListener((obs, old, now) -> showDownload());
        download.setOnAction(e -> {
            if (model.downloadProgressProperty().get() >= 0) {
                model.cancelDownload();
            } else if (dataset.getValue() != null) {
                model.download(dataset.getValue().name());
            }
        });
        openLocal.setOnAction(e -> openLocalCopy());
        showDownload();
    }

    HBox buttons() {
        return new HBox(6, download, openLocal);
    }

    /** The scenario whose data and network the config has (none: "your own settings"). */
    void showScenario(ExperimentConfig c) {
        updating = true;
        try {
            Scenario sc = scenario.getItems().stream()
                    .filter(x -> x.config().data().equals(c.data()) && x.config().model().equals(c.model()))
                    .findFirst().orElse(null);
            scenario.setValue(sc);
            scenarioHelp.setText(sc == null ? "" : sc.summary());
        } finally {
            updating = false;
        }
    }

    /** Where the chosen source is and which of download / open a local copy apply to it. */
    void showSource(ExperimentConfig c) {
        DatasetCatalog.Source src = dataset.getValue();
        where.setText(src == null ? "" : src.availabilityLabel()
                + (src.where().isEmpty() ? "" : ": " + src.where())
                + (c.data().dataDir() == null ? "" : "\nlocal copy: " + c.data().dataDir()));
        dataset.setTooltip(Cards.tip(src == null || src.description().isEmpty()
                ? ConfigField.DATASET.tip : src.description()));
        boolean busy = model.downloadProgressProperty().get() >= 0;
        download.setDisable(src == null || (!busy && src.availability() != Datasets.Availability.DOWNLOADABLE));
        openLocal.setDisable(src == null || src.availability() == Datasets.Availability.EMBEDDED);
    }

    private void showDownload() {
        double p = model.downloadProgressProperty().get();
        boolean busy = p >= 0;
        downloadBar.setVisible(busy);
        downloadBar.setManaged(busy);
        downloadBar.setProgress(p);
        download.setText(busy ? "Cancel" : "Download");
        String t = model.downloadTextProperty().get();
        downloadText.setText(t);
        downloadText.setVisible(!t.isEmpty());
        downloadText.setManaged(!t.isEmpty());
    }

    private void openLocalCopy() {
        DatasetCatalog.Source src = dataset.getValue();
        if (src == null || dataset.getScene() == null) return;
        File chosen;
        if (src.name().equals("csv") || src.name().equals("svmlight")) {
            FileChooser fc = new FileChooser();
            fc.setTitle("Open a " + src.title());
            chosen = fc.showOpenDialog(dataset.getScene().getWindow());
        } else {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder holding " + src.title());
            chosen = dc.showDialog(dataset.getScene().getWindow());
        }
        if (chosen != null) {
            String path = chosen.getAbsolutePath();
            change.accept(cfg -> cfg.withData(cfg.data().withDataDir(path)));
        }
    }
}
