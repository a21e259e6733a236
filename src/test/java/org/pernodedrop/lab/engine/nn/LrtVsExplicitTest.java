package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pernode-gaussian and pernode-partial-gaussian: the local-reparameterization path and the explicit-mask path
 * against the same theory. For a fixed input x (every batch row the same, rows independent draws), with
 * a_i = x_i W_ij, each pre-activation is mu_j + sum_i a_i (m_ij - 1) with mu = x W + b, so
 * <ul>
 *   <li>its variance is Var(m) sum_i a_i^2, Var(m) = p / q for Gaussian and p sigma^2 for partial-Gaussian;</li>
 *   <li>its excess kurtosis is 0 for Gaussian (a sum of Gaussians) and, for partial-Gaussian, whose terms are
 *       G_i sigma a_i eps_i with gates G_i ~ Bernoulli(p): the sum of the terms' fourth cumulants
 *       3 sigma^4 a_i^4 p (1 - p) over the squared variance, 3 (1 - p) sum a^4 / (p (sum a^2)^2). A path that
 *       marginalised the gates too (one Gaussian with the same variance) would show 0.</li>
 * </ul>
 * With L = 1/2 sum z^2 (identity activation, dL/dz = z) the expected gradients are
 * E[dW_ij] = x_i mu_j + Var(m) x_i^2 W_ij and E[dx_i] = sum_j W_ij mu_j + Var(m) x_i W_ij^2 (per row).
 * Tolerances: 5 standard errors (means sqrt(var/N), variances var sqrt(2/(N-1)), kurtosis and gradients the
 * empirical standard error over independent replicas).
 */
class LrtVsExplicitTest {

    static final int DIN = 6;
    static final int DOUT = 3;
    private static final double[] X = {0.9, -1.3, 0.4, 2.0, 0.0, -0.7};

    static List<Object[]> cases() {
        List<Object[]> l = new ArrayList<>();
        for (boolean explicit : new boolean[]{false, true}) {
            l.add(new Object[]{RegularizerSpec.of("pernode-gaussian", 0.3), explicit});
            l.add(new Object[]{RegularizerSpec.of("pernode-partial-gaussian", 0.3).withSigma(0.8), explicit});
            l.add(new Object[]{RegularizerSpec.of("pernode-partial-gaussian", 0.5).withSigma(1.3), explicit});
        }
        return l;
    }

    private static Layer layer(RegularizerSpec spec, boolean explicit) {
        MultiLayerNetwork net = TinyNets.identitySlot(spec.withExplicitMask(explicit), DIN, DOUT, DataType.DOUBLE, 21);
        return net.getLayer(0);
    }

    /** Var(m) of one connection's multiplier. */
    private static double maskVariance(RegularizerSpec spec) {
        double p = spec.rate();
        return spec.stir().equals("gaussian") ? p / (1 - p) : p * spec.sigma() * spec.sigma();
    }

    /** Excess kurtosis of pre-activation j for input X (see the class comment). */
    private static double excessKurtosis(RegularizerSpec spec, double[][] w, int j) {
        if (spec.stir().equals("gaussian")) return 0.0;
        double p = spec.rate();
        double s2 = 0;
        double s4 = 0;
        for (int i = 0; i < DIN; i++) {
            double a2 = X[i] * X[i] * w[i][j] * w[i][j];
            s2 += a2;
            s4 += a2 * a2;
        }
        return 3 * (1 - p) * s4 / (p * s2 * s2);
    }

    private static INDArray rows(int n) {
        double[][] v = new double[n][];
        for (int b = 0; b < n; b++) v[b] = X;
        return org.nd4j.linalg.factory.Nd4j.createFromArray(v);
    }

    private static double[] mu(Layer l) {
        double[][] w = l.getParam("W").toDoubleMatrix();
        double[] mu = l.getParam("b").toDoubleVector();
        for (int j = 0; j < DOUT; j++) {
            for (int i = 0; i < DIN; i++) mu[j] += X[i] * w[i][j];
        }
        return mu;
    }

    @ParameterizedTest(name = "{0} explicit={1}")
    @MethodSource("cases")
    void preActivationMeanAndVarianceMatchTheory(RegularizerSpec spec, boolean explicit) {
        Layer l = layer(spec, explicit);
        int n = 4000;
        l.setIterationCount(1);
        double[][] z = l.activate(rows(n), true, LayerWorkspaceMgr.noWorkspaces()).toDoubleMatrix();
        double[][] w = l.getParam("W").toDoubleMatrix();
        double[] mu = mu(l);
        for (int j = 0; j < DOUT; j++) {
            double var = 0;
            for (int i = 0; i < DIN; i++) var += maskVariance(spec) * X[i] * X[i] * w[i][j] * w[i][j];
            double[] col = new double[n];
            for (int b = 0; b < n; b++) col[b] = z[b][j];
            // the variance of a sample variance grows with the kurtosis: Var(s^2) ~ var^2 (2 + excess) / n
            double varTol = 5 * var * Math.sqrt((2.0 + excessKurtosis(spec, w, j)) / (n - 1));
            assertThat(MaskStatisticsTest.mean(col)).as("mean z[%d]", j)
                    .isCloseTo(mu[j], org.assertj.core.data.Offset.offset(5 * Math.sqrt(var / n)));
            assertThat(MaskStatisticsTest.variance(col)).as("var z[%d]", j)
                    .isCloseTo(var, org.assertj.core.data.Offset.offset(varTol));
        }
    }

    @ParameterizedTest(name = "{0} explicit={1}")
    @MethodSource("cases")
    void preActivationShapeMatchesTheory(RegularizerSpec spec, boolean explicit) {
        Layer l = layer(spec, explicit);
        double[][] w = l.getParam("W").toDoubleMatrix();
        int replicas = 40;
        int n = 2000;
        double[][] k = new double[DOUT][replicas];
        for (int r = 0; r < replicas; r++) {
            l.setIterationCount(500 + r);
            double[][] z = l.activate(rows(n), true, LayerWorkspaceMgr.noWorkspaces()).toDoubleMatrix();
            for (int j = 0; j < DOUT; j++) {
                double[] col = new double[n];
                for (int b = 0; b < n; b++) col[b] = z[b][j];
                k[j][r] = sampleExcessKurtosis(col);
            }
        }
        for (int j = 0; j < DOUT; j++) {
            double expected = excessKurtosis(spec, w, j);
            double se = Math.sqrt(MaskStatisticsTest.variance(k[j]) / replicas);
            assertThat(MaskStatisticsTest.mean(k[j])).as("excess kurtosis of z[%d]", j)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(5 * se));
            // the check can tell partial-Gaussian's mixture from a Gaussian of the same variance
            if (expected != 0.0) assertThat(expected).as("kurtosis to tell apart, z[%d]", j).isGreaterThan(8 * se);
        }
    }

    private static double sampleExcessKurtosis(double[] v) {
        double m = MaskStatisticsTest.mean(v);
        double m2 = 0;
        double m4 = 0;
        for (double x : v) {
            double d = (x - m) * (x - m);
            m2 += d;
            m4 += d * d;
        }
        m2 /= v.length;
        m4 /= v.length;
        return m4 / (m2 * m2) - 3.0;
    }

    @ParameterizedTest(name = "{0} explicit={1}")
    @MethodSource("cases")
    void expectedGradientMatchesTheory(RegularizerSpec spec, boolean explicit) {
        Layer l = layer(spec, explicit);
        int replicas = 30;
        int n = 400;
        double[][] w = l.getParam("W").toDoubleMatrix();
        double vm = maskVariance(spec);
        double[] mu = mu(l);
        double[][] gW = new double[replicas][DIN * DOUT];
        double[][] gx = new double[replicas][DIN];
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        for (int r = 0; r < replicas; r++) {
            l.setIterationCount(100 + r);
            INDArray z = l.activate(rows(n), true, ws).dup();
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
                double eW = X[i] * mu[j] + vm * X[i] * X[i] * w[i][j];
                assertWithin(column(gW, i * DOUT + j), eW, "dW[" + i + "," + j + "]");
                ex += w[i][j] * mu[j] + vm * X[i] * w[i][j] * w[i][j];
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
