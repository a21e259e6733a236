package org.pernodedrop.lab.app;

import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.pernodedrop.lab.app.config.ConfigEditor;
import org.pernodedrop.lab.app.config.ConfigField;
import org.pernodedrop.lab.app.config.FieldSet;
import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.util.function.UnaryOperator;

/**
 * The single run's settings: the scenario and where the data is ({@link DataSourcePane}), the regularizer's preset and
 * axes ({@link RegularizerAxesPane}), and every other setting in the window's one config editor
 * ({@link ConfigEditor}, {@link FieldSet#SINGLE_RUN}). This class wires them to the model: every edit builds a new
 * {@link ExperimentConfig}; the records validate, and a rejected value is shown in the error banner and marked on its
 * field while the previous config stays.
 */
public final class ControlPanelView extends VBox {

    private final LabModel model;
    final ConfigEditor editor = new ConfigEditor(FieldSet.SINGLE_RUN);
    private final RegularizerAxesPane regularizer;
    private final DataSourcePane source;
    // the pickers the window's tests reach by name; the text fields by field(...)
    final ComboBox<DatasetCatalog.Source> dataset = editor.dataset();
    final ComboBox<String> preset;

    public ControlPanelView(LabModel model) {
        this.model = model;
        regularizer = new RegularizerAxesPane(op -> apply(cfg -> cfg.withRegularizer(op.apply(cfg.regularizer())),
                null));
        preset = regularizer.preset;
        source = new DataSourcePane(model, dataset, op -> apply(op, null));
        editor.setSources(model.sourcesProperty().get());
        getStyleClass().add("controls");
        setSpacing(6);
        setPadding(new Insets(10));
        getChildren().addAll(
                Cards.section("Scenario"), source.scenario, source.scenarioHelp,
                Cards.section("Dataset"), editor.group(ConfigField.Group.DATA), source.where, source.buttons(),
                source.downloadBar, source.downloadText,
                Cards.section("Regularizer"), regularizer, editor.group(ConfigField.Group.REGULARIZER),
                Cards.section("Model and training"), editor.group(ConfigField.Group.TRAINING));
        initListeners();
        model.setBeforeRun(this::commitEdits);
        show(model.config());
    }

    /** The text field of one of the run's settings. */
    TextField field(ConfigField f) {
        return editor.text(f);
    }

    /** The config editor holding the run's fields. */
    public ConfigEditor editor() {
        return editor;
    }

    private void initListeners() {
        editor.setOnEdit(f -> apply(cfg -> editor.apply(f, cfg), f));
        // a new config is valid everywhere: clear the marks of rejected values (a refresh of the dataset list, which
        // also redraws the panel, must not)
        model.configProperty().addListener((obs, old, now) -> {
            editor.clearError();
            show(now);
        });
        // settings waiting for the user's answer are shown; when they are dropped, the run's settings come back
        model.pendingConfigProperty().addListener((obs, old, now) -> show(now != null ? now : model.config()));
        model.sourcesProperty().addListener((obs, old, now) -> {
            // only the dataset part: the text fields may hold a value the user is typing
            editor.setSources(now);
            source.showSource(current());
        });
    }

    private ExperimentConfig current() {
        return model.pendingConfigProperty().get() != null ? model.pendingConfigProperty().get() : model.config();
    }

    /**
     * Applies every text field (what the panel shows) to the config; false if one is invalid (it is marked and
     * named in the banner). The model calls this before each new run.
     */
    boolean commitEdits() {
        String firstError = null;
        for (ConfigField f : editor.fieldSet().fields()) {
            if (f.kind != ConfigField.Kind.TEXT || editor.control(f).isDisabled()) continue;
            String e = apply(cfg -> editor.apply(f, cfg), f);
            if (firstError == null) firstError = e;
        }
        if (firstError != null) model.showError(firstError + " - the run was not started");
        return firstError == null;
    }

    /**
     * Builds the next config; a value the records reject is reported (the editor marks its field), the old config
     * stays. Returns the message shown, or null when the value was applied.
     */
    private String apply(UnaryOperator<ExperimentConfig> change, ConfigField field) {
        try {
            boolean wasInvalid = field != null && editor.isMarked(field);
            ExperimentConfig next = change.apply(current());
            if (wasInvalid || !next.equals(model.config())) model.clearError();
            model.setConfig(next);
            return null;
        } catch (IllegalArgumentException e) {
            String msg = "Setting not applied: " + Errors.describe(e);
            model.showError(msg);
            return msg;
        }
    }

    /** Puts a config into the controls without triggering edits. */
    private void show(ExperimentConfig c) {
        editor.load(c);
        regularizer.show(c.regularizer());
        source.showScenario(c);
        source.showSource(c);
    }
}
