package org.pernodedrop.lab.app;

import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pernodedrop.lab.app.experiments.ExperimentsTab;
import org.pernodedrop.lab.app.jobs.JobCoordinator;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single run as one of the window's jobs (issue 11): the pump timer runs only while a run is live; hiding the
 * single-run tab pauses it; another job starting pauses it and the jobs list says so.
 */
@ExtendWith(ApplicationExtension.class)
class SingleRunJobTest {

    private OpenLab open;
    private ExperimentsTab hook;
    private Preferences window;
    private Preferences exp;

    @Start
    void start(Stage stage) {
        open = OpenLab.on(stage, LabRuns.fake());
        window = Preferences.userRoot().node("org/pernodedrop/lab/test-window-" + System.nanoTime());
        exp = Preferences.userRoot().node("org/pernodedrop/lab/test-exp-" + System.nanoTime());
        hook = ExperimentsTab.install(stage, (BorderPane) open.scene().getRoot(), List.of(), window, exp,
                open.model());
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(hook::shutdown);
        open.close();
        window.removeNode();
        exp.removeNode();
    }

    @Test
    void thePumpRunsOnlyWhileARunIsLive(FxRobot robot) throws Exception {
        LabModel m = open.model();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(m.isPumping()).as("an idle window asks for no pulses").isFalse();
        robot.interact(m::playPause);
        assertThat(m.isPumping()).isTrue();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> m.stepProperty().get() > 5);
        robot.interact(m::stop);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> m.stateProperty().get() == LabModel.RunState.FINISHED);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !m.isPumping());
        long step = m.stepProperty().get();
        assertThat(step).as("the last steps were shown before the pump stopped").isGreaterThan(5);
        // a new run starts it again, and the clock starts from zero (no gap counted while it was stopped)
        Thread.sleep(1200);
        robot.interact(m::playPause);
        assertThat(m.isPumping()).isTrue();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> m.stepProperty().get() > 0
                && m.stateProperty().get() == LabModel.RunState.RUNNING);
        assertThat(m.elapsedSecondsProperty().get()).isLessThan(1.0);
    }

    @Test
    void hidingTheSingleRunTabPausesItAndAnotherJobPausesIt(FxRobot robot) throws Exception {
        LabModel m = open.model();
        JobCoordinator jobs = hook.jobs();
        robot.interact(m::playPause);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> m.stateProperty().get() == LabModel.RunState.RUNNING);
        assertThat(jobs.jobs()).extracting(JobCoordinator.Job::name).containsExactly("Single run");
        assertThat(jobs.runningName()).isEqualTo("Single run");

        robot.interact(() -> hook.tabs().getSelectionModel().select(1));
        assertThat(m.stateProperty().get()).as("nobody watches it: paused").isEqualTo(LabModel.RunState.PAUSED);
        long step = m.stepProperty().get();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        long settled = m.stepProperty().get();
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(m.stepProperty().get()).as("no steps while hidden").isEqualTo(settled);
        assertThat(settled - step).isLessThanOrEqualTo(1);
        assertThat(jobs.jobs().get(0).state()).isEqualTo(JobCoordinator.State.PAUSED);

        // back on its tab, resumed; then another job starts and the single run pauses, and the list says why
        robot.interact(() -> hook.tabs().getSelectionModel().select(0));
        robot.interact(m::playPause);
        assertThat(m.stateProperty().get()).isEqualTo(LabModel.RunState.RUNNING);
        AtomicInteger otherPaused = new AtomicInteger();
        JobCoordinator.Job[] other = new JobCoordinator.Job[1];
        robot.interact(() -> other[0] = jobs.begin("Compare", new JobCoordinator.Control() {
            @Override
            public void pause() {
                otherPaused.incrementAndGet();
            }

            @Override
            public void resume() {
            }
        }));
        assertThat(m.stateProperty().get()).isEqualTo(LabModel.RunState.PAUSED);
        assertThat(jobs.messageProperty().get()).startsWith("Single run paused: Compare runs alone");
        assertThat(jobs.runningName()).isEqualTo("Compare");
        // resuming the single run pauses the other job in turn
        robot.interact(m::playPause);
        assertThat(otherPaused.get()).isEqualTo(1);
        assertThat(other[0].state()).isEqualTo(JobCoordinator.State.PAUSED);
        assertThat(jobs.runningName()).isEqualTo("Single run");
        // a finished run leaves the list
        robot.interact(m::stop);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> m.stateProperty().get() == LabModel.RunState.FINISHED);
        assertThat(jobs.jobs()).extracting(JobCoordinator.Job::name).containsExactly("Compare");
    }
}
