package org.pernodedrop.lab.engine.experiment;

import org.pernodedrop.lab.engine.train.Trainer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pause, resume and cancel for a job that trains runs one after the other or several at once (a sweep's cells, a
 * search's trials): the commands reach every trainer running now, and a run that starts later obeys them too
 * ({@link RunFolderTraining} waits while paused before it starts a trainer, and starts none once cancelled).
 * Thread-safe: the window's job coordinator calls it from the FX thread while the job's threads train.
 */
public final class JobControl {

    private final Set<Trainer> running = ConcurrentHashMap.newKeySet();
    private volatile boolean paused;
    private volatile boolean cancelled;

    /** Pauses the running trainers after their current step; runs that start later wait until {@link #resume}. */
    public void pause() {
        paused = true;
        for (Trainer t : running) t.pause();
    }

    public void resume() {
        paused = false;
        for (Trainer t : running) t.resume();
    }

    /** Stops the running trainers within a second; no further run starts. */
    public void cancel() {
        cancelled = true;
        for (Trainer t : running) t.stop();
    }

    public boolean paused() {
        return paused;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Blocks while paused (polling, so a resume or cancel is seen within 0.1 s); false once cancelled. */
    boolean awaitUnpaused() throws InterruptedException {
        while (paused && !cancelled) Thread.sleep(100);
        return !cancelled;
    }

    /**
     * Starts {@code t} under this control and waits for it to end; a cancel stops it. Registered before the cancel
     * check, so a cancel either sees the trainer or the check sees the cancel; a pause that came while the trainer
     * was being set up is applied after its start (start clears a trainer's own pause flag). False when cancelled
     * before the start (the trainer never ran).
     */
    boolean runToEnd(Trainer t) throws InterruptedException {
        running.add(t);
        try {
            if (cancelled) return false;
            t.start();
            if (paused) {
                t.pause();
                if (!paused) t.resume(); // a resume that landed between the check and the pause
            }
            while (!t.awaitTermination(1000)) {
                if (cancelled) t.stop();
            }
            return true;
        } finally {
            running.remove(t);
            t.stop();
        }
    }
}
