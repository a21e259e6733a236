package org.pernodedrop.lab.app;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingListener;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.util.function.Consumer;

/** The real thing: a {@link Trainer} on its own {@code trainer} thread. */
public final class TrainerRunControl implements RunControl {

    private final Trainer trainer;


    public TrainerRunControl(ExperimentConfig config) {
        this(config, null);
    }

    /** With the dataset the window already shows (2-D sets), so the trainer and the views see the same points. */
    public TrainerRunControl(ExperimentConfig config, Dataset data) {
        this.trainer = new Trainer(config, Trainer.newRunId("lab"), data);
    }

    @Override
    public void addListener(TrainingListener listener) {
        trainer.addListener(listener);
    }

    @Override
    public void setSnapshotConsumer(Consumer<ViewSnapshot> consumer, long intervalMs, int[] maskSamples) {
        trainer.setSnapshotConsumer(consumer, intervalMs, maskSamples);
    }

    @Override
    public void setMaxStepsPerSecond(double stepsPerSecond) {
        trainer.setMaxStepsPerSecond(stepsPerSecond);
    }

    @Override
    public void start() {
        trainer.start();
    }

    @Override
    public void pause() {
        trainer.pause();
    }

    @Override
    public void resume() {
        trainer.resume();
    }

    @Override
    public void stepBatch() {
        trainer.stepBatch();
    }

    @Override
    public void stepEpoch() {
        trainer.stepEpoch();
    }

    @Override
    public void stop() {
        trainer.stop();
    }

    @Override
    public boolean isPaused() {
        return trainer.isPaused();
    }

    @Override
    public boolean isAlive() {
        return trainer.isAlive();
    }

    @Override
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        return trainer.awaitTermination(timeoutMs);
    }
}
