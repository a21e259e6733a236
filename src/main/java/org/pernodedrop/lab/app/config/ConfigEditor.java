package org.pernodedrop.lab.app.config;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.pernodedrop.lab.app.Cards;
import org.pernodedrop.lab.app.ConfigFields;
import org.pernodedrop.lab.app.DatasetCatalog;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.search.SearchSpec;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.pernodedrop.lab.app.config.ConfigField.*;

/**
 * The one config editor of the window: the controls of a {@link FieldSet} (one place's fields), each labelled and
 * explained once ({@link ConfigField}), read into an {@link ExperimentConfig} through the {@link ConfigFields}
 * parsers and loaded from one.
 *
 * <p>Reading ({@link #read}) applies every enabled field to a base config in {@link ConfigField} order; the first bad
 * value stops it with a {@link FieldException} whose message starts with the field's label, the field is marked
 * ({@code invalid} style) and the message is shown in {@link #errorLabel()}. A place that edits its config live
 * (the single run) registers {@link #setOnEdit} and applies one field at a time with {@link #apply}.
 *
 * <p>Which fields are enabled follows the data and the regularizer: the generator's samples, noise and split only
 * for 2-D sets, mels and frames for speech, topics for RCV1; sigma for the partial Gaussian stir, masks and scale
 * for Masksembles, the rate unless the regularizer is none (these three only where the editor edits the run's own
 * regularizer, not where variants are picked); epochs unless "until stopped" is ticked. A disabled field is not read.
 */
public final class ConfigEditor {

    /** A bad value in one field; the message names the field by its label. */
    public static final class FieldException extends IllegalArgumentException {
        private final transient ConfigField field;

        FieldException(ConfigField field, String message) {
            super(message);
            this.field = field;
        }

        public ConfigField field() {
            return field;
        }
    }

    private final FieldSet set;
    private final Map<ConfigField, Control> controls = new EnumMap<>(ConfigField.class);
    /** What stands in a field's grid cell: the control, or the control with its companions (rate value, browse). */
    private final Map<ConfigField, Node> cells = new EnumMap<>(ConfigField.class);
    private final Map<ConfigField.Group, GridPane> groups = new EnumMap<>(ConfigField.Group.class);
    private final Label error = new Label();
    private final Label rateValue = new Label();
    private ComboBox<DatasetCatalog.Source> dataset;
    private Slider rate;
    private VariantPicker variants;
    private VBox layout;
    private boolean updating;
    private ExperimentConfig shown;
    /** The epochs field's number while "until stopped" is ticked (the config then says 0). */
    private int lastFiniteEpochs;
    private Consumer<ConfigField> onEdit = f -> { };

    public ConfigEditor(FieldSet set) {
        this.set = set;
        error.setId(set.idPrefix + "config-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.setVisible(false);
        error.setManaged(false);
        for (ConfigField f : set.fields()) controls.put(f, create(f));
        for (ConfigField f : set.fields()) {
            if (f.kind == Kind.EXTRA && f != STRATEGY) {
                text(f).setText(f == FOLDER ? Path.of(f.initial(), set.name().toLowerCase(Locale.ROOT) + "-1")
                        .toString() : f.initial());
            }
        }
        if (variants != null) variants.select(set.initiallyTicked());
        load(set.defaults());
    }

    public FieldSet fieldSet() {
        return set;
    }

    // ---- building ----

    private Control create(ConfigField f) {
        Control c = switch (f.kind) {
            case CHOICE -> datasetBox();
            case RATE -> rateSlider();
            case CHECK -> {
                CheckBox b = new CheckBox(f.label);
                b.selectedProperty().addListener((o, was, now) -> {
                    if (updating) return;
                    updateEnablement();
                    onEdit.accept(f);
                });
                yield b;
            }
            case VARIANTS -> {
                variants = new VariantPicker(set.idPrefix, set.variants(), set.columns == 1 ? 1 : 5);
                yield null;
            }
            default -> f == STRATEGY ? strategyBox() : textField(f);
        };
        if (c == null) {
            cells.put(f, variants);
            return null;
        }
        c.setId(set.idPrefix + f.id);
        c.setTooltip(Cards.tip(f.tip));
        cells.putIfAbsent(f, c);
        return c;
    }

    private TextField textField(ConfigField f) {
        TextField t = new TextField();
        t.setPrefColumnCount(f == FOLDER ? 24 : 6);
        // live places apply a field when the user presses Enter or leaves it
        t.setOnAction(e -> {
            if (!updating) onEdit.accept(f);
        });
        t.focusedProperty().addListener((o, was, now) -> {
            if (!now && !updating) onEdit.accept(f);
        });
        if (f == FOLDER) {
            Button browse = new Button("\u2026");
            browse.setId(set.idPrefix + "folder-browse");
            browse.setTooltip(Cards.tip("Choose the folder"));
            browse.setOnAction(e -> {
                DirectoryChooser dc = new DirectoryChooser();
                File chosen = dc.showDialog(browse.getScene() == null ? null : browse.getScene().getWindow());
                if (chosen != null) t.setText(chosen.getPath());
            });
            HBox row = new HBox(6, t, browse);
            HBox.setHgrow(t, Priority.ALWAYS);
            cells.put(f, row);
        }
        return t;
    }

    private ComboBox<String> strategyBox() {
        ComboBox<String> b = new ComboBox<>();
        b.getItems().setAll(SearchSpec.STRATEGIES);
        b.setValue(STRATEGY.initial());
        return b;
    }

    private ComboBox<DatasetCatalog.Source> datasetBox() {
        dataset = new ComboBox<>();
        setSources(DatasetCatalog.placeholders());
        dataset.setMaxWidth(Double.MAX_VALUE);
        // the list tells where each source can come from; the chosen one shows its title (the place says the rest)
        dataset.setCellFactory(v -> new SourceCell(true));
        dataset.setButtonCell(new SourceCell(false));
        dataset.valueProperty().addListener((o, old, now) -> {
            if (updating || now == null) return;
            updateEnablement();
            onEdit.accept(DATASET);
        });
        return dataset;
    }

    private Slider rateSlider() {
        rate = new Slider(0.0, 0.9, 0.5);
        rate.setMajorTickUnit(0.1);
        rate.setMinorTickCount(0);
        rate.setShowTickMarks(true);
        rate.setBlockIncrement(0.05);
        if (set.has(VARIANTS) && set.has(RATE)) {
            // places that run several variants at one rate (compare, Monte Carlo): steps of 0.05, so labels and run
            // ids read p=0.35, not p=0.37
            rate.setMinorTickCount(1);
            rate.setSnapToTicks(true);
        }
        rateValue.getStyleClass().add("value");
        rateValue.setMinWidth(36);
        rateValue.setId(set.idPrefix + "rate-value");
        rate.valueProperty().addListener((o, old, now) -> {
            rateValue.setText(org.pernodedrop.lab.app.Numbers.format("%.2f", now.doubleValue()));
            if (!updating && !rate.isValueChanging()) onEdit.accept(RATE);
        });
        rate.valueChangingProperty().addListener((o, was, now) -> {
            if (!now && !updating) onEdit.accept(RATE);
        });
        HBox row = new HBox(6, rate, rateValue);
        HBox.setHgrow(rate, Priority.ALWAYS);
        cells.put(RATE, row);
        return rate;
    }

    /**
     * The fields of one group as a grid of label / control pairs, {@link FieldSet#columns} pairs a row; the variant
     * grid and the folder take a whole row. Null when the place shows no field of that group.
     */
    public GridPane group(ConfigField.Group g) {
        if (groups.containsKey(g)) return groups.get(g);
        List<ConfigField> fs = set.fields().stream().filter(f -> f.group == g).toList();
        if (fs.isEmpty()) return null;
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        grid.getStyleClass().add("config-grid");
        // a side panel (one pair a row) stretches its controls to its width; a wide place keeps them at their size
        boolean side = set.columns == 1;
        for (int k = 0; k < set.columns; k++) {
            ColumnConstraints label = new ColumnConstraints();
            label.setMinWidth(side ? 84 : javafx.scene.layout.Region.USE_PREF_SIZE);
            ColumnConstraints control = new ColumnConstraints();
            control.setHgrow(side ? Priority.ALWAYS : Priority.NEVER);
            control.setFillWidth(side);
            grid.getColumnConstraints().addAll(label, control);
        }
        int row = 0, col = 0;
        for (ConfigField f : fs) {
            boolean wide = f == VARIANTS || f == FOLDER;
            if (wide && col > 0) {
                row++;
                col = 0;
            }
            Node cell = cells.get(f);
            if (f == VARIANTS) {
                grid.add(cell, 0, row, 2 * set.columns, 1);
            } else {
                // a tick box carries its own text
                Label l = new Label(f.kind == Kind.CHECK ? "" : f.label);
                l.getStyleClass().add("field-label");
                l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                l.setLabelFor(controls.get(f));
                // what a screen reader says for the control: its label (a tick box carries its own text)
                if (f.kind != Kind.CHECK) controls.get(f).setAccessibleText(f.label);
                grid.add(l, 2 * col, row);
                grid.add(cell, 2 * col + 1, row, wide ? 2 * set.columns - 1 : 1, 1);
            }
            if (wide || ++col == set.columns) {
                row++;
                col = 0;
            }
        }
        groups.put(g, grid);
        return grid;
    }

    /**
     * Every group under its title, then the error line: the whole editor for a place that needs no other order. A
     * side panel stacks the groups; a wide place puts them side by side (wrapping) with the variants below, so that
     * its charts keep the height.
     */
    public VBox layout() {
        if (layout != null) return layout;
        layout = new VBox(6);
        layout.getStyleClass().add("controls");
        layout.setId(set.idPrefix + "config-editor");
        layout.setPadding(new Insets(4, 0, 4, 0));
        FlowPane row = new FlowPane(28, 8);
        for (ConfigField.Group g : ConfigField.Group.values()) {
            GridPane grid = group(g);
            if (grid == null) continue;
            if (set.columns == 1 || g == ConfigField.Group.VARIANTS) {
                layout.getChildren().addAll(Cards.section(set.title(g)), grid);
            } else {
                if (row.getParent() == null) layout.getChildren().add(row);
                row.getChildren().add(new VBox(4, Cards.section(set.title(g)), grid));
            }
        }
        layout.getChildren().add(error);
        return layout;
    }

    /** The line that shows the last bad value's message (part of {@link #layout()}). */
    public Label errorLabel() {
        return error;
    }

    // ---- the controls ----

    /** The control of a field (null for the variant grid: {@link #variants()}). */
    public Control control(ConfigField f) {
        if (!set.has(f)) throw new IllegalArgumentException(f + " is not shown in " + set);
        return controls.get(f);
    }

    public TextField text(ConfigField f) {
        return (TextField) control(f);
    }

    public CheckBox check(ConfigField f) {
        return (CheckBox) control(f);
    }

    public ComboBox<DatasetCatalog.Source> dataset() {
        control(DATASET);
        return dataset;
    }

    public Slider rate() {
        control(RATE);
        return rate;
    }

    @SuppressWarnings("unchecked")
    public ComboBox<String> strategy() {
        return (ComboBox<String>) control(STRATEGY);
    }

    public VariantPicker variants() {
        control(VARIANTS);
        return variants;
    }

    /** The name of the chosen dataset, or "" when none is. */
    public String datasetName() {
        return dataset == null || dataset.getValue() == null ? "" : dataset.getValue().name();
    }

    /** Called with the field the user just changed (Enter, leaving a text field, a choice, the slider let go). */
    public void setOnEdit(Consumer<ConfigField> handler) {
        onEdit = handler;
    }

    /** Runs {@code r} whenever any control changes (text typed, a choice, a tick, the slider): live summaries. */
    public void onAnyChange(Runnable r) {
        List<ObservableValue<?>> values = new ArrayList<>();
        for (Map.Entry<ConfigField, Control> e : controls.entrySet()) {
            Control c = e.getValue();
            if (c instanceof TextField t) values.add(t.textProperty());
            else if (c instanceof ComboBox<?> b) values.add(b.valueProperty());
            else if (c instanceof CheckBox b) values.add(b.selectedProperty());
            else if (c instanceof Slider s) values.add(s.valueProperty());
        }
        if (variants != null) variants.boxes().values().forEach(b -> values.add(b.selectedProperty()));
        for (ObservableValue<?> v : values) v.addListener((o, a, b) -> r.run());
    }

    /** The dataset entries offered, with their availability; keeps the chosen one. Only the place's datasets. */
    public void setSources(List<DatasetCatalog.Source> sources) {
        String chosen = datasetName();
        boolean was = updating;
        updating = true;
        try {
            dataset.getItems().setAll(sources.stream().filter(s -> set.datasets().contains(s.name())).toList());
            selectDataset(chosen);
        } finally {
            updating = was;
        }
    }

    private void selectDataset(String name) {
        dataset.setValue(dataset.getItems().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null));
    }

    // ---- config <-> controls ----

    /** Puts a config into the controls without reporting edits. The place-specific fields keep their text. */
    public void load(ExperimentConfig c) {
        boolean was = updating;
        updating = true;
        try {
            shown = c;
            if (!c.training().untilStopped()) lastFiniteEpochs = c.training().epochs();
            for (ConfigField f : set.fields()) {
                if (!f.inConfig()) continue;
                switch (f.kind) {
                    case CHOICE -> selectDataset(c.data().name());
                    case RATE -> {
                        rate.setValue(c.regularizer().rate());
                        rateValue.setText(org.pernodedrop.lab.app.Numbers.format("%.2f", c.regularizer().rate()));
                    }
                    case CHECK -> check(f).setSelected(Boolean.parseBoolean(f.show(c)));
                    default -> text(f).setText(f == EPOCHS && c.training().untilStopped()
                            ? String.valueOf(lastFiniteEpochs) : f.show(c));
                }
            }
            updateEnablement();
        } finally {
            updating = was;
        }
    }

    /**
     * The config the controls describe: every enabled field applied to {@code base}, in field order. A bad value
     * throws a {@link FieldException} naming the field (and marks and shows it).
     */
    public ExperimentConfig read(ExperimentConfig base) {
        clearError();
        ExperimentConfig c = base;
        for (ConfigField f : set.fields()) {
            if (f.inConfig() && !controls.get(f).isDisabled()) c = apply(f, c);
        }
        return c;
    }

    /**
     * The config the controls describe, starting from the place's own {@link FieldSet#defaults()}. A place that
     * does not show the 2-D knobs (points, noise, training share) and has another dataset chosen than its defaults'
     * starts from the CLI's defaults on that dataset instead: the compare view's overfitting scenario is a moons
     * lesson, and its 100 noisy points and wide network must not silently follow the user to the spiral.
     */
    public ExperimentConfig read() {
        ExperimentConfig base = set.defaults();
        if (set.fields().contains(DATASET) && !set.fields().contains(SAMPLES)) {
            String chosen = valueText(DATASET).trim();
            if (!chosen.isEmpty() && !chosen.equals(base.data().name())
                    && org.pernodedrop.lab.engine.data.Datasets.NAMES.contains(chosen)) {
                base = ExperimentConfig.defaults().withData(org.pernodedrop.lab.engine.data.Datasets.defaultSpec(chosen));
            }
        }
        return read(base);
    }

    /** {@code base} with one field's value applied; a bad value throws naming the field. */
    public ExperimentConfig apply(ConfigField f, ExperimentConfig base) {
        try {
            ExperimentConfig next;
            if (f == UNTIL_STOPPED && !check(f).isSelected()) {
                // back to a finite run: the number in the epochs field
                next = EPOCHS.apply(base, text(EPOCHS).getText());
                unmark(EPOCHS);
            } else {
                next = f.apply(base, valueText(f));
            }
            unmark(f);
            return next;
        } catch (IllegalArgumentException e) {
            throw fail(f, e.getMessage());
        }
    }

    /** The ticked presets at drop rate {@code p} (none at 0); at least one must be ticked. */
    public List<RegularizerSpec> variantSpecs(double p) {
        List<String> names = variants().selected();
        if (names.isEmpty()) throw fail(VARIANTS, "variants: tick at least one");
        return names.stream().map(n -> RegularizerSpec.of(n, n.equals("none") ? 0 : p)).toList();
    }

    /** A place-specific field read by {@code parse}; a bad value throws naming the field. */
    public <T> T extra(ConfigField f, Function<String, T> parse) {
        control(f);
        try {
            T v = parse.apply(valueText(f).trim());
            unmark(f);
            return v;
        } catch (IllegalArgumentException e) {
            throw fail(f, e.getMessage());
        }
    }

    /** A place-specific whole number of at least {@code min}. */
    public int intValue(ConfigField f, int min) {
        return extra(f, t -> ConfigFields.parseInt(t, f.label, min));
    }

    /** The folder field as a path; blank is refused. */
    public Path folder() {
        return extra(FOLDER, t -> {
            if (t.isEmpty()) throw new IllegalArgumentException("folder: choose a folder");
            return Path.of(t);
        });
    }

    private String valueText(ConfigField f) {
        return switch (f.kind) {
            case CHOICE -> datasetName();
            case RATE -> String.valueOf(rate.getValue());
            case CHECK -> String.valueOf(check(f).isSelected());
            default -> f == STRATEGY ? String.valueOf(strategy().getValue()) : text(f).getText();
        };
    }

    // ---- errors ----

    private FieldException fail(ConfigField f, String message) {
        String m = message == null || message.isBlank() ? "invalid value" : message;
        String named = m.toLowerCase(Locale.ROOT).startsWith(f.label.toLowerCase(Locale.ROOT)) ? m : f.label + ": " + m;
        Node n = markable(f);
        if (!n.getStyleClass().contains("invalid")) n.getStyleClass().add("invalid");
        error.setText(named);
        error.setVisible(true);
        error.setManaged(true);
        return new FieldException(f, named);
    }

    private void unmark(ConfigField f) {
        Node n = markable(f);
        if (n != null) n.getStyleClass().remove("invalid");
    }

    /** The node a field's error mark goes on: the variant picker, or the field's control. */
    private Node markable(ConfigField f) {
        return f == VARIANTS ? variants : controls.get(f);
    }

    /** Removes every mark and the error line. */
    public void clearError() {
        for (ConfigField f : set.fields()) unmark(f);
        error.setText("");
        error.setVisible(false);
        error.setManaged(false);
    }

    /** Whether a field is marked as holding a bad value. */
    public boolean isMarked(ConfigField f) {
        Node n = markable(f);
        return n.getStyleClass().contains("invalid");
    }

    // ---- which fields apply ----

    private void updateEnablement() {
        String name = datasetName();
        boolean twoD = DatasetCatalog.isTwoD(name);
        boolean speech = name.equals("speech-commands") || name.equals("speech-synth");
        disable(SAMPLES, !twoD);
        disable(NOISE, !twoD);
        disable(TRAIN_PERCENT, !twoD);
        disable(MELS, !speech);
        disable(FRAMES, !speech);
        disable(TOPICS, !name.equals("rcv1"));
        if (!set.has(VARIANTS) && shown != null) {
            RegularizerSpec r = shown.regularizer();
            disable(RATE, r.isNone());
            disable(SIGMA, !r.stir().equals("partial-gaussian"));
            boolean ms = r.preset().equals("masksembles") || r.sharing() == RegularizerSpec.Sharing.GROUP;
            disable(MASKS, !ms);
            disable(SCALE, !ms);
        }
        if (set.has(UNTIL_STOPPED)) disable(EPOCHS, check(UNTIL_STOPPED).isSelected());
    }

    private void disable(ConfigField f, boolean off) {
        if (set.has(f)) controls.get(f).setDisable(off);
    }

    /** Dataset entries show their availability beside the name, once it is known. */
    private static final class SourceCell extends ListCell<DatasetCatalog.Source> {
        private final boolean withAvailability;

        SourceCell(boolean withAvailability) {
            this.withAvailability = withAvailability;
        }

        @Override
        protected void updateItem(DatasetCatalog.Source item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
            } else {
                setText(!withAvailability || item.availability() == null ? item.title()
                        : item.title() + "  (" + item.availabilityLabel() + ")");
            }
        }
    }
}
