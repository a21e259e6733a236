package org.pernodedrop.lab.engine.train;

import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.util.function.Consumer;

/**
 * Trains one {@link ExperimentConfig} on its own named daemon thread ({@code trainer}), which alone owns the
 * network. Commands are flags checked between iterations; events go to listeners on the trainer thread.
 *
 * <p>INTERIM: the API the app and CLI are written against; the training work fills in the bodies.
 */
public final class Trainer implements AutoCloseable {

    private final ExperimentConfig config;

    public Trainer(ExperimentConfig config) {
        this.config = config;
    }

    public ExperimentConfig config() {
        return config;
    }

    /** Listeners are called on the trainer thread and must be quick. */
    public void addListener(TrainingListener listener) {
        throw new UnsupportedOperationException("trainer not implemented yet");
    }

    /**
     * Asks for a {@link ViewSnapshot} at most every {@code intervalMs} milliseconds, with the masks of batch rows
     * {@code maskSamples}. The consumer runs on the trainer thread.
     */
    public void setSnapshotConsumer(Consumer<ViewSnapshot> consumer, long intervalMs, int[] maskSamples) {
        throw new UnsupportedOperationException("trainer not implemented yet");
    }

    /** Starts (or resumes) training at full speed. */
    public void start() {
        throw new UnsupportedOperationException("trainer not implemented yet");
    }

    public void pause() {
        throw new UnsupportedOperationException("trainer not implemented yet");
    }

    public void resume() {
        throw new UnsupportedOperationException("trainer not implemented yet");
    }

    /** Runs exactly one mini-batch, then pauses (starts the thread paused if needed). */
    public void stepBatch() {
        throw new UnsupportedOperationException("trainer not implemented yet");
    }

    /** Runs to the end of the current epoch, then pauses. */
    public void stepEpoch() {
        throw new UnsupportedOperationException("trainer not implemented yet");
    }

    /** Ends the run within 1 s, even mid-epoch; a {@code RunFinished(stopped = true)} follows. */
    public void stop() {
        throw new UnsupportedOperationException("trainer not implemented yet");
    }

    public boolean isPaused() {
        return false;
    }

    public boolean isAlive() {
        return false;
    }

    /** Waits for the trainer thread to end; true if it ended in time. */
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        return true;
    }

    @Override
    public void close() {
        stop();
    }
}
