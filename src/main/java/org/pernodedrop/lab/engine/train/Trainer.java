package org.pernodedrop.lab.engine.train;

import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.nn.Masksembles;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.DatasetException;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.data.Examples;
import org.pernodedrop.lab.engine.data.Split;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Trains one {@link ExperimentConfig} - or several in lock-step - on its own named daemon thread ({@code trainer}),
 * which alone owns the networks. Commands are flags checked between iterations (and between evaluation chunks);
 * events go to listeners on the trainer thread. A trainer runs once; make a new one for a new run.
 *
 * <p>Lock-step ({@link #lockstep}): every config sees the same mini-batches in the same order (the order is a pure
 * function of the config seed and the epoch, {@link BatchOrder}), and configs with the same model and seed start
 * from the same weights; each step updates every network on the same batch before the next batch is drawn. ND4J's
 * generator is reseeded per run and step, so a run's numbers in lock-step equal its numbers trained alone.
 */
public final class Trainer implements AutoCloseable {

    public static final String THREAD_NAME = "trainer";
    /** Decision-surface grid side for 2-D data. */
    public static final int SURFACE_GRID = SurfaceGrid.DEFAULT_SIZE;

    private static final System.Logger LOG = System.getLogger(Trainer.class.getName());
    private static final AtomicInteger RUN_COUNTER = new AtomicInteger();

    private record SnapshotRequest(Consumer<ViewSnapshot> consumer, long intervalNanos, int[] samples) {
    }

    private final List<ExperimentConfig> configs;
    private final List<String> runIds;
    private final Dataset preloaded;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private volatile SnapshotRequest snapshotRequest;
    private volatile boolean surfaceInSnapshots = true;

    private final Transport transport = new Transport();
    private final Object lock = transport.lock;
    private Thread thread; // guarded by lock

    public Trainer(ExperimentConfig config) {
        this(config, newRunId("run"), null);
    }

    /** {@code data} may be null (the trainer thread loads {@code config.data()}); limits are applied either way. */
    public Trainer(ExperimentConfig config, String runId, Dataset data) {
        this(List.of(config), List.of(runId), data);
    }

    private Trainer(List<ExperimentConfig> configs, List<String> runIds, Dataset data) {
        if (configs.isEmpty() || configs.size() != runIds.size()) {
            throw new IllegalArgumentException("need one run id per config, got " + configs.size() + " configs and "
                    + runIds.size() + " ids");
        }
        ExperimentConfig first = configs.get(0);
        for (ExperimentConfig c : configs) {
            if (!c.data().equals(first.data()) || c.seed() != first.seed()
                    || c.training().epochs() != first.training().epochs()
                    || c.training().batchSize() != first.training().batchSize()) {
                throw new IllegalArgumentException("configs trained in lock-step must share data, seed, epochs and "
                        + "batch size");
            }
        }
        if (runIds.stream().distinct().count() != runIds.size()) {
            throw new IllegalArgumentException("run ids must be distinct: " + runIds);
        }
        this.configs = List.copyOf(configs);
        this.runIds = List.copyOf(runIds);
        this.preloaded = data;
    }

    /**
     * Several configs trained in lock-step on one data stream (compare mode). They must share data, seed, epochs
     * and batch size; they may differ in regularizer, model and learning rate.
     */
    public static Trainer lockstep(List<ExperimentConfig> configs, List<String> runIds, Dataset data) {
        return new Trainer(configs, runIds, data);
    }

    /** A unique, sortable run id: {@code prefix-yyyyMMdd-HHmmss-n}. */
    public static String newRunId(String prefix) {
        return prefix + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-"
                + RUN_COUNTER.incrementAndGet();
    }

    public ExperimentConfig config() {
        return configs.get(0);
    }

    public List<ExperimentConfig> configs() {
        return configs;
    }

    public String runId() {
        return runIds.get(0);
    }

    public List<String> runIds() {
        return runIds;
    }

    /** Listeners are called on the trainer thread and must be quick. */
    private volatile Consumer<TrainingRun> afterTraining;

    /**
     * Work on each trained network after its last epoch, on the trainer thread that owns it, before RunFinished
     * (e.g. Monte Carlo calibration); an exception in it fails the run. Set it before {@link #start()}.
     */
    public void setAfterTraining(Consumer<TrainingRun> hook) {
        afterTraining = hook;
    }

    public void addListener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(TrainingListener listener) {
        listeners.remove(listener);
    }

    /**
     * Asks for a {@link ViewSnapshot} at most every {@code intervalMs} milliseconds (and after every paused step),
     * with the masks of batch rows {@code maskSamples}. The consumer runs on the trainer thread; in lock-step it gets
     * one snapshot per run. A null consumer turns snapshots off.
     */
    public void setSnapshotConsumer(Consumer<ViewSnapshot> consumer, long intervalMs, int[] maskSamples) {
        snapshotRequest = consumer == null ? null
                : new SnapshotRequest(consumer, Math.max(0, intervalMs) * 1_000_000L,
                maskSamples == null ? new int[0] : maskSamples.clone());
    }

    /**
     * Whether snapshots carry the decision surface of 2-D data (default true). Its grid inference is most of a
     * snapshot's cost on tiny nets; views that do not draw it (compare mode) turn it off.
     */
    public void setSurfaceInSnapshots(boolean on) {
        surfaceInSnapshots = on;
    }

    /** Starts (or resumes) training at full speed. */
    public void start() {
        go(Transport.StepMode.RUN);
    }

    /** Pauses after the current step (or evaluation chunk); before start, the thread will start paused. */
    public void pause() {
        transport.pause();
    }

    /** Resumes a paused run at full speed; does not start a run that was never started. */
    public void resume() {
        transport.go(Transport.StepMode.RUN);
    }

    /** Runs exactly one mini-batch, then pauses (starts the thread if needed). */
    public void stepBatch() {
        go(Transport.StepMode.BATCH);
    }

    /** Runs to the end of the current epoch (including its evaluation), then pauses. */
    public void stepEpoch() {
        go(Transport.StepMode.EPOCH);
    }

    private void go(Transport.StepMode mode) {
        synchronized (lock) {
            transport.go(mode);
            ensureThread();
        }
    }

    /**
     * Caps the training speed at {@code stepsPerSecond} mini-batch steps a second (0: as fast as possible), so a class
     * can watch the masks change. The trainer thread waits before a step until 1 / cap seconds have passed since the
     * previous step began; a single step (S) is never held back. Takes effect at once, also while waiting.
     */
    public void setMaxStepsPerSecond(double stepsPerSecond) {
        transport.setMaxStepsPerSecond(stepsPerSecond);
    }

    public double maxStepsPerSecond() {
        return transport.maxStepsPerSecond();
    }

    /** Ends the run within 1 s, even mid-epoch or mid-evaluation; a {@code RunFinished(stopped = true)} follows. */
    public void stop() {
        transport.stop();
    }

    public boolean isPaused() {
        return transport.isPaused();
    }

    public boolean isAlive() {
        synchronized (lock) {
            return thread != null && thread.isAlive();
        }
    }

    /** Waits for the trainer thread to end; true if it ended in time (or never started). */
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        Thread t;
        synchronized (lock) {
            t = thread;
        }
        if (t == null) return true;
        t.join(Math.max(1, timeoutMs));
        return !t.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private void ensureThread() {
        if (thread != null) return;
        thread = new Thread(this::runLoop, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    // ---------------------------------------------------------------- trainer thread

    /** Per-run state on the trainer thread. */
    private static final class RunInTraining {
        final TrainingRun run;
        final List<EpochMetrics> history = new ArrayList<>();
        float[] perClass;
        ConfusionMatrix confusion;
        boolean failed;
        double lossSum;
        long fitNanos;

        RunInTraining(TrainingRun run) {
            this.run = run;
        }
    }

    // Loop state, touched only by the trainer thread (a trainer runs once).
    private final List<RunInTraining> active = new ArrayList<>();
    /** Steps taken so far over all epochs (1-based once the first step ran); failure messages name it. */
    private long step;
    private long lastStepStart;
    private long lastStepEnd;
    /** Exponential moving average (weight 0.1) of 1 / (time between step ends), pauses left out. */
    private double stepsPerSecond;
    private long lastSnapshot;

    /**
     * The algorithm: load the data, refuse what will not fit in memory, build the networks, plan the batches and
     * announce the runs; then per epoch train every step on the epoch's order and evaluate; finally the after-training
     * hook and RunFinished. A stop request ends it between steps (or evaluation chunks) with RunFinished(stopped).
     */
    private void runLoop() {
        try {
            ExperimentConfig first = configs.get(0);
            Dataset data = withLimits(preloaded != null ? preloaded : Datasets.load(first.data(), first.seed()),
                    first.data());
            String refusal = memoryRefusal(data);
            if (refusal != null) {
                failAll(refusal);
                return;
            }
            if (transport.stopRequested()) {
                for (String id : runIds) emit(new TrainingEvent.RunFinished(id, List.of(), true));
                return;
            }
            for (int i = 0; i < configs.size(); i++) {
                active.add(new RunInTraining(TrainingRun.create(runIds.get(i), configs.get(i), data)));
            }
            BatchPlan plan = batchPlan(data.train().size());
            if (plan.stepsPerEpoch() == 0) {
                failAll("the training set has " + plan.nTrain() + " rows, fewer than one batch that is a multiple of "
                        + plan.multiple());
                return;
            }
            SurfaceGrid grid = SurfaceGrid.forData(data, SurfaceGrid.DEFAULT_SIZE);
            announceStart(data, plan);
            // epochs = 0 is "until stopped": the loop ends only through a stop request (or every run failing)
            int epochs = first.training().untilStopped() ? Integer.MAX_VALUE : first.training().epochs();
            for (int epoch = 1; epoch <= epochs; epoch++) {
                int[] order = BatchOrder.permutation(first.seed(), epoch, plan.nTrain());
                for (RunInTraining a : active) {
                    a.lossSum = 0;
                    a.fitNanos = 0;
                }
                for (int s = 0; s < plan.stepsPerEpoch(); s++) {
                    if (!transport.awaitStepTurn(lastStepStart)) {
                        finishStopped();
                        return;
                    }
                    if (!takeStep(order, plan, epoch, s, grid)) return; // every run failed
                }
                if (!evaluateEpoch(data, plan, epoch)) {
                    finishStopped();
                    return;
                }
                endEpoch(epoch, epochs, grid);
            }
            finishTraining();
        } catch (DatasetException e) {
            for (String id : runIds) emit(new TrainingEvent.RunFailed(id, step, "bad data: " + e.getMessage()));
        } catch (OutOfMemoryError e) {
            failActive("out of memory at step " + step + ": " + e.getMessage()
                    + "; lower the units or the batch size, or raise -Xmx");
        } catch (RuntimeException e) {
            failActive("training failed at step " + step + ": " + describe(e));
        } catch (NoClassDefFoundError e) {
            // a runtime without a class the lab uses (a trimmed jlink image, a mismatched jar)
            failActive("training failed at step " + step + ": this Java runtime cannot load " + describe(e)
                    + " (NoClassDefFoundError); run the lab with a full JDK 17 or reinstall it");
        } catch (Error e) {
            // a native library that will not load, a failed class initialiser, a bug: the runs still end with a
            // message, never with a dead thread that a waiting CLI or window would wait on for ever
            failActive("training failed at step " + step + ": " + errorText(e));
        }
    }

    /** The error's class, its message when it has one, and the same for its cause. */
    private static String errorText(Throwable e) {
        String msg = e.getMessage();
        String text = e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
        return e.getCause() == null ? text : text + " (caused by " + errorText(e.getCause()) + ")";
    }

    /** Why the runs would not fit in what ND4J can still allocate, or null when they fit. */
    private String memoryRefusal(Dataset data) {
        long need = 0;
        List<MemoryEstimate> estimates = new ArrayList<>();
        for (ExperimentConfig c : configs) {
            MemoryEstimate e = MemoryEstimate.of(c, data.inputShape(), data.classes());
            estimates.add(e);
            need += e.totalBytes();
        }
        long available = MemoryEstimate.availableBytes();
        if (need <= available) return null;
        return configs.size() == 1 ? estimates.get(0).refusal(available)
                : "memory estimate " + MemoryEstimate.gb(need) + " for " + configs.size()
                + " runs in lock-step exceeds the " + MemoryEstimate.gb(available) + " ND4J can still allocate";
    }

    /** The batch plan shared by every run: a Masksembles slot needs batches that are multiples of its mask count. */
    private BatchPlan batchPlan(int nTrain) {
        int multiple = 1;
        for (RunInTraining a : active) multiple = lcm(multiple, Math.max(1, a.run.built().trainBatchMultiple()));
        return BatchPlan.of(configs.get(0).training().batchSize(), multiple, nTrain);
    }

    /** RunStarted for every run, with the notes a user should read before trusting the numbers. */
    private void announceStart(Dataset data, BatchPlan plan) {
        List<String> notes = new ArrayList<>();
        // which copy was loaded (a named folder, the user's download or the system package): say it every time
        if (!"embedded".equals(data.origin())) notes.add("data from " + data.origin());
        if (plan.raised()) {
            notes.add("batch size " + plan.requestedBatch() + " raised to " + plan.batch()
                    + ": the slot needs a multiple of " + plan.multiple());
        }
        for (RunInTraining a : active) {
            RegularizerSpec r = a.run.config().regularizer();
            if (r.preset().equals("masksembles") && r.rate() > 0) {
                Masksembles.ScaleForRate sr = Masksembles.scaleForRate(r.rate(), r.masks());
                if (sr.clamped()) {
                    notes.add(String.format(Locale.ROOT, "%s: Masksembles rate %s needs a scale above %.0f; "
                                    + "clamped to %.0f (expected dropped fraction %.3f)", a.run.runId(), r.rate(),
                            Masksembles.MAX_SCALE, sr.scale(), Masksembles.droppedFraction(sr.scale(), r.masks())));
                }
            }
        }
        if (plan.droppedRows() > 0) {
            notes.add("the last " + plan.droppedRows() + " rows of each epoch's order are dropped: the last "
                    + "partial batch must be a multiple of " + plan.multiple());
        }
        String backend = backend();
        double chance = Generalization.chanceAccuracy(data.val().size() > 0 ? data.val() : data.train(),
                data.multiLabel());
        for (RunInTraining a : active) {
            emit(new TrainingEvent.RunStarted(a.run.runId(), a.run.config(), plan.stepsPerEpoch(), plan.nTrain(),
                    data.val().size(), backend, plan.batch(), a.run.built().description(), notes,
                    a.run.effectiveRate(), chance));
        }
    }

    /**
     * Step {@code s} (0-based) of the epoch: trains it, updates the speed, reports it, and pauses after it when it
     * was a single step (S), with a snapshot when one is due. False when every run has failed.
     */
    private boolean takeStep(int[] order, BatchPlan plan, int epoch, int s, SurfaceGrid grid) {
        lastStepStart = System.nanoTime();
        fitStep(order, plan, epoch, s);
        if (active.stream().allMatch(a -> a.failed)) return false;
        long now = System.nanoTime();
        updateSpeed(now);
        for (RunInTraining a : active) {
            if (!a.failed) emit(new TrainingEvent.StepCompleted(a.run.runId(), epoch, step, s + 1,
                    plan.stepsPerEpoch(), a.run.lastLoss(), stepsPerSecond));
        }
        boolean pauseNow = transport.pauseIfStepping(Transport.StepMode.BATCH);
        snapshotIfDue(pauseNow, now, epoch, grid);
        if (pauseNow) emitPaused(epoch);
        return true;
    }

    /** After an epoch's evaluation: pauses when it was a single epoch (E), with a snapshot when one is due. */
    private void endEpoch(int epoch, int epochs, SurfaceGrid grid) {
        boolean pauseNow = epoch < epochs && transport.pauseIfStepping(Transport.StepMode.EPOCH);
        // The epoch's per-class accuracies ride on the next snapshot. An unconditional snapshot here cost the 2-D
        // scenarios one decision-surface inference per 10 steps, whatever the requested interval: the window trained
        // at 13-36 % of the headless speed (issue 10).
        snapshotIfDue(pauseNow || epoch == epochs, System.nanoTime(), epoch, grid);
        if (pauseNow) emitPaused(epoch);
    }

    /** One mini-batch ({@code s}, 0-based, of the epoch's order) for every run still alive; a non-finite loss fails it. */
    private void fitStep(int[] order, BatchPlan plan, int epoch, int s) {
        step++;
        for (RunInTraining a : active) {
            if (a.failed) continue;
            long t0 = System.nanoTime();
            double loss = a.run.fit(order, plan.from(s), plan.count(s));
            a.fitNanos += System.nanoTime() - t0;
            if (!Double.isFinite(loss)) {
                a.failed = true;
                emit(new TrainingEvent.RunFailed(a.run.runId(), step, String.format(Locale.ROOT,
                        "the loss became %s at step %d (epoch %d, batch %d of %d); the learning rate %s "
                                + "is probably too high for this model", loss, step, epoch, s + 1,
                        plan.stepsPerEpoch(), a.run.config().training().learningRate())));
                continue;
            }
            a.lossSum += loss;
        }
    }

    /** Folds the interval since the previous step's end into the speed, unless this step waited in a pause. */
    private void updateSpeed(long now) {
        if (lastStepEnd > 0 && !transport.waitedInPause()) {
            double inst = 1e9 / Math.max(1, now - lastStepEnd);
            stepsPerSecond = stepsPerSecond == 0 ? inst : 0.9 * stepsPerSecond + 0.1 * inst;
        }
        lastStepEnd = now;
    }

    /** A snapshot when one is requested and {@code force}, or its interval has passed since the last one. */
    private void snapshotIfDue(boolean force, long now, int epoch, SurfaceGrid grid) {
        SnapshotRequest req = snapshotRequest;
        if (req != null && (force || now - lastSnapshot >= req.intervalNanos)) {
            snapshot(req, epoch, grid);
            lastSnapshot = System.nanoTime();
        }
    }

    /**
     * Evaluates every live run on the training and validation sets and records the epoch's metrics; false when a
     * stop request cut the evaluation short.
     */
    private boolean evaluateEpoch(Dataset data, BatchPlan plan, int epoch) {
        for (RunInTraining a : active) {
            if (a.failed) continue;
            TrainingRun.Evaluation train = a.run.evaluate(data.train(), transport::stopRequested);
            long v0 = System.nanoTime();
            TrainingRun.Evaluation val = train == null ? null : a.run.evaluate(data.val(), transport::stopRequested);
            long valNanos = System.nanoTime() - v0;
            if (val == null) return false;
            EpochMetrics m = new EpochMetrics(epoch, a.lossSum / plan.stepsPerEpoch(), train.loss(),
                    train.accuracy(), val.loss(), val.accuracy(), (a.fitNanos + valNanos) / 1e9);
            a.history.add(m);
            a.perClass = data.val().size() > 0 ? val.perClassAccuracy() : train.perClassAccuracy();
            a.confusion = data.val().size() > 0 ? val.confusion() : train.confusion();
            emit(new TrainingEvent.EpochCompleted(a.run.runId(), m));
        }
        return true;
    }

    /** The after-training hook on every live run, then RunFinished for each. */
    private void finishTraining() {
        Consumer<TrainingRun> hook = afterTraining;
        if (hook != null) {
            for (RunInTraining a : active) if (!a.failed) hook.accept(a.run);
        }
        for (RunInTraining a : active) {
            if (!a.failed) emit(new TrainingEvent.RunFinished(a.run.runId(), List.copyOf(a.history), false));
        }
    }

    private void emitPaused(int epoch) {
        for (RunInTraining a : active) {
            if (!a.failed) emit(new TrainingEvent.RunPaused(a.run.runId(), epoch, step));
        }
    }

    /** RunFailed for every run id, before any network was built. */
    private void failAll(String why) {
        for (String id : runIds) emit(new TrainingEvent.RunFailed(id, 0, why));
    }

    /** RunFailed for every live run (for every run id when none was built yet, so no step was taken). */
    private void failActive(String why) {
        if (active.isEmpty()) {
            failAll(why);
            return;
        }
        for (RunInTraining a : active) {
            if (!a.failed) emit(new TrainingEvent.RunFailed(a.run.runId(), step, why));
        }
    }

    private void finishStopped() {
        for (RunInTraining a : active) {
            if (!a.failed) emit(new TrainingEvent.RunFinished(a.run.runId(), List.copyOf(a.history), true));
        }
    }

    private void snapshot(SnapshotRequest req, int epoch, SurfaceGrid grid) {
        for (RunInTraining a : active) {
            if (a.failed) continue;
            ViewSnapshot snap = a.run.snapshot(epoch, req.samples, a.perClass, a.confusion,
                    surfaceInSnapshots ? grid : null);
            try {
                req.consumer.accept(snap);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "snapshot consumer failed", e);
            }
        }
    }

    private void emit(TrainingEvent event) {
        for (TrainingListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "training listener failed on " + event.getClass().getSimpleName(),
                        e);
            }
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /** The ND4J backend in words (see {@link BackendInfo}). */
    public static String backend() {
        try {
            return BackendInfo.describe().summary();
        } catch (RuntimeException | LinkageError e) {
            return "unknown (" + describe(e) + ")";
        }
    }

    /** Applies the spec's train/val limits (first N rows) in case the loader did not. */
    static Dataset withLimits(Dataset d, DataSpec spec) {
        Split train = limit(d.train(), spec.trainLimit());
        Split val = limit(d.val(), spec.valLimit());
        if (train == d.train() && val == d.val()) return d;
        return new Dataset(d.name(), d.inputShape(), d.classNames(), d.multiLabel(), train, val, d.origin());
    }

    private static Split limit(Split s, int limit) {
        if (limit <= 0 || s.size() <= limit) return s;
        Examples src = s.features();
        Examples head = new Examples() {
            @Override
            public int size() {
                return limit;
            }

            @Override
            public int featureCount() {
                return src.featureCount();
            }

            @Override
            public void copyRow(int row, float[] dst, int offset) {
                if (row >= limit) throw new IndexOutOfBoundsException("row " + row + " >= limit " + limit);
                src.copyRow(row, dst, offset);
            }
        };
        return new Split(head, Arrays.copyOf(s.targets(), limit * s.classes()), s.classes());
    }
}
