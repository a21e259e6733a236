package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The slot's W stored row-major ({@link RowMajorParams}) for the presets whose training runs the Java kernels: where
 * the parameter vector keeps each element, the same starting matrix as every other preset, the updater seeing the
 * gradient in the parameters' layout (a network in DL4J's column-major layout trains to the same weights), and models
 * saved before the property existed loading in their own layout.
 */
class RowMajorParamsTest {

    /**
     * By REGULARIZERS.md's paths: dynamic per-sample per-connection Bernoulli masks made row by row, and
     * partial-Gaussian's gates (the fixed presets share one mask per model; Gaussian's noise goes through the LRT).
     */
    private static final Set<String> JAVA_KERNELS = Set.of("pernode-bernoulli", "pernode-partial-gaussian");

    private static final int DIN = 12;
    private static final int DOUT = 10;

    private static MultiLayerNetwork net(String preset, long seed) {
        return TinyNets.mln(RegularizerSpec.of(preset, 0.3), DIN, DOUT, 3, Activation.RELU, DataType.FLOAT,
                new Sgd(0.1), seed);
    }

    @Test
    void javaKernelPresetsKeepWRowMajorAndEveryPresetStartsFromTheSameMatrix() {
        INDArray reference = net("none", 4).getLayer(0).getParam("W");
        assertThat(reference.ordering()).isEqualTo('f');
        for (String p : RegularizerSpec.PRESETS) {
            MultiLayerNetwork net = net(p, 4);
            boolean rowMajor = JAVA_KERNELS.contains(p);
            assertThat(((RegularizedDense) net.getLayer(0).conf().getLayer()).isRowMajorWeights()).as(p).isEqualTo(rowMajor);
            INDArray w = net.getLayer(0).getParam("W");
            assertThat(w.ordering()).as(p).isEqualTo(rowMajor ? 'c' : 'f');
            float[] params = net.params().dup('c').data().asFloat();
            for (int i = 0; i < DIN; i++) {
                for (int j = 0; j < DOUT; j++) {
                    assertThat(w.getFloat(i, j)).as("%s W[%d, %d]", p, i, j).isEqualTo(reference.getFloat(i, j));
                    // W comes first in the layer's part of the vector
                    int at = rowMajor ? i * DOUT + j : j * DIN + i;
                    assertThat(params[at]).as("%s params[%d]", p, at).isEqualTo(w.getFloat(i, j));
                }
            }
        }
    }

    static List<RegularizerSpec> trainedInJava() {
        return List.of(RegularizerSpec.of("pernode-bernoulli", 0.5), RegularizerSpec.of("pernode-partial-gaussian", 0.5),
                RegularizerSpec.of("pernode-bernoulli-fixed", 0.25).withMode(RegularizerSpec.Mode.FIXED_PER_SAMPLE));
    }

    /** Dense [40 -> 30, ReLU], the slot [30 -> 70, ReLU] (a vector-group multiple and a scalar tail), softmax. */
    private static MultiLayerNetwork slotAfterDense(RegularizerSpec spec) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(8).dataType(DataType.FLOAT).updater(new Sgd(0.5)).weightInit(WeightInit.XAVIER).list()
                .layer(0, new DenseLayer.Builder().nIn(40).nOut(30).activation(Activation.RELU).build())
                .layer(1, Regularizers.slot(spec, 30, 70, Activation.RELU, 8))
                .layer(2, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(70).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainedInJava")
    void eitherLayoutTrainsToTheSameWeights(RegularizerSpec spec) {
        // the slot after a dense layer: its W sits at an offset in the parameter vector, and its dx trains the layer
        MultiLayerNetwork rowMajor = slotAfterDense(spec);
        MultiLayerNetwork columnMajor = TinyNets.withColumnMajorSlot(rowMajor);
        assertThat(rowMajor.getLayer(1).getParam("W").ordering()).isEqualTo('c');
        assertThat(columnMajor.getLayer(1).getParam("W").ordering()).isEqualTo('f');
        INDArray slotStart = rowMajor.getLayer(1).getParam("W").dup();
        INDArray denseStart = rowMajor.getLayer(0).getParam("W").dup();
        int[] ids = {3, 1, 4, 15, 9, 2, 6, 5};
        for (int step = 0; step < 3; step++) {
            INDArray x = TinyNets.randn(8, 40, 20 + step, DataType.FLOAT);
            INDArray y = TinyNets.oneHot(8, 3, step, DataType.FLOAT);
            for (MultiLayerNetwork n : new MultiLayerNetwork[]{rowMajor, columnMajor}) {
                MaskProbe.setExampleIds(n, 1, ids);
                n.fit(x, y);
            }
        }
        for (int l = 0; l < 3; l++) {
            for (String k : new String[]{"W", "b"}) {
                float[] a = rowMajor.getLayer(l).getParam(k).dup('c').data().asFloat();
                float[] b = columnMajor.getLayer(l).getParam(k).dup('c').data().asFloat();
                for (int e = 0; e < a.length; e++) assertThat(a[e]).as("layer %d %s[%d]", l, k, e).isCloseTo(b[e], within(1e-5f));
            }
        }
        // the steps moved the slot's W and, through the slot's dx, the dense layer's (SGD at 0.5 on a fresh network)
        assertThat(rowMajor.getLayer(1).getParam("W").distance2(slotStart)).isGreaterThan(0.01);
        assertThat(rowMajor.getLayer(0).getParam("W").distance2(denseStart)).isGreaterThan(0.01);
    }

    @Test
    void setParamsReadsWInItsOwnOrder() {
        MultiLayerNetwork net = slotAfterDense(RegularizerSpec.of("pernode-bernoulli", 0.5));
        org.deeplearning4j.nn.api.Layer slot = net.getLayer(1);
        INDArray before = slot.getParam("W").dup();
        slot.setParams(slot.params().dup());
        assertThat(slot.getParam("W")).isEqualTo(before);
        // element [2, 5] of W is element 2 * 70 + 5 of the layer's parameters (W first, row-major)
        INDArray changed = slot.params().dup();
        changed.putScalar(2 * 70 + 5, 42f);
        slot.setParams(changed);
        assertThat(slot.getParam("W").getFloat(2, 5)).isEqualTo(42f);
        assertThat(slot.getParam("W").getFloat(5, 2)).isEqualTo(before.getFloat(5, 2));
    }

    /**
     * Models saved by the code before {@code rowMajorWeights} existed (commit 3117cf9): Dense [5 -> 9, ReLU], the slot
     * [9 -> 7, ReLU] with the preset at p = 0.5, softmax [7 -> 3]; float, seed 3, SGD 0.3, fitted twice on the
     * 6 x 5 input {@code x[k] = sin(0.7 k + 0.3)} (row-major) with labels {@code r % 3}, then saved with
     * {@code ModelSerializer}. The text file holds that code's output on x (18 values), then its output after one
     * more fit on the same batch (18 more). Loaded now, the model must keep W column-major and compute both.
     */
    @ParameterizedTest
    @ValueSource(strings = {"pernode-bernoulli", "pernode-partial-gaussian"})
    void aModelSavedBeforeThePropertyLoadsPredictsAndTrainsAsItDid(String preset) throws Exception {
        String base = "saved-before-row-major-" + preset;
        MultiLayerNetwork net;
        try (java.io.InputStream in = getClass().getResourceAsStream(base + ".zip")) {
            net = ModelSerializer.restoreMultiLayerNetwork(in, true);
        }
        float[] expected;
        try (java.io.InputStream in = getClass().getResourceAsStream(base + ".output.txt")) {
            String[] lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim().split("\n");
            expected = new float[lines.length];
            for (int k = 0; k < lines.length; k++) expected[k] = Float.parseFloat(lines[k]);
        }
        assertThat(expected).hasSize(36);
        assertThat(((RegularizedDense) net.getLayer(1).conf().getLayer()).isRowMajorWeights()).isFalse();
        assertThat(net.getLayer(1).getParam("W").ordering()).isEqualTo('f');
        float[] v = new float[30];
        for (int k = 0; k < v.length; k++) v[k] = (float) Math.sin(0.7 * k + 0.3);
        INDArray x = org.nd4j.linalg.factory.Nd4j.create(v, new long[]{6, 5}, 'c');
        INDArray y = org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int r = 0; r < 6; r++) y.putScalar(r, r % 3, 1.0);
        float[] out = net.output(x).dup('c').data().asFloat();
        for (int k = 0; k < 18; k++) assertThat(out[k]).as("output[%d]", k).isCloseTo(expected[k], within(1e-6f));
        net.fit(x, y);
        float[] after = net.output(x).dup('c').data().asFloat();
        for (int k = 0; k < 18; k++) {
            assertThat(after[k]).as("output after a step [%d]", k).isCloseTo(expected[18 + k], within(1e-5f));
        }
    }
}
