package org.pernodedrop.lab.app;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.pernodedrop.lab.app.jobs.JobCoordinator;
import org.pernodedrop.lab.app.jobs.JobLink;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.DatasetException;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The window's state and commands (FX thread). It owns at most one run at a time; every call into a run goes
 * through the single {@code lab-control} thread (creating a trainer may load data and natives, and the FX thread
 * must never wait), and everything the run reports comes back through a {@link LiveFeed} that an
 * {@link AnimationTimer} drains once per pulse. The timer runs only while there is something to drain: from the
 * start of a run until it is over and its last events are shown (an idle window asks for no pulses).
 * With a {@link JobCoordinator} ({@link #setJobs}), the run is one of the window's training jobs.
 */
public final class LabModel {

    public enum RunState { IDLE, STARTING, RUNNING, PAUSED, STOPPING, FINISHED, FAILED }

    /** The trainer sends a view snapshot at most this often (10 Hz: readable, and cheap for the trainer); views redraw once per snapshot. */
    public static final long SNAPSHOT_INTERVAL_MS = 100;
    /** Batch rows whose masks the snapshot carries: the diagram shows 4, the heatmap lets you pick any. */
    public static final int MASK_SAMPLES = 8;
    /** Charts redraw whole, so they refresh at most at this rate (4 Hz). */
    public static final long CHART_REFRESH_NS = 250_000_000L;
    /** Step counters, progress bars and times change every step; showing them at 5 Hz saves repaints. */
    public static final long STATUS_REFRESH_NS = 200_000_000L;

    private final RunFactory runFactory;
    private final ExecutorService control = Executors.newSingleThreadExecutor(daemon("lab-control"));
    private final ExecutorService background = Executors.newSingleThreadExecutor(daemon("lab-background"));

    private final ObjectProperty<ExperimentConfig> config = new SimpleObjectProperty<>(firstScreen());
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(RunState.IDLE);
    private final ReadOnlyObjectWrapper<ExperimentConfig> pendingConfig = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ViewSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper epochsDone = new ReadOnlyIntegerWrapper();
    private final RunProgress progress = new RunProgress();
    private final ReadOnlyLongWrapper lossRevision = new ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final DataSources data = new DataSources(background, this::config, error::set);
    private final ReadOnlyStringWrapper runInfo = new ReadOnlyStringWrapper("");
    private final LossHistory history = new LossHistory();
    private final ReadOnlyDoubleWrapper chanceAccuracy = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyLongWrapper snapshotIntervalMs = new ReadOnlyLongWrapper(SNAPSHOT_INTERVAL_MS);
    /** The speed cap in steps per second, 0 = as fast as possible; the run enforces it on its own thread. */
    private final javafx.beans.property.DoubleProperty maxStepsPerSecond =
            new javafx.beans.property.SimpleDoubleProperty(0);

    private java.util.function.BooleanSupplier beforeRun = () -> true;
    private RunControl run;
    private LiveFeed feed;
    private long lastFrameNs;
    private long lastChartNs;
    private boolean lossDirty;
    private long lastStatusNs;
    private TrainingEvent.StepCompleted pendingStep;
    private boolean pumping;
    private final JobLink job = new JobLink("Single run", this::pause, this::resume);
    /** A pause asked for while the run was still starting: applied as soon as it runs. */
    private boolean pauseWhenStarted;
    private final AnimationTimer pump = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulse(now);
        }
    };

    /** What the window opens on: the overfitting scenario with PerNodeDrop, trained until the user stops it. */
    public static ExperimentConfig firstScreen() {
        ExperimentConfig c = ExperimentConfig.overfitting();
        return c.withTraining(c.training().withEpochs(org.pernodedrop.lab.engine.config.TrainingSpec.UNTIL_STOPPED));
    }

    public LabModel(RunFactory runFactory) {
        this.runFactory = Objects.requireNonNull(runFactory);
        maxStepsPerSecond.addListener((obs, old, now) -> {
            RunControl r = run;
            double cap = now.doubleValue();
            if (r != null) control.execute(() -> r.setMaxStepsPerSecond(cap));
        });
        config.addListener((obs, old, now) -> {
            if (!Objects.equals(old.data(), now.data()) || old.seed() != now.seed()) data.loadSurfaceData(now);
        });
    }

    /** Starts the background work (ND4J probe, 2-D points). Call once, on the FX thread. */
    public void start(boolean probeBackend) {
        data.loadSurfaceData(config.get());
        data.refresh();
        if (probeBackend) {
            data.probeBackend();
        } else {
            data.backendNotProbed();
        }
    }

    /** Stops the current run and the helper threads (window closing). */
    public void shutdown() {
        stopPump();
        RunControl r = run;
        if (feed != null) feed.close();
        if (r != null) control.execute(r::stop);
        control.shutdown();
        background.shutdownNow();
    }

    // ---- commands (FX thread) ----

    /** Play when idle or paused, pause when running (Space). */
    public void playPause() {
        switch (state.get()) {
            case RUNNING -> {
                RunControl r = run;
                state.set(RunState.PAUSED);
                control.execute(r::pause);
            }
            case PAUSED -> {
                RunControl r = run;
                state.set(RunState.RUNNING);
                control.execute(r::resume);
            }
            case STARTING, STOPPING -> {
            }
            default -> newRun(RunControl::start, RunState.RUNNING);
        }
    }

    /** Runs one mini-batch, then pauses (S). */
    public void stepBatch() {
        if (run == null || isOver()) {
            newRun(RunControl::stepBatch, RunState.PAUSED);
        } else if (state.get() != RunState.STOPPING) {
            RunControl r = run;
            state.set(RunState.PAUSED);
            control.execute(r::stepBatch);
        }
    }

    /** Runs to the end of the current epoch, then pauses (E). */
    public void stepEpoch() {
        if (run == null || isOver()) {
            newRun(RunControl::stepEpoch, RunState.RUNNING);
        } else if (state.get() != RunState.STOPPING) {
            RunControl r = run;
            state.set(RunState.RUNNING);
            control.execute(r::stepEpoch);
        }
    }

    /** Ends the run; its curves stay on screen. */
    public void stop() {
        if (state.get() == RunState.STARTING) {
            reset();
            return;
        }
        if (run == null || isOver()) return;
        RunControl r = run;
        state.set(RunState.STOPPING);
        control.execute(r::stop);
    }

    /** Stops the run and clears every view (R); the next play starts afresh with the current settings. */
    public void reset() {
        RunControl r = run;
        if (feed != null) feed.close();
        if (r != null) control.execute(r::stop);
        run = null;
        feed = null;
        history.clear();
        pendingStep = null;
        lossDirty = true;
        snapshot.set(null);
        epochsDone.set(0);
        progress.clear();
        runInfo.set("");
        pendingConfig.set(null);
        chanceAccuracy.set(Double.NaN);
        snapshotIntervalMs.set(SNAPSHOT_INTERVAL_MS);
        pauseWhenStarted = false;
        state.set(RunState.IDLE);
        // one more pulse shows the cleared chart, then the pump stops itself
        startPump();
    }

    /** Pauses a running run (another job starts, or the single-run tab is hidden); nothing otherwise. */
    public void pause() {
        if (state.get() == RunState.RUNNING) {
            playPause();
        } else if (state.get() == RunState.STARTING) {
            pauseWhenStarted = true;
        }
    }

    /** Resumes a paused run, or cancels a pause asked for while the run was still starting; nothing otherwise. */
    public void resume() {
        if (state.get() == RunState.PAUSED) {
            playPause();
        } else if (state.get() == RunState.STARTING) {
            pauseWhenStarted = false;
        }
    }

    /**
     * Makes the run one of the window's training jobs: starting or resuming it pauses the others, and another job
     * starting pauses it. Call once, before the first run.
     */
    public void setJobs(JobCoordinator coordinator) {
        job.setCoordinator(coordinator);
        state.addListener((o, a, b) -> {
            switch (b) {
                case STARTING, RUNNING -> job.running();
                case PAUSED -> job.paused();
                default -> job.ended();
            }
        });
    }

    /** Whether the pump timer runs (it stops itself when the run is over and everything is shown). */
    boolean isPumping() {
        return pumping;
    }

    private void startPump() {
        if (pumping) return;
        pumping = true;
        lastFrameNs = 0;
        pump.start();
    }

    private void stopPump() {
        pumping = false;
        pump.stop();
    }

    /**
     * New settings. A run in progress that has results is not thrown away silently: it pauses and the change waits
     * in {@link #pendingConfigProperty} until the user applies it (the run is reset) or keeps the run. Otherwise the
     * run, if any, is reset so that what is on screen always matches the controls.
     */
    public void setConfig(ExperimentConfig next) {
        if (next.equals(config.get())) {
            pendingConfig.set(null);
            return;
        }
        RunState s = state.get();
        boolean live = run != null && (s == RunState.RUNNING || s == RunState.PAUSED);
        if (live && progress.stepProperty().get() > 0) {
            if (s == RunState.RUNNING) playPause();
            pendingConfig.set(next);
            return;
        }
        pendingConfig.set(null);
        if (run != null) reset();
        config.set(next);
    }

    /** Applies the waiting settings: the paused run is reset and the next Play starts with them. */
    public void applyPendingConfig() {
        ExperimentConfig next = pendingConfig.get();
        if (next == null) return;
        pendingConfig.set(null);
        reset();
        config.set(next);
    }

    /** Drops the waiting settings and keeps the run (the controls go back to the run's settings). */
    public void keepRun() {
        pendingConfig.set(null);
    }

    /** Settings the user changed while a run with results was in progress, waiting for apply or keep; else null. */
    public ReadOnlyObjectProperty<ExperimentConfig> pendingConfigProperty() {
        return pendingConfig.getReadOnlyProperty();
    }

    public void showError(String message) {
        error.set(message == null ? "" : message);
    }

    public void clearError() {
        error.set("");
    }

    private boolean isOver() {
        RunState s = state.get();
        return s == RunState.FINISHED || s == RunState.FAILED || s == RunState.IDLE;
    }

    /**
     * Called before every new run, on the FX thread: the settings panel commits what its fields show (a value typed
     * but not yet confirmed with Enter or by leaving the field) and answers false if a value is invalid, so no run
     * ever starts on settings other than those on screen.
     */
    public void setBeforeRun(java.util.function.BooleanSupplier commit) {
        beforeRun = commit == null ? () -> true : commit;
    }

    private void newRun(java.util.function.Consumer<RunControl> first, RunState after) {
        if (!beforeRun.getAsBoolean()) return;
        if (run != null) reset();
        clearError();
        ExperimentConfig cfg = config.get();
        Dataset shown = data.surfaceDataFor(cfg);
        LiveFeed f = new LiveFeed();
        feed = f;
        double cap = maxStepsPerSecond.get();
        pauseWhenStarted = false;
        state.set(RunState.STARTING);
        startPump();
        control.execute(() -> {
            try {
                Dataset points = shown;
                if (points == null && DatasetCatalog.isTwoD(cfg.data().name())) {
                    // the same split the surface view draws: the run's seed
                    points = Datasets.load(cfg.data(), cfg.seed());
                }
                RunControl r = runFactory.create(cfg, points);
                r.setMaxStepsPerSecond(cap);
                r.addListener(f);
                int[] samples = new int[Math.min(MASK_SAMPLES, cfg.training().batchSize())];
                for (int k = 0; k < samples.length; k++) samples[k] = k;
                SnapshotPacer pacer = new SnapshotPacer(r, f, samples, SNAPSHOT_INTERVAL_MS,
                        ms -> Platform.runLater(() -> {
                            if (feed == f) snapshotIntervalMs.set(ms);
                        }));
                r.setSnapshotConsumer(pacer, SNAPSHOT_INTERVAL_MS, samples);
                Platform.runLater(() -> {
                    if (feed == f) {
                        run = r;
                        if (state.get() == RunState.STARTING && pauseWhenStarted) {
                            state.set(RunState.PAUSED);
                            control.execute(r::pause);
                        } else if (state.get() == RunState.STARTING) {
                            state.set(after);
                        }
                        pauseWhenStarted = false;
                    } else {
                        control.execute(r::stop);
                    }
                });
                if (f.isClosed()) {
                    r.stop();
                } else {
                    first.accept(r);
                }
            } catch (DatasetException | RuntimeException | LinkageError e) {
                String msg = Errors.describe(e);
                Platform.runLater(() -> {
                    if (feed == f) {
                        state.set(RunState.FAILED);
                        error.set("Could not start the run: " + msg);
                    }
                });
            }
        });
    }

    // ---- the pump (FX thread, once per pulse) ----

    private void pulse(long now) {
        long dt = lastFrameNs == 0 ? 0 : now - lastFrameNs;
        lastFrameNs = now;
        if (state.get() == RunState.RUNNING) progress.tick(dt / 1e9);
        LiveFeed f = feed;
        if (f != null) {
            LiveFeed.Drained d = f.drain();
            // the newest step first: a RunFinished in this drain shows the final step before the state changes
            if (d.step() != null) pendingStep = d.step();
            for (TrainingEvent e : d.milestones()) onMilestone(e);
            if (d.losses().size() > 0) {
                history.addBatches(d.losses().steps(), d.losses().xs(), d.losses().losses());
                lossDirty = true;
            }
            if (d.snapshot() != null) snapshot.set(d.snapshot());
        }
        if (pendingStep != null && (now - lastStatusNs >= STATUS_REFRESH_NS || state.get() != RunState.RUNNING)) {
            lastStatusNs = now;
            onStep(pendingStep);
            pendingStep = null;
        }
        if (lossDirty && now - lastChartNs >= CHART_REFRESH_NS) {
            lastChartNs = now;
            lossDirty = false;
            lossRevision.set(lossRevision.get() + 1);
        }
        RunState s = state.get();
        boolean over = s == RunState.IDLE || s == RunState.FINISHED || s == RunState.FAILED;
        // over: RunFinished/RunFailed is the trainer's last event and was drained above with everything before it
        if (over && pendingStep == null && !lossDirty) stopPump();
    }

    /** Shows the step waiting for the status refresh now (the run ends: nothing newer will come). */
    private void flushStep() {
        if (pendingStep != null) {
            onStep(pendingStep);
            pendingStep = null;
        }
    }

    private void onStep(TrainingEvent.StepCompleted s) {
        progress.show(s, config.get().training().epochs());
    }

    private void onMilestone(TrainingEvent e) {
        if (e instanceof TrainingEvent.RunStarted r) {
            progress.started(r.stepsPerEpoch());
            chanceAccuracy.set(r.chanceAccuracy());
            runInfo.set(r.trainSize() + " training / " + r.valSize() + " validation, batch " + r.batchSize() + ", "
                    + r.stepsPerEpoch() + " steps/epoch" + (r.notes().isEmpty() ? "" : "; " + String.join("; ", r.notes())));
            data.backendReported(r.backend());
        } else if (e instanceof TrainingEvent.EpochCompleted ec) {
            history.addEpoch(ec.metrics());
            epochsDone.set(history.epochs().size());
            lossDirty = true;
        } else if (e instanceof TrainingEvent.RunPaused) {
            // a stepped batch or epoch ended: the trainer waits, so the buttons and the clock must say so
            if (state.get() == RunState.RUNNING) state.set(RunState.PAUSED);
        } else if (e instanceof TrainingEvent.RunFinished rf) {
            flushStep();
            state.set(RunState.FINISHED);
            progress.finished(rf.stopped());
        } else if (e instanceof TrainingEvent.RunFailed rf) {
            flushStep();
            state.set(RunState.FAILED);
            error.set("The run failed at step " + rf.step() + ": " + rf.reason());
        } else if (e instanceof TrainingEvent.StepCompleted s) {
            onStep(s);
        }
    }

    /** Re-reads where every dataset is (after a download, or at start). */
    public void refreshSources() {
        data.refresh();
    }

    /** Downloads a source into the user data folder on a background thread, with progress. */
    public void download(String name) {
        data.download(name);
    }

    public void cancelDownload() {
        data.cancelDownload();
    }

    public ReadOnlyObjectProperty<java.util.List<DatasetCatalog.Source>> sourcesProperty() {
        return data.sourcesProperty();
    }

    /** -1 when no download runs, else the fraction done. */
    public ReadOnlyDoubleProperty downloadProgressProperty() {
        return data.downloadProgressProperty();
    }

    public ReadOnlyStringProperty downloadTextProperty() {
        return data.downloadTextProperty();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    // ---- read-only state for the views ----

    public ObjectProperty<ExperimentConfig> configProperty() {
        return config;
    }

    public ExperimentConfig config() {
        return config.get();
    }

    /** Steps per second the run may not exceed (0 = as fast as possible); applies at once to a running run. */
    public javafx.beans.property.DoubleProperty maxStepsPerSecondProperty() {
        return maxStepsPerSecond;
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ViewSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Dataset> surfaceDataProperty() {
        return data.surfaceDataProperty();
    }

    public ReadOnlyIntegerProperty epochProperty() {
        return progress.epochProperty();
    }

    public ReadOnlyIntegerProperty epochsDoneProperty() {
        return epochsDone.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty stepProperty() {
        return progress.stepProperty();
    }

    public ReadOnlyDoubleProperty stepsPerSecondProperty() {
        return progress.stepsPerSecondProperty();
    }

    public ReadOnlyDoubleProperty epochProgressProperty() {
        return progress.epochProgressProperty();
    }

    public ReadOnlyDoubleProperty runProgressProperty() {
        return progress.runProgressProperty();
    }

    public ReadOnlyDoubleProperty elapsedSecondsProperty() {
        return progress.elapsedSecondsProperty();
    }

    public ReadOnlyDoubleProperty remainingSecondsProperty() {
        return progress.remainingSecondsProperty();
    }

    /** Bumped (at most {@link #CHART_REFRESH_NS} apart) when {@link #history()} has new points. */
    public ReadOnlyLongProperty lossRevisionProperty() {
        return lossRevision.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty backendProperty() {
        return data.backendProperty();
    }

    public ReadOnlyStringProperty runInfoProperty() {
        return runInfo.getReadOnlyProperty();
    }

    /** How often the views get a new snapshot now (widened when snapshots are costly for the trainer). */
    public ReadOnlyLongProperty snapshotIntervalMsProperty() {
        return snapshotIntervalMs.getReadOnlyProperty();
    }

    /** Validation accuracy of a model that ignores its input, for the run on screen (NaN before a run starts). */
    public ReadOnlyDoubleProperty chanceAccuracyProperty() {
        return chanceAccuracy.getReadOnlyProperty();
    }

    public LossHistory history() {
        return history;
    }

    public int stepsPerEpoch() {
        return progress.stepsPerEpoch();
    }
}
