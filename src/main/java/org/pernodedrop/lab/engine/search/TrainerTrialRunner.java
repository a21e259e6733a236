package org.pernodedrop.lab.engine.search;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.experiment.JobControl;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.experiment.RunFolderTraining;
import org.pernodedrop.lab.engine.train.NativeThreads;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Trains a trial on a {@link Trainer} thread into an ordinary run folder ({@link RunFolderTraining}, as a sweep
 * trains its cells) - config.json, provenance.json, runs.csv (one row per epoch), status.json - so {@code report},
 * the generalization views and {@code train --config} work on a trial as on any run. All trials of a search use the
 * base config's seed, so they share one split of the data, loaded once.
 */
public final class TrainerTrialRunner implements Search.TrialRunner {

    private final Dataset data;
    private final Consumer<TrainingEvent> events;
    private final JobControl control = new JobControl();
    private volatile boolean threadsFromCaller;

    /** {@code events}: every training event of the running trial (progress bars), or null. */
    public TrainerTrialRunner(Dataset data, Consumer<TrainingEvent> events) {
        this.data = data;
        this.events = events;
    }

    /**
     * Leaves the native thread budget to the caller (the window's job coordinator sets it once per job) instead of
     * giving every trial all cores.
     */
    public TrainerTrialRunner leaveThreadsToCaller() {
        threadsFromCaller = true;
        return this;
    }

    /** Pauses the running trial after its current step; later trials wait until {@link #resume}. */
    public void pause() {
        control.pause();
    }

    public void resume() {
        control.resume();
    }

    @Override
    public void cancel() {
        control.cancel();
    }

    /**
     * Trains the trial; when {@code sink} says stop after an epoch (ASHA prunes it), the trial ends there as finished
     * with the epochs so far. Null when cancelled (no status: the trial runs again on resume).
     */
    @Override
    public Search.Outcome run(int index, String runId, ExperimentConfig config, SearchSpace.Params p, Path dir,
                              Search.EpochSink sink) throws IOException, InterruptedException {
        if (control.cancelled()) return null;
        if (!threadsFromCaller) NativeThreads.shareAmong(1);
        RunFolder.Status status = new RunFolderTraining(dir, runId, config, data)
                .labels(p.variant(), p.rate(), p.units())
                .events(events)
                .keepGoing(m -> sink.epoch(m.epoch(), m.valLoss()))
                .run(control);
        if (status == null) return null;
        return status.state().equals(RunFolder.Status.FAILED) ? new Search.Outcome(true, status.reason())
                : Search.Outcome.OK;
    }
}
