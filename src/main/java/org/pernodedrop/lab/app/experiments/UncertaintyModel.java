package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.Numbers;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.data.Split;
import org.pernodedrop.lab.engine.stats.Calibration;
import org.pernodedrop.lab.engine.train.MonteCarloCalibration;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Monte Carlo inference for the dynamic variants: each variant is trained on the same batches from the same seed,
 * then its validation set is predicted {@code T} times with the noise on ({@link MonteCarloCalibration}: masks keyed
 * by each example's index, multi-label data scored per label); the mean of the passes is scored with
 * {@link Calibration} (ECE, NLL, Brier, reliability bins) beside the usual noise-off inference. The variants train
 * in lock-step through the {@link Trainer} (its NaN and memory checks included); the passes run in its
 * after-training hook on the trainer thread that owns the networks; the FX side only sees the finished summaries.
 */
public final class UncertaintyModel {

    /**
     * The result of one variant: MC inference and one noise-off pass, on the same validation rows, with their Brier
     * scores (per label for multi-label data).
     */
    public record Result(String variant, int passes, Calibration.Summary monteCarlo, Calibration.Summary plain,
                         double monteCarloBrier, double plainBrier) {
    }

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<Result>> results = new ReadOnlyObjectWrapper<>(List.of());
    private volatile boolean cancelled;
    private volatile boolean pauseRequested;
    private volatile Trainer trainer;
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper();
    private final org.pernodedrop.lab.app.jobs.JobLink job = new org.pernodedrop.lab.app.jobs.JobLink("Monte Carlo",
            this::pause, this::resume);

    public UncertaintyModel() {
        job.follow(running, paused);
    }

    /** Presets whose masks change every step (the ones MC inference applies to). */
    public void start(ExperimentConfig base, List<String> presets, double rate, int passes) {
        if (running.get()) throw new IllegalStateException("Monte Carlo inference is already running");
        if (passes < 1) throw new IllegalArgumentException("T (passes) must be >= 1, got " + passes);
        if (presets.isEmpty()) throw new IllegalArgumentException("choose at least one dynamic variant");
        for (String p : presets) {
            if (!RegularizerSpec.of(p, 0.5).dynamicMask()) throw new IllegalArgumentException(p + " has no dynamic noise: MC inference needs one");
        }
        cancelled = false;
        pauseRequested = false;
        paused.set(false);
        running.set(true);
        progress.set(0);
        message.set("training " + presets.size() + " variants, then " + passes + " passes each\u2026");
        Thread t = new Thread(() -> work(base, List.copyOf(presets), rate, passes), "mc");
        t.setDaemon(true);
        t.start();
    }

    public void cancel() {
        cancelled = true;
    }

    /**
     * Trains the variants in lock-step through the {@link Trainer} (same batches, same initial weights, and its
     * checks: a NaN loss or a model too large for memory fails that variant with the trainer's message), then, on the
     * trainer thread that owns each network, predicts the trainer's validation rows {@code passes} times.
     */
    private void work(ExperimentConfig base, List<String> presets, double rate, int passes) {
        try {
            Dataset d = Datasets.load(base.data(), base.seed());
            List<ExperimentConfig> configs = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (String p : presets) {
                configs.add(base.withRegularizer(RegularizerSpec.of(p, rate)));
                ids.add("mc-" + p);
            }
            Trainer t = Trainer.lockstep(configs, ids, d);
            trainer = t;
            if (pauseRequested) {
                t.pause();
                if (!pauseRequested) t.resume(); // a resume() that came between the check and the pause
            }
            int epochs = base.training().epochs();
            // work units: one network update per variant and step, then one batch-sized pass per variant and pass
            double[] total = {Double.NaN};
            double[] mcDone = {0};
            Map<String, Result> byId = new java.util.concurrent.ConcurrentHashMap<>();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            int[] valRows = {0};
            t.addListener(e -> {
                if (e instanceof TrainingEvent.RunStarted rs && rs.runId().equals(ids.get(0))) {
                    int valSteps = (Math.max(1, rs.valSize()) + rs.batchSize() - 1) / rs.batchSize();
                    total[0] = presets.size() * ((double) epochs * rs.stepsPerEpoch() + (double) passes * valSteps);
                } else if (e instanceof TrainingEvent.StepCompleted sc && sc.runId().equals(ids.get(0))) {
                    if (sc.stepInEpoch() == sc.stepsPerEpoch() || sc.step() % 16 == 0) {
                        report(presets.size() * (double) sc.step() / total[0]);
                    }
                } else if (e instanceof TrainingEvent.RunFailed rf) {
                    failures.add(rf.runId().substring(3) + ": " + rf.reason());
                }
            });
            t.setAfterTraining(run -> {
                Dataset rd = run.data();
                Split val = rd.val().size() > 0 ? rd.val() : rd.train();
                valRows[0] = val.size();
                double trained = presets.size() * (double) epochs
                        * ((rd.train().size() + base.training().batchSize() - 1) / base.training().batchSize());
                double before = mcDone[0];
                MonteCarloCalibration.Result r = MonteCarloCalibration.run(run, val, passes, Calibration.DEFAULT_BINS,
                        this::waitWhilePaused, f -> report((trained + before + f * (total[0] - trained)
                                / presets.size()) / total[0]));
                mcDone[0] += (total[0] - trained) / presets.size();
                if (r != null) {
                    String p = run.runId().substring(3);
                    byId.put(run.runId(), new Result(p, passes, r.monteCarlo(), r.plain(), r.monteCarloBrier(),
                            r.plainBrier()));
                }
            });
            t.start();
            while (!t.awaitTermination(500)) {
                if (cancelled) t.stop();
            }
            List<Result> out = new ArrayList<>();
            for (String id : ids) if (byId.containsKey(id)) out.add(byId.get(id));
            String failed = failures.isEmpty() ? "" : "; failed: " + String.join("; ", failures);
            if (cancelled) {
                finish(out, "cancelled" + failed);
            } else if (out.isEmpty() && !failures.isEmpty()) {
                finish(out, "Monte Carlo inference failed: " + String.join("; ", failures));
            } else {
                finish(out, Numbers.format("done: %d variants, T = %d passes over %d validation rows",
                        out.size(), passes, valRows[0]) + failed);
            }
        } catch (Exception e) {
            String why = org.pernodedrop.lab.app.Errors.describe(e);
            Platform.runLater(() -> {
                message.set("Monte Carlo inference failed: " + why);
                running.set(false);
            });
        } finally {
            trainer = null;
        }
    }

    /** The MC passes' stop check: waits while the job is paused, true when cancelled. */
    private boolean waitWhilePaused() {
        while (pauseRequested && !cancelled) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return cancelled;
    }

    /** Pauses training (or the passes) after the current step; another job runs meanwhile. */
    public void pause() {
        if (!running.get() || paused.get()) return;
        pauseRequested = true;
        Trainer t = trainer;
        if (t != null) t.pause();
        paused.set(true);
    }

    public void resume() {
        if (!running.get() || !paused.get()) return;
        pauseRequested = false;
        Trainer t = trainer;
        if (t != null) t.resume();
        paused.set(false);
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** Makes Monte Carlo inference one of the window's training jobs. */
    public void setJobs(org.pernodedrop.lab.app.jobs.JobCoordinator coordinator) {
        job.setCoordinator(coordinator);
    }

    private void report(double f) {
        Platform.runLater(() -> progress.set(f));
    }

    private void finish(List<Result> out, String text) {
        List<Result> copy = List.copyOf(out);
        Platform.runLater(() -> {
            results.set(copy);
            message.set(text);
            progress.set(cancelled ? progress.get() : 1);
            paused.set(false);
            running.set(false);
        });
    }

    /** Per variant the MC summary, as {@code calibration.csv} and the report want it. */
    public Map<String, Calibration.Summary> monteCarloSummaries() {
        Map<String, Calibration.Summary> m = new LinkedHashMap<>();
        for (Result r : results.get()) m.put(r.variant(), r.monteCarlo());
        return m;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<Result>> resultsProperty() {
        return results.getReadOnlyProperty();
    }
}
