package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.config.ConfigField;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens the sample session (no training), then runs a short live comparison and Monte Carlo inference, and writes
 * PNGs of every experiments view to {@code lab.screenshots} for a person to look at.
 */
class ExperimentsScreenshotTest extends ExperimentsWindowTestBase {

    @Start
    void start(Stage stage) {
        openWindow(stage, 1360, 860);
    }

    static final Path SAMPLE = Path.of("samples/sessions/spiral-sweep.pndlab.json");

    private void shot(Path dir, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Node root = scene.getRoot();
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> root.snapshot(new SnapshotParameters(), null))
                .get(20, TimeUnit.SECONDS);
        Path file = dir.resolve("experiments-" + name + ".png");
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
        assertThat(Files.size(file)).isGreaterThan(1000);
    }

    @Test
    void sampleSessionOpensWithoutTrainingAndEveryViewIsPhotographed(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("lab.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        OpenExperiments.openAndWait(robot, view, SAMPLE);
        WaitForAsyncUtils.sleep(GeneralizationView.REFRESH_MS * 3, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.results().records()).hasSize(13 * 30);
        assertThat(view.results().configs()).hasSize(13);
        // 5 variants x top-3
        assertThat(view.generalization().scatterPointCount()).isEqualTo(15);
        assertThat(view.generalization().barCount()).isEqualTo(15);
        assertThat(view.generalization().ranking().friedman()).isPresent();

        String[] inner = {"scatter", "bars", "drop-rate", "statistics", "table"};
        for (int i = 0; i < inner.length; i++) {
            final int k = i;
            robot.interact(() -> {
                view.tabs().getSelectionModel().select(2);
                view.generalization().tabs().getSelectionModel().select(k);
            });
            shot(dir, inner[i]);
        }
        robot.interact(() -> view.tabs().getSelectionModel().select(3));
        shot(dir, "teaching");
        robot.interact(() -> view.tabs().getSelectionModel().select(1));
        shot(dir, "sweep");

        robot.interact(() -> {
            view.setPresentation(true);
            view.tabs().getSelectionModel().select(2);
            view.generalization().tabs().getSelectionModel().select(3);
        });
        shot(dir, "presentation-statistics");
        robot.interact(() -> {
            view.setDark(true);
            view.tabs().getSelectionModel().select(3);
        });
        shot(dir, "presentation-dark-teaching");
        robot.interact(() -> {
            view.setPresentation(false);
            view.setDark(false);
        });

        // a live comparison, paused mid-run so the masks and curves are on screen
        CompareView c = view.compareView();
        robot.interact(() -> {
            view.tabs().getSelectionModel().select(0);
            c.variantBoxes().values().forEach(b -> b.setSelected(false));
            for (String p : new String[]{"dropout", "dropconnect", "pernode-bernoulli"}) {
                c.variantBoxes().get(p).setSelected(true);
            }
            c.editor().text(ConfigField.EPOCHS).setText("5");
            c.editor().text(ConfigField.TRAIN_LIMIT).setText("150");
            c.editor().text(ConfigField.LEARNING_RATE).setText("0.03");
            c.start.fire();
        });
        long until = System.nanoTime() + 200_000_000_000L;
        while (System.nanoTime() < until && view.compareModel().stateProperty().get() != CompareModel.State.FINISHED) {
            Thread.sleep(500);
        }
        System.out.println("compare: state " + view.compareModel().stateProperty().get() + ", epochs "
                + view.compareModel().variantRuns().stream().map(l -> l.epochs.size()).toList() + ", " + c.capacityText());
        assertThat(view.compareModel().stateProperty().get()).isEqualTo(CompareModel.State.FINISHED);
        shot(dir, "compare");

        UncertaintyView u = view.uncertaintyView();
        robot.interact(() -> {
            view.tabs().getSelectionModel().select(4);
            u.editor().text(ConfigField.EPOCHS).setText("8");
            u.editor().text(ConfigField.PASSES).setText("20");
            u.startFromControls();
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.uncertaintyModel().runningProperty().get());
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> !view.uncertaintyModel().runningProperty().get());
        assertThat(u.table().getItems()).hasSize(2);
        shot(dir, "uncertainty");
    }
}
