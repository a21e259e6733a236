package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mask MaskProbe regenerates is the mask the layer applied, in the forward and in the backward pass:
 * output, dW and dx are recomputed by hand (double loops) from the probe's masks,
 * z = sum_i x W M + b, dW = sum_b x M dz, dx = sum_j W M dz, and compared with the layer's.
 * Covers the fused float kernel (1-bit and 8-bit, widths that are not multiples of the vector or word size)
 * and the double path. (The LRT paths of pernode-gaussian and partial-Gaussian apply no per-connection values;
 * LrtVsExplicitTest and GatedLrtTest cover them.)
 */
class MaskConsistencyTest {

    static List<Object[]> cases() {
        List<Object[]> l = new ArrayList<>();
        for (DataType t : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (String p : RegularizerSpec.PRESETS) {
                if (p.equals("none") || p.equals("pernode-gaussian") || p.equals("pernode-partial-gaussian")) continue;
                l.add(new Object[]{RegularizerSpec.of(p, 0.3), t, false});
            }
            l.add(new Object[]{RegularizerSpec.of("pernode-bernoulli", 0.5), t, false});
            l.add(new Object[]{RegularizerSpec.of("pernode-gaussian", 0.3).withExplicitMask(true), t, false});
            l.add(new Object[]{RegularizerSpec.of("pernode-partial-gaussian", 0.3).withExplicitMask(true), t, false});
            l.add(new Object[]{RegularizerSpec.of("pernode-bernoulli-fixed", 0.25)
                    .withMode(RegularizerSpec.Mode.FIXED_PER_SAMPLE), t, false});
        }
        // W in DL4J's column-major layout (models saved before the Java kernels' presets stored it row-major)
        l.add(new Object[]{RegularizerSpec.of("pernode-bernoulli", 0.5), DataType.FLOAT, true});
        l.add(new Object[]{RegularizerSpec.of("pernode-bernoulli-fixed", 0.25)
                .withMode(RegularizerSpec.Mode.FIXED_PER_SAMPLE), DataType.FLOAT, true});
        return l;
    }

    @ParameterizedTest(name = "{0} {1} column-major W: {2}")
    @MethodSource("cases")
    void probeMaskIsTheAppliedMask(RegularizerSpec spec, DataType type, boolean columnMajor) {
        int din = 70;
        int dout = 75;
        int batch = 8;
        MultiLayerNetwork net = TinyNets.identitySlot(spec, din, dout, type, 5);
        if (columnMajor) {
            net = TinyNets.withColumnMajorSlot(net);
            assertThat(net.getLayer(0).getParam("W").ordering()).isEqualTo('f');
        }
        Layer layer = net.getLayer(0);
        layer.setIterationCount(3);
        int[] ids = {9, 2, 40, 7, 1000, 3, 55, 8};
        MaskProbe.setExampleIds(layer, ids);
        TinyNets.SlotStep step = TinyNets.trainStep(layer, TinyNets.randn(batch, din, 6, type),
                TinyNets.randn(batch, dout, 7, type));
        assertThat(step.masks().step()).isEqualTo(3);
        double[][] xv = step.x();
        double[][] w = step.w();
        double[][] e = step.up();
        // MaskView holds float multipliers, so even the double path agrees only to float precision
        double tol = type == DataType.FLOAT ? 2e-4 : 1e-6;
        double[] refDW = new double[din * dout];
        for (int b = 0; b < batch; b++) {
            float[] m = step.masks().masks()[b];
            for (int j = 0; j < dout; j++) {
                double z = step.bias()[j];
                for (int i = 0; i < din; i++) z += xv[b][i] * w[i][j] * m[i * dout + j];
                assertThat(step.out()[b * dout + j]).as("z[%d,%d]", b, j).isCloseTo(z, org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(z))));
            }
            for (int i = 0; i < din; i++) {
                double s = 0;
                for (int j = 0; j < dout; j++) {
                    s += w[i][j] * m[i * dout + j] * e[b][j];
                    refDW[i * dout + j] += xv[b][i] * m[i * dout + j] * e[b][j];
                }
                assertThat(step.dx()[b * din + i]).as("dx[%d,%d]", b, i).isCloseTo(s, org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(s))));
            }
        }
        for (int k = 0; k < refDW.length; k++) {
            assertThat(step.dW()[k]).as("dW[%d]", k).isCloseTo(refDW[k], org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(refDW[k]))));
        }
    }
}
