package org.pernodedrop.lab.app;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import org.pernodedrop.lab.engine.train.TrainingEvent;

/**
 * Where the single run stands, as the status bar and the transport show it (FX thread): epoch, step, speed,
 * progress of the epoch and of the run, the run's clock and the time left. {@link LabModel} feeds it the newest
 * step at the status refresh rate and the clock once per pulse.
 */
final class RunProgress {

    private final ReadOnlyIntegerWrapper epoch = new ReadOnlyIntegerWrapper();
    private final ReadOnlyLongWrapper step = new ReadOnlyLongWrapper();
    private final ReadOnlyDoubleWrapper stepsPerSecond = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper epochProgress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper runProgress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper elapsedSeconds = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper remainingSeconds = new ReadOnlyDoubleWrapper(Double.NaN);
    private double elapsed;
    private int stepsPerEpoch;

    /**
     * Shows a completed step of a run of {@code epochs} epochs (0: until stopped, which has no end to measure the
     * progress or the time left against).
     */
    void show(TrainingEvent.StepCompleted s, int epochs) {
        epoch.set(s.epoch());
        step.set(s.step());
        stepsPerSecond.set(s.stepsPerSecond());
        stepsPerEpoch = s.stepsPerEpoch();
        double inEpoch = (double) s.stepInEpoch() / Math.max(1, s.stepsPerEpoch());
        epochProgress.set(inEpoch);
        if (epochs == 0) {
            runProgress.set(0);
            remainingSeconds.set(Double.NaN);
            return;
        }
        runProgress.set(Math.min(1.0, ((s.epoch() - 1) + inEpoch) / epochs));
        long total = (long) epochs * Math.max(1, s.stepsPerEpoch());
        remainingSeconds.set(s.stepsPerSecond() > 0 ? (total - s.step()) / s.stepsPerSecond() : Double.NaN);
    }

    void started(int stepsPerEpoch) {
        this.stepsPerEpoch = stepsPerEpoch;
    }

    /** Advances the run's clock by a pulse; it shows whole seconds, so it publishes only when they change. */
    void tick(double seconds) {
        elapsed += seconds;
        if ((long) elapsed != (long) elapsedSeconds.get()) elapsedSeconds.set(elapsed);
    }

    /** The run ended: nothing is left to do, and a run that was not stopped early is complete. */
    void finished(boolean stopped) {
        remainingSeconds.set(0);
        if (!stopped) runProgress.set(1.0);
    }

    void clear() {
        epoch.set(0);
        step.set(0);
        stepsPerSecond.set(0);
        epochProgress.set(0);
        runProgress.set(0);
        elapsedSeconds.set(0);
        elapsed = 0;
        remainingSeconds.set(Double.NaN);
    }

    int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    ReadOnlyIntegerProperty epochProperty() {
        return epoch.getReadOnlyProperty();
    }

    ReadOnlyLongProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty stepsPerSecondProperty() {
        return stepsPerSecond.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty epochProgressProperty() {
        return epochProgress.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty runProgressProperty() {
        return runProgress.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty elapsedSecondsProperty() {
        return elapsedSeconds.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty remainingSecondsProperty() {
        return remainingSeconds.getReadOnlyProperty();
    }
}
