package org.pernodedrop.lab.engine.train;

/**
 * The commands a {@link Trainer} obeys between steps - run, pause, one step (S), one epoch (E), stop, a speed cap -
 * and the waits they cause on the trainer thread. Commands come from any thread and set volatile flags under one lock
 * (notifying the trainer thread); the trainer thread checks them before each step and between evaluation chunks.
 */
final class Transport {

    enum StepMode { RUN, BATCH, EPOCH }

    /** Guards the flags' changes and wakes the trainer thread's waits; the trainer also guards its thread with it. */
    final Object lock = new Object();
    private volatile boolean paused;
    private volatile StepMode stepMode = StepMode.RUN;
    private volatile boolean stopRequested;
    /** Steps per second the run may not exceed; 0 = as fast as it goes. */
    private volatile double maxStepsPerSecond;
    /** Trainer thread only: whether the step about to begin waited in a pause. */
    private boolean waited;

    // ---------------------------------------------------------------- commands (any thread)

    /** Runs on in {@code mode}: RUN to the end, BATCH for one step, EPOCH to the end of the epoch. */
    void go(StepMode mode) {
        synchronized (lock) {
            stepMode = mode;
            paused = false;
            lock.notifyAll();
        }
    }

    void pause() {
        synchronized (lock) {
            paused = true;
        }
    }

    void stop() {
        synchronized (lock) {
            stopRequested = true;
            lock.notifyAll();
        }
    }

    void setMaxStepsPerSecond(double stepsPerSecond) {
        if (!(stepsPerSecond >= 0) || Double.isInfinite(stepsPerSecond)) {
            throw new IllegalArgumentException("steps per second must be a finite number >= 0 (0 = no cap), got "
                    + stepsPerSecond);
        }
        synchronized (lock) {
            maxStepsPerSecond = stepsPerSecond;
            lock.notifyAll();
        }
    }

    double maxStepsPerSecond() {
        return maxStepsPerSecond;
    }

    boolean isPaused() {
        return paused;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    // ---------------------------------------------------------------- waits (trainer thread)

    /**
     * Waits until the next step may begin - the speed cap's interval since {@code lastStepStart} (the previous step's
     * start, 0 before the first), then any pause; false on a stop request.
     */
    boolean awaitStepTurn(long lastStepStart) {
        waited = false;
        return pace(lastStepStart) && awaitGo();
    }

    /** Whether the last {@link #awaitStepTurn} waited in a pause (the step's interval then says nothing of speed). */
    boolean waitedInPause() {
        return waited;
    }

    /**
     * Holds the step that is about to begin until {@code 1 / maxStepsPerSecond} seconds after {@code lastStart};
     * returns false on a stop request. A pause during the wait is honoured by the following {@link #awaitGo}; a
     * stepped batch goes at once.
     */
    private boolean pace(long lastStart) {
        if (lastStart == 0 || maxStepsPerSecond <= 0) return !stopRequested;
        synchronized (lock) {
            try {
                while (!stopRequested && !paused && stepMode != StepMode.BATCH) {
                    double cap = maxStepsPerSecond;
                    if (cap <= 0) break;
                    long left = lastStart + (long) (1e9 / cap) - System.nanoTime();
                    if (left <= 0) break;
                    lock.wait(Math.max(1, (left + 999_999) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested = true;
            }
        }
        return !stopRequested;
    }

    /** Blocks while paused; false when a stop was requested. */
    private boolean awaitGo() {
        if (stopRequested) return false;
        if (!paused) return true;
        synchronized (lock) {
            try {
                while (paused && !stopRequested) lock.wait(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested = true;
            }
            waited = true;
        }
        return !stopRequested;
    }

    /**
     * Ends a single step (S, {@code mode = BATCH}) or epoch (E, {@code EPOCH}) that was asked for: pauses and returns
     * true when {@code mode} is the pending step mode (checked again under the lock, as a start or resume may have
     * cleared it).
     */
    boolean pauseIfStepping(StepMode mode) {
        if (stepMode != mode) return false;
        synchronized (lock) {
            if (stepMode != mode) return false;
            paused = true;
            stepMode = StepMode.RUN;
            return true;
        }
    }
}
