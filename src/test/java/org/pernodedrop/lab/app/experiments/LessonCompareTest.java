package org.pernodedrop.lab.app.experiments;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pernodedrop.lab.engine.experiment.TeachingPreset;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Generalization;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compare live opens on the overfitting lesson (none vs Dropout vs PerNodeDrop); Start runs its exact configs, the
 * validation curve of {@code none} climbs away from its minimum, the table's gap and best-epoch columns fill in, and
 * the verdict under the table says the lesson's claim showed. Writes {@code experiments-compare-lesson.png}.
 */
class LessonCompareTest extends ExperimentsWindowTestBase {

    @Start
    void start(Stage stage) {
        openWindow(stage, 1360, 860);
    }

    @Test
    void opensOnTheOverfittingLessonAndShowsItsClaim(FxRobot robot) throws Exception {
        CompareView c = view.compareView();
        TeachingPreset first = TeachingPreset.all().get(0);
        assertThat(c.pinnedLesson()).isEqualTo(first);
        long t0 = System.nanoTime();
        robot.interact(() -> c.start.fire());
        CompareModel m = view.compareModel();
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> m.stateProperty().get() == CompareModel.State.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        System.out.printf("lesson compare: %d epochs of 3 variants in %.0f s; %s%n", TeachingPreset.EPOCHS,
                (System.nanoTime() - t0) / 1e9, m.verdictProperty().get());
        assertThat(m.variantRuns()).extracting(l -> l.label)
                .containsExactly("none", "dropout p=0.5", "pernode-bernoulli p=0.8");
        List<EpochMetrics> none = m.variantRuns().get(0).epochs;
        assertThat(none).hasSize(TeachingPreset.EPOCHS);
        EpochMetrics best = Generalization.best(none);
        assertThat(none.get(none.size() - 1).valLoss()).as("none's validation loss climbs").isGreaterThan(1.5 * best.valLoss());
        assertThat(m.verdictProperty().get()).startsWith("Seen in this run");

        Path dir = Path.of(System.getProperty("lab.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        WaitForAsyncUtils.sleep(400, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> scene.getRoot().snapshot(new SnapshotParameters(), null))
                .get(20, TimeUnit.SECONDS);
        Path file = dir.resolve("experiments-compare-lesson.png");
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
        assertThat(Files.size(file)).isGreaterThan(1000);
    }
}
