package org.pernodedrop.lab.app.experiments;

import javafx.scene.input.KeyCode;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pernodedrop.lab.app.jobs.JobCoordinator;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.experiment.Session;
import org.pernodedrop.lab.engine.train.NativeThreads;
import org.pernodedrop.lab.engine.train.Trainer;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, "the FX thread blocks" and "jobs that nobody coordinates": stopping a comparison does not wait for its
 * trainer; opening a sweep folder returns at once and shows progress with Cancel; a hidden generalization view does
 * not redraw; the cycle key moves one view however often the view was attached; a second training job pauses the
 * first and says so, and the native thread budget is set per job.
 */
class ExperimentsNeverBlocksTest extends ExperimentsWindowTestBase {

    @Start
    void start(Stage stage) {
        openWindow(stage, 1400, 900);
    }

    /** Two variants of the first screen, one epoch on 60 training rows. */
    static List<ExperimentConfig> tiny(int epochs) {
        ExperimentConfig base = org.pernodedrop.lab.app.LabModel.firstScreen();
        base = base.withTraining(base.training().withEpochs(epochs)).withData(base.data().withLimits(60, 60));
        return List.of(base.withRegularizer(RegularizerSpec.of("dropout", 0.5)),
                base.withRegularizer(RegularizerSpec.of("pernode-bernoulli", 0.5)));
    }

    @Test
    void stoppingAComparisonDoesNotWaitForItsTrainer(FxRobot robot) throws Exception {
        // the trainer is busy for 1.5 s after its last epoch (a stand-in for a slow evaluation): stop() used to join
        CountDownLatch busy = new CountDownLatch(1);
        CompareModel m = new CompareModel(view.results(), (configs, ids) -> {
            Trainer t = Trainer.lockstep(configs, ids, null);
            t.setAfterTraining(run -> {
                busy.countDown();
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return t;
        });
        robot.interact(() -> m.start(tiny(1), null));
        assertThat(busy.await(120, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        WaitForAsyncUtils.asyncFx(m::stop).get();
        double stopMs = (System.nanoTime() - t0) / 1e6;
        // the stand-in trainer is busy for 1.5 s: a stop() that waited for it would take that long
        assertThat(stopMs).as("stop() on the FX thread, ms").isLessThan(1000);
        assertThat(m.stateProperty().get()).isEqualTo(CompareModel.State.FINISHED);
        // what arrived stays: the one epoch of each run
        assertThat(m.variantRuns()).allSatisfy(l -> assertThat(l.epochs).hasSize(1));
    }

    @Test
    void openingASweepFolderReturnsAtOnceWithProgressAndCancel(FxRobot robot) throws Exception {
        Path folder = ExperimentsResponsivenessBench.writeSweepFolder();
        boolean[] atReturn = new boolean[3];
        robot.interact(() -> {
            view.open(folder);
            atReturn[0] = view.results().records().isEmpty();
            atReturn[1] = view.work().busyProperty().get();
            atReturn[2] = view.lookup("#background-work").isVisible();
        });
        assertThat(atReturn[0]).as("open() returned before the folder was read").isTrue();
        assertThat(atReturn[1]).as("the I/O thread has the work").isTrue();
        assertThat(atReturn[2]).as("the progress indicator shows").isTrue();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.results().records().size()
                == ExperimentsResponsivenessBench.RUNS * ExperimentsResponsivenessBench.EPOCHS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.statusText()).startsWith("opened");
        assertThat(view.lookup("#background-work").isVisible()).isFalse();

        // cancelled: nothing of the folder is shown, the results stay as they were
        robot.interact(() -> view.results().clear());
        robot.interact(() -> {
            view.open(folder);
            // the user's Cancel, before the I/O thread could finish reading
            ((javafx.scene.control.Button) view.lookup("#background-cancel")).fire();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.work().busyProperty().get());
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.results().records()).isEmpty();
        assertThat(view.statusText()).doesNotStartWith("opened");
    }

    @Test
    void aHiddenGeneralizationViewRedrawsOnlyWhenShown(FxRobot robot) throws Exception {
        robot.interact(() -> view.tabs().getSelectionModel().select(0));
        GeneralizationView g = view.generalization();
        Object scatterBefore = g.scatter().chart();
        Object rankingBefore = g.ranking();
        Session s = SessionAndExportTest.handMade();
        robot.interact(() -> view.results().load(s));
        WaitForAsyncUtils.sleep(GeneralizationView.REFRESH_MS * 4, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(g.scatter().chart()).as("hidden: not redrawn").isSameAs(scatterBefore);
        assertThat(g.ranking()).as("hidden: no Friedman test").isSameAs(rankingBefore);

        // recorded by a listener: on a fast machine the background build can be over before interact() returns
        java.util.concurrent.atomic.AtomicBoolean built = new java.util.concurrent.atomic.AtomicBoolean();
        robot.interact(() -> g.buildingProperty().addListener((o, a, b) -> {
            if (b) built.set(true);
        }));
        robot.interact(() -> view.tabs().getSelectionModel().select(2));
        OpenExperiments.awaitCharts(view);
        assertThat(built.get()).as("shown: caught up, off the FX thread").isTrue();
        OpenExperiments.awaitCharts(view);
        assertThat(g.scatter().chart()).as("shown: caught up").isNotSameAs(scatterBefore);
        // three variants, 3 top epochs each (see SessionAndExportTest.handMade)
        assertThat(g.scatterPointCount()).isEqualTo(9);
        assertThat(g.ranking().variants()).containsExactly("pernode-bernoulli", "dropout", "dropconnect");
    }

    @Test
    void theCycleKeyMovesOneViewAfterTheViewWasReattached(FxRobot robot) {
        robot.interact(() -> {
            javafx.scene.Scene sc = open.scene();
            sc.setRoot(new Pane());
            sc.setRoot(view);
            view.tabs().getSelectionModel().select(0);
            view.tabs().requestFocus();
            javafx.event.Event.fireEvent(view.tabs(), new javafx.scene.input.KeyEvent(
                    javafx.scene.input.KeyEvent.KEY_PRESSED, "v", "v", KeyCode.V, false, false, false, false));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.tabs().getSelectionModel().getSelectedIndex()).isEqualTo(1);
    }

    @Test
    void aSecondTrainingJobPausesTheFirstAndSaysSo(FxRobot robot) throws Exception {
        JobCoordinator jobs = view.jobs();
        CompareModel compare = view.compareModel();
        robot.interact(() -> compare.start(tiny(200), null));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> compare.variantRuns().get(0).stepsPerEpoch > 0);
        assertThat(jobs.runningName()).isEqualTo("Compare");
        assertThat(NativeThreads.threadsPerRun()).isEqualTo(Runtime.getRuntime().availableProcessors());

        UncertaintyModel mc = view.uncertaintyModel();
        // long enough that it cannot finish while the test watches the paused comparison (200 epochs of 60 examples
        // took under 3 s on an idle machine, and a finished job cannot be paused)
        robot.interact(() -> mc.start(tiny(5000).get(0), List.of("pernode-bernoulli"), 0.5, 3));
        assertThat(compare.stateProperty().get()).isEqualTo(CompareModel.State.PAUSED);
        assertThat(jobs.messageProperty().get()).startsWith("Compare paused: Monte Carlo runs alone");
        assertThat(view.statusText()).startsWith("Compare paused");
        assertThat(jobs.jobs()).extracting(JobCoordinator.Job::toString)
                .containsExactly("Compare (paused)", "Monte Carlo (running)");
        int lanesSteps = compare.variantRuns().get(0).batchLoss.size();
        Thread.sleep(1500);
        WaitForAsyncUtils.waitForFxEvents();
        int settled = compare.variantRuns().get(0).batchLoss.size();
        Thread.sleep(1000);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(compare.variantRuns().get(0).batchLoss.size()).as("the paused comparison trains no more")
                .isEqualTo(settled);
        assertThat(settled).isGreaterThanOrEqualTo(lanesSteps);

        // resuming the comparison pauses Monte Carlo; letting jobs run together shares the cores
        robot.interact(compare::pauseResume);
        assertThat(mc.pausedProperty().get()).isTrue();
        assertThat(jobs.runningName()).isEqualTo("Compare");
        robot.interact(() -> {
            jobs.parallelProperty().set(true);
            mc.resume();
        });
        assertThat(compare.stateProperty().get()).isEqualTo(CompareModel.State.RUNNING);
        assertThat(NativeThreads.threadsPerRun()).isEqualTo(Math.max(1,
                Runtime.getRuntime().availableProcessors() / 2));
        robot.interact(() -> {
            mc.cancel();
            compare.stop();
            jobs.parallelProperty().set(false);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !mc.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(jobs.jobs()).isEmpty();
        assertThat(NativeThreads.threadsPerRun()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void monteCarloTrainsThroughTheTrainerAndStopsOnANaNLoss(FxRobot robot) throws Exception {
        UncertaintyModel mc = view.uncertaintyModel();
        ExperimentConfig base = tiny(3).get(0);
        ExperimentConfig diverging = base.withTraining(base.training().withLearningRate(1e30));
        robot.interact(() -> mc.start(diverging, List.of("pernode-bernoulli"), 0.5, 3));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !mc.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(mc.messageProperty().get()).startsWith("Monte Carlo inference failed: pernode-bernoulli: the loss "
                + "became");
        assertThat(mc.resultsProperty().get()).isEmpty();
    }
}
