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
import org.nd4j.linalg.ops.transforms.Transforms;
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
 *       {@code z = x W + b + sd * sqrt((x.*x)(W.*W)) .* eps}, eps [B, dout].</li>
 * </ul>
 * The step that keys dynamic masks is DL4J's iteration count, which is constant within one step (so forward
 * and backward, and a gradient check, see the same mask) and advances after each update.
 */
public class RegularizedDenseImpl extends BaseLayer<RegularizedDense> {

    enum Path { PLAIN, UNIT, SHARED, ROWS, LRT }

    private transient MaskSource source;
    private transient float[][] groupMasks;
    private transient INDArray fixedShared;
    private transient int[] exampleIds;

    private transient long lastStep = -1;
    private transient int lastBatch;
    private transient long[] lastSamples;

    // z of the last training forward of the ROWS path, reused by the backward pass of the same step
    private transient INDArray cacheInput;
    private transient long cacheStep = -1;
    private transient Object cacheZ;

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
        if (c.getStir().equals("gaussian") && c.getMode() == Mode.DYNAMIC && !c.isExplicitMask()) return Path.LRT;
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
        for (int b = 0; b < batch; b++) s[b] = b;
        return s;
    }

    void setExampleIds(int[] ids) {
        exampleIds = ids == null ? null : ids.clone();
    }

    // ---- masks as arrays -------------------------------------------------------------------------------

    /** U [B, din] for the UNIT path. */
    private INDArray unitMask(int batch, long key, long[] samples) {
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
            for (int b = 0; b < batch; b++) {
                double[] row = (b > 0 && samples[b] == samples[b - 1])
                        ? null : source().block(key, samples[b] * din, din, 1);
                if (row == null) System.arraycopy(u, (b - 1) * din, u, b * din, din);
                else System.arraycopy(row, 0, u, b * din, din);
            }
        }
        return Nd4j.create(u, new long[]{batch, din}, 'c').castTo(dataType);
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

    private INDArray lrtEps(int batch, long key) {
        int dout = (int) layerConf().getNOut();
        double[] e = new double[batch * dout];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < dout; j++) e[b * dout + j] = MaskSource.lrtEps(key, b, j, dout);
        }
        return Nd4j.create(e, new long[]{batch, dout}, 'c').castTo(dataType);
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
        INDArray z;
        long key = key(step);
        switch (path) {
            case PLAIN -> {
                z = x.mmul(w);
                double mean = training ? 1.0 : plainMean();
                if (mean != 1.0) z.muli(mean);
            }
            case UNIT -> z = x.mul(unitMask(batch, key, samples(batch))).mmul(w);
            case SHARED -> z = x.mmul(w.mul(sharedMask(key)));
            case LRT -> {
                INDArray v = x.mul(x).mmul(w.mul(w));
                z = x.mmul(w).addi(Transforms.sqrt(v, false).muli(lrtEps(batch, key)).muli(source().gaussianSd()));
            }
            default -> z = rowsForward(x, w, bias, batch, key, step);
        }
        if (path != Path.ROWS) z.addiRowVector(bias);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[]{batch, z.size(1)}, 'c');
        out.assign(z);
        return out;
    }

    private double plainMean() {
        RegularizedDense c = layerConf();
        return c.getTarget() == Target.NONE || source().isIdentity() ? 1.0 : source().mean();
    }

    private INDArray rowsForward(INDArray x, INDArray w, INDArray bias, int batch, long key, long step) {
        int din = (int) layerConf().getNIn();
        int dout = (int) layerConf().getNOut();
        long[] samples = samples(batch);
        INDArray z;
        if (dataType == DataType.FLOAT && source().stir == MaskSource.Stir.BERNOULLI) {
            float[] zf = new float[batch * dout];
            RowMaskKernel.forwardBits(flatF(x), flatF(w), flatF(bias), batch, din, dout, source(), key, samples, zf);
            cacheZ = zf;
            z = Nd4j.create(zf, new long[]{batch, dout}, 'c');
        } else {
            double[] zd = new double[batch * dout];
            RowMaskKernel.forward(flatD(x), flatD(w), flatD(bias), batch, din, dout, source(), key, samples, zd);
            cacheZ = zd;
            z = Nd4j.create(zd, new long[]{batch, dout}, 'c').castTo(dataType);
        }
        cacheInput = input;
        cacheStep = step;
        return z;
    }

    private static float[] flatF(INDArray a) {
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

        INDArray z;
        if (path == Path.ROWS && cacheZ != null && cacheInput == input && cacheStep == step) {
            z = cacheZ instanceof float[] f ? Nd4j.create(f, new long[]{batch, dout}, 'c')
                    : Nd4j.create((double[]) cacheZ, new long[]{batch, dout}, 'c').castTo(dataType);
        } else {
            z = preOutput(true, workspaceMgr).dup();
        }
        cacheZ = null;
        cacheInput = null;
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon.castTo(dataType)).getFirst(); // dL/dz [B, dout]

        INDArray dW;
        INDArray dx;
        switch (path) {
            case PLAIN -> {
                dW = x.transpose().mmul(delta);
                dx = delta.mmul(w.transpose());
            }
            case UNIT -> {
                INDArray u = unitMask(batch, key, samples(batch));
                dW = x.mul(u).transpose().mmul(delta);
                dx = delta.mmul(w.transpose()).muli(u);
            }
            case SHARED -> {
                INDArray m = sharedMask(key);
                dW = x.transpose().mmul(delta).muli(m);
                dx = delta.mmul(w.mul(m).transpose());
            }
            case LRT -> {
                // z = mu + sd * s .* eps with s = sqrt(v), v = (x.*x)(W.*W):
                // g = delta .* sd .* eps ./ s (0 where s = 0), dL/dv = g / 2,
                // dW = x^T delta + W .* ((x.*x)^T g),  dx = delta W^T + x .* (g (W.*W)^T)
                INDArray x2 = x.mul(x);
                INDArray w2 = w.mul(w);
                INDArray s = Transforms.sqrt(x2.mmul(w2), false);
                INDArray inv = reciprocalOrZero(s);
                INDArray g = delta.mul(lrtEps(batch, key)).muli(inv).muli(source().gaussianSd());
                dW = x.transpose().mmul(delta).addi(w.mul(x2.transpose().mmul(g)));
                dx = delta.mmul(w.transpose()).addi(x.mul(g.mmul(w2.transpose())));
            }
            default -> {
                long[] samples = samples(batch);
                if (dataType == DataType.FLOAT && source().stir == MaskSource.Stir.BERNOULLI) {
                    float[] dwf = new float[din * dout];
                    float[] dxf = new float[batch * din];
                    RowMaskKernel.backwardBits(flatF(x), flatF(w), flatF(delta), batch, din, dout, source(), key,
                            samples, dwf, dxf);
                    dW = Nd4j.create(dwf, new long[]{din, dout}, 'c');
                    dx = Nd4j.create(dxf, new long[]{batch, din}, 'c');
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
            case LRT -> (long) batch * dout * (3L * el + 8L);
            case ROWS -> RowMaskKernel.maskBytes(dout,
                    dataType == DataType.FLOAT && source().stir == MaskSource.Stir.BERNOULLI);
        };
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
                int width = c.getTarget() == Target.UNIT ? 1 : dout;
                // LRT shows an explicit Gaussian mask of the same distribution, drawn with the same key
                double[] v = source().block(key, sample * din, din, width);
                for (int i = 0; i < din; i++) {
                    for (int j = 0; j < dout; j++) m[i * dout + j] = (float) v[width == 1 ? i : i * dout + j];
                }
            }
            out[k] = m;
        }
        return new MaskView(c.getPreset(), lastStep, lastBatch, din, dout, rows.clone(), out);
    }

    /** 1/s where s != 0 and 0 where s == 0 (the zero guard of the LRT gradient). */
    private static INDArray reciprocalOrZero(INDArray s) {
        INDArray nz = s.neq(0.0).castTo(s.dataType());
        // s + (1 - nz) is 1 where s == 0, so the reciprocal stays finite; multiplying by nz zeroes it there
        return s.add(nz.rsub(1.0)).rdivi(1.0).muli(nz);
    }
}
