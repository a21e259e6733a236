package org.pernodedrop.lab.engine.experiment;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import org.pernodedrop.lab.engine.train.TrainingRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * Trains one config on a {@link Trainer} thread into an ordinary run folder - config.json and provenance.json
 * ({@link RunFolder#begin}), runs.csv with one row per epoch (started afresh), status.json at the end - so
 * {@code report}, the generalization views and {@code train --config} work on it as on any run. A sweep's cells and a
 * search's trials both train this way.
 *
 * <p>The row labels ({@code variant}, {@code rate}, {@code units}) are the axis values the run was asked for; the seed
 * and dataset come from the config. A write error stops the run and is thrown once the trainer has ended; the epoch
 * whose row could not be written is not passed on.
 */
public final class RunFolderTraining {

    private final Path dir;
    private final String runId;
    private final ExperimentConfig config;
    private final Dataset data;
    private String variant;
    private double rate;
    private int units;
    private Path alsoAppendTo;
    private Consumer<TrainingRun> afterTraining;
    private Consumer<TrainingEvent> events;
    private Predicate<EpochMetrics> keepGoing;
    /** Null: the folder's runs.csv starts afresh; else it keeps other runs' rows and is told how many were replaced. */
    private IntConsumer keepOtherRuns;

    /** A run of {@code config} into {@code dir} on {@code data} (already split with the config's seed). */
    public RunFolderTraining(Path dir, String runId, ExperimentConfig config, Dataset data) {
        this.dir = dir;
        this.runId = runId;
        this.config = config;
        this.data = data;
        this.variant = config.regularizer().preset();
        this.rate = config.regularizer().rate();
        this.units = config.model().units();
    }

    /** The variant, rate and units written in the rows (default: the config's preset, rate and units). */
    public RunFolderTraining labels(String variant, double rate, int units) {
        this.variant = variant;
        this.rate = rate;
        this.units = units;
        return this;
    }

    /**
     * The folder's runs.csv keeps the rows of other runs (a {@code train} output folder shared by several runs) and
     * only this run's earlier rows are replaced; {@code onReplacedLines} is told how many lines that dropped.
     */
    public RunFolderTraining keepOtherRuns(IntConsumer onReplacedLines) {
        this.keepOtherRuns = onReplacedLines;
        return this;
    }

    /** Each row also goes to this file (a local sweep's shared runs.csv), before the folder's own. */
    public RunFolderTraining alsoAppendTo(Path csv) {
        this.alsoAppendTo = csv;
        return this;
    }

    /** See {@link Trainer#setAfterTraining}. */
    public RunFolderTraining afterTraining(Consumer<TrainingRun> hook) {
        this.afterTraining = hook;
        return this;
    }

    /** Every training event of the run, on the trainer thread (progress). */
    public RunFolderTraining events(Consumer<TrainingEvent> listener) {
        this.events = listener;
        return this;
    }

    /**
     * Asked after each recorded epoch; false ends the run there as finished with the epochs so far (a search prunes a
     * trial this way), and later events of the run are not passed on.
     */
    public RunFolderTraining keepGoing(Predicate<EpochMetrics> gate) {
        this.keepGoing = gate;
        return this;
    }

    /**
     * Trains under {@code control}: waits while it is paused, then runs to the end. Returns the status written to
     * status.json, or null when cancelled (no status is written, so a resume runs it again).
     */
    public RunFolder.Status run(JobControl control) throws IOException, InterruptedException {
        if (control.cancelled()) return null;
        RunFolder.begin(dir, config, Provenance.capture(runId, config.seed(), data.origin()));
        Path csv = dir.resolve(Sweep.RUNS_CSV);
        if (keepOtherRuns == null) {
            Files.deleteIfExists(csv); // a rerun starts its rows afresh
        } else {
            keepOtherRuns.accept(RunsCsv.removeRuns(csv, java.util.Set.of(runId)));
        }
        if (!control.awaitUnpaused()) return null;
        Trainer trainer = new Trainer(config, runId, data);
        if (afterTraining != null) trainer.setAfterTraining(afterTraining);
        Recorder recorder = new Recorder(trainer, csv);
        trainer.addListener(recorder::onEvent);
        if (!control.runToEnd(trainer)) return null;
        if (recorder.ioError.get() != null) throw recorder.ioError.get();
        RunFolder.Status status = recorder.end.get();
        if (status == null) return null;
        RunFolder.end(dir, status);
        return status;
    }

    /** Turns the run's events into rows and its end into a status, on the trainer thread. */
    private final class Recorder {
        final Trainer trainer;
        final Path csv;
        final AtomicReference<IOException> ioError = new AtomicReference<>();
        final AtomicReference<RunFolder.Status> end = new AtomicReference<>();
        int epochs;
        double effectiveRate = Double.NaN;
        volatile boolean ended;

        Recorder(Trainer trainer, Path csv) {
            this.trainer = trainer;
            this.csv = csv;
        }

        void onEvent(TrainingEvent e) {
            if (ended) return; // stopped by keepGoing: what follows is not part of the run
            if (e instanceof TrainingEvent.RunStarted rs) {
                effectiveRate = rs.effectiveRate();
            } else if (e instanceof TrainingEvent.EpochCompleted ec) {
                EpochMetrics m = ec.metrics();
                RunRecord row = RunRecord.of(runId, config.data().name(), variant, rate, units, config.seed(), m,
                        effectiveRate);
                try {
                    // the shared file first: a write fault there is the one a local sweep reports
                    if (alsoAppendTo != null) RunsCsv.append(alsoAppendTo, row);
                    RunsCsv.append(csv, row);
                    epochs++;
                } catch (IOException ex) {
                    ioError.set(ex);
                    trainer.stop();
                    return;
                }
                if (keepGoing != null && !keepGoing.test(m)) {
                    end.set(new RunFolder.Status(RunFolder.Status.FINISHED, epochs, null));
                    trainer.stop();
                    forward(e);
                    ended = true;
                    return;
                }
            } else if (e instanceof TrainingEvent.RunFinished rf) {
                if (!rf.stopped()) end.set(new RunFolder.Status(RunFolder.Status.FINISHED, epochs, null));
            } else if (e instanceof TrainingEvent.RunFailed f) {
                end.set(new RunFolder.Status(RunFolder.Status.FAILED, epochs, "step " + f.step() + ": " + f.reason()));
            }
            forward(e);
        }

        private void forward(TrainingEvent e) {
            if (events != null) events.accept(e);
        }
    }
}
