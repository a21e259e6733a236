package org.pernodedrop.lab.app;

import org.pernodedrop.lab.app.config.ConfigField;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the window says must be what the run does (issue 11): after E the run is paused and the button says Play; a
 * value typed but not confirmed is the one the run uses when Play is clicked; a setting changed while a run has
 * results does not throw the run away without asking.
 */
@ExtendWith(ApplicationExtension.class)
class WindowStateTest {

    private OpenLab open;
    private LabModel model;
    private LabView view;

    @Start
    void start(Stage stage) {
        OpenLab lab = OpenLab.on(stage);
        model = lab.model();
        view = lab.view();
        open = lab;
    }

    @AfterEach
    void tearDown() {
        open.close();
    }

    private Button playButton() {
        return (Button) view.lookup("#play");
    }

    @Test
    void stepEpochEndsPausedAndSaysSo(FxRobot robot) throws Exception {
        robot.interact(model::stepEpoch);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> model.epochsDoneProperty().get() == 1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.stateProperty().get() == LabModel.RunState.PAUSED);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(playButton().getText()).isEqualTo("Play");
        double clock = model.elapsedSecondsProperty().get();
        Thread.sleep(1500);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.elapsedSecondsProperty().get()).as("the clock stops while paused").isEqualTo(clock);
        assertThat(model.epochsDoneProperty().get()).as("no second epoch").isEqualTo(1);
    }

    @Test
    void playUsesTheValueTypedButNotConfirmed(FxRobot robot) throws Exception {
        robot.interact(() -> {
            view.controls().field(ConfigField.UNITS).requestFocus();
            view.controls().field(ConfigField.UNITS).setText("48");
        });
        // clicking Play does not take the focus from the field (TAB reaches Play, a click does not focus it: Keys)
        robot.clickOn(playButton());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model.stateProperty().get() == LabModel.RunState.RUNNING);
        assertThat(model.config().model().units()).isEqualTo(48);
        robot.interact(model::stop);
    }

    @Test
    void changingASettingMidRunAsksInsteadOfResetting(FxRobot robot) throws Exception {
        robot.interact(model::playPause);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> model.epochsDoneProperty().get() >= 1);
        int before = model.config().model().units();
        robot.interact(() -> {
            view.controls().field(ConfigField.UNITS).setText("64");
            view.controls().field(ConfigField.UNITS).fireEvent(new javafx.event.ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.pendingConfigProperty().get()).as("the change waits for an answer").isNotNull();
        assertThat(model.stateProperty().get()).isEqualTo(LabModel.RunState.PAUSED);
        assertThat(model.history().epochs()).as("nothing computed is lost").isNotEmpty();
        assertThat(view.lookup("#ask-banner").isVisible()).isTrue();
        robot.interact(() -> ((Button) view.lookup("#keep-run")).fire());
        assertThat(model.config().model().units()).isEqualTo(before);
        assertThat(view.controls().field(ConfigField.UNITS).getText()).isEqualTo(String.valueOf(before));
        assertThat(model.history().epochs()).isNotEmpty();

        robot.interact(() -> {
            view.controls().field(ConfigField.UNITS).setText("64");
            view.controls().field(ConfigField.UNITS).fireEvent(new javafx.event.ActionEvent());
        });
        robot.interact(() -> ((Button) view.lookup("#apply-settings")).fire());
        assertThat(model.config().model().units()).isEqualTo(64);
        assertThat(model.stateProperty().get()).isEqualTo(LabModel.RunState.IDLE);
        assertThat(view.lookup("#ask-banner").isVisible()).isFalse();
    }

    @Test
    void questionMarkShowsEveryKeyAndEscapeClosesIt(FxRobot robot) throws Exception {
        robot.interact(() -> view.transport().play.requestFocus());
        HelpOverlay help = LabApp.help(view.getScene());
        robot.write("?");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, help::isShowing);
        for (String key : new String[]{"Space", "S", "E", "R", "V", "F1"}) assertThat(help.text()).contains(key + ":");
        javafx.scene.Node box = robot.lookup("#help-overlay").query();
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("lab.screenshots", "target/screenshots"));
        java.nio.file.Files.createDirectories(dir);
        javafx.scene.image.WritableImage img = WaitForAsyncUtils.asyncFx(
                () -> box.snapshot(new javafx.scene.SnapshotParameters(), null)).get(10, TimeUnit.SECONDS);
        ScreenshotTest.write(img, dir.resolve("help-overlay.png"));
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !help.isShowing());
        robot.press(javafx.scene.input.KeyCode.F1).release(javafx.scene.input.KeyCode.F1);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, help::isShowing);
        assertThat(model.stateProperty().get()).as("help keys start nothing").isEqualTo(LabModel.RunState.IDLE);
    }
}
