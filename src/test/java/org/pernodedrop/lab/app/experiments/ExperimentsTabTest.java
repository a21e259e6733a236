package org.pernodedrop.lab.app.experiments;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** The hook into the lab window: two tabs, a session named on the command line opens, the layout is remembered. */
@ExtendWith(ApplicationExtension.class)
class ExperimentsTabTest {

    private Stage stage;
    private Preferences window;
    private Preferences exp;

    @Start
    void start(Stage s) {
        stage = s;
        long id = System.nanoTime();
        window = Preferences.userRoot().node("org/pernodedrop/lab/test-window-" + id);
        exp = Preferences.userRoot().node("org/pernodedrop/lab/test-exp-" + id);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stage.hide()).get();
        window.removeNode();
        exp.removeNode();
    }

    private BorderPane labLike() {
        BorderPane lab = new BorderPane(new Label("single-run views"));
        lab.setLeft(new Label("controls"));
        lab.setTop(new Label("transport"));
        return lab;
    }

    @Test
    void sessionArgumentOpensInTheExperimentsTabAndTheLayoutIsRemembered(FxRobot robot) throws Exception {
        BorderPane lab = labLike();
        ExperimentsView[] view = new ExperimentsView[1];
        ExperimentsTab[] hook = new ExperimentsTab[1];
        robot.interact(() -> {
            stage.setScene(new Scene(lab, 1200, 800));
            hook[0] = ExperimentsTab.install(stage, lab, List.of(ExperimentsScreenshotTest.SAMPLE.toString()), window,
                    exp);
            stage.show();
        });
        // built after the first frame, then the file opens
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> hook[0].isBuilt()
                && hook[0].view().results().records().size() == 390);
        view[0] = hook[0].view();
        TabPane tabs = (TabPane) lab.getCenter();
        assertThat(tabs.getTabs()).extracting(t -> t.getText()).containsExactly("Single run", "Experiments");
        assertThat(tabs.getSelectionModel().getSelectedIndex()).isEqualTo(1);
        assertThat(lab.getLeft().isVisible()).as("single-run controls hidden on the experiments tab").isFalse();
        assertThat(view[0].results().records()).hasSize(390);
        assertThat(ExperimentsTab.isSessionArgument(ExperimentsScreenshotTest.SAMPLE.toString())).isTrue();
        assertThat(ExperimentsTab.isSessionArgument("sweep")).isFalse();

        robot.interact(() -> {
            view[0].tabs().getSelectionModel().select(3);
            stage.setWidth(1111);
            stage.setHeight(777);
            stage.hide();
        });
        assertThat(window.getDouble("width", 0)).isEqualTo(1111);
        assertThat(window.getInt("experiments.tab", -1)).isEqualTo(3);

        BorderPane again = labLike();
        ExperimentsTab first = hook[0];
        robot.interact(() -> {
            first.shutdown();
            stage.setScene(new Scene(again, 900, 600));
            hook[0] = ExperimentsTab.install(stage, again, List.of(), window, exp);
            stage.show();
        });
        assertThat(hook[0].isBuilt()).as("nothing built before the first frame").isFalse();
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> hook[0].isBuilt());
        WaitForAsyncUtils.waitForFxEvents();
        view[0] = hook[0].view();
        assertThat(stage.getWidth()).isEqualTo(1111);
        assertThat(((TabPane) again.getCenter()).getSelectionModel().getSelectedIndex()).isEqualTo(1);
        assertThat(view[0].tabs().getSelectionModel().getSelectedIndex()).isEqualTo(3);
        robot.interact(() -> ((TabPane) again.getCenter()).getSelectionModel().select(0));
        assertThat(again.getLeft().isVisible()).isTrue();
        robot.interact(() -> hook[0].shutdown());
    }

    @Test
    void theRealLabWindowGetsTheExperimentsTab(FxRobot robot) throws Exception {
        org.pernodedrop.lab.app.LabModel model = org.pernodedrop.lab.app.LabApp.newModel(
                org.pernodedrop.lab.app.TrainerRunControl::new);
        ExperimentsTab[] hook = new ExperimentsTab[1];
        Scene[] scene = new Scene[1];
        robot.interact(() -> {
            scene[0] = org.pernodedrop.lab.app.LabApp.createScene(model);
            stage.setScene(scene[0]);
            hook[0] = ExperimentsTab.install(stage, (BorderPane) scene[0].getRoot(),
                    List.of(ExperimentsScreenshotTest.SAMPLE.toString()), window, exp);
            stage.setWidth(1360);
            stage.setHeight(860);
            stage.show();
        });
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> hook[0].isBuilt()
                && hook[0].view().results().records().size() == 390);
        robot.interact(() -> hook[0].view().generalization().tabs().getSelectionModel().select(0));
        WaitForAsyncUtils.sleep(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("lab.screenshots", "target/screenshots"));
        java.nio.file.Files.createDirectories(dir);
        javafx.scene.image.WritableImage img = WaitForAsyncUtils.asyncFx(() -> scene[0].getRoot().snapshot(
                new javafx.scene.SnapshotParameters(), null)).get(20, java.util.concurrent.TimeUnit.SECONDS);
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png",
                dir.resolve("experiments-window.png").toFile());
        assertThat(((BorderPane) scene[0].getRoot()).getLeft().isVisible()).as("single-run panel hidden").isFalse();
        robot.interact(() -> {
            hook[0].shutdown();
            model.shutdown();
        });
    }
}
