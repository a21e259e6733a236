package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.util.Collection;
import java.util.Map;

/**
 * The regularizer slot as one DL4J layer: a dense layer {@code z = masked(x, W) + b}, then the activation.
 * Every preset of REGULARIZERS.md is this layer with a different mask: unit-target presets (dropout,
 * Gaussian dropout, Masksembles) mask the inputs {@code [B, din]}, which is exactly "the regularizer then a
 * plain Dense"; connection-target presets mask {@code [B, din, dout]}. Parameters ("W" [nIn, nOut], "b"
 * [1, nOut]) and their initialisation are DL4J's {@link DefaultParamInitializer}, as for {@code DenseLayer},
 * so every preset starts from the same weights for the same seed; presets trained by the Java kernels store W
 * row-major ({@link RowMajorParams}), the same matrix in another order.
 *
 * <p>All fields are plain values so the layer survives DL4J's JSON and {@code ModelSerializer}; masks are
 * regenerated from {@code maskSeed}, never saved.
 */
public class RegularizedDense extends FeedForwardLayer {

    private String preset = "none";
    private RegularizerSpec.Target target = RegularizerSpec.Target.NONE;
    private RegularizerSpec.Sharing sharing = RegularizerSpec.Sharing.NONE;
    private RegularizerSpec.Mode mode = RegularizerSpec.Mode.NONE;
    private String stir = "none";
    private double rate;
    private double sigma = RegularizerSpec.DEFAULT_SIGMA;
    private int masks = RegularizerSpec.DEFAULT_MASKS;
    private double scale = RegularizerSpec.DEFAULT_SCALE;
    private boolean explicitMask;
    private long maskSeed;
    private boolean reluInput;
    private boolean rowMajorWeights;

    /** For JSON. */
    public RegularizedDense() {
    }

    protected RegularizedDense(Builder b) {
        super(b);
        RegularizerSpec s = b.spec;
        preset = s.preset();
        target = s.target();
        sharing = s.sharing();
        mode = s.mode();
        stir = s.stir();
        rate = s.rate();
        sigma = s.sigma();
        masks = s.masks();
        scale = b.masksemblesScale > 0 ? b.masksemblesScale : s.scale();
        explicitMask = s.explicitMask();
        maskSeed = b.maskSeed;
        rowMajorWeights = RegularizedDenseImpl.trainsInJava(this);
        initializeConstraints(b);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        RegularizedDenseImpl layer = new RegularizedDenseImpl(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return rowMajorWeights ? RowMajorParams.INSTANCE : DefaultParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long numParams = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(numParams);
        return new LayerMemoryReport.Builder(layerName, RegularizedDense.class, inputType, out)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, 0, 0, nIn + nOut)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    public String getPreset() { return preset; }
    public void setPreset(String v) { preset = v; }
    public RegularizerSpec.Target getTarget() { return target; }
    public void setTarget(RegularizerSpec.Target v) { target = v; }
    public RegularizerSpec.Sharing getSharing() { return sharing; }
    public void setSharing(RegularizerSpec.Sharing v) { sharing = v; }
    public RegularizerSpec.Mode getMode() { return mode; }
    public void setMode(RegularizerSpec.Mode v) { mode = v; }
    public String getStir() { return stir; }
    public void setStir(String v) { stir = v; }
    public double getRate() { return rate; }
    public void setRate(double v) { rate = v; }
    public double getSigma() { return sigma; }
    public void setSigma(double v) { sigma = v; }
    public int getMasks() { return masks; }
    public void setMasks(int v) { masks = v; }
    public double getScale() { return scale; }
    public void setScale(double v) { scale = v; }
    public boolean isExplicitMask() { return explicitMask; }
    public void setExplicitMask(boolean v) { explicitMask = v; }
    public long getMaskSeed() { return maskSeed; }
    public void setMaskSeed(long v) { maskSeed = v; }
    /**
     * Whether the layer's input comes out of a ReLU (directly, or through max pooling and flattening), so that the
     * gradient reaching an input equal to zero is multiplied by zero before it is used (the ReLU's derivative is 0
     * where its output is 0). The fused Bernoulli backward then skips the zero inputs (77-86 % of them in
     * Fashion-MNIST CNN training) and leaves their gradient 0: the network's gradients are unchanged, this layer's
     * input gradient is not (it is 0 at the zero inputs). False unless set; {@code Backbones} sets it.
     */
    public boolean isReluInput() { return reluInput; }
    public void setReluInput(boolean v) { reluInput = v; }
    /**
     * Whether W is stored row-major in the parameter vector ({@link RowMajorParams}): set by the builder when the
     * training pass runs the Java kernels, which read W and write dW row-major. False unless set, so a model saved
     * before this property existed keeps DL4J's column-major layout when it is loaded.
     */
    public boolean isRowMajorWeights() { return rowMajorWeights; }
    public void setRowMajorWeights(boolean v) { rowMajorWeights = v; }

    @Override
    public String toString() {
        return "RegularizedDense(" + preset + ", " + target + "/" + sharing + "/" + mode + "/" + stir
                + ", rate=" + rate + ", nIn=" + nIn + ", nOut=" + nOut + ")";
    }

    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private RegularizerSpec spec = RegularizerSpec.of("none", 0.0);
        private long maskSeed;
        private double masksemblesScale;

        /** The regularizer; validated by {@link Regularizers#validate}. */
        public Builder regularizer(RegularizerSpec s) {
            Regularizers.validate(s);
            this.spec = s;
            return this;
        }

        /** Seed of every mask of this layer (dynamic masks add the step to it). */
        public Builder maskSeed(long seed) {
            this.maskSeed = seed;
            return this;
        }

        /** Overrides the spec's Masksembles scale (used when a sweep's rate picks it). */
        public Builder masksemblesScale(double s) {
            this.masksemblesScale = s;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public RegularizedDense build() {
            return new RegularizedDense(this);
        }
    }
}
