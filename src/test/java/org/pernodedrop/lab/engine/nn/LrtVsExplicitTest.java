package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pernode-gaussian: the local-reparameterization path and the explicit-mask path against the same theory.
 * For a fixed input x (every batch row the same, rows independent draws), each pre-activation is
 * N(mu_j, sd^2 sum_i x_i^2 W_ij^2) with mu = x W + b and sd^2 = p / q. With L = 1/2 sum z^2 (identity
 * activation, dL/dz = z) the expected gradients are
 * E[dW_ij] = x_i mu_j + sd^2 x_i^2 W_ij and E[dx_i] = sum_j W_ij mu_j + sd^2 x_i W_ij^2 (per row).
 * Tolerances: 5 standard errors (means sqrt(var/N), variances var sqrt(2/(N-1)), gradients the empirical
 * standard error over independent replicas).
 */
class LrtVsExplicitTest {

    static final int DIN = 6;
    static final int DOUT = 3;
    static final double P = 0.3;

    private static Layer layer(boolean explicit) {
        MultiLayerNetwork net = TinyNets.identitySlot(RegularizerSpec.of("pernode-gaussian", P).withExplicitMask(explicit),
                DIN, DOUT, DataType.DOUBLE, 21);
        return net.getLayer(0);
    }

    private static INDArray rows(int n, double[] x) {
        double[][] v = new double[n][];
        for (int b = 0; b < n; b++) v[b] = x;
        return org.nd4j.linalg.factory.Nd4j.createFromArray(v);
    }

    private static final double[] X = {0.9, -1.3, 0.4, 2.0, 0.0, -0.7};

    @ParameterizedTest(name = "explicit={0}")
    @ValueSource(booleans = {false, true})
    void preActivationMeanAndVarianceMatchTheory(boolean explicit) {
        Layer l = layer(explicit);
        int n = 4000;
        l.setIterationCount(1);
        double[][] z = l.activate(rows(n, X), true, LayerWorkspaceMgr.noWorkspaces()).toDoubleMatrix();
        double[][] w = l.getParam("W").toDoubleMatrix();
        double[] bias = l.getParam("b").toDoubleVector();
        double sd2 = P / (1 - P);
        for (int j = 0; j < DOUT; j++) {
            double mu = bias[j];
            double var = 0;
            for (int i = 0; i < DIN; i++) {
                mu += X[i] * w[i][j];
                var += sd2 * X[i] * X[i] * w[i][j] * w[i][j];
            }
            double[] col = new double[n];
            for (int b = 0; b < n; b++) col[b] = z[b][j];
            assertThat(MaskStatisticsTest.mean(col)).as("mean z[%d]", j)
                    .isCloseTo(mu, org.assertj.core.data.Offset.offset(5 * Math.sqrt(var / n)));
            assertThat(MaskStatisticsTest.variance(col)).as("var z[%d]", j)
                    .isCloseTo(var, org.assertj.core.data.Offset.offset(5 * var * Math.sqrt(2.0 / (n - 1))));
        }
    }

    @ParameterizedTest(name = "explicit={0}")
    @ValueSource(booleans = {false, true})
    void expectedGradientMatchesTheory(boolean explicit) {
        Layer l = layer(explicit);
        int replicas = 30;
        int n = 400;
        double[][] w = l.getParam("W").toDoubleMatrix();
        double[] bias = l.getParam("b").toDoubleVector();
        double sd2 = P / (1 - P);
        double[] mu = new double[DOUT];
        for (int j = 0; j < DOUT; j++) {
            mu[j] = bias[j];
            for (int i = 0; i < DIN; i++) mu[j] += X[i] * w[i][j];
        }
        double[][] gW = new double[replicas][DIN * DOUT];
        double[][] gx = new double[replicas][DIN];
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        for (int r = 0; r < replicas; r++) {
            l.setIterationCount(100 + r);
            INDArray z = l.activate(rows(n, X), true, ws).dup();
            Pair<Gradient, INDArray> g = l.backpropGradient(z, ws);
            double[][] dW = g.getFirst().getGradientFor("W").toDoubleMatrix();
            double[][] dx = g.getSecond().toDoubleMatrix();
            for (int i = 0; i < DIN; i++) {
                for (int j = 0; j < DOUT; j++) gW[r][i * DOUT + j] = dW[i][j] / n;
                double s = 0;
                for (int b = 0; b < n; b++) s += dx[b][i];
                gx[r][i] = s / n;
            }
        }
        for (int i = 0; i < DIN; i++) {
            double ex = 0;
            for (int j = 0; j < DOUT; j++) {
                double eW = X[i] * mu[j] + sd2 * X[i] * X[i] * w[i][j];
                assertWithin(column(gW, i * DOUT + j), eW, "dW[" + i + "," + j + "]");
                ex += w[i][j] * mu[j] + sd2 * X[i] * w[i][j] * w[i][j];
            }
            assertWithin(column(gx, i), ex, "dx[" + i + "]");
        }
    }

    private static double[] column(double[][] a, int k) {
        double[] c = new double[a.length];
        for (int r = 0; r < a.length; r++) c[r] = a[r][k];
        return c;
    }

    private static void assertWithin(double[] samples, double expected, String what) {
        double se = Math.sqrt(MaskStatisticsTest.variance(samples) / samples.length);
        assertThat(MaskStatisticsTest.mean(samples)).as(what)
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(5 * se + 1e-12));
    }
}
