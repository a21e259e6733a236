package org.pernodedrop.lab.engine.train;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.data.DenseExamples;
import org.pernodedrop.lab.engine.data.Examples;
import org.pernodedrop.lab.engine.data.Split;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pernodedrop.lab.engine.train.TinyRuns.numbers;
import static org.pernodedrop.lab.engine.train.TinyRuns.spiral;

class TrainerTest {

    private static List<EpochMetrics> train(ExperimentConfig c) throws InterruptedException {
        Trainer t = new Trainer(c);
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(120)).isTrue();
        assertThat(rec.of(TrainingEvent.RunFailed.class)).isEmpty();
        return rec.of(TrainingEvent.RunFinished.class).get(0).history();
    }

    @Test
    void sameConfigAndSeedGiveTheSameNumbers() throws Exception {
        ExperimentConfig c = spiral("dropout", 0.5, 3);
        List<EpochMetrics> a = train(c);
        List<EpochMetrics> b = train(c);
        assertThat(a).hasSize(3);
        assertThat(numbers(b)).isEqualTo(numbers(a));
        // ... and the seed matters (so the comparison above can fail).
        assertThat(numbers(train(c.withSeed(8)))).isNotEqualTo(numbers(a));
        for (EpochMetrics m : a) {
            assertThat(m.trainLoss()).isFinite().isPositive();
            assertThat(m.valAcc()).isBetween(0.0, 1.0);
            assertThat(m.epochSeconds()).isPositive();
        }
    }

    @Test
    void lockstepRunsMatchTheirSoloRunsAndShareTheBatches() throws Exception {
        ExperimentConfig a = spiral("dropout", 0.5, 2);
        ExperimentConfig b = spiral("none", 0.0, 2);
        Dataset data = Datasets.load(a.data(), a.seed());
        Trainer t = Trainer.lockstep(List.of(a, b), List.of("a", "b"), data);
        TinyRuns.Recorder rec = new TinyRuns.Recorder(2);
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(120)).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(th -> th.getName().equals("trainer") && th.isAlive()
                && !th.isDaemon());
        List<EpochMetrics> ha = rec.of(TrainingEvent.RunFinished.class, "a").get(0).history();
        List<EpochMetrics> hb = rec.of(TrainingEvent.RunFinished.class, "b").get(0).history();
        assertThat(numbers(ha)).isEqualTo(numbers(train(a)));
        assertThat(numbers(hb)).isEqualTo(numbers(train(b)));
        assertThat(rec.of(TrainingEvent.StepCompleted.class, "a")).hasSameSizeAs(
                rec.of(TrainingEvent.StepCompleted.class, "b"));
    }

    @Test
    void stopEndsTheRunWithinASecondMidEpoch() throws Exception {
        Trainer t = new Trainer(spiral("dropout", 0.5, 10_000), "long", null);
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        CountDownLatch stepped = new CountDownLatch(20);
        t.addListener(rec);
        t.addListener(e -> {
            if (e instanceof TrainingEvent.StepCompleted) stepped.countDown();
        });
        t.start();
        assertThat(stepped.await(60, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        t.stop();
        assertThat(t.awaitTermination(1000)).isTrue();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isLessThan(1000);
        TrainingEvent.RunFinished end = rec.of(TrainingEvent.RunFinished.class).get(0);
        assertThat(end.stopped()).isTrue();
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void stopDuringTheEpochEndEvaluationAbandonsIt() throws Exception {
        Trainer t = new Trainer(spiral("dropout", 0.5, 5), "eval-stop", null);
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        t.addListener(e -> {
            // The last step of epoch 1: the evaluation starts right after this listener returns.
            if (e instanceof TrainingEvent.StepCompleted s && s.stepInEpoch() == s.stepsPerEpoch()) t.stop();
        });
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(60)).isTrue();
        TrainingEvent.RunFinished end = rec.of(TrainingEvent.RunFinished.class).get(0);
        assertThat(end.stopped()).isTrue();
        assertThat(end.history()).isEmpty();
        assertThat(rec.of(TrainingEvent.EpochCompleted.class)).isEmpty();
    }

    @Test
    void aNaNInTheDataFailsTheRunAtTheStepThatSawIt() throws Exception {
        ExperimentConfig c = spiral("none", 0.0, 3);
        Dataset clean = Datasets.load(c.data());
        int n = clean.train().size();
        float[] x = new float[n * 2];
        for (int r = 0; r < n; r++) clean.train().features().copyRow(r, x, 2 * r);
        int poisoned = 13;
        x[2 * poisoned] = Float.NaN;
        Dataset bad = new Dataset(clean.name(), clean.inputShape(), clean.classNames(), false,
                new Split(new DenseExamples(x, 2), clean.train().targets(), 2), clean.val(), "test");
        int[] order = BatchOrder.permutation(c.seed(), 1, n);
        int position = 0;
        while (order[position] != poisoned) position++;
        long expectedStep = position / c.training().batchSize() + 1;

        Trainer t = new Trainer(c, "nan", bad);
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(60)).isTrue();
        assertThat(rec.of(TrainingEvent.RunFinished.class)).isEmpty();
        TrainingEvent.RunFailed f = rec.of(TrainingEvent.RunFailed.class).get(0);
        assertThat(f.step()).isEqualTo(expectedStep);
        assertThat(f.reason()).contains("NaN").contains("step " + expectedStep);
        assertThat(rec.of(TrainingEvent.StepCompleted.class)).hasSize((int) expectedStep - 1);
    }

    /** The spiral run whose training rows throw {@code error} when read; returns its failure. */
    private static TrainingEvent.RunFailed failureWhenRowsThrow(Error error) throws Exception {
        ExperimentConfig c = spiral("none", 0.0, 3);
        Dataset clean = Datasets.load(c.data());
        Examples rows = clean.train().features();
        Examples throwing = new Examples() {
            public int size() {
                return rows.size();
            }

            public int featureCount() {
                return rows.featureCount();
            }

            public void copyRow(int row, float[] dst, int offset) {
                throw error;
            }
        };
        Dataset bad = new Dataset(clean.name(), clean.inputShape(), clean.classNames(), false,
                new Split(throwing, clean.train().targets(), clean.train().classes()), clean.val(), "test");
        Trainer t = new Trainer(c, "error", bad);
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(60)).as("the run ends instead of hanging").isTrue();
        assertThat(rec.of(TrainingEvent.RunFinished.class)).isEmpty();
        return rec.of(TrainingEvent.RunFailed.class).get(0);
    }

    @Test
    void aClassTheRuntimeLacksFailsTheRunWithItsNameInsteadOfKillingTheThread() throws Exception {
        // the installed app's trimmed runtime once lacked jdk.management: the trainer thread died of a
        // NoClassDefFoundError at the first step and the CLI waited for ever
        TrainingEvent.RunFailed f = failureWhenRowsThrow(new NoClassDefFoundError("com/example/Missing"));
        assertThat(f.reason()).contains("com/example/Missing").contains("NoClassDefFoundError").contains("full JDK");
    }

    @Test
    void anyOtherErrorFailsTheRunWithItsNameAndCause() throws Exception {
        TrainingEvent.RunFailed overflow = failureWhenRowsThrow(new StackOverflowError());
        assertThat(overflow.reason()).endsWith("training failed at step 0: StackOverflowError");
        TrainingEvent.RunFailed init = failureWhenRowsThrow(
                new ExceptionInInitializerError(new IllegalStateException("no backend")));
        assertThat(init.reason()).contains("ExceptionInInitializerError (caused by IllegalStateException: no backend)")
                .doesNotContain("full JDK");
        TrainingEvent.RunFailed natives = failureWhenRowsThrow(new UnsatisfiedLinkError("no jniopenblas in path"));
        assertThat(natives.reason()).contains("UnsatisfiedLinkError: no jniopenblas in path")
                .doesNotContain("full JDK");
    }

    @Test
    void aHugeNetworkIsRefusedBeforeItStartsWithTheEstimate() throws Exception {
        ExperimentConfig c = spiral("pernode-bernoulli", 0.5, 1);
        c = c.withModel(c.model().withUnits(400_000_000));
        Trainer t = new Trainer(c, "huge", null);
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(60)).isTrue();
        TrainingEvent.RunFailed f = rec.of(TrainingEvent.RunFailed.class).get(0);
        assertThat(f.step()).isZero();
        assertThat(f.reason()).contains("memory estimate").contains("GB").contains("parameters");
        assertThat(rec.of(TrainingEvent.RunStarted.class)).isEmpty();
    }

    @Test
    void stepBatchStepEpochPauseAndResume() throws Exception {
        Trainer t = new Trainer(spiral("dropout", 0.5, 3), "steps", null);
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        t.addListener(rec);
        t.stepBatch();
        waitFor(() -> t.isPaused() && rec.of(TrainingEvent.StepCompleted.class).size() == 1);
        Thread.sleep(200);
        assertThat(rec.of(TrainingEvent.StepCompleted.class)).hasSize(1);
        t.stepBatch();
        waitFor(() -> rec.of(TrainingEvent.StepCompleted.class).size() == 2 && t.isPaused());
        assertThat(rec.of(TrainingEvent.StepCompleted.class).get(1).step()).isEqualTo(2);
        t.stepEpoch();
        waitFor(() -> rec.of(TrainingEvent.EpochCompleted.class).size() == 1 && t.isPaused());
        Thread.sleep(200);
        assertThat(rec.of(TrainingEvent.StepCompleted.class)).hasSize(7);
        t.resume();
        assertThat(rec.awaitEnd(60)).isTrue();
        assertThat(rec.of(TrainingEvent.RunFinished.class).get(0).history()).hasSize(3);
        // Stepping gives the same numbers as running straight through.
        assertThat(numbers(rec.of(TrainingEvent.RunFinished.class).get(0).history()))
                .isEqualTo(numbers(train(spiral("dropout", 0.5, 3))));
    }

    @Test
    void snapshotsCarryWeightsAccuracyAndASurface() throws Exception {
        Trainer t = new Trainer(spiral("dropout", 0.5, 2), "snap", null);
        List<ViewSnapshot> snaps = new CopyOnWriteArrayList<>();
        AtomicLong onTrainer = new AtomicLong();
        t.setSnapshotConsumer(s -> {
            snaps.add(s);
            if (Thread.currentThread().getName().equals(Trainer.THREAD_NAME)) onTrainer.incrementAndGet();
        }, 0, new int[]{0, 3, 99});
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(60)).isTrue();
        assertThat(snaps).hasSizeGreaterThanOrEqualTo(14);
        assertThat(onTrainer.get()).isEqualTo(snaps.size());
        ViewSnapshot last = snaps.get(snaps.size() - 1);
        assertThat(last.runId()).isEqualTo("snap");
        assertThat(last.slotIn()).isEqualTo(8);
        assertThat(last.slotOut()).isEqualTo(8);
        assertThat(last.slotWeights()).hasSize(64);
        assertThat(last.perClassAccuracy()).hasSize(2);
        ViewSnapshot.DecisionSurface s = last.surface();
        assertThat(s.width()).isEqualTo(Trainer.SURFACE_GRID);
        assertThat(s.values()).hasSize(s.width() * s.height());
        for (float v : s.values()) assertThat(v).isBetween(0f, 1f);
        assertThat(s.xMin()).isLessThan(s.xMax());
    }

    @Test
    void epochEndsRespectTheSnapshotInterval() throws Exception {
        // A snapshot of a 2-D run carries a decision-surface inference over the whole grid, so one per epoch (10
        // steps here) dominated the window's training time. With an interval of an hour a 5-epoch run gets the
        // snapshot of its first step and the one after its last epoch, and none in between.
        Trainer t = new Trainer(spiral("dropout", 0.5, 5), "paced", null);
        List<ViewSnapshot> snaps = new CopyOnWriteArrayList<>();
        t.setSnapshotConsumer(snaps::add, 3_600_000, new int[]{0});
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(60)).isTrue();
        assertThat(snaps).hasSize(2);
        assertThat(snaps.get(0).epoch()).isEqualTo(1);
        assertThat(snaps.get(1).epoch()).isEqualTo(5);
        assertThat(snaps.get(1).perClassAccuracy()).isNotNull();
    }

    @Test
    void perNodeSnapshotsHoldTheMasksOfTheLatestBatchAndTheirKeptFractions() throws Exception {
        Trainer t = new Trainer(spiral("pernode-bernoulli", 0.5, 1), "pnd", null);
        List<ViewSnapshot> snaps = new CopyOnWriteArrayList<>();
        t.setSnapshotConsumer(snaps::add, 0, new int[]{0, 3, 99});
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(60)).isTrue();
        ViewSnapshot s = snaps.get(0);
        assertThat(s.masks()).isNotNull();
        assertThat(s.masks().samples()).containsExactly(0, 3); // row 99 is not in a batch of 10
        int din = s.masks().din();
        int dout = s.masks().dout();
        assertThat(din).isEqualTo(8);
        assertThat(s.batchStrip()).hasSize(10 * din);
        // The strip is the kept fraction of each row's connections: recount it from the masks of row 3.
        float[] m3 = s.masks().masks()[1];
        for (int i = 0; i < din; i++) {
            int kept = 0;
            for (int j = 0; j < dout; j++) if (m3[i * dout + j] != 0f) kept++;
            assertThat(s.batchStrip()[3 * din + i]).isEqualTo((float) kept / dout);
        }
        // Bernoulli(q = 0.5) over 10 x 8 x 8 connections: the mean kept fraction is 0.5 +- 0.06 (3 sigma).
        double mean = 0;
        for (float v : s.batchStrip()) mean += v;
        mean /= s.batchStrip().length;
        assertThat(mean).isBetween(0.44, 0.56);
    }

    @Test
    void masksemblesBatchesAreMultiplesOfTheMaskCountAndSaySo() throws Exception {
        ExperimentConfig c = spiral("masksembles", 0.3, 2);
        c = c.withModel(new org.pernodedrop.lab.engine.config.ModelSpec("mlp", 16, List.of(16), List.of()));
        Trainer t = new Trainer(c, "ms", null);
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(60)).isTrue();
        assertThat(rec.of(TrainingEvent.RunFailed.class)).isEmpty();
        TrainingEvent.RunStarted rs = rec.of(TrainingEvent.RunStarted.class).get(0);
        // 4 masks: batch 10 -> 12; 70 rows = 5 x 12 + 10, and the last 10 -> 8 (2 rows dropped): 6 steps.
        assertThat(rs.batchSize()).isEqualTo(12);
        assertThat(rs.stepsPerEpoch()).isEqualTo(6);
        assertThat(rs.notes()).anyMatch(n -> n.contains("raised to 12")).anyMatch(n -> n.contains("last 2 rows"));
        for (EpochMetrics m : rec.of(TrainingEvent.RunFinished.class).get(0).history()) {
            assertThat(m.valLoss()).isFinite();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!cond.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached in time").isLessThan(end);
            Thread.sleep(10);
        }
    }
}
