package org.pernodedrop.lab.engine.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.train.NativeThreads;
import org.pernodedrop.lab.engine.train.TrainingEvent;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sweep the window's job coordinator can hold (issue 11): paused, no step is taken (the one under way may end);
 * resumed, it finishes every cell with every epoch; and a sweep told to leave the native thread share alone does
 * not reset it.
 */
class SweepPauseTest {

    @TempDir
    Path dir;

    @Test
    void pauseHoldsEveryCellAndResumeFinishesTheSweep() throws Exception {
        SweepSpec spec = SweepTest.tiny(30);
        Sweep sweep = new Sweep(spec, dir);
        sweep.leaveThreadsToCaller();
        NativeThreads.shareAmong(2);
        Dataset data = Datasets.load(spec.base().data());
        Sweep.Plan plan = sweep.prepare(false);
        AtomicLong steps = new AtomicLong();
        CompletableFuture<Sweep.Result> result = CompletableFuture.supplyAsync(() -> {
            try {
                return sweep.run(data, plan, new Sweep.Listener() {
                    @Override
                    public void event(SweepSpec.Cell cell, TrainingEvent e) {
                        if (e instanceof TrainingEvent.StepCompleted) steps.incrementAndGet();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (steps.get() < 20) Thread.sleep(5);
        sweep.pause();
        Thread.sleep(500);
        long held = steps.get();
        Thread.sleep(1000);
        assertThat(steps.get()).as("no step while paused").isEqualTo(held);
        assertThat(result).isNotDone();
        sweep.resume();
        Sweep.Result r = result.get(300, TimeUnit.SECONDS);
        assertThat(r.finished()).isEqualTo(4);
        assertThat(r.cancelled()).isFalse();
        // 4 cells x 30 epochs, none lost to the pause
        assertThat(RunsCsv.read(dir.resolve(Sweep.RUNS_CSV))).hasSize(4 * 30);
        assertThat(NativeThreads.threadsPerRun()).as("the caller's share stays")
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        NativeThreads.shareAmong(1);
    }
}
