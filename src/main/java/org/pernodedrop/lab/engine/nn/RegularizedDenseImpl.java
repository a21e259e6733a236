package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Mode;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Sharing;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Target;

/**
 * Forward and backward of {@link RegularizedDense}. Shapes: x [B, din], W [din, dout], b [1, dout].
 *
 * <p>Paths (chosen from the axes):
 * <ul>
 *   <li>PLAIN: {@code z = mean * x W + b} (no mask, or inference of dynamic / fixed-per-sample variants,
 *       mean = E[m], 1 for the built-in stirs).</li>
 *   <li>UNIT: {@code z = (x .* U) W + b}, U [B, din] (dropout, Gaussian dropout, Masksembles groups).</li>
 *   <li>SHARED: {@code z = x (W .* M) + b}, one M [din, dout] for the whole batch (batch DropConnect,
 *       fixed-per-model).</li>
 *   <li>ROWS: per-sample per-connection masks through {@link RowMaskKernel}, regenerated, never stored.</li>
 *   <li>LRT: per-sample Gaussian by local reparameterization,
 *       {@code z = x W + b + sd * sqrt((x.*x)(W.*W)) .* eps}, eps [B, dout]. For partial-Gaussian the variance
 *       product is gated: {@code v[b, j] = sum_i G[b, i, j] x[b, i]^2 W[i, j]^2} with per-sample per-connection
 *       gates G (Bernoulli, rate p), the masked product of {@link RowMaskKernel} on x.*x and W.*W; given x and G
 *       the pre-activation is exactly Gaussian, so only the N(1, sigma^2) values are marginalised, not the gates.</li>
 * </ul>
 * The step that keys dynamic masks is DL4J's iteration count, which is constant within one step (so forward
 * and backward, and a gradient check, see the same mask) and advances after each update.
 */
public class RegularizedDenseImpl extends BaseLayer<RegularizedDense> {

    enum Path { PLAIN, UNIT, SHARED, ROWS, LRT }

    private transient MaskSource source;
    private transient MaskSource gates;
    private transient float[][] groupMasks;
    private transient INDArray fixedShared;
    private transient int[] exampleIds;
    /** Set during Monte Carlo passes: the data index of each batch row, which then keys its dynamic mask. */
    private transient int[] monteCarloIds;

    private transient long lastStep = -1;
    private transient int lastBatch;
    private transient long[] lastSamples;

    /**
     * What the training forward pass computed, detached from DL4J's workspaces, so that the backward pass of the
     * same step (same input object, same step) reuses it instead of recomputing: the pre-activation z [B, dout]
     * and the path's extras (the unit mask U [B, din] and x.*U, or the shared mask M and W.*M; LRT's state; for
     * float ROWS the Java copies of x and W, which the backward kernel reads again).
     */
    private record StepCache(INDArray input, long step, INDArray z, INDArray mask, INDArray masked, Lrt lrt,
                             float[] xf, float[] wf) {
    }

    /**
     * LRT state of a step: per [B, dout] element sd * eps / s (0 at s = 0); for Gaussian x.*x [B, din] and W.*W
     * [din, dout]; for float partial-Gaussian the Java copies of x and W (row-major), whose squares are the
     * StepCache's xf and wf.
     */
    private record Lrt(double[] noiseOverS, INDArray x2, INDArray w2, float[] x, float[] w) {
    }

    private transient StepCache cache;
    private transient SlotBuffers kept;

    private SlotBuffers kept() {
        if (kept == null) kept = new SlotBuffers();
        return kept;
    }

    /** A kept native array while training; a fresh one otherwise, so that inference never overwrites a step's. */
    private INDArray buffer(boolean training, SlotBuffers.Native role, char order, long... shape) {
        return training ? kept().array(role, dataType, order, shape) : fresh(order, shape);
    }

    /** The backward pass's kept dW^T [dout, din], row-major. */
    private INDArray dwT(int din, int dout) {
        return kept().array(SlotBuffers.Native.DW_T, dataType, 'c', dout, din);
    }

    /**
     * {@code op(a) op(b)} into the row-major {@code out}, by BLAS gemm; with {@code accumulate} added to what
     * {@code out} holds. (INDArray.mmul was measured 3-6x slower for the slot's shapes on the CPU backend - 4.4
     * instead of 1.2 ms for x W at [128, 3136] x [3136, 128], 7.6 instead of 1.3 ms for x^T delta - as it returns a
     * column-major result by another route.)
     */
    private static INDArray product(INDArray a, boolean transA, INDArray b, boolean transB, INDArray out,
                                    boolean accumulate) {
        return Nd4j.gemm(a, b, out, transA, transB, 1.0, accumulate ? 1.0 : 0.0);
    }

    private static INDArray product(INDArray a, boolean transA, INDArray b, boolean transB, INDArray out) {
        return product(a, transA, b, transB, out, false);
    }

    /** A fresh row-major array outside the workspaces. */
    private INDArray fresh(long... shape) {
        return fresh('c', shape);
    }

    private INDArray fresh(char order, long... shape) {
        try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(dataType, shape, order);
        }
    }

    public RegularizedDenseImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    // ---- configuration helpers -----------------------------------------------------------------------

    MaskSource source() {
        if (source == null) source = sourceOf(layerConf());
        return source;
    }

    private static MaskSource sourceOf(RegularizedDense c) {
        return new MaskSource(c.getStir().equals("none") ? "bernoulli" : c.getStir(), c.getRate(), c.getSigma());
    }

    /**
     * Whether the training pass of a layer configured as {@code c} runs the Java kernels over W ({@link RowMaskKernel}:
     * the ROWS path, and partial-Gaussian's gated LRT path), which read W and write dW row-major.
     */
    static boolean trainsInJava(RegularizedDense c) {
        Path p = path(c, () -> sourceOf(c), true);
        return p == Path.ROWS || p == Path.LRT && c.getStir().equals("partial-gaussian");
    }

    /**
     * partial-Gaussian's gates on the LRT path: Bernoulli keep bits at keep rate p, so a connection is gated (gets
     * noise) with probability p; the masked product carries their 1 / q_eff, which {@link #lrtSd} takes back.
     */
    MaskSource gates() {
        if (gates == null) gates = new MaskSource("bernoulli", 1.0 - layerConf().getRate(), 1.0);
        return gates;
    }

    /** True on the LRT path of partial-Gaussian, whose variance product is gated per sample and connection. */
    private boolean gatedLrt() {
        return source().stir == MaskSource.Stir.PARTIAL_GAUSSIAN;
    }

    /**
     * The noise scale of the LRT path: sqrt(p / q) for Gaussian; sigma sqrt(q_eff) for partial-Gaussian, whose gated
     * product sums {@code x^2 W^2 / q_eff} over the gated connections, so that sd^2 v = sigma^2 sum_gated x^2 W^2.
     */
    private double lrtSd() {
        return gatedLrt() ? source().partialSigma * Math.sqrt(gates().keepRate()) : source().gaussianSd();
    }

    float[][] groupMasks() {
        if (groupMasks == null) {
            RegularizedDense c = layerConf();
            groupMasks = Masksembles.generate((int) c.getNIn(), c.getMasks(), c.getScale(), c.getMaskSeed());
        }
        return groupMasks;
    }

    Path path(boolean training) {
        return path(layerConf(), this::source, training);
    }

    /** The path of a layer configured as {@code c} whose mask source {@code source} gives (made only if needed). */
    static Path path(RegularizedDense c, java.util.function.Supplier<MaskSource> source, boolean training) {
        if (c.getTarget() == Target.NONE) return Path.PLAIN;
        if (c.getSharing() == Sharing.GROUP) return Path.UNIT;
        if (source.get().isIdentity()) return Path.PLAIN;
        if (!training && c.getMode() != Mode.FIXED_PER_MODEL) return Path.PLAIN;
        if (c.getTarget() == Target.UNIT) return Path.UNIT;
        if (c.getMode() == Mode.FIXED_PER_MODEL || c.getSharing() == Sharing.PER_BATCH) return Path.SHARED;
        boolean gaussianNoise = c.getStir().equals("gaussian") || c.getStir().equals("partial-gaussian");
        if (gaussianNoise && c.getMode() == Mode.DYNAMIC && !c.isExplicitMask()) return Path.LRT;
        return Path.ROWS;
    }

    private long step() {
        return getIterationCount();
    }

    long key(long step) {
        RegularizedDense c = layerConf();
        return c.getMode() == Mode.DYNAMIC ? MaskSource.stepKey(c.getMaskSeed(), step) : MaskSource.fixedKey(c.getMaskSeed());
    }

    /** The sample index that keys each batch row's mask. */
    long[] samples(int batch) {
        RegularizedDense c = layerConf();
        long[] s = new long[batch];
        if (c.getMode() == Mode.FIXED_PER_MODEL || c.getSharing() == Sharing.PER_BATCH) return s;
        if (c.getMode() == Mode.FIXED_PER_SAMPLE) {
            if (exampleIds == null || exampleIds.length != batch) {
                throw new IllegalStateException("fixed-per-sample masks need the example ids of the batch ("
                        + batch + " rows, got " + (exampleIds == null ? "none" : exampleIds.length)
                        + "): call MaskProbe.setExampleIds before each fit");
            }
            for (int b = 0; b < batch; b++) s[b] = exampleIds[b];
            return s;
        }
        if (monteCarloIds != null) {
            // A Monte Carlo pass predicts a data set in chunks under one step key: keying by batch row would give
            // examples i, i + chunk, ... the same mask in every pass, so the row's data index keys it instead.
            if (monteCarloIds.length != batch) {
                throw new IllegalStateException("Monte Carlo ids cover " + monteCarloIds.length + " rows, the batch has "
                        + batch);
            }
            for (int b = 0; b < batch; b++) s[b] = monteCarloIds[b];
            return s;
        }
        for (int b = 0; b < batch; b++) s[b] = b;
        return s;
    }

    void setExampleIds(int[] ids) {
        exampleIds = ids == null ? null : ids.clone();
    }

    void setMonteCarloIds(int[] ids) {
        monteCarloIds = ids == null ? null : ids.clone();
    }

    // ---- masks as arrays -------------------------------------------------------------------------------

    /**
     * U [B, din] for the UNIT path: built in Java and copied once into a kept array (float networks) - building it
     * as a double array and casting it natively had made Dropout's mask most of its slot's time.
     */
    private INDArray unitMask(int batch, long key, long[] samples, boolean training) {
        int din = (int) layerConf().getNIn();
        boolean group = layerConf().getSharing() == Sharing.GROUP;
        int groupSize = 1;
        if (group) {
            int n = layerConf().getMasks();
            if (batch % n != 0) {
                throw new IllegalArgumentException("Masksembles splits the batch into " + n
                        + " groups: batch size " + batch + " is not a multiple of " + n);
            }
            groupSize = batch / n;
        }
        // float networks: straight into a float array (no [B, din] double array a step); others keep double
        boolean asFloat = dataType == DataType.FLOAT;
        float[] uf = !asFloat ? null : training ? kept().array(SlotBuffers.Java.UNIT_MASK, batch * din)
                : new float[batch * din];
        double[] ud = asFloat ? null : new double[batch * din];
        double[] row = new double[din];
        long[] scratch = new long[(din + 63) >>> 6];
        for (int b = 0; b < batch; b++) {
            if (group) {
                // Masksembles: the row of the sample's group
                float[] m = groupMasks()[b / groupSize];
                for (int i = 0; i < din; i++) row[i] = m[i];
            } else if (b == 0 || samples[b] != samples[b - 1]) {
                // unit masks: one row of width din per sample, row index = sample (a repeated sample keeps its row)
                source().fill(key, samples[b], din, row, scratch);
            }
            if (asFloat) {
                for (int i = 0; i < din; i++) uf[b * din + i] = (float) row[i];
            } else {
                System.arraycopy(row, 0, ud, b * din, din);
            }
        }
        if (!asFloat) return Nd4j.create(ud, new long[]{batch, din}, 'c').castTo(dataType);
        INDArray out = buffer(training, SlotBuffers.Native.UNIT_MASK, 'c', batch, din);
        kept().copyInto(uf, out, SlotBuffers.Native.UNIT_MASK);
        return out;
    }

    /** M [din, dout] shared by the batch, in W's order (see {@link SlotBuffers}); cached when it is fixed. */
    private INDArray sharedMask(long key, char order) {
        RegularizedDense c = layerConf();
        if (c.getMode() == Mode.FIXED_PER_MODEL && fixedShared != null) return fixedShared;
        int din = (int) c.getNIn();
        int dout = (int) c.getNOut();
        INDArray m;
        try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            m = Nd4j.create(source().block(key, 0, din, dout), new long[]{din, dout}, 'c').castTo(dataType);
            if (order != 'c') m = m.dup(order);
        }
        if (c.getMode() == Mode.FIXED_PER_MODEL) fixedShared = m;
        return m;
    }


    // ---- forward ---------------------------------------------------------------------------------------

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = preOutput(training, workspaceMgr);
        return layerConf().getActivationFn().getActivation(z, training);
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 2) {
            throw new IllegalStateException("RegularizedDense expects [batch, features] input, got shape "
                    + java.util.Arrays.toString(input.shape()) + " (layer " + layerId() + ")");
        }
        StepCache c = forward(training);
        if (training) cache = c;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, c.z().shape(), 'c');
        out.assign(c.z());
        return out;
    }

    /** z = masked(x, W) + b for the current input, all results detached from workspaces. */
    private StepCache forward(boolean training) {
        try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray x = input.castTo(dataType);
            INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
            INDArray bias = getParam(DefaultParamInitializer.BIAS_KEY);
            int batch = (int) x.size(0);
            long step = step();
            Path path = path(training);
            if (training) {
                lastStep = step;
                lastBatch = batch;
                lastSamples = path == Path.PLAIN || layerConf().getSharing() == Sharing.GROUP ? null : samples(batch);
            }
            long key = key(step);
            INDArray z;
            INDArray mask = null;
            INDArray masked = null;
            Lrt lrt = null;
            int din = (int) w.size(0);
            int dout = (int) w.size(1);
            float[] xf = null;
            float[] wf = null;
            switch (path) {
                case PLAIN -> {
                    z = product(x, false, w, false, fresh(batch, dout));
                    double mean = training ? 1.0 : plainMean();
                    if (mean != 1.0) z.muli(mean);
                }
                case UNIT -> {
                    mask = unitMask(batch, key, samples(batch), training);
                    masked = x.mul(mask, buffer(training, SlotBuffers.Native.X_MASKED, 'c', batch, din));
                    z = product(masked, false, w, false, fresh(batch, dout));
                }
                case SHARED -> {
                    mask = sharedMask(key, w.ordering());
                    masked = w.mul(mask, buffer(training, SlotBuffers.Native.W_MASKED, w.ordering(), din, dout));
                    z = product(x, false, masked, false, fresh(batch, dout));
                }
                case LRT -> {
                    // z = mu + sd * s .* eps with s = sqrt(v), v = (x.*x)(W.*W), gated per sample for partial-Gaussian;
                    // the elementwise part runs in one Java loop (each ND4J op is a parallel region, costly when the
                    // cores are shared)
                    double[] mu = flatD(product(x, false, w, false, fresh(batch, dout)));
                    long[] rowKeys = samples(batch);
                    double[] v;
                    INDArray x2 = null;
                    INDArray w2 = null;
                    float[] xJava = null;
                    float[] wJava = null;
                    if (!gatedLrt() || dataType != DataType.FLOAT) {
                        x2 = x.mul(x, buffer(training, SlotBuffers.Native.X2, 'c', batch, din));
                        w2 = w.mul(w, buffer(training, SlotBuffers.Native.W2, w.ordering(), din, dout));
                    }
                    if (!gatedLrt()) {
                        v = flatD(product(x2, false, w2, false, fresh(batch, dout)));
                    } else if (dataType == DataType.FLOAT) {
                        // x and W as Java arrays (the backward multiplies by them), their squares for the kernel
                        xJava = kept().copyOut(x, SlotBuffers.Java.X, SlotBuffers.Native.COPY_X);
                        wJava = kept().rowMajor(w, SlotBuffers.Java.W);
                        xf = squares(xJava, kept().array(SlotBuffers.Java.KERNEL_X, xJava.length));
                        wf = squares(wJava, kept().array(SlotBuffers.Java.KERNEL_W, wJava.length));
                        float[] vf = new float[batch * dout];
                        KernelWarmUp.run();
                        RowMaskKernel.forwardBits(xf, wf, new float[dout], batch, din, dout, gates(), key, rowKeys, vf);
                        v = new double[vf.length];
                        for (int k = 0; k < vf.length; k++) v[k] = vf[k];
                    } else {
                        v = new double[batch * dout];
                        RowMaskKernel.forward(flatD(x2), flatD(w2), new double[dout], batch, din, dout, gates(), key,
                                rowKeys, v);
                    }
                    double sd = lrtSd();
                    double[] noiseOverS = new double[mu.length];
                    for (int k = 0; k < mu.length; k++) {
                        double sk = Math.sqrt(v[k]);
                        double e = MaskSource.lrtEps(key, rowKeys[k / dout], k % dout, dout);
                        mu[k] += sd * sk * e;
                        noiseOverS[k] = sk > 0 ? sd * e / sk : 0.0;
                    }
                    z = Nd4j.create(mu, new long[]{batch, dout}, 'c').castTo(dataType);
                    lrt = new Lrt(noiseOverS, x2, w2, xJava, wJava);
                }
                default -> {
                    if (dataType == DataType.FLOAT) {
                        xf = kept().copyOut(x, SlotBuffers.Java.KERNEL_X, SlotBuffers.Native.COPY_X);
                        wf = kept().rowMajor(w, SlotBuffers.Java.KERNEL_W);
                    }
                    z = rowsForward(x, xf, w, wf, bias, batch, key);
                }
            }
            if (path != Path.ROWS) z.addiRowVector(bias);
            return new StepCache(input, step, z, mask, masked, lrt, xf, wf);
        }
    }

    private double plainMean() {
        RegularizedDense c = layerConf();
        return c.getTarget() == Target.NONE || source().isIdentity() ? 1.0 : source().mean();
    }

    /** z including the bias: the fused float kernel for Bernoulli, else the float or double kernel over mask values. */
    private INDArray rowsForward(INDArray x, float[] xf, INDArray w, float[] wf, INDArray bias, int batch, long key) {
        int din = (int) layerConf().getNIn();
        int dout = (int) layerConf().getNOut();
        long[] samples = samples(batch);
        if (dataType == DataType.FLOAT && source().stir == MaskSource.Stir.BERNOULLI) {
            KernelWarmUp.run();
            float[] zf = new float[batch * dout];
            RowMaskKernel.forwardBits(xf, wf, flatF(bias), batch, din, dout, source(), key, samples, zf);
            return Nd4j.create(zf, new long[]{batch, dout}, 'c');
        }
        if (dataType == DataType.FLOAT) {
            float[] zf = new float[batch * dout];
            RowMaskKernel.forwardValues(xf, wf, flatF(bias), batch, din, dout, source(), key, samples, zf);
            return Nd4j.create(zf, new long[]{batch, dout}, 'c');
        }
        double[] zd = new double[batch * dout];
        RowMaskKernel.forward(flatD(x), flatD(w), flatD(bias), batch, din, dout, source(), key, samples, zd);
        return Nd4j.create(zd, new long[]{batch, dout}, 'c').castTo(dataType);
    }

    /** {@code out[k] = a[k]^2}; returns out. */
    private static float[] squares(float[] a, float[] out) {
        for (int k = 0; k < a.length; k++) out[k] = a[k] * a[k];
        return out;
    }

    private static float[] flatF(INDArray a) {
        // a float array laid out row-major from the start of its own buffer is copied straight to Java; anything else
        // (a view, column-major W) through a flattened native copy
        if (a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.offset() == 0 && a.elementWiseStride() == 1
                && a.data().length() == a.length()) {
            return a.data().asFloat();
        }
        return Nd4j.toFlattened('c', a).castTo(DataType.FLOAT).toFloatVector();
    }

    private static double[] flatD(INDArray a) {
        return Nd4j.toFlattened('c', a).castTo(DataType.DOUBLE).toDoubleVector();
    }

    // ---- backward --------------------------------------------------------------------------------------

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = input.castTo(dataType);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        int batch = (int) x.size(0);
        int din = (int) layerConf().getNIn();
        int dout = (int) layerConf().getNOut();
        long step = step();
        Path path = path(true);
        long key = key(step);

        StepCache c = cache != null && cache.input() == input && cache.step() == step ? cache : forward(true);
        cache = null;
        // dL/dz [B, dout]; the activation's backprop may overwrite z, which is not needed afterwards
        INDArray delta = layerConf().getActivationFn().backprop(c.z(), epsilon.castTo(dataType)).getFirst();

        // dW is made as dW^T [dout, din] row-major, whose transpose view has the column-major layout of DL4J's
        // gradient (see SlotBuffers), or by the Java kernels straight into the gradient; every path writes dx
        // [B, din] straight into the array DL4J gets back
        INDArray wGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, new long[]{batch, din}, 'c');
        INDArray dW;
        switch (path) {
            case PLAIN -> {
                dW = product(delta, true, x, false, dwT(din, dout)).transpose();
                product(delta, false, w, true, dx);
            }
            case UNIT -> {
                // the forward's x .* U
                dW = product(delta, true, c.masked(), false, dwT(din, dout)).transpose();
                product(delta, false, w, true, dx).muli(c.mask());
            }
            case SHARED -> {
                // the forward's W .* M; M^T is row-major when M has W's column-major order
                dW = product(delta, true, x, false, dwT(din, dout)).muli(c.mask().transpose()).transpose();
                product(delta, false, c.masked(), true, dx);
            }
            case LRT -> {
                // dL/dv = delta .* sd .* eps / (2 s); with g = delta .* sd .* eps ./ s (0 where s = 0):
                // dW = x^T delta + W .* ((x.*x)^T g),  dx = delta W^T + x .* (g (W.*W)^T);
                // for partial-Gaussian the two products with g are the gated (masked) ones, with the forward's gates
                double[] g = flatD(delta);
                double[] f = c.lrt().noiseOverS();
                for (int k = 0; k < g.length; k++) g[k] *= f[k];
                INDArray gArr = Nd4j.create(g, new long[]{batch, dout}, 'c').castTo(dataType);
                if (!gatedLrt()) {
                    INDArray noiseT = product(gArr, true, c.lrt().x2(), false, dwT(din, dout)).muli(w.transpose());
                    dW = product(delta, true, x, false, noiseT, true).transpose();
                    product(gArr, false, c.lrt().w2(), true, dx).muli(x);
                    product(delta, false, w, true, dx, true);
                } else if (dataType == DataType.FLOAT) {
                    float[] dwf = kept().array(SlotBuffers.Java.DW, din * dout);
                    float[] dxf = kept().array(SlotBuffers.Java.DX, batch * din);
                    // dx is multiplied by x below, so the kernel may skip the zero inputs
                    RowMaskKernel.backwardBits(c.xf(), c.wf(), flatF(gArr), batch, din, dout, gates(), key,
                            samples(batch), dwf, dxf, true);
                    float[] wj = c.lrt().w();
                    float[] xj = c.lrt().x();
                    for (int k = 0; k < dwf.length; k++) dwf[k] *= wj[k];
                    for (int k = 0; k < dxf.length; k++) dxf[k] *= xj[k];
                    // the gated part into the gradient, then x^T delta added to it
                    kept().weightGradientInto(dwf, wGrad);
                    if (wGrad.ordering() == 'c') product(x, true, delta, false, wGrad, true);
                    else product(delta, true, x, false, wGrad.transpose(), true);
                    dW = wGrad;
                    kept().copyInto(dxf, dx, SlotBuffers.Native.DX);
                    product(delta, false, w, true, dx, true);
                } else {
                    double[] dwd = new double[din * dout];
                    double[] dxd = new double[batch * din];
                    RowMaskKernel.backward(flatD(c.lrt().x2()), flatD(c.lrt().w2()), g, batch, din, dout, gates(), key,
                            samples(batch), dwd, dxd);
                    INDArray x2g = Nd4j.create(dwd, new long[]{din, dout}, 'c').castTo(dataType);
                    INDArray gw2 = Nd4j.create(dxd, new long[]{batch, din}, 'c').castTo(dataType);
                    dW = product(x, true, delta, false, fresh(din, dout)).addi(x2g.muli(w));
                    product(delta, false, w, true, dx).addi(gw2.muli(x));
                }
            }
            default -> {
                long[] samples = samples(batch);
                if (dataType == DataType.FLOAT) {
                    float[] dwf = kept().array(SlotBuffers.Java.DW, din * dout);
                    float[] dxf = kept().array(SlotBuffers.Java.DX, batch * din);
                    if (source().stir == MaskSource.Stir.BERNOULLI) {
                        RowMaskKernel.backwardBits(c.xf(), c.wf(), flatF(delta), batch, din, dout, source(), key,
                                samples, dwf, dxf, layerConf().isReluInput());
                    } else {
                        RowMaskKernel.backwardValues(c.xf(), c.wf(), flatF(delta), batch, din, dout, source(), key,
                                samples, dwf, dxf);
                    }
                    kept().weightGradientInto(dwf, wGrad);
                    kept().copyInto(dxf, dx, SlotBuffers.Native.DX);
                    dW = wGrad;
                } else {
                    double[] dwd = new double[din * dout];
                    double[] dxd = new double[batch * din];
                    RowMaskKernel.backward(flatD(x), flatD(w), flatD(delta), batch, din, dout, source(), key,
                            samples, dwd, dxd);
                    dW = Nd4j.create(dwd, new long[]{din, dout}, 'c').castTo(dataType);
                    dx.assign(Nd4j.create(dxd, new long[]{batch, din}, 'c'));
                }
            }
        }
        if (dW != wGrad) wGrad.assign(dW);
        INDArray bGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        bGrad.assign(delta.sum(true, 0));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, wGrad);
        gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, bGrad);
        return new Pair<>(gradient, dx);
    }

    /**
     * DL4J reads each parameter's part of {@code params} as column-major; a W stored row-major
     * ({@link RegularizedDense#isRowMajorWeights()}) is read in its own order, so that
     * {@code setParams(params())} leaves the layer as it was.
     */
    @Override
    public void setParams(INDArray params) {
        setParams(params, layerConf().isRowMajorWeights() ? 'c' : 'f');
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return true;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    // ---- masks for MaskProbe ---------------------------------------------------------------------------

    /** Bytes of mask state alive at once in a training step of {@code batch} rows (estimate by path). */
    public long maskBytes(int batch) {
        int din = (int) layerConf().getNIn();
        int dout = (int) layerConf().getNOut();
        int el = dataType == DataType.DOUBLE ? 8 : 4;
        return switch (path(true)) {
            case PLAIN -> 0L;
            case UNIT -> (long) batch * din * (el + 8L)
                    + (layerConf().getSharing() == Sharing.GROUP ? 4L * layerConf().getMasks() * din : 0L);
            case SHARED -> (long) din * dout * (2L * el + 8L);
            case LRT -> (long) batch * dout * (3L * el + 8L)
                    + (gatedLrt() ? RowMaskKernel.maskBytes(dout, batch, true) : 0L);
            case ROWS -> RowMaskKernel.maskBytes(dout, batch,
                    dataType == DataType.FLOAT && source().stir == MaskSource.Stir.BERNOULLI);
        };
    }

    /**
     * The drop rate the masks really have: 0 without a mask, the realised dropped fraction of the generated masks for
     * Masksembles (their zeros, which the integer number of kept units per mask quantises), else
     * {@link MaskSource#effectiveRate()} (the Bernoulli threshold's rate).
     */
    public double effectiveRate() {
        RegularizedDense c = layerConf();
        if (c.getTarget() == Target.NONE) return 0.0;
        if (c.getSharing() == Sharing.GROUP) return Masksembles.realisedDroppedFraction(groupMasks());
        // partial-Gaussian's rate is the gated fraction: on the LRT path that of its keep bits
        if (path(true) == Path.LRT && gatedLrt()) return gates().keepRate();
        return source().effectiveRate();
    }

    /**
     * A partial-Gaussian LRT mask of one sample: the gates the step applied (1 where a connection was not gated) and,
     * on the gated connections, N(1, sigma^2) values drawn with the step's key - the step itself used no
     * per-connection values (their sum was sampled directly), so these are of the same distribution, not its noise.
     */
    private void gatedMaskRows(long key, long sample, int din, int dout, float[] m) {
        long[] bits = new long[(dout + 63) >>> 6];
        double sigma = source().partialSigma;
        for (int i = 0; i < din; i++) {
            long row = sample * din + i;
            gates().bits(key, row, dout, bits);
            for (int j = 0; j < dout; j++) {
                boolean gated = ((bits[j >>> 6] >>> (j & 63)) & 1L) != 0;
                m[i * dout + j] = gated
                        ? (float) (1.0 + sigma * MaskSource.normal(key ^ MaskSource.STREAM_NORMAL, row * dout + j))
                        : 1f;
            }
        }
    }

    /** The multipliers of the last training step for batch rows {@code rows}, or null if there are none. */
    public MaskView lastMasks(int[] rows) {
        RegularizedDense c = layerConf();
        if (c.getTarget() == Target.NONE || lastStep < 0) return null;
        int din = (int) c.getNIn();
        int dout = (int) c.getNOut();
        long key = key(lastStep);
        Path path = path(true);
        float[][] out = new float[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            int b = rows[k];
            if (b < 0 || b >= lastBatch) {
                throw new IllegalArgumentException("sample " + b + " is outside the last batch of " + lastBatch);
            }
            float[] m = new float[din * dout];
            if (path == Path.PLAIN) {
                java.util.Arrays.fill(m, 1f);
            } else if (c.getSharing() == Sharing.GROUP) {
                int n = c.getMasks();
                float[] g = groupMasks()[b / Math.max(1, lastBatch / n)];
                for (int i = 0; i < din; i++) java.util.Arrays.fill(m, i * dout, (i + 1) * dout, g[i]);
            } else {
                long sample = lastSamples[b];
                if (c.getTarget() == Target.UNIT) {
                    double[] v = source().block(key, sample, 1, din);
                    for (int i = 0; i < din; i++) java.util.Arrays.fill(m, i * dout, (i + 1) * dout, (float) v[i]);
                } else if (path == Path.LRT && gatedLrt()) {
                    gatedMaskRows(key, sample, din, dout, m);
                } else {
                    // Gaussian LRT shows an explicit Gaussian mask of the same distribution, drawn with the same key
                    double[] v = source().block(key, sample * din, din, dout);
                    for (int k2 = 0; k2 < m.length; k2++) m[k2] = (float) v[k2];
                }
            }
            out[k] = m;
        }
        return new MaskView(c.getPreset(), lastStep, lastBatch, din, dout, rows.clone(), out);
    }

}
