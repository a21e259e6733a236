package org.pernodedrop.lab.engine.experiment;

import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.DatasetException;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.nn.Masksembles;
import org.pernodedrop.lab.engine.nn.Regularizers;
import org.pernodedrop.lab.engine.train.TrainingRun;
import org.pernodedrop.lab.engine.train.NativeThreads;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Runs a {@link SweepSpec} into a folder, one cell after the other or {@code jobs} at a time, each on a
 * {@link Trainer} thread:
 *
 * <pre>
 * out/sweep.json                  the spec (base config and the four axes)
 * out/runs.csv                    one line per epoch of every cell, appended after each epoch ({@link RunsCsv})
 * out/runs/&lt;run_id&gt;/config.json     the cell's frozen config
 * out/runs/&lt;run_id&gt;/provenance.json app, Java, OS/arch, ND4J backend and device, seed, start time
 * out/runs/&lt;run_id&gt;/status.json     written when the cell ends: finished or failed (with the reason)
 * out/runs/&lt;run_id&gt;/runs.csv        the cell's own epochs (what {@link SweepCells#merge} gathers)
 * </pre>
 *
 * <p>Resume: a cell is done when its status.json says finished (with all its epochs in runs.csv) or failed, and its
 * config.json equals the cell's config. Every other cell is run again from scratch after its partial lines are
 * removed from runs.csv, so a killed sweep loses no epoch and duplicates none.
 *
 * <p>Jobs: with {@code jobs > 1} that many cells train at once and the cores are divided between them
 * ({@link NativeThreads#shareAmong}). Each epoch's row is still appended whole (appends to one file are serialised),
 * so while the sweep runs rows of different cells interleave; when it ends runs.csv is rebuilt from the cells' own files
 * ({@link SweepCells#merge}, the step that also gathers cells run by a cluster scheduler) in the canonical order - the
 * cells in {@link SweepSpec#cells()} order, each cell's epochs in order - which is the order a serial sweep writes.
 * A cell's results depend only on its config and seed (its own data order, initial weights and masks), so a sweep
 * with jobs gives the same file as a serial one except for the wall-clock column {@code epoch_seconds}, provided
 * the native thread count does not change the arithmetic (true for the single-threaded small models; a
 * multi-threaded BLAS may sum in another order).
 */
public final class Sweep {

    public static final String SPEC_FILE = "sweep.json";
    public static final String RUNS_CSV = "runs.csv";
    public static final String RUNS_DIR = "runs";

    /**
     * Sweep progress, called on the trainer thread (epochs) or the thread that runs the cell (cells). With
     * {@code jobs > 1} several cells report at once, from different threads: implementations must be thread-safe.
     */
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

    /**
     * A time estimate from a short calibration: seconds per cell of each variant (as it would run alongside
     * {@code jobs - 1} others), the wall time of the cells to run with {@code jobs} at a time, the steady-state
     * timings each variant was measured at, and the seconds one more seed's data split takes to load.
     */
    public record Estimate(Map<String, Double> secondsPerCell, double totalSeconds, int calibrationSteps, int jobs,
                           Map<String, Timing> timings, double loadSeconds) {
    }

    /**
     * What one cell of a variant costs, measured warm: {@code stepSeconds} per training step of {@code batch} rows
     * (the batch the trainer really uses: a Masksembles slot may raise it), {@code rowSeconds} per row evaluated at an
     * epoch's end (the whole training set, then the validation set) and {@code setupSeconds} from the cell's start to
     * its first step, less that step (thread, network, initial weights).
     */
    public record Timing(double stepSeconds, double rowSeconds, double setupSeconds, int batch) {

        /** {@code setup + epochs * (ceil(train / batch) * step + (train + val) * row)}. */
        public double cellSeconds(int trainRows, int valRows, int epochs) {
            int stepsPerEpoch = (trainRows + batch - 1) / batch;
            return setupSeconds + epochs * (stepsPerEpoch * stepSeconds + (double) (trainRows + valRows) * rowSeconds);
        }
    }

    /** How the sweep went. */
    public record Result(int finished, int failed, int skipped, boolean cancelled) {
    }

    private final SweepSpec spec;
    private final Path out;
    private volatile BiConsumer<SweepSpec.Cell, TrainingRun> afterTraining;
    /** Pause, resume and cancel of the cells that run now and of those still to start. */
    private final JobControl control = new JobControl();
    /**
     * Splits of the seeds other than the base config's, loaded on first use (see {@link #dataFor}), the most recently
     * used {@link #splitsKept} of them kept. Cells come seed by seed ({@link SweepSpec#cells()}: seed is the outer
     * axis), so {@code jobs} cells at once need at most {@code jobs} splits; older ones are let go instead of every
     * seed's data living until the sweep ends.
     */
    private final Map<Long, Dataset> splits = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Dataset> eldest) {
            return size() > splitsKept;
        }
    };
    /** How many splits {@link #splits} keeps: the jobs of the running sweep (1 before it runs: the estimate's). */
    private volatile int splitsKept = 1;

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
            // a cell run on its own (sweep run-cell, a cluster task) has its rows only in its folder's runs.csv
            int shared = rows.getOrDefault(c.runId(), 0);
            int have = Files.exists(dir.resolve(RUNS_CSV)) ? SweepCells.cellRows(dir).size() : shared;
            boolean ok = sameConfig && status.isPresent() && status.get().epochs() == have
                    && (status.get().state().equals(RunFolder.Status.FAILED)
                    || have == c.config().training().epochs());
            if (ok) {
                done.add(c);
            } else {
                todo.add(c);
                if (shared > 0) drop.add(c.runId());
            }
        }
        int dropped = RunsCsv.removeRuns(csv, drop);
        try (Stream<Path> stale = Files.list(out)) {
            for (Path p : stale.filter(p -> p.getFileName().toString().startsWith(".runs")).toList()) {
                Files.deleteIfExists(p); // temp files of a rewrite that was killed before its rename
            }
        }
        Files.writeString(out.resolve(SPEC_FILE), ConfigJson.write(spec) + System.lineSeparator());
        return new Plan(done, todo, dropped);
    }

    /** {@link #estimate(Dataset, List, int, int)} for a serial sweep. */
    public Estimate estimate(Dataset data, List<SweepSpec.Cell> todo, int steps) {
        return estimate(data, todo, steps, 1);
    }

    /** The calibration stops a variant's timing epochs when two in a row agree within this fraction. */
    static final double SETTLED = 0.10;
    /** At most this many epochs per variant in the timed pass (its first is never used: it warms the path up). */
    static final int MAX_PROBE_EPOCHS = 8;
    /** Epochs per variant in the warm-up pass. */
    static final int WARM_UP_EPOCHS = 3;
    /** After this many seconds of a variant's timing (and two timing epochs) the calibration takes what it has. */
    static final double PROBE_SECONDS = 8.0;

    /**
     * Times each variant at the widest width through the real training path, warm, then projects the cells of
     * {@code todo} onto {@code jobs} lanes ({@link #project}).
     *
     * <p>Why warm: the calibration runs in the same JVM as the sweep, so the one-time costs it meets first (loading
     * the ND4J backend, class loading, the JIT compiling the training path) are paid before the first cell and never
     * again. An earlier calibration timed one epoch of {@code steps} steps right after one warm-up epoch and took the
     * lead-in of that cold trainer as every cell's setup: it overshot the real time by 56-376 %. Measured on a moons
     * sweep (MLP 2-32-256-2, batch 10): the first trainer's lead-in was 11 s against 0.1-0.3 s for a cell, and the
     * CPU time of a step fell from 11 ms (epoch 2) to 7 ms (epochs 4-5, where it looks settled) and to 4 ms only
     * once every variant had run for a few epochs (the JIT's later tier); timed after one pass over all variants the
     * estimate was 5 % off instead of 150-250 %.
     *
     * <p>Calibration: two passes over the variants; the first ({@link #WARM_UP_EPOCHS} epochs a variant at most) warms
     * every variant's path up and is thrown away, the second is timed. In each, per variant, {@code lanes = min(jobs, cells)} throw-away trainers run at once (so the
     * timing includes the cores they share and the native thread share {@link NativeThreads#shareAmong} gives them),
     * on {@code 1 + steps} mini-batches of the training rows and at most 4,096 validation rows, for up to
     * {@link #MAX_PROBE_EPOCHS} epochs. Each epoch after the first gives a step time (its first to its last step, per
     * step) and a row time (its last step to its end, per row evaluated); a trainer stops when the CPU time of a step
     * (the trainer thread's, which does not move with the machine's load) agrees within {@link #SETTLED} in two epochs
     * in a row, or after {@link #PROBE_SECONDS}, and the wall times of its last two epochs are averaged: the sweep is
     * assumed to run at the load the calibration saw. Then, every variant warm, one short trainer per variant and
     * lane measures the setup: its start to its first step, less a step. The first seed other than the base config's
     * that a cell needs has its data split loaded here (timed, and kept for the run, so it is not loaded twice); each
     * further seed is assumed to cost as much. Not counted: Monte Carlo passes after training ({@code --mc}) and the
     * writes of runs.csv.
     */
    public Estimate estimate(Dataset data, List<SweepSpec.Cell> todo, int steps, int jobs) {
        if (jobs < 1) throw new IllegalArgumentException("jobs must be >= 1, got " + jobs);
        if (steps < 1) throw new IllegalArgumentException("calibration steps must be >= 1, got " + steps);
        int maxUnits = spec.units().stream().mapToInt(Integer::intValue).max().orElse(1);
        double rate = spec.rates().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
        int lanes = Math.min(jobs, Math.max(1, todo.size()));
        int n = data.train().size();
        int nVal = data.val().size();
        Map<String, ExperimentConfig> probes = new LinkedHashMap<>();
        for (String v : spec.variants()) {
            probes.put(v, spec.base().withModel(spec.base().model().withUnits(maxUnits))
                    .withRegularizer(SweepSpec.regularizer(v, v.equals("none") ? 0.0 : rate)));
        }
        Map<String, double[]> steady = new LinkedHashMap<>();
        Map<String, Timing> timings = new LinkedHashMap<>();
        int[] timed = {0};
        if (managesThreads) NativeThreads.shareAmong(lanes);
        try {
            // pass 1 warms every variant's path up and is thrown away; pass 2 is timed (see the method comment)
            for (var e : probes.entrySet()) steadyTiming(e.getValue(), data, lanes, steps, WARM_UP_EPOCHS, new int[1]);
            for (var e : probes.entrySet()) {
                steady.put(e.getKey(), steadyTiming(e.getValue(), data, lanes, steps, MAX_PROBE_EPOCHS, timed));
            }
            for (var e : probes.entrySet()) {
                double[] t = steady.get(e.getKey());
                timings.put(e.getKey(), new Timing(t[0], t[1], setupTiming(e.getValue(), data, lanes, t[0]),
                        (int) t[2]));
            }
        } finally {
            if (managesThreads) NativeThreads.shareAmong(1);
        }
        double load = 0;
        Set<Long> loaded = new HashSet<>();
        loaded.add(spec.base().seed());
        for (SweepSpec.Cell c : todo) {
            if (loaded.contains(c.seed())) continue;
            long t0 = System.nanoTime();
            try {
                dataFor(c, data);
            } catch (IOException ex) {
                break; // the run reports it, naming the cell; the estimate goes on without a load time
            }
            load = (System.nanoTime() - t0) / 1e9;
            loaded.add(c.seed());
            break;
        }
        return project(timings, todo, lanes, n, nVal, spec.base().training().epochs(), loaded, load, timed[0]);
    }

    /**
     * The wall time of {@code todo} from measured timings, without measuring anything: each cell costs
     * {@link Timing#cellSeconds} of its variant (plus {@code loadSeconds} when it is the first cell of a seed whose
     * split is not in {@code loadedSeeds}), and the cells start in order, each on the lane that is free first, as
     * {@link #run(Dataset, Plan, Listener, int)} does; the total is when the last lane ends.
     */
    static Estimate project(Map<String, Timing> timings, List<SweepSpec.Cell> todo, int lanes, int trainRows,
                            int valRows, int epochs, Set<Long> loadedSeeds, double loadSeconds, int calibrationSteps) {
        Map<String, Double> perCell = new LinkedHashMap<>();
        timings.forEach((v, t) -> perCell.put(v, t.cellSeconds(trainRows, valRows, epochs)));
        Set<Long> loaded = new HashSet<>(loadedSeeds);
        double[] free = new double[Math.max(1, lanes)];
        for (SweepSpec.Cell cell : todo) {
            int first = 0;
            for (int l = 1; l < free.length; l++) if (free[l] < free[first]) first = l;
            double cost = perCell.getOrDefault(cell.variant(), 0.0);
            if (loaded.add(cell.seed())) cost += loadSeconds;
            free[first] += cost;
        }
        double total = 0;
        for (double f : free) total = Math.max(total, f);
        return new Estimate(perCell, total, calibrationSteps, free.length, timings, loadSeconds);
    }

    /**
     * Steady-state {step seconds, row seconds, batch} of one variant, averaged over {@code lanes} trainers run at
     * once (see {@link #estimate(Dataset, List, int, int)}); what was measured when interrupted (then the trainers
     * are stopped and the estimate is short, not wrong in kind).
     */
    private static double[] steadyTiming(ExperimentConfig c, Dataset data, int lanes, int steps, int maxEpochs,
                                         int[] timed) {
        int n = data.train().size();
        int batch = Math.min(n, c.training().batchSize());
        int rows = Math.min(n, batch * (1 + steps));
        ExperimentConfig probe = c.withTraining(c.training().withEpochs(maxEpochs))
                .withData(c.data().withLimits(rows, Math.min(data.val().size(), 4096)));
        List<double[]> results = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Trainer> trainers = new ArrayList<>();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpuTime = cpu.isCurrentThreadCpuTimeSupported();
        for (int l = 0; l < lanes; l++) {
            Trainer t = new Trainer(probe, "calibration-" + l, data);
            long start = System.nanoTime();
            long[] mark = new long[4]; // first and last step of the current epoch: wall, then the trainer's CPU time
            int[] counted = {0};
            int[] evaluated = {0, batch};
            List<double[]> epochs = new ArrayList<>(); // {wall s/step, row s, CPU s/step} of each timing epoch
            boolean[] done = {false};
            t.addListener(e -> {
                long now = System.nanoTime();
                if (done[0]) return;
                if (e instanceof TrainingEvent.RunStarted rs) {
                    evaluated[0] = rs.trainSize() + rs.valSize();
                    evaluated[1] = rs.batchSize();
                } else if (e instanceof TrainingEvent.StepCompleted sc) {
                    // listeners run on the trainer thread: its CPU time is the training's (and the JIT's absence)
                    long cpuNow = cpuTime ? cpu.getCurrentThreadCpuTime() : now;
                    if (sc.stepInEpoch() == 1) {
                        mark[0] = now;
                        mark[2] = cpuNow;
                        counted[0] = 0;
                    } else {
                        counted[0]++;
                    }
                    mark[1] = now;
                    mark[3] = cpuNow;
                } else if (e instanceof TrainingEvent.EpochCompleted ec) {
                    if (ec.metrics().epoch() == 1) return; // cold: JIT, native buffers, workspaces
                    int nSteps = Math.max(1, counted[0]);
                    epochs.add(new double[]{(mark[1] - mark[0]) / 1e9 / nSteps,
                            (now - mark[1]) / 1e9 / Math.max(1, evaluated[0]), (mark[3] - mark[2]) / 1e9 / nSteps});
                    synchronized (timed) {
                        timed[0] += counted[0];
                    }
                    int k = epochs.size();
                    // Warm when the CPU time of a step stops falling: unlike the wall time it does not move with the
                    // machine's load, so it shows when the JIT has compiled the path.
                    boolean settled = k >= 2 && Math.abs(epochs.get(k - 1)[2] - epochs.get(k - 2)[2])
                            <= SETTLED * epochs.get(k - 2)[2];
                    boolean enough = k >= 2 && (now - start) / 1e9 >= PROBE_SECONDS;
                    if (settled || enough || ec.metrics().epoch() == maxEpochs) {
                        double[] last = epochs.get(k - 1);
                        double[] before = k >= 2 ? epochs.get(k - 2) : last;
                        results.add(new double[]{(last[0] + before[0]) / 2, (last[1] + before[1]) / 2, evaluated[1]});
                        done[0] = true;
                        t.stop();
                    }
                }
            });
            t.start();
            trainers.add(t);
        }
        awaitAll(trainers);
        double[] mean = new double[3];
        for (double[] x : results) for (int i = 0; i < 3; i++) mean[i] += x[i] / results.size();
        if (results.isEmpty()) mean[2] = batch;
        return mean;
    }

    /** Seconds from a warm trainer's start to its first step, less the step: a cell's setup. */
    private static double setupTiming(ExperimentConfig c, Dataset data, int lanes, double stepSeconds) {
        int batch = Math.min(data.train().size(), c.training().batchSize());
        ExperimentConfig probe = c.withTraining(c.training().withEpochs(1))
                .withData(c.data().withLimits(batch, 1));
        double[] sum = {0};
        List<Trainer> trainers = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            Trainer t = new Trainer(probe, "calibration-setup-" + l, data);
            long start = System.nanoTime();
            boolean[] seen = {false};
            t.addListener(e -> {
                if (e instanceof TrainingEvent.StepCompleted && !seen[0]) {
                    seen[0] = true;
                    synchronized (sum) {
                        sum[0] += Math.max(0, (System.nanoTime() - start) / 1e9 - stepSeconds);
                    }
                    t.stop();
                }
            });
            t.start();
            trainers.add(t);
        }
        awaitAll(trainers);
        return sum[0] / lanes;
    }

    /** Waits for the calibration trainers; on an interrupt stops them all and keeps the interrupt flag. */
    private static void awaitAll(List<Trainer> trainers) {
        for (Trainer t : trainers) {
            try {
                t.awaitTermination(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                for (Trainer x : trainers) x.stop();
                return;
            }
        }
    }

    /**
     * Work on each cell's trained network after its last epoch, on its trainer thread (e.g. Monte Carlo
     * calibration); see {@link Trainer#setAfterTraining}.
     */
    public void setAfterTraining(BiConsumer<SweepSpec.Cell, TrainingRun> hook) {
        afterTraining = hook;
    }

    /**
     * Refuses, before any cell runs, Masksembles cells whose masks cannot be drawn at the slot's width (few channels
     * with n = 2 and a large scale): builds the first such cell's network to learn the width, then draws every such
     * cell's masks (cheap, and cached for the run).
     */
    public void checkCells(Dataset data, List<SweepSpec.Cell> cells) {
        int width = -1;
        for (SweepSpec.Cell c : cells) {
            RegularizerSpec r = c.config().regularizer();
            if (r.sharing() != RegularizerSpec.Sharing.GROUP) continue;
            try {
                if (width < 0) {
                    TrainingRun run = TrainingRun.create(c.runId(), c.config(), data);
                    org.deeplearning4j.nn.api.Layer slot = run.built().network().getLayer(run.built().slotLayerIndex());
                    width = (int) slot.getParam("W").size(0);
                }
                Masksembles.generate(width, r.masks(), Regularizers.masksemblesScale(r), c.seed());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sweep run " + c.runId() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Whether this sweep sets the native thread share itself (the CLI); the window's job coordinator does it. */
    private volatile boolean managesThreads = true;

    /** Leaves the native thread share ({@link NativeThreads#shareAmong}) to the caller, who sets it once per job. */
    public void leaveThreadsToCaller() {
        managesThreads = false;
    }

    /** Pauses the running cells after their current step; cells started while paused wait too. */
    public void pause() {
        control.pause();
    }

    /** Resumes after {@link #pause}. */
    public void resume() {
        control.resume();
    }

    /** Stops the running cells within a second and starts no other; the stopped cells are rerun by --resume. */
    public void cancel() {
        control.cancel();
    }

    /**
     * Runs the cells of {@code plan.todo()} in order on {@code data} (loaded once for the whole sweep), one at a time.
     * A failed cell (e.g. a NaN loss) is recorded in its status.json and the sweep goes on.
     */
    public Result run(Dataset data, Plan plan, Listener listener) throws IOException, InterruptedException {
        return run(data, plan, listener, 1);
    }

    /**
     * Runs the cells of {@code plan.todo()} with up to {@code jobs} at once, started in order, the cores divided
     * between them; then puts runs.csv in the canonical order (see the class comment). {@code cellStarted} gets each
     * cell's position in {@code todo}.
     */
    public Result run(Dataset data, Plan plan, Listener listener, int jobs) throws IOException, InterruptedException {
        if (jobs < 1) throw new IllegalArgumentException("jobs must be >= 1, got " + jobs);
        List<SweepSpec.Cell> todo = plan.todo();
        int workers = Math.min(jobs, Math.max(1, todo.size()));
        splitsKept = workers;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "sweep-job-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        if (managesThreads) NativeThreads.shareAmong(workers);
        try {
            java.util.concurrent.Callable<Void> worker = () -> {
                int i;
                while (!control.cancelled() && (i = next.getAndIncrement()) < todo.size()) {
                    SweepSpec.Cell cell = todo.get(i);
                    listener.cellStarted(cell, i, todo.size());
                    RunFolder.Status status = runCell(cell, dataFor(cell, data), listener);
                    if (status == null) {
                        stopped.set(true);
                        return null;
                    }
                    listener.cellEnded(cell, status);
                    (status.state().equals(RunFolder.Status.FINISHED) ? finished : failed).incrementAndGet();
                }
                return null;
            };
            if (pool == null) {
                try {
                    worker.call();
                } catch (IOException | InterruptedException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            } else {
                List<Future<Void>> futures = new ArrayList<>();
                for (int w = 0; w < workers; w++) futures.add(pool.submit(worker));
                Throwable first = null;
                for (Future<Void> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (first == null) {
                            first = e.getCause();
                            cancel(); // a write error stops the other cells too; resume reruns them
                        }
                    }
                }
                if (first instanceof IOException io) throw io;
                if (first instanceof InterruptedException ie) throw ie;
                if (first instanceof RuntimeException re) throw re;
                if (first instanceof Error er) throw er;
                if (first != null) throw new IllegalStateException(first);
            }
        } finally {
            if (pool != null) pool.shutdownNow();
            if (managesThreads) NativeThreads.shareAmong(1);
        }
        boolean wasCancelled = control.cancelled() || stopped.get();
        if (wasCancelled) {
            // a stopped sweep keeps the partial rows of its interrupted cells (shown until resume drops them)
            List<String> order = new ArrayList<>();
            for (SweepSpec.Cell c : spec.cells()) order.add(c.runId());
            RunsCsv.sortByRuns(runsCsv(), order);
        } else {
            // the same gathering step as 'sweep merge' after cluster tasks: runs.csv from the cells' own files, in
            // spec order
            SweepCells.merge(this);
        }
        return new Result(finished.get(), failed.get(), plan.done().size(), wasCancelled);
    }

    /**
     * The data of one cell, split with the cell's own seed - exactly what {@code train --config} does with the
     * cell's config.json, so every run of a sweep reproduces from its own folder. {@code base} (split with the base
     * config's seed) serves the cells of that seed; each other seed's split is loaded once while its cells run.
     */
    private Dataset dataFor(SweepSpec.Cell cell, Dataset base) throws IOException {
        if (cell.seed() == spec.base().seed()) return base;
        synchronized (splits) {
            Dataset d = splits.get(cell.seed());
            if (d == null) {
                try {
                    d = Datasets.load(cell.config().data(), cell.seed());
                } catch (DatasetException e) {
                    throw new IOException("sweep run " + cell.runId() + ": " + e.getMessage(), e);
                }
                splits.put(cell.seed(), d);
            }
            return d;
        }
    }

    /** How many seeds' splits are held now (for tests: the bound of {@link #splits}). */
    int splitsHeld() {
        synchronized (splits) {
            return splits.size();
        }
    }

    /** {@link #runCell(SweepSpec.Cell, Dataset, Listener, boolean)} inside a local sweep (rows also go live into runs.csv). */
    private RunFolder.Status runCell(SweepSpec.Cell cell, Dataset data, Listener listener)
            throws IOException, InterruptedException {
        return runCell(cell, data, listener, true);
    }

    /**
     * One cell on its own trainer thread ({@link RunFolderTraining}); null when it was cancelled (no status is
     * written, so resume reruns it). Every epoch goes to the cell's own {@code runs/<id>/runs.csv} (the file
     * {@link SweepCells#merge} gathers); with {@code shared} also to the sweep's runs.csv, so a local sweep's file
     * grows while it runs. A cluster task ({@code shared = false}) writes nothing outside its folder, so many tasks
     * never contend for one file.
     */
    RunFolder.Status runCell(SweepSpec.Cell cell, Dataset data, Listener listener, boolean shared)
            throws IOException, InterruptedException {
        BiConsumer<SweepSpec.Cell, TrainingRun> hook = afterTraining;
        return new RunFolderTraining(runDir(cell), cell.runId(), cell.config(), data)
                .labels(cell.variant(), cell.rate(), cell.units())
                .alsoAppendTo(shared ? runsCsv() : null)
                .afterTraining(hook == null ? null : run -> hook.accept(cell, run))
                .events(e -> listener.event(cell, e))
                .run(control);
    }
}
