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
     * and the path's extras (the unit mask U [B, din] or shared mask M [din, dout]; LRT's s and eps [B, dout]; for
     * float ROWS the Java copies of x and W, 2 x 1.6 MB in the paper's CNN, which the backward kernel reads again).
     */
    private record StepCache(INDArray input, long step, INDArray z, INDArray mask, INDArray masked, Lrt lrt,
                             float[] xf, float[] wf) {
    }

    /** LRT state of a step: x.*x [B, din], W.*W [din, dout], and per [B, dout] element sd * eps / s (0 at s = 0). */
    private record Lrt(INDArray x2, INDArray w2, double[] noiseOverS) {
    }

    private transient StepCache cache;

    /**
     * Large arrays kept from step to step while their shapes hold (each fresh one is a native allocation of 1.6 MB in
     * the paper's CNN, measured to cost the Gaussian slot about a fifth of its time): LRT's 0 = x.*x [B, din],
     * 1 = W.*W [din, dout], 2 = (x.*x)^T g [din, dout], 3 = g (W.*W)^T [B, din]; the backward's 4 = dW [din, dout]
     * and 5 = dx [B, din]; float ROWS's row-major copy of W, 6 [din, dout]; UNIT's x.*U, 7 [B, din], and U, 9
     * [B, din]; SHARED's W.*M, 8 [din, dout]. A training step's forward fills 0, 1 and 7 to 9 and its backward reads
     * them before the next forward (an inference forward takes fresh arrays, so it cannot overwrite them in between);
     * 2 to 5 live within one backward pass (copied into DL4J's gradient and epsilon arrays at its end), 6 and 10 (a
     * row-major copy on the way to a Java array) within one forward.
     */
    private transient INDArray[] keptBuffers;

    private INDArray keptBuffer(int slot, long... shape) {
        if (keptBuffers == null) keptBuffers = new INDArray[11];
        INDArray b = keptBuffers[slot];
        if (b == null || b.dataType() != dataType || !java.util.Arrays.equals(b.shape(), shape)) {
            try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                b = Nd4j.createUninitialized(dataType, shape, 'c');
            }
            keptBuffers[slot] = b;
        }
        return b;
    }

    /**
     * Java arrays of the kernels kept from step to step (at 1.6 MB each they are humongous objects for G1, whose
     * allocation every step had added GC work): 0 = x (ROWS) or x.*x (partial-Gaussian LRT) [B, din], 1 = W or W.*W
     * row-major [din, dout], 2 = dW [din, dout], 3 = dx [B, din], 4 = U [B, din]. 0 and 1 are filled by a training
     * forward and read by its backward, like the kept buffers.
     */
    private transient float[][] keptArrays;

    private float[] keptArray(int slot, int n) {
        if (keptArrays == null) keptArrays = new float[5][];
        float[] a = keptArrays[slot];
        if (a == null || a.length != n) {
            a = new float[n];
            keptArrays[slot] = a;
        }
        return a;
    }

    /** The elements of {@code a} in row-major order, in kept Java array {@code slot}. */
    private float[] javaCopy(INDArray a, int slot) {
        INDArray src = a;
        // anything but a float array laid out row-major from the start of its own buffer goes through a kept copy
        if (!(a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.offset() == 0 && a.elementWiseStride() == 1
                && a.data().length() == a.length())) {
            src = keptBuffer(10, a.shape()).assign(a);
        }
        float[] dst = keptArray(slot, (int) a.length());
        src.data().asNioFloat().get(dst, 0, dst.length);
        return dst;
    }

    /** A kept buffer while training; a fresh array otherwise, so that inference never overwrites a step's arrays. */
    private INDArray buffer(boolean training, int slot, long... shape) {
        if (training) return keptBuffer(slot, shape);
        try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(dataType, shape, 'c');
        }
    }

    /**
     * {@code op(a) op(b)} into the row-major {@code out}, by BLAS gemm. (INDArray.mmul was measured 3-6x slower for
     * the slot's shapes on the CPU backend - 4.4 instead of 1.2 ms for x W at [128, 3136] x [3136, 128], 7.6 instead
     * of 1.3 ms for x^T delta - as it returns a column-major result by another route.)
     */
    private static INDArray product(INDArray a, boolean transA, INDArray b, boolean transB, INDArray out) {
        return Nd4j.gemm(a, b, out, transA, transB, 1.0, 0.0);
    }

    /** A fresh row-major array outside the workspaces. */
    private INDArray fresh(long... shape) {
        try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(dataType, shape, 'c');
        }
    }

    public RegularizedDenseImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    // ---- configuration helpers -----------------------------------------------------------------------

    MaskSource source() {
        if (source == null) {
            RegularizedDense c = layerConf();
            source = new MaskSource(c.getStir().equals("none") ? "bernoulli" : c.getStir(), c.getRate(), c.getSigma());
        }
        return source;
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
        RegularizedDense c = layerConf();
        if (c.getTarget() == Target.NONE) return Path.PLAIN;
        if (c.getSharing() == Sharing.GROUP) return Path.UNIT;
        if (source().isIdentity()) return Path.PLAIN;
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
        double[] u = new double[batch * din];
        if (layerConf().getSharing() == Sharing.GROUP) {
            int n = layerConf().getMasks();
            if (batch % n != 0) {
                throw new IllegalArgumentException("Masksembles splits the batch into " + n
                        + " groups: batch size " + batch + " is not a multiple of " + n);
            }
            float[][] g = groupMasks();
            int groupSize = batch / n;
            for (int b = 0; b < batch; b++) {
                float[] m = g[b / groupSize];
                for (int i = 0; i < din; i++) u[b * din + i] = m[i];
            }
        } else {
            // unit masks: one row of width din per sample, row index = sample
            double[] row = new double[din];
            long[] scratch = new long[(din + 63) >>> 6];
            for (int b = 0; b < batch; b++) {
                if (b > 0 && samples[b] == samples[b - 1]) {
                    System.arraycopy(u, (b - 1) * din, u, b * din, din);
                } else {
                    source().fill(key, samples[b], din, row, scratch);
                    System.arraycopy(row, 0, u, b * din, din);
                }
            }
        }
        if (dataType != DataType.FLOAT) return Nd4j.create(u, new long[]{batch, din}, 'c').castTo(dataType);
        float[] uf = training ? keptArray(4, u.length) : new float[u.length];
        for (int k = 0; k < u.length; k++) uf[k] = (float) u[k];
        INDArray out = buffer(training, 9, batch, din);
        out.data().asNioFloat().put(uf, 0, uf.length);
        return out;
    }

    /** M [din, dout] shared by the batch; cached when it is fixed. */
    private INDArray sharedMask(long key) {
        RegularizedDense c = layerConf();
        if (c.getMode() == Mode.FIXED_PER_MODEL && fixedShared != null) return fixedShared;
        int din = (int) c.getNIn();
        int dout = (int) c.getNOut();
        INDArray m;
        try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            m = Nd4j.create(source().block(key, 0, din, dout), new long[]{din, dout}, 'c').castTo(dataType);
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
                    masked = x.mul(mask, buffer(training, 7, batch, din));
                    z = product(masked, false, w, false, fresh(batch, dout));
                }
                case SHARED -> {
                    mask = sharedMask(key);
                    masked = w.mul(mask, buffer(training, 8, din, dout));
                    z = product(x, false, masked, false, fresh(batch, dout));
                }
                case LRT -> {
                    // z = mu + sd * s .* eps with s = sqrt(v), v = (x.*x)(W.*W), gated per sample for partial-Gaussian;
                    // the elementwise part runs in one Java loop (each ND4J op is a parallel region, costly when the
                    // cores are shared)
                    INDArray x2 = x.mul(x, buffer(training, 0, x.shape()));
                    INDArray w2 = w.mul(w, buffer(training, 1, w.shape()));
                    double[] mu = flatD(product(x, false, w, false, fresh(batch, dout)));
                    long[] rowKeys = samples(batch);
                    double[] v;
                    if (!gatedLrt()) {
                        v = flatD(product(x2, false, w2, false, fresh(batch, dout)));
                    } else if (dataType == DataType.FLOAT) {
                        // the squares as Java arrays, read again by the backward kernel (like ROWS's x and W)
                        xf = javaCopy(x2, 0);
                        wf = javaCopy(w2, 1);
                        float[] vf = new float[batch * dout];
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
                    lrt = new Lrt(x2, w2, noiseOverS);
                }
                default -> {
                    if (dataType == DataType.FLOAT) {
                        xf = javaCopy(x, 0);
                        // W is a column-major view of the parameters: made row-major in a kept array first
                        wf = javaCopy(w.ordering() == 'c' ? w : keptBuffer(6, w.shape()).assign(w), 1);
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

    private static float[] flatF(INDArray a) {
        // a float array laid out row-major from the start of its own buffer is copied straight to Java; anything else
        // (a view, column-major W) through a flattened native copy
        if (a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.offset() == 0 && a.elementWiseStride() == 1
                && a.data().length() == a.length()) {
            return a.data().asFloat();
        }
        return Nd4j.toFlattened('c', a).castTo(DataType.FLOAT).toFloatVector();
    }

    /** A kept row-major array holding {@code values}: the ROWS kernels' dW and dx without a native allocation. */
    private INDArray kept(int slot, float[] values, long... shape) {
        INDArray b = keptBuffer(slot, shape);
        // one bulk copy into the native memory (DataBuffer.setData puts element by element: 8 % of the Bernoulli
        // slot's samples in a profile)
        b.data().asNioFloat().put(values, 0, values.length);
        return b;
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

        INDArray dW;
        INDArray dx;
        switch (path) {
            case PLAIN -> {
                dW = product(x, true, delta, false, keptBuffer(4, din, dout));
                dx = product(delta, false, w, true, keptBuffer(5, batch, din));
            }
            case UNIT -> {
                // the forward's x .* U
                dW = product(c.masked(), true, delta, false, keptBuffer(4, din, dout));
                dx = product(delta, false, w, true, keptBuffer(5, batch, din)).muli(c.mask());
            }
            case SHARED -> {
                // the forward's W .* M
                dW = product(x, true, delta, false, keptBuffer(4, din, dout)).muli(c.mask());
                dx = product(delta, false, c.masked(), true, keptBuffer(5, batch, din));
            }
            case LRT -> {
                // dL/dv = delta .* sd .* eps / (2 s); with g = delta .* sd .* eps ./ s (0 where s = 0):
                // dW = x^T delta + W .* ((x.*x)^T g),  dx = delta W^T + x .* (g (W.*W)^T)
                double[] g = flatD(delta);
                double[] f = c.lrt().noiseOverS();
                for (int k = 0; k < g.length; k++) g[k] *= f[k];
                INDArray gArr = Nd4j.create(g, new long[]{batch, dout}, 'c').castTo(dataType);
                // the extra products go into kept buffers and are scaled there; for partial-Gaussian they are the
                // gated (masked) products with the forward's gates
                INDArray x2g;
                INDArray gw2;
                if (!gatedLrt()) {
                    x2g = product(c.lrt().x2(), true, gArr, false, keptBuffer(2, din, dout));
                    gw2 = product(gArr, false, c.lrt().w2(), true, keptBuffer(3, batch, din));
                } else if (dataType == DataType.FLOAT) {
                    float[] dwf = keptArray(2, din * dout);
                    float[] dxf = keptArray(3, batch * din);
                    RowMaskKernel.backwardBits(c.xf(), c.wf(), flatF(gArr), batch, din, dout, gates(), key,
                            samples(batch), dwf, dxf);
                    x2g = kept(2, dwf, din, dout);
                    gw2 = kept(3, dxf, batch, din);
                } else {
                    double[] dwd = new double[din * dout];
                    double[] dxd = new double[batch * din];
                    RowMaskKernel.backward(flatD(c.lrt().x2()), flatD(c.lrt().w2()), g, batch, din, dout, gates(), key,
                            samples(batch), dwd, dxd);
                    x2g = Nd4j.create(dwd, new long[]{din, dout}, 'c').castTo(dataType);
                    gw2 = Nd4j.create(dxd, new long[]{batch, din}, 'c').castTo(dataType);
                }
                dW = product(x, true, delta, false, keptBuffer(4, din, dout)).addi(x2g.muli(w));
                dx = product(delta, false, w, true, keptBuffer(5, batch, din)).addi(gw2.muli(x));
            }
            default -> {
                long[] samples = samples(batch);
                if (dataType == DataType.FLOAT && source().stir == MaskSource.Stir.BERNOULLI) {
                    float[] dwf = keptArray(2, din * dout);
                    float[] dxf = keptArray(3, batch * din);
                    RowMaskKernel.backwardBits(c.xf(), c.wf(), flatF(delta), batch, din, dout, source(), key,
                            samples, dwf, dxf);
                    dW = kept(4, dwf, din, dout);
                    dx = kept(5, dxf, batch, din);
                } else if (dataType == DataType.FLOAT) {
                    float[] dwf = keptArray(2, din * dout);
                    float[] dxf = keptArray(3, batch * din);
                    RowMaskKernel.backwardValues(c.xf(), c.wf(), flatF(delta), batch, din, dout, source(), key,
                            samples, dwf, dxf);
                    dW = kept(4, dwf, din, dout);
                    dx = kept(5, dxf, batch, din);
                } else {
                    double[] dwd = new double[din * dout];
                    double[] dxd = new double[batch * din];
                    RowMaskKernel.backward(flatD(x), flatD(w), flatD(delta), batch, din, dout, source(), key,
                            samples, dwd, dxd);
                    dW = Nd4j.create(dwd, new long[]{din, dout}, 'c').castTo(dataType);
                    dx = Nd4j.create(dxd, new long[]{batch, din}, 'c').castTo(dataType);
                }
            }
        }
        INDArray wGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        wGrad.assign(dW);
        INDArray bGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        bGrad.assign(delta.sum(true, 0));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, wGrad);
        gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, bGrad);
        INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, new long[]{batch, din}, 'c');
        eps.assign(dx);
        return new Pair<>(gradient, eps);
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
