package org.pernodedrop.lab.app;

import org.pernodedrop.lab.app.config.ConfigField;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.train.ViewSnapshot;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window end to end, headless (Monocle): pick a dataset and a preset, play with the keyboard, watch two epochs
 * arrive, check what each view holds, step, stop.
 */
@ExtendWith(ApplicationExtension.class)
class LabWindowTest {

    private OpenLab open;
    private LabModel model;
    private LabView view;

    /** The run source; the real trainer once merged (see {@link LabRuns}). */
    RunFactory runs() {
        return LabRuns.real();
    }

    @Start
    void start(Stage stage) {
        OpenLab lab = OpenLab.on(stage, runs());
        model = lab.model();
        view = lab.view();
        open = lab;
    }

    @AfterEach
    void tearDown() {
        open.close();
    }

    private void choose(FxRobot robot, String dataset, String preset) {
        robot.interact(() -> {
            view.controls().dataset.getItems().stream().filter(s -> s.name().equals(dataset)).findFirst()
                    .ifPresent(s -> view.controls().dataset.setValue(s));
            view.controls().preset.setValue(preset);
            // a paused run with results asks before it is reset (WindowStateTest): answer "apply"
            model.applyPendingConfig();
        });
        assertThat(model.config().data().name()).isEqualTo(dataset);
        assertThat(model.config().regularizer().preset()).isEqualTo(preset);
    }

    private static void waitUntil(long seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    @Test
    void playsTwoEpochsFillsEveryViewAndStops(FxRobot robot) throws Exception {
        choose(robot, "spiral", "pernode-bernoulli");
        // a short epoch keeps the test quick on a busy machine: 60 examples, 6 steps of 10
        robot.interact(() -> {
            view.controls().field(ConfigField.EPOCHS).setText("50");
            view.controls().field(ConfigField.EPOCHS).getOnAction().handle(null);
            view.controls().field(ConfigField.TRAIN_LIMIT).setText("60");
            view.controls().field(ConfigField.TRAIN_LIMIT).getOnAction().handle(null);
        });
        assertThat(model.config().data().trainLimit()).isEqualTo(60);
        robot.interact(() -> view.transport().play.requestFocus());
        robot.press(KeyCode.SPACE).release(KeyCode.SPACE);

        waitUntil(120, () -> model.epochsDoneProperty().get() >= 2);
        waitUntil(5, () -> view.losses().epochPointCount() >= 2);
        assertThat(model.stateProperty().get()).isEqualTo(LabModel.RunState.RUNNING);
        assertThat(view.losses().lossPointCount()).isGreaterThan(2 * 2);

        WritableImage mask = view.masks().maskImage();
        assertThat(mask).as("mask heatmap drawn").isNotNull();
        assertThat(distinctColours(mask)).as("a p = 0.5 mask shows kept and dropped cells").isGreaterThan(1);
        assertThat(view.masks().stripImage()).isNotNull();

        robot.clickOn("#stop");
        long t0 = System.nanoTime();
        waitUntil(5, () -> model.stateProperty().get() == LabModel.RunState.FINISHED);
        double stopSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(stopSeconds).as("stop takes effect within a second").isLessThan(1.5);
        long stepAfterStop = model.stepProperty().get();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.stepProperty().get()).as("no steps after stop").isEqualTo(stepAfterStop);
        assertThat(view.losses().lossPointCount()).as("curves stay after stop").isGreaterThan(0);
    }

    @Test
    void diagramChangesPerStepForDynamicButNotForFixed(FxRobot robot) throws Exception {
        choose(robot, "spiral", "pernode-bernoulli");
        float[][] a = stepAndReadDiagram(robot, 1);
        float[][] b = stepAndReadDiagram(robot, 2);
        assertThat(a).isNotEmpty();
        assertThat(differs(a, b)).as("dynamic masks change between steps").isTrue();
        assertThat(differs(a[0], a[1])).as("per-sample: two samples get different masks").isTrue();

        choose(robot, "spiral", "pernode-bernoulli-fixed");
        assertThat(model.stateProperty().get()).isEqualTo(LabModel.RunState.IDLE);
        float[][] c = stepAndReadDiagram(robot, 1);
        float[][] d = stepAndReadDiagram(robot, 2);
        assertThat(c).isNotEmpty();
        assertThat(differs(c, d)).as("fixed masks stay between steps").isFalse();
    }

    @Test
    void badSettingIsReportedAndTheWindowKeepsWorking(FxRobot robot) throws Exception {
        ExperimentConfig before = model.config();
        robot.interact(() -> {
            view.controls().field(ConfigField.BATCH).setText("-3");
            view.controls().field(ConfigField.BATCH).getOnAction().handle(null);
        });
        assertThat(model.errorProperty().get()).contains("batch size");
        assertThat(view.controls().field(ConfigField.BATCH).getStyleClass()).contains("invalid");
        assertThat(model.config()).isEqualTo(before);
        robot.interact(() -> {
            view.controls().field(ConfigField.BATCH).setText("10");
            view.controls().field(ConfigField.BATCH).getOnAction().handle(null);
        });
        assertThat(model.errorProperty().get()).isEmpty();
        robot.interact(() -> view.transport().play.requestFocus());
        robot.press(KeyCode.S).release(KeyCode.S);
        waitUntil(60, () -> model.stepProperty().get() >= 1);
    }

    @Test
    void aFailedRunIsShownAndTheNextRunWorks(FxRobot robot) throws Exception {
        // CIFAR-10 is not on the test machines: the trainer reports RunFailed("bad data: ...")
        choose(robot, "cifar10", "pernode-bernoulli");
        robot.interact(model::playPause);
        waitUntil(60, () -> model.stateProperty().get() == LabModel.RunState.FAILED);
        assertThat(model.errorProperty().get()).contains("cifar");
        assertThat(robot.lookup("#error-text").queryLabeled().isVisible()).isTrue();
        choose(robot, "spiral", "dropout");
        robot.interact(model::stepBatch);
        waitUntil(60, () -> model.stepProperty().get() >= 1);
        assertThat(model.errorProperty().get()).isEmpty();
    }

    private float[][] stepAndReadDiagram(FxRobot robot, long expectedStep) throws Exception {
        robot.interact(() -> view.transport().play.requestFocus());
        robot.press(KeyCode.S).release(KeyCode.S);
        waitUntil(60, () -> {
            ViewSnapshot s = model.snapshotProperty().get();
            return s != null && s.step() >= expectedStep && model.stateProperty().get() == LabModel.RunState.PAUSED;
        });
        WaitForAsyncUtils.waitForFxEvents();
        return view.diagram().bottomRowMasks();
    }

    static boolean differs(float[][] a, float[][] b) {
        if (a.length != b.length) return true;
        for (int k = 0; k < a.length; k++) if (differs(a[k], b[k])) return true;
        return false;
    }

    static boolean differs(float[] a, float[] b) {
        return !java.util.Arrays.equals(a, b);
    }

    static int distinctColours(WritableImage img) {
        PixelReader r = img.getPixelReader();
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < (int) img.getHeight(); y++) {
            for (int x = 0; x < (int) img.getWidth(); x++) seen.add(r.getArgb(x, y));
        }
        return seen.size();
    }
}
