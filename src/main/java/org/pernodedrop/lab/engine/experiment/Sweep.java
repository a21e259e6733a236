package org.pernodedrop.lab.engine.experiment;

import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.train.BatchOrder;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import org.pernodedrop.lab.engine.train.TrainingRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs a {@link SweepSpec} into a folder, one cell after the other, each on a {@link Trainer} thread:
 *
 * <pre>
 * out/sweep.json                  the spec (base config and the four axes)
 * out/runs.csv                    one line per epoch of every cell, appended atomically after each epoch
 * out/runs/&lt;run_id&gt;/config.json     the cell's frozen config
 * out/runs/&lt;run_id&gt;/provenance.json app, Java, OS/arch, ND4J backend and device, seed, start time
 * out/runs/&lt;run_id&gt;/status.json     written when the cell ends: finished or failed (with the reason)
 * </pre>
 *
 * <p>Resume: a cell is done when its status.json says finished (with all its epochs in runs.csv) or failed, and its
 * config.json equals the cell's config. Every other cell is run again from scratch after its partial lines are
 * removed from runs.csv, so a killed sweep loses no epoch and duplicates none.
 */
public final class Sweep {

    public static final String SPEC_FILE = "sweep.json";
    public static final String RUNS_CSV = "runs.csv";
    public static final String RUNS_DIR = "runs";

    /** Sweep progress, called on the trainer thread (epochs) or the sweep's thread (cells). */
    public interface Listener {
        default void cellStarted(SweepSpec.Cell cell, int index, int total) {
        }

        default void event(SweepSpec.Cell cell, TrainingEvent event) {
        }

        default void cellEnded(SweepSpec.Cell cell, RunFolder.Status status) {
        }
    }

    /** What a resumed sweep found: cells already done and cells to (re)run; {@code droppedRows} partial lines removed. */
    public record Plan(List<SweepSpec.Cell> done, List<SweepSpec.Cell> todo, int droppedRows) {
    }

    /** A time estimate from a short calibration: seconds per cell of each variant and for the cells to run. */
    public record Estimate(Map<String, Double> secondsPerCell, double totalSeconds, int calibrationSteps) {
    }

    /** How the sweep went. */
    public record Result(int finished, int failed, int skipped, boolean cancelled) {
    }

    private final SweepSpec spec;
    private final Path out;
    private final AtomicReference<Trainer> current = new AtomicReference<>();
    private volatile boolean cancelled;

    public Sweep(SweepSpec spec, Path out) {
        this.spec = spec;
        this.out = out;
    }

    public SweepSpec spec() {
        return spec;
    }

    public Path runsCsv() {
        return out.resolve(RUNS_CSV);
    }

    public Path runDir(SweepSpec.Cell cell) {
        return out.resolve(RUNS_DIR).resolve(cell.runId());
    }

    /**
     * Prepares the folder. Without {@code resume} it must not hold a sweep yet; with it, finished cells are kept and
     * the partial lines of unfinished ones are dropped from runs.csv (one atomic rewrite).
     */
    public Plan prepare(boolean resume) throws IOException {
        Path csv = runsCsv();
        boolean exists = Files.exists(csv) || Files.exists(out.resolve(SPEC_FILE));
        if (exists && !resume) {
            throw new IllegalArgumentException(out + " already holds a sweep; pass --resume to continue it, or "
                    + "choose another --out");
        }
        Files.createDirectories(out.resolve(RUNS_DIR));
        List<SweepSpec.Cell> cells = spec.cells();
        Map<String, Integer> rows = new HashMap<>();
        if (Files.exists(csv)) {
            for (RunRecord r : RunsCsv.read(csv)) rows.merge(r.runId(), 1, Integer::sum);
        }
        List<SweepSpec.Cell> done = new ArrayList<>();
        List<SweepSpec.Cell> todo = new ArrayList<>();
        Set<String> drop = new HashSet<>();
        for (SweepSpec.Cell c : cells) {
            Path dir = runDir(c);
            var status = RunFolder.status(dir);
            boolean sameConfig = RunFolder.config(dir).map(c.config()::equals).orElse(false);
            int have = rows.getOrDefault(c.runId(), 0);
            boolean ok = sameConfig && status.isPresent() && status.get().epochs() == have
                    && (status.get().state().equals(RunFolder.Status.FAILED)
                    || have == c.config().training().epochs());
            if (ok) {
                done.add(c);
            } else {
                todo.add(c);
                if (have > 0) drop.add(c.runId());
            }
        }
        int dropped = RunsCsv.removeRuns(csv, drop);
        try (Stream<Path> stale = Files.list(out)) {
            for (Path p : stale.filter(p -> p.getFileName().toString().startsWith(".runs")).toList()) {
                Files.deleteIfExists(p); // temp files of an append that was killed before its rename
            }
        }
        Files.writeString(out.resolve(SPEC_FILE), ConfigJson.write(spec) + System.lineSeparator());
        return new Plan(done, todo, dropped);
    }

    /**
     * Times a few mini-batches and an inference chunk of each variant at the widest width (on the calling thread,
     * with throw-away networks), then extrapolates to the cells of {@code todo}.
     */
    public Estimate estimate(Dataset data, List<SweepSpec.Cell> todo, int steps) {
        Map<String, Double> perCell = new LinkedHashMap<>();
        int maxUnits = spec.units().stream().mapToInt(Integer::intValue).max().orElse(1);
        double rate = spec.rates().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
        int calibrated = 0;
        for (String v : spec.variants()) {
            ExperimentConfig c = spec.base().withModel(spec.base().model().withUnits(maxUnits))
                    .withRegularizer(SweepSpec.regularizer(v, v.equals("none") ? 0.0 : rate));
            TrainingRun run = TrainingRun.create("calibration", c, data);
            int n = data.train().size();
            int batch = Math.min(n, c.training().batchSize());
            int multiple = Math.max(1, run.built().trainBatchMultiple());
            batch = Math.max(multiple, batch - batch % multiple);
            int[] order = BatchOrder.permutation(c.seed(), 1, n);
            int warm = 3;
            long t0 = 0;
            for (int s = 0; s < warm + steps; s++) {
                if (s == warm) t0 = System.nanoTime();
                int from = (s * batch) % Math.max(1, n - batch + 1);
                if (from + batch > n) from = 0;
                if (batch <= n) run.fit(order, from, batch);
            }
            double stepSeconds = (System.nanoTime() - t0) / 1e9 / steps;
            calibrated += steps;
            int rows = Math.min(n, 256);
            run.predict(data.train().features(), 0, Math.min(n, 16));
            long e0 = System.nanoTime();
            run.predict(data.train().features(), 0, rows);
            double rowSeconds = (System.nanoTime() - e0) / 1e9 / Math.max(1, rows);
            int stepsPerEpoch = (n + batch - 1) / batch;
            double epochSeconds = stepsPerEpoch * stepSeconds + (n + data.val().size()) * rowSeconds;
            perCell.put(v, epochSeconds * c.training().epochs());
        }
        double total = 0;
        for (SweepSpec.Cell cell : todo) total += perCell.getOrDefault(cell.variant(), 0.0);
        return new Estimate(perCell, total, calibrated);
    }

    /** Stops the running cell within a second and starts no other; the stopped cell is rerun by --resume. */
    public void cancel() {
        cancelled = true;
        Trainer t = current.get();
        if (t != null) t.stop();
    }

    /**
     * Runs the cells of {@code plan.todo()} in order on {@code data} (loaded once for the whole sweep). A failed cell
     * (e.g. a NaN loss) is recorded in its status.json and the sweep goes on.
     */
    public Result run(Dataset data, Plan plan, Listener listener) throws IOException, InterruptedException {
        int finished = 0;
        int failed = 0;
        List<SweepSpec.Cell> todo = plan.todo();
        for (int i = 0; i < todo.size(); i++) {
            if (cancelled) return new Result(finished, failed, plan.done().size(), true);
            SweepSpec.Cell cell = todo.get(i);
            listener.cellStarted(cell, i, todo.size());
            RunFolder.Status status = runCell(cell, data, listener);
            if (status == null) return new Result(finished, failed, plan.done().size(), true);
            listener.cellEnded(cell, status);
            if (status.state().equals(RunFolder.Status.FINISHED)) finished++;
            else failed++;
        }
        return new Result(finished, failed, plan.done().size(), false);
    }

    /** One cell on its own trainer thread; null when it was cancelled (no status is written, so resume reruns it). */
    private RunFolder.Status runCell(SweepSpec.Cell cell, Dataset data, Listener listener)
            throws IOException, InterruptedException {
        Path dir = runDir(cell);
        RunFolder.begin(dir, cell.config(), Provenance.capture(cell.runId(), cell.seed(), data.origin()));
        Path csv = runsCsv();
        Trainer trainer = new Trainer(cell.config(), cell.runId(), data);
        AtomicReference<IOException> ioError = new AtomicReference<>();
        AtomicReference<RunFolder.Status> end = new AtomicReference<>();
        int[] epochs = {0};
        String dataset = cell.config().data().name();
        trainer.addListener(e -> {
            if (e instanceof TrainingEvent.EpochCompleted ec) {
                EpochMetrics m = ec.metrics();
                try {
                    RunsCsv.append(csv, new RunRecord(cell.runId(), dataset, cell.variant(), cell.rate(), cell.units(),
                            cell.seed(), m.epoch(), m.batchLoss(), m.trainLoss(), m.trainAcc(), m.valLoss(),
                            m.valAcc(), m.epochSeconds()));
                    epochs[0]++;
                } catch (IOException ex) {
                    ioError.set(ex);
                    trainer.stop();
                }
            } else if (e instanceof TrainingEvent.RunFinished rf) {
                if (!rf.stopped()) end.set(new RunFolder.Status(RunFolder.Status.FINISHED, epochs[0], null));
            } else if (e instanceof TrainingEvent.RunFailed f) {
                end.set(new RunFolder.Status(RunFolder.Status.FAILED, epochs[0],
                        "step " + f.step() + ": " + f.reason()));
            }
            listener.event(cell, e);
        });
        current.set(trainer);
        try {
            if (cancelled) return null;
            trainer.start();
            while (!trainer.awaitTermination(1000)) {
                if (cancelled) trainer.stop();
            }
        } finally {
            current.set(null);
            trainer.stop();
        }
        if (ioError.get() != null) throw ioError.get();
        RunFolder.Status status = end.get();
        if (status == null) return null;
        RunFolder.end(dir, status);
        return status;
    }
}
