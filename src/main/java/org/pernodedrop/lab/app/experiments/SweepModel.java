package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.Numbers;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;
import org.pernodedrop.lab.engine.experiment.Sweep;
import org.pernodedrop.lab.engine.experiment.SweepSpec;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.TrainingEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sweep run from the app with the engine's {@link Sweep}, into a folder the CLI can read (and resume) and vice
 * versa: the same {@code sweep.json}, {@code runs.csv} and run folders. The sweep runs on its own thread
 * ({@code sweep}); each cell trains on a trainer thread; progress reaches the FX thread coalesced (one pending
 * {@code runLater} at a time for steps, one per epoch for results).
 */
public final class SweepModel {

    private final ResultsModel results;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper runProgress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper overallProgress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper runLabel = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper estimate = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private volatile Sweep sweep;
    private volatile boolean cancelRequested;
    private final java.util.concurrent.atomic.AtomicBoolean stepPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicLong lastFinishedNanos = new AtomicLong();

    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper();
    private final org.pernodedrop.lab.app.jobs.JobLink job = new org.pernodedrop.lab.app.jobs.JobLink("Sweep",
            this::pause, this::resume);
    /** The estimate's thread while it times steps (FX thread reads and writes). */
    private Thread estimating;
    private final org.pernodedrop.lab.app.jobs.JobLink estimateJob = new org.pernodedrop.lab.app.jobs.JobLink(
            "Sweep estimate", new org.pernodedrop.lab.app.jobs.JobCoordinator.Control() {
                @Override
                public void pause() {
                    // an estimate timed while paused would be wrong: it is stopped (press Estimate again)
                    Thread t = estimating;
                    if (t != null) t.interrupt();
                }

                @Override
                public void resume() {
                }

                @Override
                public boolean canPause() {
                    return false;
                }
            });

    public SweepModel(ResultsModel results) {
        this.results = results;
        job.follow(running, paused);
    }

    /** Makes sweeps and estimates jobs of the window (one training job at a time). */
    public void setJobs(org.pernodedrop.lab.app.jobs.JobCoordinator coordinator) {
        job.setCoordinator(coordinator);
        estimateJob.setCoordinator(coordinator);
    }

    /** Pauses the running sweep after its current step (another job runs, or the user asked). */
    public void pause() {
        Sweep s = sweep;
        if (!running.get() || s == null || paused.get()) return;
        s.pause();
        paused.set(true);
    }

    public void resume() {
        Sweep s = sweep;
        if (!running.get() || s == null || !paused.get()) return;
        s.resume();
        paused.set(false);
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** Runs in the spec (the variant 'none' has one per width and seed). */
    public static int runCount(SweepSpec spec) {
        return spec.cells().size();
    }

    /** Times a few steps per variant on a background thread, then shows the estimate for the cells still to run. */
    public void estimate(SweepSpec spec, Path out) {
        // one estimate at a time: a second click replaces the first (it would time steps beside it)
        Thread old = estimating;
        if (old != null) old.interrupt();
        estimate.set("estimating\u2026 (a few training steps per variant)");
        Thread[] self = new Thread[1];
        Thread t = new Thread(() -> {
            String text;
            try {
                Dataset data = Datasets.load(spec.base().data(), spec.base().seed());
                Sweep s = new Sweep(spec, out);
                s.leaveThreadsToCaller();
                List<SweepSpec.Cell> todo = todo(spec, out);
                Sweep.Estimate e = s.estimate(data, todo, 5);
                text = Thread.currentThread().isInterrupted() ? "estimate stopped: another job started; press "
                        + "Estimate again when it is done"
                        : Numbers.format("%d runs to do, about %s (calibrated on %d steps)",
                        todo.size(), duration(e.totalSeconds()), e.calibrationSteps());
            } catch (Exception ex) {
                text = "no estimate: " + ex.getMessage();
            }
            String shown = text;
            Platform.runLater(() -> {
                if (estimating != self[0]) return;
                estimating = null;
                estimate.set(shown);
                estimateJob.ended();
            });
        }, "sweep-estimate");
        self[0] = t;
        t.setDaemon(true);
        estimating = t;
        estimateJob.ended();
        estimateJob.running();
        t.start();
    }

    /** Cells not yet finished in {@code out}, as a resume would see them (without touching the folder). */
    static List<SweepSpec.Cell> todo(SweepSpec spec, Path out) throws java.io.IOException {
        Path csv = out.resolve(Sweep.RUNS_CSV);
        Set<String> have = new HashSet<>();
        if (Files.exists(csv)) for (RunRecord r : RunsCsv.read(csv)) have.add(r.runId());
        List<SweepSpec.Cell> todo = new ArrayList<>();
        for (SweepSpec.Cell c : spec.cells()) {
            boolean done = RunFolder.status(out.resolve(Sweep.RUNS_DIR).resolve(c.runId())).isPresent()
                    && have.contains(c.runId());
            if (!done) todo.add(c);
        }
        return todo;
    }

    /**
     * Starts (or, with {@code resume}, continues) the sweep in {@code out}. The results shown are replaced by what
     * the folder already holds, then grow epoch by epoch.
     */
    public void start(SweepSpec spec, Path out, boolean resume) {
        if (running.get()) throw new IllegalStateException("a sweep is already running");
        cancelRequested = false;
        running.set(true);
        message.set("");
        overallProgress.set(0);
        runProgress.set(0);
        eta.set("");
        Sweep s = new Sweep(spec, out);
        s.leaveThreadsToCaller();
        paused.set(false);
        sweep = s;
        Thread t = new Thread(() -> runSweep(s, spec, out, resume), "sweep");
        t.setDaemon(true);
        t.start();
    }

    private void runSweep(Sweep s, SweepSpec spec, Path out, boolean resume) {
        try {
            Dataset data = Datasets.load(spec.base().data(), spec.base().seed());
            Sweep.Plan plan = s.prepare(resume);
            List<RunRecord> existing = Files.exists(s.runsCsv()) ? RunsCsv.read(s.runsCsv()) : List.of();
            Platform.runLater(() -> {
                java.util.Map<String, org.pernodedrop.lab.engine.config.ExperimentConfig> configs =
                        new java.util.LinkedHashMap<>();
                for (SweepSpec.Cell c : spec.cells()) configs.put(c.runId(), c.config());
                List<RunRecord> known = existing.stream().filter(r -> configs.containsKey(r.runId())).toList();
                results.load("Sweep " + out.getFileName(), "Sweep in " + out.toAbsolutePath() + " on "
                        + spec.base().data().name(), configs, known);
            });
            int total = plan.done().size() + plan.todo().size();
            int epochs = spec.base().training().epochs();
            long t0 = System.nanoTime();
            int[] index = {0};
            // each cell's effective drop rate, from its RunStarted, for the records the views show
            java.util.Map<String, Double> effectiveRates = new java.util.concurrent.ConcurrentHashMap<>();
            if (cancelRequested) s.cancel();
            Sweep.Result r = s.run(data, plan, new Sweep.Listener() {
                @Override
                public void cellStarted(SweepSpec.Cell cell, int i, int count) {
                    index[0] = i;
                    Platform.runLater(() -> runLabel.set(Numbers.format("run %d of %d: %s",
                            plan.done().size() + i + 1, total, cell.runId())));
                }

                @Override
                public void event(SweepSpec.Cell cell, TrainingEvent e) {
                    if (e instanceof TrainingEvent.StepCompleted st) {
                        double inCell = ((st.epoch() - 1) + (double) st.stepInEpoch() / st.stepsPerEpoch()) / epochs;
                        double done = (index[0] + inCell) / Math.max(1, plan.todo().size());
                        double overall = (plan.done().size() + index[0] + inCell) / Math.max(1, total);
                        double elapsed = (System.nanoTime() - t0) / 1e9;
                        String etaText = done > 0.01 ? "about " + duration(elapsed / done - elapsed) + " left" : "";
                        if (stepPending.compareAndSet(false, true)) {
                            Platform.runLater(() -> {
                                stepPending.set(false);
                                runProgress.set(inCell);
                                overallProgress.set(overall);
                                eta.set(etaText);
                            });
                        }
                    } else if (e instanceof TrainingEvent.RunStarted rs) {
                        effectiveRates.put(cell.runId(), rs.effectiveRate());
                        // the cell's folder has its provenance.json by now (written as the CLI does)
                        RunFolder.provenance(s.runDir(cell)).ifPresent(p -> Platform.runLater(
                                () -> results.putProvenance(cell.runId(), p)));
                    } else if (e instanceof TrainingEvent.EpochCompleted ec) {
                        EpochMetrics m = ec.metrics();
                        RunRecord rec = RunRecord.of(cell.runId(), cell.config().data().name(), cell.variant(),
                                cell.rate(), cell.units(), cell.seed(), m,
                                effectiveRates.getOrDefault(cell.runId(), Double.NaN));
                        Platform.runLater(() -> {
                            results.putConfig(cell.runId(), cell.config());
                            results.append(List.of(rec));
                        });
                    }
                }

                @Override
                public void cellEnded(SweepSpec.Cell cell, RunFolder.Status status) {
                    lastFinishedNanos.set(System.nanoTime());
                }
            });
            String text = r.cancelled()
                    ? Numbers.format("cancelled: %d runs finished; press Resume to continue", r.finished())
                    : Numbers.format("done: %d finished, %d failed, %d were already done; results in %s",
                    r.finished(), r.failed(), r.skipped(), s.runsCsv());
            Platform.runLater(() -> {
                message.set(text);
                if (!r.cancelled()) {
                    overallProgress.set(1);
                    runProgress.set(1);
                    eta.set("");
                }
            });
        } catch (Exception e) {
            String why = org.pernodedrop.lab.app.Errors.describe(e);
            Platform.runLater(() -> message.set("sweep failed: " + why));
        } finally {
            Platform.runLater(() -> {
                paused.set(false);
                running.set(false);
            });
        }
    }

    /** Stops the running cell within a second; its partial epochs are dropped and rerun by a resume. */
    public void cancel() {
        cancelRequested = true;
        Sweep s = sweep;
        if (s != null) s.cancel();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty runProgressProperty() {
        return runProgress.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty overallProgressProperty() {
        return overallProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty runLabelProperty() {
        return runLabel.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty estimateProperty() {
        return estimate.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
