package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inference rules: dynamic (and fixed-per-sample) variants equal the plain dense layer relu(x W + b);
 * fixed-per-model and Masksembles keep their masks; a custom stir rescales by its reported mean.
 */
class InferenceTest {

    static final int DIN = 12;
    static final int DOUT = 5;
    static final int BATCH = 8;

    private static Layer slot(RegularizerSpec spec) {
        MultiLayerNetwork net = TinyNets.mln(spec, DIN, DOUT, 3, Activation.RELU, DataType.DOUBLE, new NoOp(), 4);
        return net.getLayer(0);
    }

    /** relu(sum_i x W M + b) by hand; M = null means all ones. */
    private static double[][] reference(Layer l, double[][] x, float[][] masks, double scale) {
        double[][] w = l.getParam("W").toDoubleMatrix();
        double[] b = l.getParam("b").toDoubleVector();
        double[][] out = new double[x.length][DOUT];
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < DOUT; j++) {
                double z = 0;
                for (int i = 0; i < DIN; i++) z += x[r][i] * w[i][j] * (masks == null ? 1.0 : masks[r][i * DOUT + j]);
                out[r][j] = Math.max(0, scale * z + b[j]);
            }
        }
        return out;
    }

    private static void assertClose(double[][] a, double[][] b) {
        for (int r = 0; r < a.length; r++) {
            for (int j = 0; j < a[r].length; j++) {
                assertThat(a[r][j]).isCloseTo(b[r][j], org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(b[r][j]))));
            }
        }
    }

    private static int[] allRows() {
        int[] rows = new int[BATCH];
        for (int b = 0; b < BATCH; b++) rows[b] = b;
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "dropout", "gaussian-dropout", "dropconnect", "pernode-bernoulli", "pernode-gaussian",
            "pernode-partial-gaussian", "fixed-per-sample"})
    void dynamicVariantsUsePlainWeights(String preset) {
        RegularizerSpec spec = preset.equals("fixed-per-sample")
                ? RegularizerSpec.of("pernode-bernoulli-fixed", 0.5).withMode(RegularizerSpec.Mode.FIXED_PER_SAMPLE)
                : RegularizerSpec.of(preset, 0.5);
        Layer l = slot(spec);
        MaskProbe.setExampleIds(l, allRows());
        INDArray x = TinyNets.randn(BATCH, DIN, 8, DataType.DOUBLE);
        double[][] train = l.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).toDoubleMatrix();
        double[][] infer = l.activate(x, false, LayerWorkspaceMgr.noWorkspaces()).toDoubleMatrix();
        double[][] plain = reference(l, x.toDoubleMatrix(), null, 1.0);
        assertClose(infer, plain);
        if (!preset.equals("none")) assertThat(train).isNotEqualTo(infer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pernode-bernoulli-fixed", "pernode-gaussian-fixed", "masksembles"})
    void fixedVariantsKeepTheirMasksAtInference(String preset) {
        Layer l = slot(RegularizerSpec.of(preset, 0.5));
        INDArray x = TinyNets.randn(BATCH, DIN, 9, DataType.DOUBLE);
        double[][] train = l.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).toDoubleMatrix();
        float[][] masks = MaskProbe.lastMasks(l, allRows()).masks();
        double[][] infer = l.activate(x, false, LayerWorkspaceMgr.noWorkspaces()).toDoubleMatrix();
        assertClose(infer, reference(l, x.toDoubleMatrix(), masks, 1.0));
        assertClose(infer, train);
        assertThat(infer).isNotEqualTo(reference(l, x.toDoubleMatrix(), null, 1.0));
    }

    @Test
    void customStirRescalesByItsMean() {
        StirRegistry.register("inference-test", (u, z, p) -> u < p ? 0.0 : 3.0, p -> 3 * (1 - p));
        try {
            Layer l = slot(RegularizerSpec.custom(RegularizerSpec.Target.CONNECTION, RegularizerSpec.Sharing.PER_SAMPLE,
                    RegularizerSpec.Mode.DYNAMIC, "inference-test", 0.5));
            INDArray x = TinyNets.randn(BATCH, DIN, 10, DataType.DOUBLE);
            double[][] infer = l.activate(x, false, LayerWorkspaceMgr.noWorkspaces()).toDoubleMatrix();
            assertClose(infer, reference(l, x.toDoubleMatrix(), null, 1.5));
        } finally {
            StirRegistry.unregister("inference-test");
        }
    }

    @Test
    void masksemblesPredictReplicatesAndAverages() {
        MultiLayerNetwork net = TinyNets.mln(RegularizerSpec.of("masksembles", 0.0), DIN, DOUT, 3, Activation.RELU,
                DataType.DOUBLE, new NoOp(), 4);
        INDArray x = TinyNets.randn(3, DIN, 11, DataType.DOUBLE);
        double[][] avg = Masksembles.predict(net, x, 4).toDoubleMatrix();
        double[][] manual = new double[3][3];
        for (int g = 0; g < 4; g++) {
            // a batch of 4 copies of row r: copy g meets mask g
            for (int r = 0; r < 3; r++) {
                INDArray rep = org.nd4j.linalg.factory.Nd4j.concat(0, x.getRow(r, true), x.getRow(r, true),
                        x.getRow(r, true), x.getRow(r, true));
                double[] out = net.output(rep).getRow(g).toDoubleVector();
                for (int c = 0; c < 3; c++) manual[r][c] += out[c] / 4;
            }
        }
        assertClose(avg, manual);
    }

    @Test
    void masksemblesRejectsABatchItCannotSplit() {
        Layer l = slot(RegularizerSpec.of("masksembles", 0.0));
        INDArray x = TinyNets.randn(6, DIN, 12, DataType.DOUBLE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> l.activate(x, true, LayerWorkspaceMgr.noWorkspaces()))
                .hasMessageContaining("not a multiple of 4");
    }
}
