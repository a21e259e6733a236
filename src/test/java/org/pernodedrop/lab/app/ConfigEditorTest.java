package org.pernodedrop.lab.app;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pernodedrop.lab.app.config.ConfigEditor;
import org.pernodedrop.lab.app.config.ConfigField;
import org.pernodedrop.lab.app.config.FieldSet;
import org.pernodedrop.lab.app.experiments.CompareModel;
import org.pernodedrop.lab.app.experiments.CompareView;
import org.pernodedrop.lab.app.experiments.ResultsModel;
import org.pernodedrop.lab.app.experiments.SearchView;
import org.pernodedrop.lab.app.experiments.SweepModel;
import org.pernodedrop.lab.app.experiments.SweepView;
import org.pernodedrop.lab.app.experiments.UncertaintyModel;
import org.pernodedrop.lab.app.experiments.UncertaintyView;
import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.ModelSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.config.TrainingSpec;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pernodedrop.lab.app.config.ConfigField.*;

/**
 * The window's one config editor: a config loaded into the controls reads back equal (configs written out by hand,
 * not taken from the editor), a bad value in each kind of field stops the read with one message that names the
 * field, and each place of the window shows exactly its own fields.
 */
@ExtendWith(ApplicationExtension.class)
class ConfigEditorTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }

    private static ConfigEditor editor(FieldSet set) throws Exception {
        return fx(() -> new ConfigEditor(set));
    }

    // ---- round trips ----

    /** Every single-run field differs between base and target; the parts the editor does not show are equal. */
    @Test
    void singleRunReadsBackEveryFieldItWasLoadedWith() throws Exception {
        ExperimentConfig target = new ExperimentConfig(1, 7,
                new DataSpec("circles", null, 300, 0.2, 0.4, 50, 0),
                new ModelSpec("mlp", 24, List.of(12, 8), List.of(32, 64)),
                RegularizerSpec.of("pernode-partial-gaussian", 0.35).withSigma(0.7),
                new TrainingSpec(33, 16, 0.005));
        ExperimentConfig base = new ExperimentConfig(1, 42,
                new DataSpec("spiral", null, 500, 0.1, 0.7, 0, 0),
                new ModelSpec("mlp", 16, List.of(16), List.of(32, 64)),
                RegularizerSpec.of("pernode-partial-gaussian", 0.5),
                new TrainingSpec(20, 10, 0.01));
        ConfigEditor e = editor(FieldSet.SINGLE_RUN);
        assertThat(fx(() -> {
            e.load(target);
            return e.read(base);
        })).isEqualTo(target);

        // speech: mels and frames; Masksembles: n and s
        ExperimentConfig speech = new ExperimentConfig(1, 3,
                new DataSpec("speech-synth", null, 500, 0.1, 0.7, 0, 0, 40, 32, null, null, null, null, null),
                new ModelSpec("auto", 64, List.of(), List.of(32, 64)),
                RegularizerSpec.of("masksembles", 0.25).withMasksembles(3, 2.5),
                new TrainingSpec(5, 32, 0.001));
        ExperimentConfig speechBase = new ExperimentConfig(1, 42,
                new DataSpec("speech-synth", null, 500, 0.1, 0.7, 0, 0, 128, 128, null, null, null, null, null),
                new ModelSpec("auto", 16, List.of(16), List.of(32, 64)),
                RegularizerSpec.of("masksembles", 0.5), new TrainingSpec(20, 10, 0.01));
        assertThat(fx(() -> {
            e.load(speech);
            return e.read(speechBase);
        })).isEqualTo(speech);

        // until stopped: the config says 0 epochs; the field keeps the last finite number for unticking
        ExperimentConfig open = target.withTraining(target.training().withEpochs(TrainingSpec.UNTIL_STOPPED));
        assertThat(fx(() -> {
            e.load(target);
            e.load(open);
            return e.read(base);
        })).isEqualTo(open);
        assertThat(fx(() -> e.text(EPOCHS).getText())).isEqualTo("33");
        assertThat(fx(() -> e.text(EPOCHS).isDisabled())).isTrue();
    }

    @Test
    void placesReadTheirFieldsOntoTheirOwnDefaults() throws Exception {
        // compare starts from the overfitting scenario: only rate, learning rate, epochs and train limit change
        ExperimentConfig o = ExperimentConfig.overfitting();
        ExperimentConfig compare = new ExperimentConfig(1, o.seed(), o.data().withLimits(60, 0), o.model(),
                RegularizerSpec.of("pernode-bernoulli", 0.3), new TrainingSpec(7, o.training().batchSize(), 0.02));
        ConfigEditor c = editor(FieldSet.COMPARE);
        assertThat(fx(() -> {
            c.load(compare);
            return c.read();
        })).isEqualTo(compare);
        // the ticked variants at the editor's rate, 'none' at 0
        List<RegularizerSpec> vs = fx(() -> {
            c.variants().select(List.of("none", "dropconnect"));
            return c.variantSpecs(c.read().regularizer().rate());
        });
        assertThat(vs).containsExactly(RegularizerSpec.of("none", 0), RegularizerSpec.of("dropconnect", 0.3));

        // another dataset in compare, which shows no points, noise or split: the CLI's defaults on that dataset, not
        // the moons lesson's 100 noisy points and wide network (spiral: the engine's own default spec, written here
        // as the CLI's train command would build it)
        ExperimentConfig onSpiral = fx(() -> {
            c.load(compare);
            c.dataset().setValue(c.dataset().getItems().stream().filter(x -> x.name().equals("spiral")).findFirst()
                    .orElseThrow());
            return c.read();
        });
        ExperimentConfig cli = ExperimentConfig.defaults();
        assertThat(onSpiral.data()).isEqualTo(org.pernodedrop.lab.engine.data.Datasets.defaultSpec("spiral")
                .withLimits(60, 0));
        assertThat(onSpiral.model()).isEqualTo(cli.model());
        assertThat(onSpiral.training()).isEqualTo(new TrainingSpec(7, cli.training().batchSize(), 0.02));

        // the sweep starts from the CLI's defaults
        ExperimentConfig d = ExperimentConfig.defaults();
        ExperimentConfig sweep = new ExperimentConfig(1, d.seed(), d.data().withLimits(40, 0), d.model(),
                d.regularizer(), new TrainingSpec(3, 25, 0.003));
        ConfigEditor s = editor(FieldSet.SWEEP);
        assertThat(fx(() -> {
            s.load(sweep);
            return s.read();
        })).isEqualTo(sweep);
    }

    // ---- bad values ----

    /** Types {@code text} into {@code f}, reads, and returns the message; asserts it names the field and marks it. */
    private static String badValue(ConfigEditor e, ConfigField f, Consumer<ConfigEditor> type,
                                   Callable<Object> read) throws Exception {
        Object[] out = new Object[1];
        WaitForAsyncUtils.asyncFx(() -> {
            e.clearError();
            type.accept(e);
            try {
                out[0] = read.call();
            } catch (Exception ex) {
                out[0] = ex;
            }
        }).get();
        assertThat(out[0]).as(f + " accepted a bad value").isInstanceOf(ConfigEditor.FieldException.class);
        ConfigEditor.FieldException ex = (ConfigEditor.FieldException) out[0];
        assertThat(ex.field()).isEqualTo(f);
        assertThat(ex.getMessage()).as("the message names the field").startsWith(f.label);
        assertThat(fx(() -> e.isMarked(f))).isTrue();
        assertThat(fx(() -> e.errorLabel().getText())).isEqualTo(ex.getMessage());
        assertThat(fx(() -> e.errorLabel().isVisible())).isTrue();
        return ex.getMessage();
    }

    /** The editor back on {@code base}, its marks cleared. */
    private static void reset(ConfigEditor e, ExperimentConfig base) throws Exception {
        fx(() -> {
            e.load(base);
            e.clearError();
            return null;
        });
    }

    private static Consumer<ConfigEditor> type(ConfigField f, String text) {
        return e -> e.text(f).setText(text);
    }

    @Test
    void aBadValueInEachKindOfFieldIsNamed() throws Exception {
        ConfigEditor e = editor(FieldSet.SINGLE_RUN);
        ExperimentConfig base = ExperimentConfig.overfitting();
        reset(e, base);
        Callable<Object> read = () -> e.read(base);
        // a whole number, a decimal, a percent, a list of widths, a long, a value the records refuse
        assertThat(badValue(e, EPOCHS, type(EPOCHS, "ten"), read)).isEqualTo("epochs: 'ten' is not a whole number");
        assertThat(badValue(e, EPOCHS, type(EPOCHS, "0"), read)).isEqualTo("epochs must be >= 1, got 0");
        reset(e, base);
        assertThat(badValue(e, LEARNING_RATE, type(LEARNING_RATE, "fast"), read))
                .isEqualTo("learning rate: 'fast' is not a number");
        reset(e, base);
        assertThat(badValue(e, TRAIN_PERCENT, type(TRAIN_PERCENT, "95"), read))
                .isEqualTo("train % must be between 10 and 90, got 95");
        reset(e, base);
        assertThat(badValue(e, HIDDEN, type(HIDDEN, "32, 0"), read))
                .isEqualTo("hidden widths must be in [1, 4096], got 0");
        reset(e, base);
        assertThat(badValue(e, SEED, type(SEED, "1.5"), read)).isEqualTo("seed: '1.5' is not a whole number");
        reset(e, base);
        // TrainingSpec refuses a batch of 0 in its own words, which already start with the field's name
        assertThat(badValue(e, BATCH, type(BATCH, "0"), read)).isEqualTo("batch size must be >= 1, got 0");
        reset(e, base);
        // the first bad field in field order is the one named; a good read clears the marks
        fx(() -> {
            e.text(UNITS).setText("x");
            e.text(EPOCHS).setText("y");
            return null;
        });
        assertThat(badValue(e, UNITS, ee -> { }, read)).startsWith("units:");
        fx(() -> {
            e.load(base);
            return e.read(base);
        });
        assertThat(fx(() -> e.isMarked(UNITS) || e.errorLabel().isVisible())).isFalse();

        // a place's own fields: a rate list, a count, a folder, and the variant grid
        ConfigEditor s = editor(FieldSet.SWEEP);
        Callable<Object> spec = () -> s.extra(RATES, org.pernodedrop.lab.engine.experiment.SweepSpec::parseRates);
        assertThat(badValue(s, RATES, type(RATES, "0.1:x"), spec)).startsWith("drop rates");
        assertThat(badValue(s, SEEDS, type(SEEDS, "0"), () -> s.intValue(SEEDS, 1)))
                .isEqualTo("seeds (1..N) must be >= 1, got 0");
        assertThat(badValue(s, FOLDER, type(FOLDER, "  "), s::folder)).isEqualTo("folder: choose a folder");
        assertThat(badValue(s, VARIANTS, ee -> ee.variants().select(List.of()), () -> s.variantSpecs(0.5)))
                .isEqualTo("variants: tick at least one");
    }

    // ---- field sets ----

    /** The fields each place shows, written out here (not read from FieldSet). */
    private static final Map<FieldSet, Set<ConfigField>> EXPECTED = Map.of(
            FieldSet.SINGLE_RUN, EnumSet.of(DATASET, SAMPLES, NOISE, TRAIN_PERCENT, MELS, FRAMES, TOPICS, RATE, SIGMA,
                    MASKS, SCALE, HIDDEN, UNITS, BATCH, LEARNING_RATE, EPOCHS, UNTIL_STOPPED, SEED, TRAIN_LIMIT),
            FieldSet.COMPARE, EnumSet.of(DATASET, VARIANTS, RATE, LEARNING_RATE, EPOCHS, TRAIN_LIMIT),
            FieldSet.SWEEP, EnumSet.of(DATASET, VARIANTS, BATCH, LEARNING_RATE, EPOCHS, TRAIN_LIMIT, RATES, WIDTHS,
                    SEEDS, FOLDER),
            FieldSet.UNCERTAINTY, EnumSet.of(DATASET, VARIANTS, RATE, EPOCHS, PASSES),
            FieldSet.SEARCH, EnumSet.of(DATASET, VARIANTS, EPOCHS, RATE_RANGE, UNITS_RANGE, LR_RANGE, STRATEGY,
                    TRIALS, ASHA, FOLDER));

    @Test
    void eachPlaceShowsExactlyItsFieldSet(FxRobot robot) throws Exception {
        LabModel lab = fx(() -> new LabModel(LabRuns.fake()));
        Map<FieldSet, Parent> places = fx(() -> Map.of(
                FieldSet.SINGLE_RUN, new ControlPanelView(lab),
                FieldSet.COMPARE, new CompareView(new CompareModel(new ResultsModel())),
                FieldSet.SWEEP, new SweepView(new SweepModel(new ResultsModel())),
                FieldSet.UNCERTAINTY, new UncertaintyView(new UncertaintyModel()),
                FieldSet.SEARCH, new SearchView()));
        for (Map.Entry<FieldSet, Parent> p : places.entrySet()) {
            FieldSet set = p.getKey();
            // skins (a scroll pane's content) exist once the view is in a scene and styled
            fx(() -> {
                stage.getScene().setRoot(p.getValue());
                p.getValue().applyCss();
                p.getValue().layout();
                return null;
            });
            for (ConfigField f : ConfigField.values()) {
                Node n = p.getValue().lookup("#" + set.idPrefix + f.id);
                assertThat(n != null).as(set + " shows " + f).isEqualTo(EXPECTED.get(set).contains(f));
            }
            // a field's tooltip is its one text from ConfigField
            if (set != FieldSet.SINGLE_RUN) continue;
            TextField units = (TextField) p.getValue().lookup("#units");
            assertThat(units.getTooltip().getText()).isEqualTo(UNITS.tip);
        }
        // the places' starting values come from the configs they start from, not from per-view numbers
        ConfigEditor sweep = fx(() -> ((SweepView) places.get(FieldSet.SWEEP)).editor());
        assertThat(fx(() -> sweep.text(EPOCHS).getText()))
                .isEqualTo(String.valueOf(ExperimentConfig.defaults().training().epochs()));
        ConfigEditor compare = fx(() -> ((CompareView) places.get(FieldSet.COMPARE)).editor());
        assertThat(fx(() -> compare.datasetName())).isEqualTo("moons");
        WaitForAsyncUtils.asyncFx(lab::shutdown).get();
    }
}
