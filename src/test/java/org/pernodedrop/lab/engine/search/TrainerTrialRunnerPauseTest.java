package org.pernodedrop.lab.engine.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.TrainingSpec;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window pauses a search when another training job starts (issue 11: one job at a time): a paused runner does
 * not train - neither the trial in progress nor the next one - and a resumed one finishes the trial it had.
 */
class TrainerTrialRunnerPauseTest {

    @TempDir
    Path dir;

    @Test
    void aPausedRunnerTrainsNoEpochUntilResumed() throws Exception {
        ExperimentConfig config = ExperimentConfig.defaults().withTraining(new TrainingSpec(3, 10, 0.01));
        Dataset data = Datasets.load(config.data(), config.seed());
        TrainerTrialRunner runner = new TrainerTrialRunner(data, null);
        runner.pause(); // before the trial starts: it must wait
        List<Integer> epochs = new CopyOnWriteArrayList<>();
        AtomicReference<Search.Outcome> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                outcome.set(runner.run(0, "t0", config, new SearchSpace.Params("dropout", 0.5, 16, 0.01),
                        dir.resolve("t0"), (e, v) -> epochs.add(e)));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        // wait until the runner is parked in its pause (not merely slow to start), then give it time to misbehave
        long until = System.nanoTime() + 30_000_000_000L;
        while (!waitingInRunner(t) && System.nanoTime() < until) Thread.sleep(20);
        assertThat(waitingInRunner(t)).as("the trial waits in TrainerTrialRunner's pause").isTrue();
        Thread.sleep(500);
        assertThat(epochs).isEmpty();
        assertThat(t.isAlive()).isTrue();
        runner.resume();
        t.join(60_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(epochs).containsExactly(1, 2, 3);
        assertThat(outcome.get()).isEqualTo(Search.Outcome.OK);
    }

    private static boolean waitingInRunner(Thread t) {
        if (t.getState() != Thread.State.TIMED_WAITING) return false;
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(TrainerTrialRunner.class.getName())) return true;
        }
        return false;
    }
}
