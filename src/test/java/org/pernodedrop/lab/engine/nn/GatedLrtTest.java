package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * partial-Gaussian's default path samples, given the gates G[b, i, j] (which connections get noise), the
 * pre-activation directly: z = x W + b + sigma sqrt(v) .* eps with v[b, j] = sum_i G x[b, i]^2 W[i, j]^2.
 * Output, dW and dx are recomputed here by hand (double loops) from the gates the mask view reports (a gated
 * connection shows a value drawn from N(1, sigma^2), an ungated one exactly 1) and the step's eps:
 * with g = delta sigma eps / sqrt(v), dW = x^T delta + W .* sum_b G x^2 g and dx = delta W^T + x .* sum_j G W^2 g.
 * So the view's gates are the applied ones, in the forward and in the backward pass. Covers the three widths of
 * keep bits (1 bit at p = 1/2, 8 at p = 1/4, 16 at p = 0.3), widths that are not multiples of the vector or word
 * size, and float (fused bit kernel) and double.
 */
class GatedLrtTest {

    static List<Object[]> cases() {
        List<Object[]> l = new ArrayList<>();
        for (DataType t : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (double p : new double[]{0.5, 0.25, 0.3}) l.add(new Object[]{p, t});
        }
        return l;
    }

    @ParameterizedTest(name = "p={0} {1}")
    @MethodSource("cases")
    void outputAndGradientsFollowFromTheViewsGates(double p, DataType type) {
        int din = 70;
        int dout = 75;
        int batch = 8;
        double sigma = 0.9;
        RegularizerSpec spec = RegularizerSpec.of("pernode-partial-gaussian", p).withSigma(sigma);
        MultiLayerNetwork net = TinyNets.identitySlot(spec, din, dout, type, 5);
        Layer layer = net.getLayer(0);
        layer.setIterationCount(3);
        // zero inputs, which the gated backward skips (its dx is multiplied by x): input 5 of every sample, and
        // scattered ones
        INDArray x = TinyNets.randn(batch, din, 6, type);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < din; i++) if (i == 5 || (b + i) % 4 == 0) x.putScalar(b, i, 0.0);
        }
        TinyNets.SlotStep step = TinyNets.trainStep(layer, x, TinyNets.randn(batch, dout, 7, type));
        double[][] xv = step.x();
        double[][] w = step.w();
        double[][] e = step.up();
        RegularizedDense conf = (RegularizedDense) layer.conf().getLayer();
        long key = MaskSource.stepKey(conf.getMaskSeed(), 3);
        double tol = type == DataType.FLOAT ? 2e-4 : 1e-9;

        int gated = 0;
        double[] refDW = new double[din * dout];
        double[][] refDx = new double[batch][din];
        for (int b = 0; b < batch; b++) {
            float[] m = step.masks().masks()[b];
            for (int j = 0; j < dout; j++) {
                double mean = step.bias()[j];
                double v = 0;
                for (int i = 0; i < din; i++) {
                    mean += xv[b][i] * w[i][j];
                    if (m[i * dout + j] != 1f) v += xv[b][i] * xv[b][i] * w[i][j] * w[i][j];
                }
                double eps = MaskSource.lrtEps(key, b, j, dout);
                double z = mean + sigma * Math.sqrt(v) * eps;
                assertThat(step.out()[b * dout + j]).as("z[%d,%d]", b, j)
                        .isCloseTo(z, org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(z))));
                double gbj = v > 0 ? e[b][j] * sigma * eps / Math.sqrt(v) : 0.0;
                for (int i = 0; i < din; i++) {
                    boolean on = m[i * dout + j] != 1f;
                    if (on) gated++;
                    double noise = on ? gbj : 0.0;
                    refDW[i * dout + j] += xv[b][i] * e[b][j] + w[i][j] * xv[b][i] * xv[b][i] * noise;
                    refDx[b][i] += w[i][j] * e[b][j] + xv[b][i] * w[i][j] * w[i][j] * noise;
                }
            }
        }
        double gatedFraction = gated / (double) (batch * din * dout);
        // 42,000 gates: the fraction is within 5 standard errors of p
        assertThat(gatedFraction).as("gated fraction")
                .isCloseTo(p, org.assertj.core.data.Offset.offset(5 * Math.sqrt(p * (1 - p) / (batch * din * dout))));
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < din; i++) {
                assertThat(step.dx()[b * din + i]).as("dx[%d,%d]", b, i)
                        .isCloseTo(refDx[b][i], org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(refDx[b][i]))));
            }
        }
        for (int k = 0; k < refDW.length; k++) {
            assertThat(step.dW()[k]).as("dW[%d]", k)
                    .isCloseTo(refDW[k], org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(refDW[k]))));
        }
        assertThat(MaskProbe.effectiveRate(layer)).as("reported rate: the gated fraction")
                .isCloseTo(p, org.assertj.core.data.Offset.offset(Math.pow(2, -17)));
    }
}
