package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The local-reparameterization path divides by s = sqrt((x.*x)(W.*W)), which is 0 for an all-zero input row (common
 * after a ReLU). The guard must keep the forward and backward finite there, and leave the other rows' gradients equal
 * to finite differences.
 */
class LrtZeroRowTest {

    private static DataType previous;

    @BeforeAll
    static void doubles() {
        previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(previous, previous);
    }

    private static INDArray inputWithZeroRow(int batch, int din, int zeroRow) {
        INDArray x = TinyNets.randn(batch, din, 21, DataType.DOUBLE);
        x.getRow(zeroRow).assign(0.0);
        return x;
    }

    @Test
    void zeroRowIsFiniteAndItsInputGradientIsThePlainOne() {
        RegularizerSpec spec = RegularizerSpec.of("pernode-gaussian", 0.4);
        int din = 7;
        int dout = 5;
        int batch = 6;
        MultiLayerNetwork net = TinyNets.identitySlot(spec, din, dout, DataType.DOUBLE, 3);
        Layer layer = net.getLayer(0);
        layer.setIterationCount(4);
        INDArray x = inputWithZeroRow(batch, din, 2);
        INDArray eps = TinyNets.randn(batch, dout, 22, DataType.DOUBLE);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        double[][] z = layer.activate(x, true, ws).castTo(DataType.DOUBLE).toDoubleMatrix();
        Pair<Gradient, INDArray> g = layer.backpropGradient(eps, ws);
        double[][] dx = g.getSecond().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] dW = g.getFirst().getGradientFor("W").castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] w = layer.getParam("W").castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] bias = layer.getParam("b").castTo(DataType.DOUBLE).toDoubleVector();
        double[][] e = eps.toDoubleMatrix();
        for (double[] row : z) for (double v : row) assertThat(v).isFinite();
        for (double[] row : dx) for (double v : row) assertThat(v).isFinite();
        for (double v : dW) assertThat(v).isFinite();
        // zero row: z = 0 W + b + sd * 0 * eps = b, and dx = delta W^T + x .* (...) = delta W^T (identity activation)
        for (int j = 0; j < dout; j++) assertThat(z[2][j]).isCloseTo(bias[j], offset(1e-12));
        for (int i = 0; i < din; i++) {
            double ref = 0;
            for (int j = 0; j < dout; j++) ref += e[2][j] * w[i][j];
            assertThat(dx[2][i]).as("dx[2, %d]", i).isCloseTo(ref, offset(1e-12));
        }
        // a non-zero row carries noise: the guard did not switch it off
        double noise = 0;
        for (int j = 0; j < dout; j++) {
            double mu = bias[j];
            for (int i = 0; i < din; i++) mu += x.getDouble(0, i) * w[i][j];
            noise = Math.max(noise, Math.abs(z[0][j] - mu));
        }
        assertThat(noise).isGreaterThan(1e-3);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithAZeroRowAtTheSlotInput() {
        RegularizerSpec spec = RegularizerSpec.of("pernode-gaussian", 0.4);
        // the slot is layer 0, so the zero row reaches it as it is; the check covers W and b (the zero row's dx is
        // checked by hand above)
        MultiLayerNetwork net = TinyNets.mlnDouble(spec, 8, 4, 17);
        INDArray x = inputWithZeroRow(6, 8, 3);
        INDArray y = TinyNets.oneHot(6, 3, 23, DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertThat(ok).isTrue();
        INDArray out = net.output(x, true);
        for (double v : out.dup('c').data().asDouble()) assertThat(v).isFinite();
    }
}
