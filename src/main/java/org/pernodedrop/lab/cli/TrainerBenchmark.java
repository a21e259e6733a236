package org.pernodedrop.lab.cli;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.model.BuiltNetwork;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.train.BatchOrder;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import org.pernodedrop.lab.engine.train.TrainingRun;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code train --benchmark --out DIR}: the issue-4 targets on the default 2-D preset (2-16-16-2 MLP, batch 10,
 * pernode-bernoulli p = 0.5 in the slot, 500 spiral points of which 350 train):
 * <ol>
 *   <li>epochs per second of the whole trainer (steps, events, epoch-end evaluation of train and validation);</li>
 *   <li>step time of pernode-bernoulli against the same net with a plain dense slot ({@code none});</li>
 *   <li>throughput with a snapshot consumer at 20 Hz (masks of 3 samples, batch strip, weights, 64x64 surface)
 *       against none.</li>
 * </ol>
 * Variants are interleaved trial by trial and medians reported, so load from other processes hits both sides.
 */
final class TrainerBenchmark {

    static final int EPOCHS_PER_TRIAL = 10;
    static final int TRIALS = 3;
    static final int STEP_BLOCK = 100;
    static final int STEP_BLOCKS = 9;
    static final long SNAPSHOT_INTERVAL_MS = 50;

    private TrainerBenchmark() {
    }

    static int run(PrintWriter out, Path dir) throws Exception {
        ExperimentConfig base = ExperimentConfig.defaults();
        ExperimentConfig cfg = base.withTraining(base.training().withEpochs(EPOCHS_PER_TRIAL));
        Dataset data = Datasets.load(cfg.data(), cfg.seed());
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "trainer benchmark: %s, %s, %d train / %d val, batch %d, %s%n",
                cfg.data().name(), cfg.regularizer().preset() + " p=" + cfg.regularizer().rate(), data.train().size(),
                data.val().size(), cfg.training().batchSize(), Trainer.backend()));

        // 1 + 3: whole-trainer throughput, without and with a 20 Hz snapshot consumer, interleaved.
        trainerEpochsPerSecond(cfg, data, false); // warm-up (JIT, ND4J workspaces)
        double[] plain = new double[TRIALS];
        double[] snap = new double[TRIALS];
        double[] share = new double[TRIALS];
        double[] plainCpu = new double[TRIALS];
        double[] snapCpu = new double[TRIALS];
        int[] snapshots = new int[TRIALS];
        for (int t = 0; t < TRIALS; t++) {
            double[] p = trainerEpochsPerSecond(cfg, data, false);
            plain[t] = p[0];
            share[t] = p[2];
            plainCpu[t] = p[3];
            double[] s = trainerEpochsPerSecond(cfg, data, true);
            snap[t] = s[0];
            snapshots[t] = (int) s[1];
            snapCpu[t] = s[3];
        }
        double plainMed = median(plain);
        double snapMed = median(snap);
        report.append(String.format(Locale.ROOT, "epochs/s (whole trainer, %d epochs a trial, median of %d): %.2f  "
                + "trials %s; share of wall time in fit + validation pass %s%n", EPOCHS_PER_TRIAL, TRIALS, plainMed,
                Arrays.toString(round(plain)), Arrays.toString(round(share))));
        report.append(String.format(Locale.ROOT, "epochs per second of trainer-thread CPU time: %.2f without snapshots,"
                        + " %.2f with the %d ms consumer -> cost %.1f%% (trials %s / %s)%n", median(plainCpu),
                median(snapCpu), SNAPSHOT_INTERVAL_MS, 100 * (1 - median(snapCpu) / median(plainCpu)),
                Arrays.toString(round(plainCpu)), Arrays.toString(round(snapCpu))));
        report.append(String.format(Locale.ROOT, "epochs/s with a %d ms snapshot consumer: %.2f  trials %s "
                        + "(snapshots per trial %s) -> cost %.1f%%%n", SNAPSHOT_INTERVAL_MS, snapMed,
                Arrays.toString(round(snap)), Arrays.toString(snapshots), 100 * (1 - snapMed / plainMed)));

        // 2: step time, PerNodeDrop slot vs plain dense slot, alternating blocks on this thread.
        TrainingRun pnd = TrainingRun.create("bench-pnd", cfg, data);
        TrainingRun none = TrainingRun.create("bench-none", cfg.withRegularizer(RegularizerSpec.of("none", 0.0)), data);
        TrainingRun dense = TrainingRun.of("bench-dense", cfg, data, new BuiltNetwork(plainDense(cfg), 1, 1, 1,
                "mlp: dense16, DL4J DenseLayer 16, softmax2"));
        int[] order = BatchOrder.permutation(cfg.seed(), 1, data.train().size());
        int batch = cfg.training().batchSize();
        int steps = data.train().size() / batch;
        block(pnd, order, batch, steps, STEP_BLOCK);
        block(dense, order, batch, steps, STEP_BLOCK);
        block(none, order, batch, steps, STEP_BLOCK);
        double[] a = new double[STEP_BLOCKS];
        double[] b = new double[STEP_BLOCKS];
        double[] c = new double[STEP_BLOCKS];
        for (int k = 0; k < STEP_BLOCKS; k++) {
            a[k] = block(pnd, order, batch, steps, STEP_BLOCK);
            b[k] = block(dense, order, batch, steps, STEP_BLOCK);
            c[k] = block(none, order, batch, steps, STEP_BLOCK);
        }
        double am = median(a);
        double bm = median(b);
        double cm = median(c);
        report.append(String.format(Locale.ROOT, "step CPU time (median of %d blocks of %d steps): %s %.3f ms, DL4J "
                        + "DenseLayer slot %.3f ms -> ratio %.3f; slot preset none %.3f ms (ratio %.3f)%n  [%s]%n",
                STEP_BLOCKS, STEP_BLOCK, cfg.regularizer().preset(), am, bm, am / bm, cm, am / cm,
                pnd.built().description()));
        // The snapshot's own cost: thread CPU time of one snapshot (masks of 3 samples, batch strip, weights, 64x64
        // surface). At 20 Hz the trainer spends 20 x that per second of training.
        for (int k = 0; k < 10; k++) pnd.snapshot(1, new int[]{0, 1, 2}, null);
        double[] snapMs = new double[STEP_BLOCKS];
        for (int k = 0; k < STEP_BLOCKS; k++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (int r = 0; r < 20; r++) pnd.snapshot(1, new int[]{0, 1, 2}, null);
            snapMs[k] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6 / 20;
        }
        double sm = median(snapMs);
        report.append(String.format(Locale.ROOT, "one snapshot: %.3f ms CPU (median of %d x 20) -> at 20 Hz %.1f%% of "
                + "the trainer's time%n", sm, STEP_BLOCKS, 100 * 20 * sm / 1000));
        out.print(report);
        out.flush();
        if (dir != null) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("trainer-benchmark.txt"), report);
        }
        return 0;
    }

    /** The default preset's net with DL4J's own DenseLayer in the slot: the reference for the step-time target. */
    private static MultiLayerNetwork plainDense(ExperimentConfig cfg) {
        int hidden = cfg.model().hidden().get(0);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(cfg.seed())
                .dataType(DataType.FLOAT).updater(new Adam(cfg.training().learningRate()))
                .weightInit(WeightInit.XAVIER).list()
                .layer(0, new DenseLayer.Builder().nIn(2).nOut(hidden).activation(Activation.RELU).build())
                .layer(1, new DenseLayer.Builder().nIn(hidden).nOut(cfg.model().units()).activation(Activation.RELU)
                        .build())
                .layer(2, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(cfg.model().units()).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Milliseconds of this thread's CPU time per step over {@code n} steps: on a shared machine the wall time
     * measures the other processes too. (With OMP_NUM_THREADS=1 ND4J runs its ops on the calling thread, so the
     * thread's CPU time holds the whole step.)
     */
    private static double block(TrainingRun run, int[] order, int batch, int stepsPerEpoch, int n) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int s = 0; s < n; s++) run.fit(order, (s % stepsPerEpoch) * batch, batch);
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e6 / n;
    }

    /** {epochs per second, snapshots taken}, timed from the first step to the end of the run. */
    private static double[] trainerEpochsPerSecond(ExperimentConfig cfg, Dataset data, boolean snapshots)
            throws InterruptedException, IOException {
        Trainer t = new Trainer(cfg, "bench", data);
        long[] first = {0};
        long[] end = {0};
        AtomicInteger snaps = new AtomicInteger();
        double[] fitVal = {0};
        long[] cpu = {0, 0};
        List<String> failures = new ArrayList<>();
        t.addListener(e -> {
            if (e instanceof TrainingEvent.StepCompleted && first[0] == 0) {
                first[0] = System.nanoTime();
                cpu[0] = THREADS.getCurrentThreadCpuTime(); // listeners run on the trainer thread
            }
            if (e instanceof TrainingEvent.RunFinished) {
                end[0] = System.nanoTime();
                cpu[1] = THREADS.getCurrentThreadCpuTime();
            }
            if (e instanceof TrainingEvent.RunFailed f) failures.add(f.reason());
            if (e instanceof TrainingEvent.EpochCompleted ec) fitVal[0] += ec.metrics().epochSeconds();
        });
        if (snapshots) t.setSnapshotConsumer(s -> snaps.incrementAndGet(), SNAPSHOT_INTERVAL_MS, new int[]{0, 1, 2});
        t.start();
        t.awaitTermination(Long.MAX_VALUE);
        if (!failures.isEmpty()) throw new IOException("benchmark run failed: " + failures.get(0));
        double wall = (end[0] - first[0]) / 1e9;
        return new double[]{cfg.training().epochs() / wall, snaps.get(), fitVal[0] / wall,
                cfg.training().epochs() / ((cpu[1] - cpu[0]) / 1e9)};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.round(v[i] * 100) / 100.0;
        return r;
    }
}
