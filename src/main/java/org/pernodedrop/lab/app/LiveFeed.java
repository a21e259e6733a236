package org.pernodedrop.lab.app;

import org.pernodedrop.lab.engine.train.TrainingEvent;
import org.pernodedrop.lab.engine.train.TrainingListener;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hand-over from one run's trainer thread to the FX thread (ARCHITECTURE.md "From the trainer thread to the
 * screen"). The trainer side only stores: the newest snapshot and the newest step in latest-value mailboxes, loss
 * points in a bounded ring, and the rare milestones (start, epoch end, finish, failure) in a queue. The FX side
 * drains everything in one go per pulse. A closed feed (the run was reset) ignores whatever still arrives.
 */
final class LiveFeed implements TrainingListener {

    /** Loss points kept between two drains; at 60 drains/s this is far beyond any trainer's step rate. */
    static final int LOSS_CAPACITY = 1 << 16;

    private final AtomicReference<ViewSnapshot> latestSnapshot = new AtomicReference<>();
    private final AtomicReference<TrainingEvent.StepCompleted> latestStep = new AtomicReference<>();
    private final Queue<TrainingEvent> milestones = new ConcurrentLinkedQueue<>();
    private final LossRing losses = new LossRing(LOSS_CAPACITY);
    private volatile boolean closed;
    private volatile String runId;
    /**
     * CPU time of the trainer thread when its last step or epoch-end event arrived (that thread's clock; -1: none
     * yet). Epoch ends count too, so the epoch's evaluation is not taken for the cost of the snapshot after it.
     */
    private volatile long lastProgressCpuNanos = -1;
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    @Override
    public void onEvent(TrainingEvent event) {
        if (closed) return;
        if (event instanceof TrainingEvent.StepCompleted s) {
            lastProgressCpuNanos = THREADS.getCurrentThreadCpuTime();
            latestStep.set(s);
            double x = (s.epoch() - 1) + (double) s.stepInEpoch() / Math.max(1, s.stepsPerEpoch());
            losses.add(s.step(), x, s.batchLoss());
        } else {
            if (event instanceof TrainingEvent.RunStarted r) runId = r.runId();
            if (event instanceof TrainingEvent.EpochCompleted) lastProgressCpuNanos = THREADS.getCurrentThreadCpuTime();
            milestones.add(event);
        }
    }

    /** The snapshot consumer: runs on the trainer thread, keeps only the newest. */
    void offerSnapshot(ViewSnapshot snapshot) {
        if (closed || snapshot == null) return;
        String id = runId;
        if (id != null && snapshot.runId() != null && !id.equals(snapshot.runId())) return;
        latestSnapshot.set(snapshot);
    }

    /**
     * CPU time the calling thread spent since the last step or epoch-end event, or -1 before the first. Only
     * meaningful on the trainer thread (the one that delivered the event): unlike wall time it does not count the
     * time the thread waited for a core, so a busy machine does not make snapshots look expensive.
     */
    long cpuNanosSinceLastProgress() {
        long t = lastProgressCpuNanos;
        if (t < 0) return -1;
        long now = THREADS.getCurrentThreadCpuTime();
        return now < t ? -1 : now - t;
    }

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Everything that arrived since the last drain (FX thread). */
    Drained drain() {
        List<TrainingEvent> events = new ArrayList<>();
        TrainingEvent e;
        while ((e = milestones.poll()) != null) events.add(e);
        return new Drained(events, latestStep.getAndSet(null), latestSnapshot.getAndSet(null), losses.drain());
    }

    record Drained(List<TrainingEvent> milestones, TrainingEvent.StepCompleted step, ViewSnapshot snapshot,
                   LossRing.Points losses) {
    }

    /** A bounded ring of (step, x in epochs, loss); when full the oldest points are overwritten and counted. */
    static final class LossRing {
        private final long[] steps;
        private final double[] xs;
        private final double[] ls;
        private int head;
        private int size;
        private long overwritten;

        LossRing(int capacity) {
            steps = new long[capacity];
            xs = new double[capacity];
            ls = new double[capacity];
        }

        synchronized void add(long step, double x, double loss) {
            int cap = steps.length;
            int at = (head + size) % cap;
            if (size == cap) {
                head = (head + 1) % cap;
                overwritten++;
            } else {
                size++;
            }
            steps[at] = step;
            xs[at] = x;
            ls[at] = loss;
        }

        synchronized Points drain() {
            long[] s = new long[size];
            double[] x = new double[size];
            double[] l = new double[size];
            for (int k = 0; k < size; k++) {
                int at = (head + k) % steps.length;
                s[k] = steps[at];
                x[k] = xs[at];
                l[k] = ls[at];
            }
            long lost = overwritten;
            head = 0;
            size = 0;
            overwritten = 0;
            return new Points(s, x, l, lost);
        }

        record Points(long[] steps, double[] xs, double[] losses, long overwritten) {
            int size() {
                return steps.length;
            }
        }
    }
}
