package org.pernodedrop.lab.app;

import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Generalization;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first minute of a newcomer: the window opens on the overfitting scenario, Space starts a run that goes on until
 * stopped, and within 30 s the screen shows a network that has learned (validation accuracy well above the chance
 * level beside it) and is overfitting (the best validation epoch lies behind, the validation loss has climbed above
 * its minimum, the gap readout is positive). Writes {@code first-screen.png} and prints how long the overfitting
 * signal took to appear.
 */
@ExtendWith(ApplicationExtension.class)
class FirstMinuteTest {

    /** Seconds of training before the screenshot: what the issue asks the first screen to teach within. */
    static final long TRAIN_SECONDS = 30;

    private OpenLab open;
    private LabModel model;
    private LabView view;
    private Scene scene;

    @Start
    void start(Stage stage) {
        OpenLab lab = OpenLab.on(stage);
        model = lab.model();
        view = lab.view();
        scene = lab.scene();
        open = lab;
    }

    @AfterEach
    void tearDown() {
        open.close();
    }

    /** Validation loss at least 20 % above its minimum, reached at least 5 epochs ago. */
    private boolean overfittingVisible() {
        List<EpochMetrics> h = List.copyOf(model.history().epochs());
        EpochMetrics best = Generalization.best(h);
        if (best == null) return false;
        EpochMetrics last = h.get(h.size() - 1);
        return last.epoch() - best.epoch() >= 5 && last.valLoss() >= 1.2 * best.valLoss();
    }

    @Test
    void defaultScenarioShowsLearningAndOverfittingWithin30Seconds(FxRobot robot) throws Exception {
        assertThat(model.config().training().untilStopped()).as("the first screen trains until stopped").isTrue();
        robot.press(javafx.scene.input.KeyCode.SPACE).release(javafx.scene.input.KeyCode.SPACE);
        long t0 = System.nanoTime();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model.stateProperty().get() == LabModel.RunState.RUNNING
                && model.epochsDoneProperty().get() > 0);
        long firstEpoch = System.nanoTime();
        BooleanSupplier signal = () -> {
            try {
                return WaitForAsyncUtils.asyncFx(this::overfittingVisible).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        while (!signal.getAsBoolean() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(120)) Thread.sleep(100);
        double toSignal = (System.nanoTime() - t0) / 1e9;
        System.out.printf("first screen: first epoch after %.1f s, overfitting visible after %.1f s (epoch %d)%n",
                (firstEpoch - t0) / 1e9, toSignal, model.epochsDoneProperty().get());
        assertThat(signal.getAsBoolean()).as("overfitting visible within 120 s").isTrue();
        long left = TimeUnit.SECONDS.toNanos(TRAIN_SECONDS) - (System.nanoTime() - t0);
        if (left > 0) Thread.sleep(left / 1_000_000);
        robot.press(javafx.scene.input.KeyCode.SPACE).release(javafx.scene.input.KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.stateProperty().get() == LabModel.RunState.PAUSED);
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();

        List<EpochMetrics> h = List.copyOf(model.history().epochs());
        EpochMetrics last = h.get(h.size() - 1);
        double chance = model.chanceAccuracyProperty().get();
        System.out.printf("first screen after %d s: %d epochs, val acc %.3f (chance %.3f), gap %.3f, best epoch %d%n",
                TRAIN_SECONDS, h.size(), last.valAcc(), chance, Generalization.lossGap(last),
                Generalization.best(h).epoch());
        // learned: the 2-D moons are separable well beyond chance (0.5 for balanced classes)
        assertThat(chance).isBetween(0.45, 0.55);
        assertThat(last.valAcc()).isGreaterThan(chance + 0.25);
        // the readout shows what the history says
        assertThat(view.headline().gap.getText()).startsWith("+");
        assertThat(view.headline().bestDetail.getText()).contains("epoch " + Generalization.best(h).epoch());
        assertThat(view.headline().chance.getText()).contains("chance level");

        Path dir = Path.of(System.getProperty("lab.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> scene.getRoot().snapshot(new SnapshotParameters(), null))
                .get(10, TimeUnit.SECONDS);
        ScreenshotTest.write(img, dir.resolve("first-screen.png"));
        robot.interact(model::stop);
    }
}
