package org.pernodedrop.lab.app;

import org.pernodedrop.lab.engine.train.TrainingListener;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.util.function.Consumer;

/**
 * What the window needs from one training run: the {@link org.pernodedrop.lab.engine.train.Trainer} API, as an
 * interface so tests (and, later, compare mode's several runs) can plug in other sources.
 */
public interface RunControl {

    void addListener(TrainingListener listener);

    void setSnapshotConsumer(Consumer<ViewSnapshot> consumer, long intervalMs, int[] maskSamples);

    /** Caps the speed at this many mini-batch steps a second, 0 for as fast as possible (off the FX thread). */
    void setMaxStepsPerSecond(double stepsPerSecond);

    void start();

    void pause();

    void resume();

    void stepBatch();

    void stepEpoch();

    void stop();

    boolean isPaused();

    boolean isAlive();

    boolean awaitTermination(long timeoutMs) throws InterruptedException;
}
