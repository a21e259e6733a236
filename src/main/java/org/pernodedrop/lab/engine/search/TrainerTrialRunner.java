package org.pernodedrop.lab.engine.search;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.experiment.Provenance;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.NativeThreads;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Trains a trial on a {@link Trainer} thread into an ordinary run folder - config.json, provenance.json, runs.csv
 * (one row per epoch, as {@code train} and {@code sweep} write them), status.json - so {@code report}, the
 * generalization views and {@code train --config} work on a trial as on any run. All trials of a search use the
 * base config's seed, so they share one split of the data, loaded once.
 */
public final class TrainerTrialRunner implements Search.TrialRunner {

    private final Dataset data;
    private final Consumer<TrainingEvent> events;
    private volatile Trainer trainer;
    private volatile boolean cancelled;
    private volatile boolean paused;
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
        paused = true;
        Trainer t = trainer;
        if (t != null) t.pause();
    }

    public void resume() {
        paused = false;
        Trainer t = trainer;
        if (t != null) t.resume();
    }

    @Override
    public void cancel() {
        cancelled = true;
        Trainer t = trainer;
        if (t != null) t.stop();
    }

    @Override
    public Search.Outcome run(int index, String runId, ExperimentConfig config, SearchSpace.Params p, Path dir,
                              Search.EpochSink sink) throws IOException, InterruptedException {
        if (cancelled) return null;
        RunFolder.begin(dir, config, Provenance.capture(runId, config.seed(), data.origin()));
        Path csv = dir.resolve(Search.RUNS_CSV);
        if (!threadsFromCaller) NativeThreads.shareAmong(1);
        while (paused && !cancelled) Thread.sleep(100);
        if (cancelled) return null;
        Trainer t = new Trainer(config, runId, data);
        AtomicReference<IOException> ioError = new AtomicReference<>();
        AtomicReference<Search.Outcome> end = new AtomicReference<>();
        AtomicBoolean pruned = new AtomicBoolean();
        int[] epochs = {0};
        double[] effectiveRate = {Double.NaN};
        t.addListener(e -> {
            if (pruned.get()) return; // epochs after the stop request are not part of the trial
            if (e instanceof TrainingEvent.RunStarted rs) {
                effectiveRate[0] = rs.effectiveRate();
            } else if (e instanceof TrainingEvent.EpochCompleted ec) {
                EpochMetrics m = ec.metrics();
                try {
                    RunsCsv.append(csv, RunRecord.of(runId, config.data().name(), p.variant(), p.rate(), p.units(),
                            config.seed(), m, effectiveRate[0]));
                    epochs[0]++;
                } catch (IOException ex) {
                    ioError.set(ex);
                    t.stop();
                    return;
                }
                if (!sink.epoch(m.epoch(), m.valLoss())) {
                    pruned.set(true);
                    end.set(Search.Outcome.OK);
                    t.stop();
                }
            } else if (e instanceof TrainingEvent.RunFinished rf) {
                if (!rf.stopped()) end.set(Search.Outcome.OK);
            } else if (e instanceof TrainingEvent.RunFailed f) {
                end.set(new Search.Outcome(true, "step " + f.step() + ": " + f.reason()));
            }
            if (events != null) events.accept(e);
        });
        trainer = t;
        try {
            t.start();
            if (paused) t.pause(); // a pause that came while the trainer was being set up
            while (!t.awaitTermination(1000)) {
                if (cancelled) t.stop();
            }
        } finally {
            trainer = null;
            t.stop();
        }
        if (ioError.get() != null) throw ioError.get();
        Search.Outcome o = end.get();
        if (o == null) return null; // cancelled: no status, the trial runs again on resume
        RunFolder.end(dir, new RunFolder.Status(o.failed() ? RunFolder.Status.FAILED : RunFolder.Status.FINISHED,
                epochs[0], o.reason()));
        return o;
    }
}
