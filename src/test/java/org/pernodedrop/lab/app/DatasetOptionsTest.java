package org.pernodedrop.lab.app;

import org.pernodedrop.lab.app.config.ConfigField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/** The dataset options that were CLI/JSON only: mels and frames for speech, topics for RCV1. */
@ExtendWith(ApplicationExtension.class)
class DatasetOptionsTest {

    private OpenLab open;
    private LabModel model;
    private LabView view;

    @Start
    void start(Stage stage) {
        open = OpenLab.on(stage, LabRuns.fake());
        model = open.model();
        view = open.view();
    }

    @AfterEach
    void tearDown() {
        open.close();
    }

    private void pick(FxRobot robot, String name) {
        robot.interact(() -> view.controls().dataset.getItems().stream().filter(s -> s.name().equals(name))
                .findFirst().ifPresent(s -> view.controls().dataset.setValue(s)));
        assertThat(model.config().data().name()).isEqualTo(name);
    }

    private void type(FxRobot robot, javafx.scene.control.TextField f, String text) {
        robot.interact(() -> {
            f.setText(text);
            f.getOnAction().handle(null);
        });
    }

    @Test
    void speechTakesMelsAndFramesAndRcv1TakesTopics(FxRobot robot) {
        ControlPanelView c = view.controls();
        assertThat(c.field(ConfigField.MELS).isDisabled()).as("2-D data has no spectrogram").isTrue();
        assertThat(c.field(ConfigField.TOPICS).isDisabled()).isTrue();

        pick(robot, "speech-synth");
        assertThat(c.field(ConfigField.MELS).isDisabled()).isFalse();
        assertThat(c.field(ConfigField.TOPICS).isDisabled()).isTrue();
        assertThat(c.field(ConfigField.MELS).getText()).isEqualTo("128");
        type(robot, c.field(ConfigField.MELS), "40");
        type(robot, c.field(ConfigField.FRAMES), "32");
        assertThat(model.config().data().mels()).isEqualTo(40);
        assertThat(model.config().data().frames()).isEqualTo(32);

        type(robot, c.field(ConfigField.FRAMES), "1");
        assertThat(model.config().data().frames()).as("a bad value is refused").isEqualTo(32);
        assertThat(c.field(ConfigField.FRAMES).getStyleClass()).contains("invalid");

        pick(robot, "rcv1");
        assertThat(c.field(ConfigField.TOPICS).isDisabled()).isFalse();
        assertThat(c.field(ConfigField.MELS).isDisabled()).isTrue();
        type(robot, c.field(ConfigField.TOPICS), "10");
        assertThat(model.config().data().topics()).isEqualTo(10);
    }
}
