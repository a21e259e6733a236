package org.pernodedrop.lab.app;

import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The snapshot consumer of one run, on the trainer thread. A snapshot is built on the trainer thread right after a
 * step, so building it costs training time: the pacer measures that cost (time from the step's or epoch end's
 * event to the consumer call, in the trainer thread's CPU time, so that waiting for a core on a busy machine does
 * not count) and widens the requested interval so snapshots take at most {@link #BUDGET} of the trainer's time
 * (issue 5: throughput with views >= 90% of headless). It narrows again, down to the base interval, when they
 * become cheap.
 */
final class SnapshotPacer implements Consumer<ViewSnapshot> {

    /** Share of trainer time snapshots may take. */
    static final double BUDGET = 0.05;
    static final long MAX_INTERVAL_MS = 10_000;

    private final RunControl run;
    private final LiveFeed feed;
    private final int[] samples;
    private final long baseMs;
    private final LongConsumer onIntervalChange;
    private long intervalMs;
    private double costMs = -1;

    SnapshotPacer(RunControl run, LiveFeed feed, int[] samples, long baseMs, LongConsumer onIntervalChange) {
        this.run = run;
        this.feed = feed;
        this.samples = samples.clone();
        this.baseMs = baseMs;
        this.intervalMs = baseMs;
        this.onIntervalChange = onIntervalChange;
    }

    long intervalMs() {
        return intervalMs;
    }

    @Override
    public void accept(ViewSnapshot snapshot) {
        long since = feed.cpuNanosSinceLastProgress();
        if (since >= 0) {
            double c = since / 1e6;
            costMs = costMs < 0 ? c : 0.7 * costMs + 0.3 * c;
            long want = Math.max(baseMs, Math.min(MAX_INTERVAL_MS, Math.round(costMs / BUDGET)));
            if (want > intervalMs * 1.25 || want < intervalMs * 0.8) {
                intervalMs = want;
                run.setSnapshotConsumer(this, intervalMs, samples);
                onIntervalChange.accept(intervalMs);
            }
        }
        feed.offerSnapshot(snapshot);
    }
}
