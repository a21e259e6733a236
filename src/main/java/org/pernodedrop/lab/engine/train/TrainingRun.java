package org.pernodedrop.lab.engine.train;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Examples;
import org.pernodedrop.lab.engine.data.Split;
import org.pernodedrop.lab.engine.model.Backbones;
import org.pernodedrop.lab.engine.model.BuiltNetwork;
import org.pernodedrop.lab.engine.nn.MaskProbe;
import org.pernodedrop.lab.engine.nn.MaskView;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One network being trained on one dataset: the synchronous core the {@link Trainer} thread drives (and a sweep's
 * calibration uses directly). Whoever calls its methods owns the network; it is not thread safe.
 *
 * <p>The inner loop is kept lean for tiny nets, where DL4J's own overhead (~2.5 ms a step) dominates: the batch
 * {@link INDArray}s are allocated once per batch length and refilled in place, the loss is DL4J's already computed
 * score, and nothing is evaluated per step.
 */
public final class TrainingRun {

    /**
     * Loss in DL4J's convention (summed over outputs, averaged over examples), accuracy, per-class accuracy, and for
     * single-label data the confusion matrix (null for multi-label data, where a label is not one class).
     */
    public record Evaluation(double loss, double accuracy, float[] perClassAccuracy, ConfusionMatrix confusion) {
        public Evaluation(double loss, double accuracy, float[] perClassAccuracy) {
            this(loss, accuracy, perClassAccuracy, null);
        }
    }

    /** Softmax outputs are clipped to [eps, 1 - eps] before the log, as DL4J's LossMCXENT does. */
    static final double SOFTMAX_CLIP_EPS = 1e-10;
    /** Sigmoid outputs are clipped to [eps, 1 - eps], as DL4J's LossBinaryXENT does. */
    static final double SIGMOID_CLIP_EPS = 1e-5;
    /** An evaluation chunk aims at this much work, so a stop request is seen within a fraction of a second. */
    static final long EVAL_CHUNK_TARGET_NANOS = 100_000_000L;
    static final int EVAL_CHUNK_MAX_ROWS = 4096;
    /** Mask rows regenerated at once for the batch strip: bounded so a big layer never holds B*Din*Dout floats. */
    static final long STRIP_MAX_FLOATS = 4_000_000L;

    /** On the CPU backend an INDArray's buffer is the host memory, so batches are refilled in place. */
    private static final boolean HOST_BUFFERS = Nd4j.getEnvironment().isCPU();

    private final String runId;
    private final ExperimentConfig config;
    private final Dataset data;
    private final BuiltNetwork built;
    private final MultiLayerNetwork net;
    private final int nIn;
    private final int classes;
    private final boolean multiLabel;
    private final boolean imageInput;
    private final int replicas;

    private long step;
    private Batch full;
    private Batch tail;
    private int lastBatchRows;
    private double lastLoss = Double.NaN;
    private int evalChunkRows = 64;
    private final int evalMaxRows;

    /** Reusable batch buffers of one length: Java arrays filled row by row, copied once into ND4J. */
    private final class Batch {
        final int rows;
        final float[] x;
        final float[] y;
        final int[] ids;
        final INDArray xArr;
        final INDArray yArr;

        Batch(int rows) {
            this.rows = rows;
            x = new float[rows * nIn];
            y = new float[rows * classes];
            ids = new int[rows];
            xArr = Nd4j.create(DataType.FLOAT, inputShape(rows), 'c');
            yArr = Nd4j.create(DataType.FLOAT, new long[]{rows, classes}, 'c');
        }
    }

    /** Work of one update, for the native thread count (see {@link NativeThreads}). */
    private final long macsPerStep;

    private TrainingRun(String runId, ExperimentConfig config, Dataset data, BuiltNetwork built) {
        this.runId = runId;
        this.config = config;
        this.data = data;
        this.built = built;
        this.net = built.network();
        this.nIn = data.featureCount();
        this.classes = data.classes();
        this.multiLabel = data.multiLabel();
        this.replicas = Math.max(1, built.inferenceReplicas());
        this.evalMaxRows = MemoryEstimate.of(config, data.inputShape(), classes).maxInferenceRows(replicas);
        this.evalChunkRows = Math.min(evalChunkRows, evalMaxRows);
        // A conv first layer without a flat-input preprocessor wants [B, C, H, W]; everything else [B, features].
        boolean convolutional = net.getLayerWiseConfigurations().getConfs().stream()
                .anyMatch(c -> c.getLayer() instanceof ConvolutionLayer);
        this.macsPerStep = NativeThreads.macsPerStep(net.numParams(), config.training().batchSize(), convolutional);
        this.imageInput = data.inputShape().length == 3
                && net.getLayerWiseConfigurations().getConf(0).getLayer() instanceof ConvolutionLayer
                && net.getLayerWiseConfigurations().getInputPreProcess(0) == null;
    }

    /** Builds the network for {@code config} on the calling thread, which then owns it. */
    public static TrainingRun create(String runId, ExperimentConfig config, Dataset data) {
        BuiltNetwork built = Backbones.build(config.model(), config.regularizer(), data.inputShape(), data.classes(),
                data.multiLabel(), config.training().learningRate(), config.seed());
        return new TrainingRun(runId, config, data, built);
    }

    /** Wraps a network built elsewhere (benchmarks, tests); it must fit {@code data}'s input and classes. */
    public static TrainingRun of(String runId, ExperimentConfig config, Dataset data, BuiltNetwork built) {
        return new TrainingRun(runId, config, data, built);
    }

    public String runId() {
        return runId;
    }

    public ExperimentConfig config() {
        return config;
    }

    public BuiltNetwork built() {
        return built;
    }

    public Dataset data() {
        return data;
    }

    public long step() {
        return step;
    }

    /** The drop rate the slot's masks really have (what runs.csv records next to the requested rate). */
    public double effectiveRate() {
        return MaskProbe.effectiveRate(net.getLayer(built.slotLayerIndex()));
    }

    private long[] inputShape(int rows) {
        if (!imageInput) return new long[]{rows, nIn};
        int[] s = data.inputShape();
        return new long[]{rows, s[0], s[1], s[2]};
    }

    /**
     * One update on the training rows {@code order[from .. from + count)}; returns the mini-batch loss (noise on).
     * ND4J's generator is reseeded from {@code (seed, step)} first, so a run's noise does not depend on whatever
     * else ran on this thread before (several runs in lock-step stay identical to their solo runs).
     */
    public double fit(int[] order, int from, int count) {
        NativeThreads.applyFor(macsPerStep);
        Batch b = batch(count);
        Split s = data.train();
        Examples features = s.features();
        float[] targets = s.targets();
        for (int k = 0; k < count; k++) {
            int row = order[from + k];
            features.copyRow(row, b.x, k * nIn);
            System.arraycopy(targets, row * classes, b.y, k * classes, classes);
            b.ids[k] = row;
        }
        INDArray xa = b.xArr;
        INDArray ya = b.yArr;
        if (HOST_BUFFERS) {
            xa.data().setData(b.x);
            ya.data().setData(b.y);
        } else {
            // A device backend keeps its own copy of a buffer: fresh arrays keep host and device in step.
            xa = Nd4j.create(b.x, inputShape(count), 'c');
            ya = Nd4j.create(b.y, new long[]{count, classes}, 'c');
        }
        MaskProbe.setExampleIds(net, built.slotLayerIndex(), b.ids);
        step++;
        Nd4j.getRandom().setSeed(BatchOrder.stepSeed(config.seed(), step));
        net.fit(xa, ya);
        lastBatchRows = count;
        lastLoss = net.score();
        return lastLoss;
    }

    /** The mini-batch loss of the latest {@link #fit}. */
    public double lastLoss() {
        return lastLoss;
    }

    private Batch batch(int rows) {
        if (full == null || full.rows == rows) {
            if (full == null) full = new Batch(rows);
            return full;
        }
        if (tail == null || tail.rows != rows) tail = new Batch(rows);
        return tail;
    }

    /**
     * Inference-mode loss and accuracy over a whole split, in chunks sized to ~0.1 s of work; returns null as soon
     * as {@code stop} says so. Accuracy: single-label = argmax matches; multi-label (sigmoid outputs) = per-label
     * accuracy, the fraction of (example, label) pairs where {@code p >= 0.5} agrees with the target.
     * {@code perClassAccuracy[c]}: single-label = recall of class c (NaN if c is absent); multi-label = the
     * per-label accuracy of label c.
     */
    public Evaluation evaluate(Split split, BooleanSupplier stop) {
        int n = split.size();
        float[] perClass = new float[classes];
        if (n == 0) {
            Arrays.fill(perClass, Float.NaN);
            return new Evaluation(Double.NaN, Double.NaN, perClass);
        }
        double lossSum = 0;
        long correct = 0;
        long[] hit = new long[classes];
        long[] total = new long[classes];
        ConfusionMatrix.Counter confusion = multiLabel ? null : new ConfusionMatrix.Counter(data.classNames());
        float[] targets = split.targets();
        int r = 0;
        while (r < n) {
            if (stop.getAsBoolean()) return null;
            int c = Math.min(evalChunkRows, n - r);
            long t0 = System.nanoTime();
            float[] p = predict(split.features(), r, c);
            adaptChunk(c, System.nanoTime() - t0);
            for (int k = 0; k < c; k++) {
                int yo = (r + k) * classes;
                int po = k * classes;
                if (multiLabel) {
                    for (int j = 0; j < classes; j++) {
                        double pj = Math.min(1 - SIGMOID_CLIP_EPS, Math.max(SIGMOID_CLIP_EPS, p[po + j]));
                        double yj = targets[yo + j];
                        lossSum -= yj * Math.log(pj) + (1 - yj) * Math.log(1 - pj);
                        boolean ok = (p[po + j] >= 0.5f) == (yj >= 0.5);
                        total[j]++;
                        if (ok) {
                            hit[j]++;
                            correct++;
                        }
                    }
                } else {
                    int best = 0;
                    int label = 0;
                    for (int j = 0; j < classes; j++) {
                        double yj = targets[yo + j];
                        if (yj != 0) {
                            double pj = Math.min(1 - SOFTMAX_CLIP_EPS, Math.max(SOFTMAX_CLIP_EPS, p[po + j]));
                            lossSum -= yj * Math.log(pj);
                        }
                        if (p[po + j] > p[po + best]) best = j;
                        if (targets[yo + j] > targets[yo + label]) label = j;
                    }
                    total[label]++;
                    confusion.add(label, best);
                    if (best == label) {
                        hit[label]++;
                        correct++;
                    }
                }
            }
            r += c;
        }
        for (int j = 0; j < classes; j++) perClass[j] = total[j] == 0 ? Float.NaN : (float) hit[j] / total[j];
        double acc = (double) correct / ((long) n * (multiLabel ? classes : 1));
        return new Evaluation(lossSum / n, acc, perClass, confusion == null ? null : confusion.build());
    }

    private void adaptChunk(int rows, long nanos) {
        if (rows < evalChunkRows) return;
        if (nanos < EVAL_CHUNK_TARGET_NANOS / 2 && evalChunkRows < evalMaxRows) {
            evalChunkRows = Math.min(evalMaxRows, evalChunkRows * 2);
        } else if (nanos > EVAL_CHUNK_TARGET_NANOS * 2 && evalChunkRows > 1) {
            evalChunkRows = Math.max(1, evalChunkRows / 2);
        }
    }

    /**
     * Inference-mode class probabilities {@code [count * classes]} of rows {@code from .. from + count)}. With
     * {@code inferenceReplicas = n > 1} (Masksembles) the chunk is tiled n times as n contiguous groups
     * ({@code [x; x; ...; x]}, so group g sees every input under mask g) and the n outputs are averaged.
     */
    public float[] predict(Examples examples, int from, int count) {
        int rows = count * replicas;
        float[] x = new float[rows * nIn];
        for (int k = 0; k < count; k++) examples.copyRow(from + k, x, k * nIn);
        for (int g = 1; g < replicas; g++) System.arraycopy(x, 0, x, g * count * nIn, count * nIn);
        INDArray in = Nd4j.create(x, inputShape(rows), 'c');
        INDArray out = net.output(in, false);
        float[] m = rowMajor(out); // [rows * classes]
        // Free the off-heap buffers now instead of leaving them to the GC.
        if (out.closeable()) out.close();
        if (in.closeable()) in.close();
        float[] p = new float[count * classes];
        for (int g = 0; g < replicas; g++) {
            int base = g * count * classes;
            for (int i = 0; i < count * classes; i++) p[i] += m[base + i];
        }
        if (replicas > 1) {
            float inv = 1f / replicas;
            for (int i = 0; i < p.length; i++) p[i] *= inv;
        }
        return p;
    }

    private SurfaceGrid ownGrid;

    /**
     * A snapshot outside a {@link Trainer} (benchmarks, tools), with a decision surface on the default grid when the
     * data is 2-D. Same thread rule: only the owner of this run may call it.
     */
    public ViewSnapshot snapshot(int epoch, int[] maskSamples, float[] perClassAccuracy) {
        if (ownGrid == null) ownGrid = SurfaceGrid.forData(data, SurfaceGrid.DEFAULT_SIZE);
        return snapshot(epoch, maskSamples, perClassAccuracy, ownGrid);
    }

    /**
     * Class probabilities {@code [count * classes]} of rows {@code from .. from + count)} with the regularizer's
     * training-time noise left on: Monte Carlo pass {@code pass} (0, 1, ...) of MC inference (Gal and Ghahramani
     * 2016; see {@link org.pernodedrop.lab.engine.stats.MonteCarlo}). Dynamic masks are keyed by (step, row index in
     * {@code examples}), so a row's mask does not depend on the chunk it is predicted in, and each pass runs under its
     * own step key, {@code Integer.MAX_VALUE - pass} - a step training never reaches -
     * and ND4J's generator is reseeded from it; the network's iteration counts are restored afterwards, so training
     * can go on exactly as if no pass had run. Rows are one-by-one copies (no Masksembles tiling: its inference is
     * already an average over its masks).
     */
    public float[] predictStochastic(Examples examples, int from, int count, int pass) {
        if (pass < 0) throw new IllegalArgumentException("pass must be >= 0, got " + pass);
        int slot = built.slotLayerIndex();
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(slot);
        int savedNet = net.getIterationCount();
        int savedLayer = layer.getIterationCount();
        int key = Integer.MAX_VALUE - pass;
        float[] x = new float[count * nIn];
        int[] ids = new int[count];
        for (int k = 0; k < count; k++) {
            examples.copyRow(from + k, x, k * nIn);
            ids[k] = from + k;
        }
        INDArray in = Nd4j.create(x, inputShape(count), 'c');
        INDArray out;
        try {
            MaskProbe.setExampleIds(net, slot, ids);
            MaskProbe.setMonteCarloIds(net, slot, ids);
            net.setIterationCount(key);
            layer.setIterationCount(key);
            Nd4j.getRandom().setSeed(BatchOrder.stepSeed(config.seed(), key));
            out = net.output(in, true);
        } finally {
            MaskProbe.setMonteCarloIds(net, slot, null);
            net.setIterationCount(savedNet);
            layer.setIterationCount(savedLayer);
        }
        float[][] m = out.toFloatMatrix(); // [count][classes]
        float[] p = new float[count * classes];
        for (int k = 0; k < count; k++) System.arraycopy(m[k], 0, p, k * classes, classes);
        return p;
    }

    /**
     * Copies what the views draw into plain arrays. {@code maskSamples} are rows of the latest batch (rows beyond
     * it are left out). Runs an inference pass over {@code grid} when given (2-D data).
     */
    ViewSnapshot snapshot(int epoch, int[] maskSamples, float[] perClassAccuracy, SurfaceGrid grid) {
        return snapshot(epoch, maskSamples, perClassAccuracy, null, grid);
    }

    /** As above, with the latest epoch's confusion matrix for the views (null when none). */
    ViewSnapshot snapshot(int epoch, int[] maskSamples, float[] perClassAccuracy, ConfusionMatrix confusion,
                          SurfaceGrid grid) {
        int slot = built.slotLayerIndex();
        MaskView masks = null;
        float[] strip = null;
        if (lastBatchRows > 0) {
            int[] chosen = maskSamples == null ? new int[0]
                    : Arrays.stream(maskSamples).filter(s -> s >= 0 && s < lastBatchRows).toArray();
            if (chosen.length > 0) masks = MaskProbe.lastMasks(net, slot, chosen);
            strip = batchStrip(slot);
        }
        float[] weights = null;
        int din = 0;
        int dout = 0;
        INDArray w = slotWeights(slot);
        if (w != null && w.rank() == 2) {
            din = (int) w.size(0);
            dout = (int) w.size(1);
            weights = rowMajor(w); // [din * dout]
        }
        ViewSnapshot.DecisionSurface surface = grid == null ? null : grid.evaluate(this);
        return new ViewSnapshot(runId, epoch, step, masks, strip, weights, din, dout,
                perClassAccuracy == null ? null : perClassAccuracy.clone(), surface, confusion);
    }

    /**
     * The elements of a 2-D array in row-major order, with one native copy. (INDArray.toFloatMatrix copies row by
     * row, one native op per row: thousands of ops for a surface grid.)
     */
    static float[] rowMajor(INDArray a) {
        INDArray c = a.dataType() == DataType.FLOAT ? a.dup('c') : a.castTo(DataType.FLOAT).dup('c');
        float[] v = c.data().asFloat();
        if (v.length != a.length()) v = java.util.Arrays.copyOf(v, (int) a.length());
        if (c.closeable()) c.close();
        return v;
    }

    private INDArray slotWeights(int slot) {
        Map<String, INDArray> params = net.getLayer(slot).paramTable();
        INDArray w = params.get("W");
        if (w == null) {
            for (INDArray a : params.values()) {
                if (a.rank() == 2) return a;
            }
        }
        return w;
    }

    /**
     * {@code [batch * din]}: per row of the latest batch and per slot input, the fraction of that input's
     * connections the mask kept (nonzero). Masks are regenerated a few rows at a time.
     */
    private float[] batchStrip(int slot) {
        int rows = lastBatchRows;
        MaskView first = MaskProbe.lastMasks(net, slot, new int[]{0});
        if (first == null) return null;
        int din = first.din();
        int dout = first.dout();
        float[] strip = new float[rows * din];
        int chunk = (int) Math.max(1, Math.min(rows, STRIP_MAX_FLOATS / Math.max(1L, (long) din * dout)));
        for (int r0 = 0; r0 < rows; r0 += chunk) {
            int c = Math.min(chunk, rows - r0);
            int[] ids = new int[c];
            for (int k = 0; k < c; k++) ids[k] = r0 + k;
            MaskView mv = r0 == 0 && c == 1 ? first : MaskProbe.lastMasks(net, slot, ids);
            if (mv == null) return null;
            for (int k = 0; k < c; k++) {
                float[] m = mv.masks()[k]; // [din * dout]
                for (int i = 0; i < din; i++) {
                    int kept = 0;
                    for (int j = 0; j < dout; j++) if (m[i * dout + j] != 0f) kept++;
                    strip[(r0 + k) * din + i] = (float) kept / dout;
                }
            }
        }
        return strip;
    }
}
