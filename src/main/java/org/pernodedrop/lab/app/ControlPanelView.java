package org.pernodedrop.lab.app;

import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.ModelSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Mode;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Sharing;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Target;
import org.pernodedrop.lab.engine.config.TrainingSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The settings: dataset, regularizer (preset and the four axes of REGULARIZERS.md, drop rate, sigma, Masksembles
 * n and scale), model and training. Every edit builds a new {@link ExperimentConfig}; the records validate, and a
 * rejected value is shown in the error banner and marked on its field while the previous config stays.
 */
public final class ControlPanelView extends VBox {

    static final List<String> STIRS = List.of("none", "bernoulli", "gaussian", "partial-gaussian");

    private final LabModel model;
    final ComboBox<org.pernodedrop.lab.engine.experiment.Scenario> scenario = new ComboBox<>();
    private final Label scenarioHelp = Cards.small("");
    final ComboBox<DatasetCatalog.Source> dataset = new ComboBox<>();
    private final Label datasetWhere = Cards.small("");
    final javafx.scene.control.Button download = new javafx.scene.control.Button("Download");
    final javafx.scene.control.Button openLocal = new javafx.scene.control.Button("Open a local copy...");
    private final javafx.scene.control.ProgressBar downloadBar = new javafx.scene.control.ProgressBar(0);
    private final Label downloadText = Cards.small("");
    final TextField samples = field("samples", "Number of generated 2-D points");
    final TextField noise = field("noise", "Standard deviation of the Gaussian noise added to each point");
    final TextField trainPercent = field("train percent", "Share of the examples used for training, 10-90 %; the "
            + "rest is the validation set. Few training points and a wide network overfit");
    final ComboBox<String> preset = new ComboBox<>();
    private final Label presetHelp = Cards.small("");
    final ComboBox<Target> target = new ComboBox<>();
    final ComboBox<Sharing> sharing = new ComboBox<>();
    final ComboBox<Mode> mode = new ComboBox<>();
    final ComboBox<String> stir = new ComboBox<>();
    final Slider rate = new Slider(0.0, 0.9, 0.5);
    private final Label rateValue = new Label();
    final TextField sigma = field("sigma", "Partial Gaussian: with probability p, M ~ N(1, sigma^2), else M = 1");
    final TextField masks = field("masks", "Masksembles: number n of fixed masks; the batch is split in n groups");
    final TextField scale = field("scale", "Masksembles scale s in (1, 6]: each mask puts m ones among int(m s) "
            + "positions, m = int(Din / (s (1 - (1 - 1/s)^n))); larger s, less overlap");
    final TextField units = field("units", "Width of the regularized layer (its Dout)");
    final TextField hidden = field("hidden", "Widths of the plain hidden layers before the regularized one, e.g. "
            + "'32' or '64, 64'; empty for none (2-D sets and the dense text backbone)");
    final TextField batch = field("batch", "Mini-batch size B");
    final TextField lr = field("learning rate", "Adam learning rate");
    final TextField epochs = field("epochs", "Number of passes over the training set");
    final javafx.scene.control.CheckBox untilStopped = new javafx.scene.control.CheckBox("until stopped");
    final TextField seed = field("seed", "Drives data shuffling, weight init and every mask");
    final TextField trainLimit = field("train limit", "Use at most this many training examples (0: all)");
    // the options that were CLI/JSON only: log-mel size of the speech sets, K of RCV1's K most frequent topics
    final TextField mels = field("mels", "Speech: mel bands of the log-mel features (1-1024; default "
            + org.pernodedrop.lab.engine.config.DataSpec.DEFAULT_MELS + ", the paper's)");
    final TextField frames = field("frames", "Speech: time frames of the log-mel features (2-4096; default "
            + org.pernodedrop.lab.engine.config.DataSpec.DEFAULT_FRAMES + ")");
    final TextField topics = field("topics", "RCV1: keep the K most frequent topics as labels (default "
            + org.pernodedrop.lab.engine.config.DataSpec.DEFAULT_TOPICS + ")");
    private boolean updating;
    /** Each text field's "apply my text", for {@link #commitEdits}. */
    private final List<java.util.function.Supplier<String>> commits = new ArrayList<>();
    /** The epochs field's number while "until stopped" is ticked, restored when it is unticked. */
    private int lastFiniteEpochs = 100;

    public ControlPanelView(LabModel model) {
        this.model = model;
        createView();
        initListeners();
        model.setBeforeRun(this::commitEdits);
        show(model.config());
        showDownload();
    }

    private static TextField field(String id, String tip) {
        TextField f = new TextField();
        f.setId(id.replace(' ', '-'));
        f.setPrefColumnCount(6);
        f.setTooltip(tip(tip));
        return f;
    }

    static Tooltip tip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(420);
        t.setShowDelay(Duration.millis(300));
        t.setShowDuration(Duration.seconds(30));
        return t;
    }

    private void createView() {
        getStyleClass().add("controls");
        setSpacing(6);
        setPadding(new Insets(10));
        dataset.setId("dataset");
        dataset.getItems().setAll(model.sourcesProperty().get());
        datasetWhere.setWrapText(true);
        download.setTooltip(tip("Fetch the official files into your data folder, checking their checksums"));
        openLocal.setTooltip(tip("Point at a copy you already have (a folder, or a file for CSV / SVMlight)"));
        downloadBar.setMaxWidth(Double.MAX_VALUE);
        downloadText.setWrapText(true);
        dataset.setMaxWidth(Double.MAX_VALUE);
        dataset.setCellFactory(v -> new SourceCell());
        dataset.setButtonCell(new SourceCell());
        dataset.setTooltip(tip("Where each dataset can come from now: built in, found on this machine, "
                + "to download, or a local copy to open"));

        preset.setId("preset");
        preset.getItems().setAll(RegularizerSpec.PRESETS);
        preset.getItems().add(RegularizerSpec.CUSTOM);
        preset.setMaxWidth(Double.MAX_VALUE);
        preset.setTooltip(tip("A named point of the regularizer space; change an axis below for any other point"));
        target.getItems().setAll(Target.values());
        sharing.getItems().setAll(Sharing.values());
        mode.getItems().setAll(Mode.values());
        stir.getItems().setAll(STIRS);
        target.setId("target");
        sharing.setId("sharing");
        mode.setId("mode");
        stir.setId("stir");
        target.setTooltip(tip("target: 'unit' masks the layer's inputs, M[b, i] ([B, Din]); 'connection' masks "
                + "each input-to-node connection, M[b, i, j] ([B, Din, Dout]): z[b, j] = sum_i x[b, i] W[i, j] "
                + "M[b, i, j] + b[j]"));
        sharing.setTooltip(tip("sharing: 'per-sample' draws an independent mask for every example; 'per-batch' one "
                + "mask shared by the whole mini-batch (framework DropConnect); 'group' splits the batch into n "
                + "groups (Masksembles)"));
        mode.setTooltip(tip("mode: 'dynamic' draws a new mask every step and switches it off at inference; "
                + "'fixed' draws one mask from the seed and keeps it for the run and at inference; "
                + "'fixed-per-sample' gives example k the mask keyed by (seed, k)"));
        stir.setTooltip(tip("stir: 'bernoulli' M ~ Bernoulli(q) / q; 'gaussian' M ~ N(1, sigma^2) with "
                + "sigma^2 = p / q; 'partial-gaussian' with probability p M ~ N(1, sigma^2), else 1"));
        for (ComboBox<?> c : List.of(target, sharing, mode, stir)) c.setMaxWidth(Double.MAX_VALUE);
        target.setConverter(new AxisName<>());
        sharing.setConverter(new AxisName<>());
        mode.setConverter(new AxisName<>());

        rate.setId("rate");
        rate.setMajorTickUnit(0.1);
        rate.setMinorTickCount(0);
        rate.setShowTickMarks(true);
        rate.setSnapToTicks(false);
        rate.setBlockIncrement(0.05);
        rate.setTooltip(tip("drop rate p in [0, 0.9]; keep rate q = 1 - p. Bernoulli masks are scaled by 1/q so "
                + "E[M] = 1 and inference uses the plain weights"));
        rateValue.getStyleClass().add("value");
        rateValue.setMinWidth(36);
        HBox rateRow = new HBox(6, rate, rateValue);
        HBox.setHgrow(rate, Priority.ALWAYS);

        presetHelp.setWrapText(true);
        scenario.setId("scenario");
        scenario.getItems().setAll(org.pernodedrop.lab.engine.experiment.Scenario.all());
        scenario.setMaxWidth(Double.MAX_VALUE);
        scenario.setPromptText("your own settings");
        scenario.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(org.pernodedrop.lab.engine.experiment.Scenario sc) {
                return sc == null ? "" : sc.title();
            }

            @Override
            public org.pernodedrop.lab.engine.experiment.Scenario fromString(String text) {
                throw new UnsupportedOperationException("scenarios are chosen, not typed");
            }
        });
        scenario.setTooltip(tip("Ready data and networks where a network without a regularizer overfits: pick one, "
                + "keep your regularizer, press Space"));
        scenarioHelp.setWrapText(true);
        getChildren().addAll(
                section("Scenario"), scenario, scenarioHelp,
                section("Dataset"), dataset, datasetWhere, new HBox(6, download, openLocal), downloadBar, downloadText,
                grid(row("samples", samples), row("noise", noise), row("train %", trainPercent)),
                grid(row("mels", mels), row("frames", frames), row("topics", topics)),
                section("Regularizer"), preset, presetHelp,
                grid(row("target", target), row("sharing", sharing), row("mode", mode), row("stir", stir)),
                Cards.small("drop rate p"), rateRow,
                grid(row("sigma", sigma), row("masks n", masks), row("scale s", scale)),
                section("Model and training"),
                grid(row("hidden", hidden), row("units", units), row("batch", batch), row("learning rate", lr),
                        row("epochs", epochs), row("", untilStopped), row("seed", seed),
                        row("train limit", trainLimit)));
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section");
        return l;
    }

    private record Row(String label, javafx.scene.Node control) {
    }

    private static Row row(String label, javafx.scene.Node control) {
        return new Row(label, control);
    }

    private static GridPane grid(Row... rows) {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(4);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(84);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        c1.setFillWidth(true);
        g.getColumnConstraints().addAll(c0, c1);
        for (int k = 0; k < rows.length; k++) {
            Label l = new Label(rows[k].label());
            l.getStyleClass().add("field-label");
            g.add(l, 0, k);
            g.add(rows[k].control(), 1, k);
        }
        return g;
    }

    private void initListeners() {
        // a new config is valid everywhere: clear the marks of rejected values (a refresh of the dataset list, which
        // also redraws the panel, must not)
        model.configProperty().addListener((obs, old, now) -> {
            clearInvalidMarks();
            show(now);
        });
        // settings waiting for the user's answer are shown; when they are dropped, the run's settings come back
        model.pendingConfigProperty().addListener((obs, old, now) -> show(now != null ? now : model.config()));
        model.sourcesProperty().addListener((obs, old, now) -> {
            updating = true;
            try {
                dataset.getItems().setAll(now);
            } finally {
                updating = false;
            }
            // only the dataset part: the text fields may hold a value the user is typing
            showSource(model.pendingConfigProperty().get() != null ? model.pendingConfigProperty().get()
                    : model.config());
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
        scenario.valueProperty().addListener((obs, old, now) -> {
            if (updating || now == null) return;
            // the scenario's data, network and optimiser; the regularizer stays the user's; trained until stopped
            apply(cfg -> now.config().withRegularizer(cfg.regularizer())
                    .withTraining(now.config().training().withEpochs(TrainingSpec.UNTIL_STOPPED)), null);
        });
        dataset.valueProperty().addListener((obs, old, now) -> {
            if (updating || now == null) return;
            ExperimentConfig c = model.config();
            apply(cfg -> cfg.withData(new DataSpec(now.name(), c.data().dataDir(), c.data().samples(),
                    c.data().noise(), c.data().trainRatio(), c.data().trainLimit(), c.data().valLimit())), null);
        });
        preset.valueProperty().addListener((obs, old, now) -> {
            if (updating || now == null || now.equals(RegularizerSpec.CUSTOM)) return;
            RegularizerSpec r = model.config().regularizer();
            apply(cfg -> cfg.withRegularizer(RegularizerSpec.of(now, r.rate()).withSigma(r.sigma())
                    .withMasksembles(r.masks(), r.scale())), null);
        });
        target.valueProperty().addListener((obs, old, now) -> axesChanged());
        sharing.valueProperty().addListener((obs, old, now) -> axesChanged());
        mode.valueProperty().addListener((obs, old, now) -> axesChanged());
        stir.valueProperty().addListener((obs, old, now) -> axesChanged());
        rate.valueProperty().addListener((obs, old, now) -> {
            rateValue.setText(Numbers.format("%.2f", now.doubleValue()));
            if (!rate.isValueChanging()) rateChanged();
        });
        rate.valueChangingProperty().addListener((obs, was, now) -> {
            if (!now) rateChanged();
        });
        onCommit(samples, (cfg, t) -> cfg.withData(cfg.data().withSamples(parseInt(t, "samples"), cfg.data().noise())));
        onCommit(noise, (cfg, t) -> cfg.withData(cfg.data().withSamples(cfg.data().samples(),
                parseDouble(t, "noise"))));
        onCommit(trainPercent, (cfg, t) -> cfg.withData(cfg.data().withTrainRatio(
                parsePercent(t, "train %"))));
        onCommit(hidden, (cfg, t) -> cfg.withModel(cfg.model().withHidden(parseWidths(t, "hidden"))));
        untilStopped.setId("until-stopped");
        untilStopped.setTooltip(tip("Train until you press Stop (or Space to pause); the epochs field is ignored"));
        untilStopped.selectedProperty().addListener((obs, was, now) -> {
            if (updating) return;
            apply(cfg -> cfg.withTraining(cfg.training().withEpochs(now ? TrainingSpec.UNTIL_STOPPED
                    : lastFiniteEpochs)), null);
        });
        onCommit(sigma, (cfg, t) -> cfg.withRegularizer(cfg.regularizer().withSigma(parseDouble(t, "sigma"))));
        onCommit(masks, (cfg, t) -> cfg.withRegularizer(cfg.regularizer().withMasksembles(parseInt(t, "masks n"),
                cfg.regularizer().scale())));
        onCommit(scale, (cfg, t) -> cfg.withRegularizer(cfg.regularizer().withMasksembles(cfg.regularizer().masks(),
                parseDouble(t, "scale s"))));
        onCommit(units, (cfg, t) -> cfg.withModel(cfg.model().withUnits(parseInt(t, "units"))));
        onCommit(batch, (cfg, t) -> cfg.withTraining(cfg.training().withBatchSize(parseInt(t, "batch"))));
        onCommit(lr, (cfg, t) -> cfg.withTraining(cfg.training().withLearningRate(parseDouble(t, "learning rate"))));
        onCommit(epochs, (cfg, t) -> {
            int n = parseInt(t, "epochs");
            if (n < 1) throw new IllegalArgumentException("epochs must be >= 1 (tick 'until stopped' for no limit), got " + n);
            return cfg.withTraining(cfg.training().withEpochs(n));
        });
        onCommit(seed, (cfg, t) -> cfg.withSeed(parseLong(t, "seed")));
        onCommit(trainLimit, (cfg, t) -> cfg.withData(cfg.data().withLimits(parseInt(t, "train limit"),
                cfg.data().valLimit())));
        onCommit(mels, (cfg, t) -> cfg.withData(cfg.data().withSpectrogram(parseInt(t, "mels"),
                cfg.data().framesOrDefault())));
        onCommit(frames, (cfg, t) -> cfg.withData(cfg.data().withSpectrogram(cfg.data().melsOrDefault(),
                parseInt(t, "frames"))));
        onCommit(topics, (cfg, t) -> cfg.withData(cfg.data().withTopics(parseInt(t, "topics"))));
    }

    private void rateChanged() {
        if (updating) return;
        double p = Math.round(rate.getValue() * 100) / 100.0;
        apply(cfg -> cfg.withRegularizer(cfg.regularizer().withRate(p)), null);
    }

    private void axesChanged() {
        if (updating) return;
        RegularizerSpec r = model.config().regularizer();
        Target t = target.getValue();
        Sharing s = sharing.getValue();
        Mode m = mode.getValue();
        String st = stir.getValue();
        String name = matchingPreset(t, s, m, st);
        RegularizerSpec next = name != null ? RegularizerSpec.of(name, r.rate())
                : RegularizerSpec.custom(t, s, m, st, r.rate());
        RegularizerSpec withParams = next.withSigma(r.sigma()).withMasksembles(r.masks(), r.scale());
        apply(cfg -> cfg.withRegularizer(withParams), null);
    }

    /** The named preset at exactly these axes, or null (then the point is {@code custom}). */
    static String matchingPreset(Target t, Sharing s, Mode m, String stir) {
        for (String p : RegularizerSpec.PRESETS) {
            RegularizerSpec r = RegularizerSpec.of(p, 0.0);
            if (r.target() == t && r.sharing() == s && r.mode() == m && r.stir().equals(stir)) return p;
        }
        return null;
    }

    private interface Edit {
        ExperimentConfig apply(ExperimentConfig cfg, String text);
    }

    /**
     * Applies every field's text (what the panel shows) to the config; false if one is invalid (it is marked and
     * named in the banner). The model calls this before each new run.
     */
    boolean commitEdits() {
        String firstError = null;
        for (java.util.function.Supplier<String> c : commits) {
            String e = c.get();
            if (firstError == null) firstError = e;
        }
        if (firstError != null) model.showError(firstError + " - the run was not started");
        return firstError == null;
    }

    private void onCommit(TextField f, Edit edit) {
        java.util.function.Supplier<String> commit = () -> {
            if (updating || f.isDisabled()) return null;
            return apply(cfg -> edit.apply(cfg, f.getText().trim()), f);
        };
        commits.add(commit);
        f.setOnAction(e -> commit.get());
        f.focusedProperty().addListener((obs, was, now) -> {
            if (!now) commit.get();
        });
    }

    /**
     * Builds the next config; a value the records reject is reported and marked, the old config stays. Returns the
     * message shown, or null when the value was applied.
     */
    private String apply(Function<ExperimentConfig, ExperimentConfig> change, TextField field) {
        try {
            ExperimentConfig base = model.pendingConfigProperty().get() != null ? model.pendingConfigProperty().get()
                    : model.config();
            ExperimentConfig next = change.apply(base);
            boolean wasInvalid = field != null && field.getStyleClass().remove("invalid");
            if (wasInvalid || !next.equals(model.config())) model.clearError();
            model.setConfig(next);
            return null;
        } catch (IllegalArgumentException e) {
            if (field != null && !field.getStyleClass().contains("invalid")) field.getStyleClass().add("invalid");
            String msg = "Setting not applied: " + Errors.describe(e);
            model.showError(msg);
            return msg;
        }
    }

    static int parseInt(String text, String name) {
        return ConfigFields.parseInt(text, name);
    }

    /** "25" or "25 %" -> 0.25; the split needs 10-90 % so both parts keep enough points to mean something. */
    static double parsePercent(String text, String name) {
        double v = parseDouble(text.replace("%", "").trim(), name);
        if (!(v >= 10 && v <= 90)) throw new IllegalArgumentException(name + " must be between 10 and 90, got " + text);
        return v / 100.0;
    }

    /** "64, 64" -> [64, 64]; empty -> no hidden layer. */
    static List<Integer> parseWidths(String text, String name) {
        List<Integer> out = new ArrayList<>();
        if (text.isBlank()) return out;
        for (String part : text.split("[,\\s]+")) {
            if (part.isEmpty()) continue;
            int w = parseInt(part, name);
            if (w < 1 || w > 4096) throw new IllegalArgumentException(name + " widths must be in [1, 4096], got " + w);
            out.add(w);
        }
        if (out.size() > 4) throw new IllegalArgumentException(name + ": at most 4 hidden layers, got " + out.size());
        return out;
    }

    static long parseLong(String text, String name) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + text + "'");
        }
    }

    static double parseDouble(String text, String name) {
        return ConfigFields.parseDouble(text, name);
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
        if (src == null || getScene() == null) return;
        java.io.File chosen;
        if (src.name().equals("csv") || src.name().equals("svmlight")) {
            javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
            fc.setTitle("Open a " + src.title());
            chosen = fc.showOpenDialog(getScene().getWindow());
        } else {
            javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
            dc.setTitle("Folder holding " + src.title());
            chosen = dc.showDialog(getScene().getWindow());
        }
        if (chosen != null) {
            String path = chosen.getAbsolutePath();
            apply(cfg -> cfg.withData(cfg.data().withDataDir(path)), null);
        }
    }

    /** Axis values by their JSON names ("per-sample", "fixed"), as the docs and the CLI spell them. */
    static final class AxisName<E extends Enum<E>> extends javafx.util.StringConverter<E> {
        @Override
        public String toString(E e) {
            if (e == null) return "";
            if (e == Mode.FIXED_PER_MODEL) return "fixed";
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @Override
        public E fromString(String s) {
            throw new UnsupportedOperationException("axes are chosen, not typed");
        }
    }

    private void clearInvalidMarks() {
        for (TextField f : List.of(samples, noise, trainPercent, sigma, masks, scale, hidden, units, batch, lr, epochs,
                seed, trainLimit, mels, frames, topics)) {
            f.getStyleClass().remove("invalid");
        }
    }

    /** Puts a config into the controls without triggering edits. */
    private void show(ExperimentConfig c) {
        showSource(c);
        updating = true;
        try {
            org.pernodedrop.lab.engine.experiment.Scenario sc = scenario.getItems().stream()
                    .filter(x -> x.config().data().equals(c.data()) && x.config().model().equals(c.model()))
                    .findFirst().orElse(null);
            scenario.setValue(sc);
            scenarioHelp.setText(sc == null ? "" : sc.summary());
            trainPercent.setText(Long.toString(Math.round(100 * c.data().trainRatio())));
            samples.setText(String.valueOf(c.data().samples()));
            noise.setText(String.valueOf(c.data().noise()));
            RegularizerSpec r = c.regularizer();
            preset.setValue(r.preset());
            // one source for what a regularizer is, shared with the explain panel and the reports
            presetHelp.setText(org.pernodedrop.lab.engine.config.RegularizerDocs.summary(r));
            preset.setTooltip(tip(String.join("\n", org.pernodedrop.lab.engine.config.RegularizerDocs.formulas(r))));
            target.setValue(r.target());
            sharing.setValue(r.sharing());
            mode.setValue(r.mode());
            stir.setValue(r.stir());
            rate.setValue(r.rate());
            rateValue.setText(Numbers.format("%.2f", r.rate()));
            rate.setDisable(r.isNone());
            sigma.setText(String.valueOf(r.sigma()));
            sigma.setDisable(!r.stir().equals("partial-gaussian"));
            masks.setText(String.valueOf(r.masks()));
            scale.setText(String.valueOf(r.scale()));
            boolean ms = r.preset().equals("masksembles") || r.sharing() == Sharing.GROUP;
            masks.setDisable(!ms);
            scale.setDisable(!ms);
            ModelSpec m = c.model();
            units.setText(String.valueOf(m.units()));
            hidden.setText(m.hidden().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")));
            TrainingSpec t = c.training();
            batch.setText(String.valueOf(t.batchSize()));
            lr.setText(String.valueOf(t.learningRate()));
            if (!t.untilStopped()) lastFiniteEpochs = t.epochs();
            epochs.setText(String.valueOf(lastFiniteEpochs));
            epochs.setDisable(t.untilStopped());
            untilStopped.setSelected(t.untilStopped());
            seed.setText(String.valueOf(c.seed()));
            trainLimit.setText(String.valueOf(c.data().trainLimit()));
            mels.setText(String.valueOf(c.data().melsOrDefault()));
            frames.setText(String.valueOf(c.data().framesOrDefault()));
            topics.setText(String.valueOf(c.data().topicsOrDefault()));
        } finally {
            updating = false;
        }
    }

    /**
     * The dataset part of the panel: the chosen source, where it is, what can be done with it. Also run on its own
     * when the list of sources is refreshed, which must not overwrite a value being typed in a field.
     */
    private void showSource(ExperimentConfig c) {
        updating = true;
        try {
            DatasetCatalog.Source src = dataset.getItems().stream().filter(s -> s.name().equals(c.data().name()))
                    .findFirst().orElse(null);
            dataset.setValue(src);
            datasetWhere.setText(src == null ? "" : src.availabilityLabel()
                    + (src.where().isEmpty() ? "" : ": " + src.where())
                    + (c.data().dataDir() == null ? "" : "\nlocal copy: " + c.data().dataDir()));
            if (src != null) dataset.setTooltip(tip(src.description().isEmpty() ? src.title() : src.description()));
            boolean busy = model.downloadProgressProperty().get() >= 0;
            download.setDisable(src == null || (!busy && src.availability() != org.pernodedrop.lab.engine.data.Datasets.Availability.DOWNLOADABLE));
            openLocal.setDisable(src == null || src.availability() == org.pernodedrop.lab.engine.data.Datasets.Availability.EMBEDDED);
            boolean twoD = src != null && src.twoD();
            samples.setDisable(!twoD);
            noise.setDisable(!twoD);
            trainPercent.setDisable(!twoD);
            boolean speech = src != null && isSpeech(src.name());
            mels.setDisable(!speech);
            frames.setDisable(!speech);
            topics.setDisable(src == null || !src.name().equals("rcv1"));
        } finally {
            updating = false;
        }
    }

    /** The sets whose examples are log-mel spectrograms (mels x frames). */
    static boolean isSpeech(String name) {
        return name.equals("speech-commands") || name.equals("speech-synth");
    }

    /** Dataset entries show their availability beside the name. */
    private static final class SourceCell extends ListCell<DatasetCatalog.Source> {
        @Override
        protected void updateItem(DatasetCatalog.Source item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
            } else {
                setText(item.title() + "  (" + item.availabilityLabel() + ")");
            }
        }
    }
}
