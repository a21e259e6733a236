package org.pernodedrop.lab.app.experiments;

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
import org.pernodedrop.lab.engine.train.BatchOrder;
import org.pernodedrop.lab.engine.train.MonteCarloCalibration;
import org.pernodedrop.lab.engine.train.TrainingRun;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Monte Carlo inference for the dynamic variants: each variant is trained on the same batches from the same seed,
 * then its validation set is predicted {@code T} times with the noise on ({@link MonteCarloCalibration}: masks keyed
 * by each example's index, multi-label data scored per label); the mean of the passes is scored with
 * {@link Calibration} (ECE, NLL, Brier, reliability bins) beside the usual noise-off inference. The work runs on one daemon thread ({@code mc}) that alone owns these networks, as the trainer thread
 * owns its own; the FX side only sees the finished summaries.
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

    /** Presets whose masks change every step (the ones MC inference applies to). */
    public static boolean isDynamic(String preset) {
        RegularizerSpec r = RegularizerSpec.of(preset, 0.5);
        return r.mode() == RegularizerSpec.Mode.DYNAMIC && r.target() != RegularizerSpec.Target.NONE;
    }

    public void start(ExperimentConfig base, List<String> presets, double rate, int passes) {
        if (running.get()) throw new IllegalStateException("Monte Carlo inference is already running");
        if (passes < 1) throw new IllegalArgumentException("T (passes) must be >= 1, got " + passes);
        if (presets.isEmpty()) throw new IllegalArgumentException("choose at least one dynamic variant");
        for (String p : presets) {
            if (!isDynamic(p)) throw new IllegalArgumentException(p + " has no dynamic noise: MC inference needs one");
        }
        cancelled = false;
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

    private void work(ExperimentConfig base, List<String> presets, double rate, int passes) {
        try {
            Dataset d = Datasets.load(base.data(), base.seed());
            Split val = d.val().size() > 0 ? d.val() : d.train();
            int n = val.size();
            int epochs = base.training().epochs();
            int batch = base.training().batchSize();
            int nTrain = d.train().size();
            int steps = (nTrain + batch - 1) / batch;
            double totalWork = presets.size() * (epochs * steps + passes * (double) steps);
            double done = 0;
            List<Result> out = new java.util.ArrayList<>();
            for (String p : presets) {
                ExperimentConfig c = base.withRegularizer(RegularizerSpec.of(p, rate));
                TrainingRun run = TrainingRun.create("mc-" + p, c, d);
                for (int e = 1; e <= epochs; e++) {
                    int[] order = BatchOrder.permutation(c.seed(), e, nTrain);
                    for (int s = 0; s < steps; s++) {
                        if (cancelled) {
                            finish(out, "cancelled");
                            return;
                        }
                        run.fit(order, s * batch, Math.min(batch, nTrain - s * batch));
                        done++;
                    }
                    report(done / totalWork);
                }
                double before = done;
                MonteCarloCalibration.Result r = MonteCarloCalibration.run(run, val, passes,
                        Calibration.DEFAULT_BINS, () -> cancelled, f -> report((before + f * passes * steps) / totalWork));
                if (r == null) {
                    finish(out, "cancelled");
                    return;
                }
                done += passes * (double) steps;
                out.add(new Result(p, passes, r.monteCarlo(), r.plain(), r.monteCarloBrier(), r.plainBrier()));
            }
            finish(out, String.format(Locale.ROOT, "done: %d variants, T = %d passes over %d validation rows",
                    out.size(), passes, n));
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Platform.runLater(() -> {
                message.set("Monte Carlo inference failed: " + why);
                running.set(false);
            });
        }
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
