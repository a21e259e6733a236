package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainedInJava")
    void eitherLayoutTrainsToTheSameWeights(RegularizerSpec spec) {
        MultiLayerNetwork rowMajor = TinyNets.mln(spec, 40, 70, 3, Activation.RELU,
                DataType.FLOAT, new Sgd(0.5), 8);
        MultiLayerNetwork columnMajor = TinyNets.withColumnMajorSlot(rowMajor);
        assertThat(rowMajor.getLayer(0).getParam("W").ordering()).isEqualTo('c');
        assertThat(columnMajor.getLayer(0).getParam("W").ordering()).isEqualTo('f');
        INDArray start = rowMajor.getLayer(0).getParam("W").dup();
        int[] ids = {3, 1, 4, 15, 9, 2, 6, 5};
        for (int step = 0; step < 3; step++) {
            INDArray x = TinyNets.randn(8, 40, 20 + step, DataType.FLOAT);
            INDArray y = TinyNets.oneHot(8, 3, step, DataType.FLOAT);
            for (MultiLayerNetwork n : new MultiLayerNetwork[]{rowMajor, columnMajor}) {
                MaskProbe.setExampleIds(n, 0, ids);
                n.fit(x, y);
            }
        }
        for (int l = 0; l < 2; l++) {
            for (String k : new String[]{"W", "b"}) {
                float[] a = rowMajor.getLayer(l).getParam(k).dup('c').data().asFloat();
                float[] b = columnMajor.getLayer(l).getParam(k).dup('c').data().asFloat();
                for (int e = 0; e < a.length; e++) assertThat(a[e]).as("layer %d %s[%d]", l, k, e).isCloseTo(b[e], within(1e-5f));
            }
        }
        // the steps moved W (SGD at 0.5 on a fresh network), so the comparison above compared updates
        double moved = rowMajor.getLayer(0).getParam("W").distance2(start);
        assertThat(moved).isGreaterThan(0.01);
    }

    @Test
    void aConfigurationSavedWithoutThePropertyLoadsColumnMajor() {
        MultiLayerNetwork net = net("pernode-bernoulli", 4);
        String json = net.getLayerWiseConfigurations().toJson();
        assertThat(json).contains("\"rowMajorWeights\" : true");
        MultiLayerConfiguration old = MultiLayerConfiguration.fromJson(json.replace("\"rowMajorWeights\" : true,", "")
                .replace(",\n      \"rowMajorWeights\" : true", ""));
        assertThat(old.toJson()).doesNotContain("\"rowMajorWeights\" : true");
        MultiLayerNetwork loaded = new MultiLayerNetwork(old);
        loaded.init(net.params().dup(), false);
        assertThat(loaded.getLayer(0).getParam("W").ordering()).isEqualTo('f');
    }
}
