package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.Numbers;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.experiment.LessonClaim;
import org.pernodedrop.lab.engine.experiment.LessonResult;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.TeachingPreset;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Compare live: two to six configs trained in lock-step by one {@link Trainer} (same batches in the same order, same
 * initial weights), each a {@link VariantRun} with its loss history, newest mask and table row. The trainer thread only
 * queues (bounded) and stores the newest snapshot per run; an {@link AnimationTimer} drains at most
 * {@link #DRAIN_HZ} times a second on the FX thread. Finished epochs go to the shared {@link ResultsModel}, so the
 * generalization views fill in as the comparison runs.
 */
public final class CompareModel {

    public static final int MIN_VARIANTS = 2;
    public static final int MAX_VARIANTS = 6;
    /** Redraws per second: JFreeChart redraws whole charts, so 5 Hz (one drain every 200 ms) keeps them cheap. */
    public static final int DRAIN_HZ = 5;
    /** Step events kept between two drains; beyond this they are counted and dropped (never blocks the trainer). */
    static final int STEP_QUEUE_CAPACITY = 100_000;
    /** Steps over which the step rate is measured. */
    static final int STEP_TIMES = 64;
    /** A smooth live view: the step rate above which the curves and masks look continuous. */
    public static final double SMOOTH_STEPS_PER_SECOND = 20.0;
    /** Mask snapshots at most this often per run. */
    public static final long SNAPSHOT_INTERVAL_MS = 100;
    /** Exponential smoothing of the mini-batch loss curve, weight of the newest point. */
    static final double LOSS_SMOOTHING = 0.1;

    public enum State { IDLE, RUNNING, PAUSED, FINISHED }

    /** One run of the comparison, as the views see it (FX thread). */
    public static final class VariantRun {
        public final String runId;
        public final ExperimentConfig config;
        public final String label;
        public final List<double[]> batchLoss = new ArrayList<>(); // {x in epochs, smoothed loss}
        public final List<EpochMetrics> epochs = new ArrayList<>();
        public ViewSnapshot snapshot;
        double smoothed = Double.NaN;
        public String failure;
        /** The drop rate the masks really run at, from RunStarted (NaN until then). */
        double effectiveRate = Double.NaN;
        public int stepsPerEpoch;

        VariantRun(String runId, ExperimentConfig config, String label) {
            this.runId = runId;
            this.config = config;
            this.label = label;
        }

        public String variant() {
            return config.regularizer().preset();
        }

        public double rate() {
            return config.regularizer().rate();
        }

        public double latestBatchLoss() {
            return batchLoss.isEmpty() ? Double.NaN : batchLoss.get(batchLoss.size() - 1)[1];
        }
    }

    /** What the trainer factory builds: the lock-step trainer (tests may wrap it). */
    @FunctionalInterface
    public interface TrainerFactory {
        Trainer create(List<ExperimentConfig> configs, List<String> runIds);
    }

    private final ResultsModel results;
    private final TrainerFactory factory;
    private final ObservableList<VariantRun> variantRuns = FXCollections.observableArrayList();
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.IDLE);
    private final ReadOnlyDoubleWrapper stepsPerSecond = new ReadOnlyDoubleWrapper();
    private final ReadOnlyIntegerWrapper epochsDone = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper capacity = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("");
    private TeachingPreset lesson;
    private Trainer trainer;
    private Feed feed;
    private long lastDrain;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (now - lastDrain < 1_000_000_000L / DRAIN_HZ) return;
            lastDrain = now;
            drain();
        }
    };

    public CompareModel(ResultsModel results) {
        this(results, CompareModel::lockstep);
    }

    public CompareModel(ResultsModel results, TrainerFactory factory) {
        this.results = results;
        this.factory = factory;
        state.addListener((o, a, b) -> {
            switch (b) {
                case RUNNING -> job.running();
                case PAUSED -> job.paused();
                default -> job.ended();
            }
        });
    }

    private final org.pernodedrop.lab.app.jobs.JobLink job = new org.pernodedrop.lab.app.jobs.JobLink("Compare",
            () -> {
                if (state.get() == State.RUNNING) pauseResume();
            }, () -> {
                if (state.get() == State.PAUSED) pauseResume();
            });

    /** Makes the comparison one of the window's training jobs (one at a time). */
    public void setJobs(org.pernodedrop.lab.app.jobs.JobCoordinator coordinator) {
        job.setCoordinator(coordinator);
    }

    private static Trainer lockstep(List<ExperimentConfig> configs, List<String> ids) {
        return Trainer.lockstep(configs, ids, null);
    }

    /** The trainer-side hand-over of one comparison; a closed feed ignores late events. */
    private static final class Feed {
        final Queue<TrainingEvent> milestones = new ConcurrentLinkedQueue<>();
        final Queue<TrainingEvent.StepCompleted> steps = new ConcurrentLinkedQueue<>();
        final AtomicInteger queued = new AtomicInteger();
        final Map<String, ViewSnapshot> snapshots = new ConcurrentHashMap<>();
        /** Each run's provenance, captured on the trainer thread when it starts (it reads the backend and CPU). */
        final Map<String, org.pernodedrop.lab.engine.experiment.Provenance> provenance = new ConcurrentHashMap<>();
        volatile boolean closed;
        /** Arrival times of the newest steps of the first run (a lock-step step emits one event per run). */
        private final long[] stepTimes = new long[STEP_TIMES];
        private long stepCount;
        private String firstRun;

        Feed(String firstRun) {
            this.firstRun = firstRun;
        }

        /**
         * Lock-step steps per second from the median gap between the newest steps, so the epoch-end evaluation
         * pauses (a few long gaps) do not count as slow steps; NaN until enough steps arrived.
         */
        synchronized double medianStepsPerSecond() {
            int n = (int) Math.min(stepCount, STEP_TIMES);
            if (n < 4) return Double.NaN;
            long[] gaps = new long[n - 1];
            for (int k = 1; k < n; k++) {
                long a = stepTimes[(int) ((stepCount - n + k - 1) % STEP_TIMES)];
                long b = stepTimes[(int) ((stepCount - n + k) % STEP_TIMES)];
                gaps[k - 1] = b - a;
            }
            java.util.Arrays.sort(gaps);
            double median = gaps.length % 2 == 1 ? gaps[gaps.length / 2]
                    : (gaps[gaps.length / 2 - 1] + gaps[gaps.length / 2]) / 2.0;
            return median > 0 ? 1e9 / median : Double.NaN;
        }

        void onEvent(TrainingEvent e) {
            if (closed) return;
            if (e instanceof TrainingEvent.StepCompleted s) {
                if (s.runId().equals(firstRun)) {
                    synchronized (this) {
                        stepTimes[(int) (stepCount % STEP_TIMES)] = System.nanoTime();
                        stepCount++;
                    }
                }
                if (queued.incrementAndGet() > STEP_QUEUE_CAPACITY) {
                    queued.decrementAndGet();
                    return;
                }
                steps.add(s);
            } else {
                if (e instanceof TrainingEvent.RunStarted rs) {
                    provenance.put(rs.runId(), provenanceOf(rs));
                }
                milestones.add(e);
            }
        }

        void onSnapshot(ViewSnapshot s) {
            if (!closed && s != null) snapshots.put(s.runId(), s);
        }
    }

    /**
     * The provenance a CLI run would write for this run: backend, versions, machine, seed and where the data came
     * from (the trainer names a copy loaded from disk in its notes as "data from ...", else the data is embedded).
     */
    static org.pernodedrop.lab.engine.experiment.Provenance provenanceOf(TrainingEvent.RunStarted rs) {
        String origin = rs.notes().stream().filter(n -> n.startsWith(DATA_FROM)).map(n -> n.substring(
                DATA_FROM.length())).findFirst().orElse("embedded");
        return org.pernodedrop.lab.engine.experiment.Provenance.capture(rs.runId(), rs.config().seed(), origin);
    }

    private static final String DATA_FROM = "data from ";

    /**
     * Starts a comparison of {@code base} under each regularizer. Every config shares data, seed, epochs and batch,
     * so the trainer feeds them identical batches from identical initial weights.
     */
    public void start(ExperimentConfig base, List<RegularizerSpec> regularizers) {
        List<ExperimentConfig> configs = new ArrayList<>();
        for (RegularizerSpec r : regularizers) configs.add(base.withRegularizer(r));
        start(configs, null);
    }

    /**
     * Trains {@code configs} in lock-step (they must share data, seed, epochs and batch size). With a {@code lesson},
     * its claim is checked on these runs when they finish and the verdict shown ({@link #verdictProperty}).
     */
    public void start(List<ExperimentConfig> configs, TeachingPreset lesson) {
        if (configs.size() < MIN_VARIANTS || configs.size() > MAX_VARIANTS) {
            throw new IllegalArgumentException("compare takes " + MIN_VARIANTS + " to " + MAX_VARIANTS
                    + " variants, got " + configs.size());
        }
        stop();
        this.lesson = lesson;
        verdict.set("");
        String stamp = Trainer.newRunId("compare");
        List<String> ids = new ArrayList<>();
        variantRuns.clear();
        for (int i = 0; i < configs.size(); i++) {
            RegularizerSpec r = configs.get(i).regularizer();
            String id = stamp + "-" + (i + 1) + "-" + r.preset();
            ids.add(id);
            variantRuns.add(new VariantRun(id, configs.get(i), TeachingPreset.label(configs.get(i))));
        }
        epochsDone.set(0);
        stepsPerSecond.set(0);
        capacity.set("");
        message.set("");
        Feed f = new Feed(ids.get(0));
        feed = f;
        trainer = factory.create(configs, ids);
        trainer.addListener(f::onEvent);
        // the thumbnails draw masks only; the decision-surface grid cost ~100 ms per run and snapshot here
        trainer.setSurfaceInSnapshots(false);
        // sample 0 for the thumbnails; 0-3 so a lesson can check whether samples share a mask
        trainer.setSnapshotConsumer(f::onSnapshot, SNAPSHOT_INTERVAL_MS, new int[]{0, 1, 2, 3});
        revision.set(revision.get() + 1);
        state.set(State.RUNNING);
        timer.start();
        trainer.start();
    }

    public void pauseResume() {
        if (trainer == null) return;
        if (state.get() == State.RUNNING) {
            trainer.pause();
            state.set(State.PAUSED);
        } else if (state.get() == State.PAUSED) {
            trainer.resume();
            state.set(State.RUNNING);
        }
    }

    /**
     * Stops the comparison without waiting for it: the trainer is told to stop (it ends within a second, on its own
     * thread), what arrived so far is drained once more and stays on screen and in the results, and the feed is
     * closed so nothing the stopping trainer still sends reaches the views. The FX thread never joins the trainer.
     */
    public void stop() {
        if (trainer != null) {
            trainer.stop();
            drain();
            if (feed != null) feed.closed = true;
            trainer = null;
            if (state.get() == State.RUNNING || state.get() == State.PAUSED) state.set(State.FINISHED);
        }
        timer.stop();
    }

    public void shutdown() {
        stop();
    }

    /** Moves everything that arrived to the FX-side state (FX thread). */
    void drain() {
        Feed f = feed;
        if (f == null) return;
        Map<String, VariantRun> byId = new LinkedHashMap<>();
        for (VariantRun l : variantRuns) byId.put(l.runId, l);
        boolean changed = false;
        TrainingEvent.StepCompleted s;
        double sps = f.medianStepsPerSecond();
        while ((s = f.steps.poll()) != null) {
            f.queued.decrementAndGet();
            VariantRun l = byId.get(s.runId());
            if (l == null) continue;
            l.smoothed = Double.isNaN(l.smoothed) ? s.batchLoss()
                    : (1 - LOSS_SMOOTHING) * l.smoothed + LOSS_SMOOTHING * s.batchLoss();
            double x = (s.epoch() - 1) + (double) s.stepInEpoch() / Math.max(1, s.stepsPerEpoch());
            l.batchLoss.add(new double[]{x, l.smoothed});
            l.stepsPerEpoch = s.stepsPerEpoch();
            changed = true;
        }
        if (sps > 0 && changed) {
            stepsPerSecond.set(sps);
            capacity.set(capacityText(sps, variantRuns.size()));
        }
        List<RunRecord> newRecords = new ArrayList<>();
        TrainingEvent e;
        int finished = 0;
        while ((e = f.milestones.poll()) != null) {
            VariantRun l = byId.get(e.runId());
            if (l == null) continue;
            changed = true;
            if (e instanceof TrainingEvent.RunStarted rs) {
                l.effectiveRate = rs.effectiveRate();
                results.putConfig(l.runId, l.config);
                var p = f.provenance.get(l.runId);
                if (p != null) results.putProvenance(l.runId, p);
            } else if (e instanceof TrainingEvent.EpochCompleted ec) {
                EpochMetrics m = ec.metrics();
                l.epochs.add(m);
                newRecords.add(RunRecord.of(l.runId, l.config.data().name(), l.variant(), l.rate(),
                        l.config.model().units(), l.config.seed(), m, l.effectiveRate));
            } else if (e instanceof TrainingEvent.RunFailed rf) {
                l.failure = rf.reason();
                message.set(l.label + " failed: " + rf.reason());
            } else if (e instanceof TrainingEvent.RunFinished) {
                finished++;
            }
        }
        for (Map.Entry<String, ViewSnapshot> en : f.snapshots.entrySet()) {
            VariantRun l = byId.get(en.getKey());
            ViewSnapshot snap = f.snapshots.remove(en.getKey());
            if (l != null && snap != null) {
                l.snapshot = snap;
                changed = true;
            }
        }
        if (!newRecords.isEmpty()) results.append(newRecords);
        int minEpochs = variantRuns.stream().filter(l -> l.failure == null).mapToInt(l -> l.epochs.size()).min().orElse(0);
        epochsDone.set(minEpochs);
        if (changed) revision.set(revision.get() + 1);
        if (finished > 0 && trainer != null && !trainer.isAlive() && state.get() != State.IDLE) {
            state.set(State.FINISHED);
            timer.stop();
            checkLesson();
        } else if (trainer != null && !trainer.isAlive() && f.milestones.isEmpty() && f.steps.isEmpty()
                && state.get() == State.RUNNING) {
            state.set(State.FINISHED);
            timer.stop();
            checkLesson();
        }
    }

    /** Says whether the lesson's claim showed in the runs on screen (only for a lesson run to its last epoch). */
    private void checkLesson() {
        TeachingPreset l = lesson;
        if (l == null || variantRuns.isEmpty()) return;
        int planned = variantRuns.get(0).config.training().epochs();
        if (variantRuns.stream().anyMatch(x -> x.failure != null || x.epochs.size() < planned)) {
            verdict.set("The lesson's claim is checked when every run reaches its last epoch.");
            return;
        }
        List<ExperimentConfig> configs = variantRuns.stream().map(x -> x.config).toList();
        List<List<EpochMetrics>> histories = variantRuns.stream().map(x -> (List<EpochMetrics>) x.epochs).toList();
        List<org.pernodedrop.lab.engine.nn.MaskView> masks = variantRuns.stream()
                .map(x -> x.snapshot == null ? null : x.snapshot.masks()).toList();
        LessonClaim.Verdict v = l.claim().check(new LessonResult(configs, histories, masks));
        verdict.set((v.holds() ? "Seen in this run: " : "NOT seen in this run: ") + v.measured());
    }

    /** After a lesson's runs finish: whether its claim held here, with the numbers. Empty otherwise. */
    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /**
     * How many variants this machine keeps up with: in lock-step one step updates every network, so one network
     * update costs {@code 1 / (sps * n)} seconds, and a smooth view ({@link #SMOOTH_STEPS_PER_SECOND}) allows
     * {@code floor(sps * n / SMOOTH)} networks.
     */
    static String capacityText(double sps, int n) {
        double updates = sps * n;
        int keep = (int) Math.floor(updates / SMOOTH_STEPS_PER_SECOND);
        return Numbers.format("%.0f steps/s with %d variants (%.0f network updates/s): this machine "
                        + "keeps up with %s at %.0f steps/s", sps, n, updates,
                keep >= MAX_VARIANTS ? "all " + MAX_VARIANTS + " variants" : keep < 1 ? "fewer than one variant"
                        : keep + (keep == 1 ? " variant" : " variants"), SMOOTH_STEPS_PER_SECOND);
    }

    public ObservableList<VariantRun> variantRuns() {
        return variantRuns;
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    public ReadOnlyDoubleProperty stepsPerSecondProperty() {
        return stepsPerSecond.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty epochsDoneProperty() {
        return epochsDone.getReadOnlyProperty();
    }

    /** Ticks when anything the views draw changed (at most {@link #DRAIN_HZ} a second). */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty capacityProperty() {
        return capacity.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public void onEachLane(Consumer<VariantRun> c) {
        variantRuns.forEach(c);
    }
}
