package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pacer keeps snapshots within {@link SnapshotPacer#BUDGET} of the trainer's CPU time: a snapshot that burns c ms
 * of CPU after its step asks for an interval of about c / BUDGET; time spent waiting (a busy machine, a sleeping
 * thread) is not a cost.
 */
class SnapshotPacerTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void aSnapshotThatCostsCpuWidensTheIntervalToCostOverBudget() {
        LiveFeed feed = new LiveFeed();
        List<Long> intervals = new ArrayList<>();
        SnapshotPacer pacer = new SnapshotPacer(new FakeRunControl(null, 0), feed, new int[]{0}, 100, intervals::add);
        double burnt = 0;
        for (int k = 0; k < 8; k++) {
            feed.onEvent(step(k));
            burnt = burnCpuMs(20);
            pacer.accept(snapshot(k));
        }
        // cost about 20 ms of CPU (the burn loop measures what it really spent) -> interval about 20 / 0.05 = 400 ms;
        // the pacer's moving average and its 25 % hysteresis leave it within a third of that.
        double expected = burnt / SnapshotPacer.BUDGET;
        assertThat(pacer.intervalMs()).isBetween(Math.round(expected * 0.67), Math.round(expected * 1.33));
        assertThat(intervals).isNotEmpty();
    }

    @Test
    void waitingForACoreIsNotACost() throws Exception {
        LiveFeed feed = new LiveFeed();
        SnapshotPacer pacer = new SnapshotPacer(new FakeRunControl(null, 0), feed, new int[]{0}, 100, ms -> { });
        for (int k = 0; k < 5; k++) {
            feed.onEvent(step(k));
            Thread.sleep(60); // with wall time this alone would ask for 60 / 0.05 = 1200 ms
            pacer.accept(snapshot(k));
        }
        assertThat(pacer.intervalMs()).isEqualTo(100);
    }

    @Test
    void theEvaluationBeforeAnEpochEndSnapshotIsNotItsCost() {
        LiveFeed feed = new LiveFeed();
        SnapshotPacer pacer = new SnapshotPacer(new FakeRunControl(null, 0), feed, new int[]{0}, 100, ms -> { });
        for (int k = 0; k < 5; k++) {
            feed.onEvent(step(k));
            burnCpuMs(30); // the epoch's evaluation
            feed.onEvent(new TrainingEvent.EpochCompleted("r", null));
            pacer.accept(snapshot(k));
        }
        assertThat(pacer.intervalMs()).isEqualTo(100);
    }

    private static TrainingEvent.StepCompleted step(int k) {
        return new TrainingEvent.StepCompleted("r", 1, k + 1, k + 1, 10, 0.5, 10);
    }

    private static ViewSnapshot snapshot(int k) {
        return new ViewSnapshot("r", 1, k + 1, null, null, null, 0, 0, null, null);
    }

    /** Spins until this thread has used {@code ms} of CPU; returns what it used. */
    private static double burnCpuMs(double ms) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        double x = 0;
        while (THREADS.getCurrentThreadCpuTime() - t0 < ms * 1e6) {
            for (int i = 0; i < 1000; i++) x += Math.sqrt(i + x % 7);
        }
        if (x == -1) System.out.println(x);
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
    }
}
