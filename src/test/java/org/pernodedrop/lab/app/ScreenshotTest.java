package org.pernodedrop.lab.app;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trains a little, pauses, and writes PNGs of the whole window and of each view to {@code lab.screenshots}
 * (surefire sets it to {@code target/screenshots}) for a person to look at.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {

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

    @Test
    void writesWindowAndViewPngs(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("lab.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        // enough training for a surface that follows the spiral, quick enough for CI
        robot.interact(() -> {
            ExperimentConfig c = model.config();
            model.setConfig(c.withTraining(c.training().withLearningRate(0.03).withEpochs(40))
                    .withData(c.data().withLimits(200, 0)));
            model.playPause();
        });
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> model.epochsDoneProperty().get() >= 6);
        robot.interact(() -> model.playPause());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.stateProperty().get() == LabModel.RunState.PAUSED);
        Thread.sleep(400);
        WaitForAsyncUtils.waitForFxEvents();
        Map<String, Node> shots = new LinkedHashMap<>();
        shots.put("window", scene.getRoot());
        shots.put("masks", view.masks());
        shots.put("subnetworks", view.diagram());
        shots.put("losses", view.losses());
        shots.put("surface", view.surface());
        shots.put("controls", view.controls());
        shots.put("status", view.status());
        for (Map.Entry<String, Node> e : shots.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".png");
            WritableImage img = WaitForAsyncUtils.asyncFx(() -> e.getValue().snapshot(new SnapshotParameters(), null))
                    .get(10, TimeUnit.SECONDS);
            write(img, file);
            assertThat(Files.size(file)).as(file.toString()).isGreaterThan(1000);
        }
    }

    /** Masks and subnetworks of the contrasting presets after a few single steps (S). */
    @Test
    void writesPresetComparisonPngs(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("lab.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        for (String preset : new String[]{"dropout", "dropconnect", "pernode-gaussian", "pernode-partial-gaussian", "masksembles"}) {
            robot.interact(() -> {
                view.controls().preset.setValue(preset);
                // a paused run with results asks before it is reset: answer "apply"
                model.applyPendingConfig();
            });
            for (int k = 1; k <= 3; k++) {
                long want = k;
                robot.interact(model::stepBatch);
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model.snapshotProperty().get() != null
                        && model.snapshotProperty().get().step() >= want
                        && model.stateProperty().get() == LabModel.RunState.PAUSED);
            }
            WaitForAsyncUtils.waitForFxEvents();
            for (Map.Entry<String, Node> e : Map.<String, Node>of("masks", view.masks(), "subnetworks",
                    view.diagram()).entrySet()) {
                Path file = dir.resolve(e.getKey() + "-" + preset + ".png");
                WritableImage img = WaitForAsyncUtils.asyncFx(() -> e.getValue().snapshot(new SnapshotParameters(),
                        null)).get(10, TimeUnit.SECONDS);
                write(img, file);
            }
        }
        assertThat(model.errorProperty().get()).as("no preset failed").isEmpty();
    }

    static void write(WritableImage img, Path file) throws IOException {
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
    }
}
