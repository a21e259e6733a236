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

    private enum StepMode { RUN, BATCH, EPOCH }

    private record SnapshotRequest(Consumer<ViewSnapshot> consumer, long intervalNanos, int[] samples) {
    }

    private final List<ExperimentConfig> configs;
    private final List<String> runIds;
    private final Dataset preloaded;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private volatile SnapshotRequest snapshotRequest;
    private volatile boolean surfaceInSnapshots = true;

    private final Object lock = new Object();
    private Thread thread; // guarded by lock
    private volatile boolean paused;
    private volatile StepMode stepMode = StepMode.RUN;
    private volatile boolean stopRequested;
    /** Steps per second the run may not exceed; 0 = as fast as it goes. */
    private volatile double maxStepsPerSecond;

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
        synchronized (lock) {
            stepMode = StepMode.RUN;
            paused = false;
            ensureThread();
            lock.notifyAll();
        }
    }

    /** Pauses after the current step (or evaluation chunk); before start, the thread will start paused. */
    public void pause() {
        synchronized (lock) {
            paused = true;
        }
    }

    /** Resumes a paused run at full speed; does not start a run that was never started. */
    public void resume() {
        synchronized (lock) {
            stepMode = StepMode.RUN;
            paused = false;
            lock.notifyAll();
        }
    }

    /** Runs exactly one mini-batch, then pauses (starts the thread if needed). */
    public void stepBatch() {
        synchronized (lock) {
            stepMode = StepMode.BATCH;
            paused = false;
            ensureThread();
            lock.notifyAll();
        }
    }

    /** Runs to the end of the current epoch (including its evaluation), then pauses. */
    public void stepEpoch() {
        synchronized (lock) {
            stepMode = StepMode.EPOCH;
            paused = false;
            ensureThread();
            lock.notifyAll();
        }
    }

    /**
     * Caps the training speed at {@code stepsPerSecond} mini-batch steps a second (0: as fast as possible), so a class
     * can watch the masks change. The trainer thread waits before a step until 1 / cap seconds have passed since the
     * previous step began; a single step (S) is never held back. Takes effect at once, also while waiting.
     */
    public void setMaxStepsPerSecond(double stepsPerSecond) {
        if (!(stepsPerSecond >= 0) || Double.isInfinite(stepsPerSecond)) {
            throw new IllegalArgumentException("steps per second must be a finite number >= 0 (0 = no cap), got "
                    + stepsPerSecond);
        }
        synchronized (lock) {
            maxStepsPerSecond = stepsPerSecond;
            lock.notifyAll();
        }
    }

    public double maxStepsPerSecond() {
        return maxStepsPerSecond;
    }

    /** Ends the run within 1 s, even mid-epoch or mid-evaluation; a {@code RunFinished(stopped = true)} follows. */
    public void stop() {
        synchronized (lock) {
            stopRequested = true;
            lock.notifyAll();
        }
    }

    public boolean isPaused() {
        return paused;
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

    private long pausedNanos;
    private boolean waited;

    /** Blocks while paused; false when a stop was requested. */
    /**
     * Holds the step that is about to begin until {@code 1 / maxStepsPerSecond} seconds after {@code lastStart} (the
     * previous step's start); returns false on a stop request. A pause during the wait is honoured by the following
     * {@link #awaitGo}; a stepped batch goes at once.
     */
    private boolean pace(long lastStart) {
        if (lastStart == 0 || maxStepsPerSecond <= 0) return !stopRequested;
        synchronized (lock) {
            try {
                while (!stopRequested && !paused && stepMode != StepMode.BATCH) {
                    double cap = maxStepsPerSecond;
                    if (cap <= 0) break;
                    long left = lastStart + (long) (1e9 / cap) - System.nanoTime();
                    if (left <= 0) break;
                    lock.wait(Math.max(1, (left + 999_999) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested = true;
            }
        }
        return !stopRequested;
    }

    private boolean awaitGo() {
        if (stopRequested) return false;
        if (!paused) return true;
        synchronized (lock) {
            long t0 = System.nanoTime();
            try {
                while (paused && !stopRequested) lock.wait(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested = true;
            }
            pausedNanos += System.nanoTime() - t0;
            waited = true;
        }
        return !stopRequested;
    }

    private void runLoop() {
        List<RunInTraining> active = new ArrayList<>();
        long step = 0;
        try {
            ExperimentConfig first = configs.get(0);
            Dataset data = withLimits(preloaded != null ? preloaded : Datasets.load(first.data(), first.seed()), first.data());

            long need = 0;
            List<MemoryEstimate> estimates = new ArrayList<>();
            for (ExperimentConfig c : configs) {
                MemoryEstimate e = MemoryEstimate.of(c, data.inputShape(), data.classes());
                estimates.add(e);
                need += e.totalBytes();
            }
            long available = MemoryEstimate.availableBytes();
            if (need > available) {
                String why = configs.size() == 1 ? estimates.get(0).refusal(available)
                        : "memory estimate " + MemoryEstimate.gb(need) + " for " + configs.size()
                        + " runs in lock-step exceeds the " + MemoryEstimate.gb(available) + " ND4J can still allocate";
                for (String id : runIds) emit(new TrainingEvent.RunFailed(id, 0, why));
                return;
            }
            if (stopRequested) {
                for (String id : runIds) emit(new TrainingEvent.RunFinished(id, List.of(), true));
                return;
            }
            for (int i = 0; i < configs.size(); i++) {
                active.add(new RunInTraining(TrainingRun.create(runIds.get(i), configs.get(i), data)));
            }

            // Batch plan shared by every run: a Masksembles slot needs batches that are multiples of its mask count.
            List<String> notes = new ArrayList<>();
            // which copy was loaded (a named folder, the user's download or the system package): say it every time
            if (!"embedded".equals(data.origin())) notes.add("data from " + data.origin());
            int multiple = 1;
            for (RunInTraining a : active) multiple = lcm(multiple, Math.max(1, a.run.built().trainBatchMultiple()));
            int batch = first.training().batchSize();
            if (batch % multiple != 0) {
                int raised = (batch / multiple + 1) * multiple;
                notes.add("batch size " + batch + " raised to " + raised + ": the slot needs a multiple of "
                        + multiple);
                batch = raised;
            }
            for (RunInTraining a : active) {
                RegularizerSpec r = a.run.config().regularizer();
                if (r.preset().equals("masksembles") && r.rate() > 0) {
                    Masksembles.ScaleForRate sr = Masksembles.scaleForRate(r.rate(), r.masks());
                    if (sr.clamped()) {
                        notes.add(String.format(Locale.ROOT, "%s: Masksembles rate %s needs a scale above %.0f; "
                                        + "clamped to %.0f (expected dropped fraction %.3f)", a.run.runId(), r.rate(),
                                Masksembles.MAX_SCALE, sr.scale(),
                                Masksembles.droppedFraction(sr.scale(), r.masks())));
                    }
                }
            }
            int nTrain = data.train().size();
            int usable = nTrain - (nTrain % batch) % multiple;
            if (usable < nTrain) {
                notes.add("the last " + (nTrain - usable) + " rows of each epoch's order are dropped: the last "
                        + "partial batch must be a multiple of " + multiple);
            }
            int stepsPerEpoch = (usable + batch - 1) / batch;
            if (stepsPerEpoch == 0) {
                String why = "the training set has " + nTrain + " rows, fewer than one batch that is a multiple of "
                        + multiple;
                for (String id : runIds) emit(new TrainingEvent.RunFailed(id, 0, why));
                return;
            }
            SurfaceGrid grid = SurfaceGrid.forData(data, SurfaceGrid.DEFAULT_SIZE);
            String backend = backend();
            double chance = Generalization.chanceAccuracy(data.val().size() > 0 ? data.val() : data.train(),
                    data.multiLabel());
            for (RunInTraining a : active) {
                emit(new TrainingEvent.RunStarted(a.run.runId(), a.run.config(), stepsPerEpoch, nTrain,
                        data.val().size(), backend, batch, a.run.built().description(), notes,
                        a.run.effectiveRate(), chance));
            }

            long lastSnapshot = 0;
            double stepsPerSecond = 0;
            long lastStepEnd = 0;
            long lastStepStart = 0;
            // epochs = 0 is "until stopped": the loop ends only through a stop request (or every run failing)
            int epochs = first.training().untilStopped() ? Integer.MAX_VALUE : first.training().epochs();
            for (int epoch = 1; epoch <= epochs; epoch++) {
                int[] order = BatchOrder.permutation(first.seed(), epoch, nTrain);
                for (RunInTraining a : active) {
                    a.lossSum = 0;
                    a.fitNanos = 0;
                }
                for (int s = 0; s < stepsPerEpoch; s++) {
                    waited = false;
                    if (!pace(lastStepStart) || !awaitGo()) {
                        finishStopped(active);
                        return;
                    }
                    lastStepStart = System.nanoTime();
                    int from = s * batch;
                    int count = Math.min(batch, usable - from);
                    step++;
                    for (RunInTraining a : active) {
                        if (a.failed) continue;
                        long t0 = System.nanoTime();
                        double loss = a.run.fit(order, from, count);
                        a.fitNanos += System.nanoTime() - t0;
                        if (!Double.isFinite(loss)) {
                            a.failed = true;
                            emit(new TrainingEvent.RunFailed(a.run.runId(), step, String.format(Locale.ROOT,
                                    "the loss became %s at step %d (epoch %d, batch %d of %d); the learning rate %s "
                                            + "is probably too high for this model", loss, step, epoch, s + 1,
                                    stepsPerEpoch, a.run.config().training().learningRate())));
                            continue;
                        }
                        a.lossSum += loss;
                    }
                    if (active.stream().allMatch(a -> a.failed)) return;
                    long now = System.nanoTime();
                    if (lastStepEnd > 0 && !waited) {
                        double inst = 1e9 / Math.max(1, now - lastStepEnd);
                        stepsPerSecond = stepsPerSecond == 0 ? inst : 0.9 * stepsPerSecond + 0.1 * inst;
                    }
                    lastStepEnd = now;
                    for (RunInTraining a : active) {
                        if (a.failed) continue;
                        emit(new TrainingEvent.StepCompleted(a.run.runId(), epoch, step, s + 1, stepsPerEpoch,
                                a.run.lastLoss(), stepsPerSecond));
                    }
                    boolean pauseNow = false;
                    if (stepMode == StepMode.BATCH) {
                        synchronized (lock) {
                            if (stepMode == StepMode.BATCH) {
                                paused = true;
                                stepMode = StepMode.RUN;
                                pauseNow = true;
                            }
                        }
                    }
                    SnapshotRequest req = snapshotRequest;
                    if (req != null && (pauseNow || now - lastSnapshot >= req.intervalNanos)) {
                        snapshot(active, req, epoch, grid);
                        lastSnapshot = System.nanoTime();
                    }
                    if (pauseNow) emitPaused(active, epoch, step);
                }

                for (RunInTraining a : active) {
                    if (a.failed) continue;
                    TrainingRun.Evaluation train = a.run.evaluate(data.train(), () -> stopRequested);
                    long v0 = System.nanoTime();
                    TrainingRun.Evaluation val = train == null ? null
                            : a.run.evaluate(data.val(), () -> stopRequested);
                    long valNanos = System.nanoTime() - v0;
                    if (val == null) {
                        finishStopped(active);
                        return;
                    }
                    EpochMetrics m = new EpochMetrics(epoch, a.lossSum / stepsPerEpoch, train.loss(),
                            train.accuracy(), val.loss(), val.accuracy(), (a.fitNanos + valNanos) / 1e9);
                    a.history.add(m);
                    a.perClass = data.val().size() > 0 ? val.perClassAccuracy() : train.perClassAccuracy();
                    a.confusion = data.val().size() > 0 ? val.confusion() : train.confusion();
                    emit(new TrainingEvent.EpochCompleted(a.run.runId(), m));
                }
                boolean pauseNow = false;
                if (stepMode == StepMode.EPOCH && epoch < epochs) {
                    synchronized (lock) {
                        if (stepMode == StepMode.EPOCH) {
                            paused = true;
                            stepMode = StepMode.RUN;
                            pauseNow = true;
                        }
                    }
                }
                SnapshotRequest req = snapshotRequest;
                if (req != null && (pauseNow || epoch == epochs || System.nanoTime() - lastSnapshot >= req.intervalNanos)) {
                    // The epoch's per-class accuracies ride on the next snapshot. An unconditional snapshot here cost
                    // the 2-D scenarios one decision-surface inference per 10 steps, whatever the requested interval:
                    // the window trained at 13-36 % of the headless speed (issue 10).
                    snapshot(active, req, epoch, grid);
                    lastSnapshot = System.nanoTime();
                }
                if (pauseNow) emitPaused(active, epoch, step);
            }
            Consumer<TrainingRun> hook = afterTraining;
            if (hook != null) {
                for (RunInTraining a : active) if (!a.failed) hook.accept(a.run);
            }
            for (RunInTraining a : active) {
                if (!a.failed) emit(new TrainingEvent.RunFinished(a.run.runId(), List.copyOf(a.history), false));
            }
        } catch (DatasetException e) {
            for (String id : runIds) emit(new TrainingEvent.RunFailed(id, step, "bad data: " + e.getMessage()));
        } catch (OutOfMemoryError e) {
            failActive(active, step, "out of memory at step " + step + ": " + e.getMessage()
                    + "; lower the units or the batch size, or raise -Xmx");
        } catch (RuntimeException e) {
            failActive(active, step, "training failed at step " + step + ": " + describe(e));
        }
    }

    private void emitPaused(List<RunInTraining> active, int epoch, long step) {
        for (RunInTraining a : active) {
            if (!a.failed) emit(new TrainingEvent.RunPaused(a.run.runId(), epoch, step));
        }
    }

    private void failActive(List<RunInTraining> active, long step, String why) {
        if (active.isEmpty()) {
            for (String id : runIds) emit(new TrainingEvent.RunFailed(id, step, why));
            return;
        }
        for (RunInTraining a : active) {
            if (!a.failed) emit(new TrainingEvent.RunFailed(a.run.runId(), step, why));
        }
    }

    private void finishStopped(List<RunInTraining> active) {
        for (RunInTraining a : active) {
            if (!a.failed) emit(new TrainingEvent.RunFinished(a.run.runId(), List.copyOf(a.history), true));
        }
    }

    private void snapshot(List<RunInTraining> active, SnapshotRequest req, int epoch, SurfaceGrid grid) {
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
