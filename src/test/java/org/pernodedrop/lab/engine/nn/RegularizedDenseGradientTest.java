package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DL4J finite-difference gradient checks (double precision) of the slot for every preset and the extra
 * points of the space, in MultiLayerNetwork and ComputationGraph. The mask key is fixed during a check
 * because DL4J's iteration count (the step) does not move while GradientCheckUtil perturbs parameters.
 */
class RegularizedDenseGradientTest {

    static final int DIN = 10;
    static final int DOUT = 4;
    static final int BATCH = 8;

    private static DataType previous;

    @BeforeAll
    static void registerCustom() {
        previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        // a two-point stir: 0 with probability p, else 1 + z/4; mean (1 - p)
        StirRegistry.register("test-gate", (u, z, p) -> u < p ? 0.0 : 1.0 + 0.25 * z, p -> 1.0 - p);
    }

    @AfterAll
    static void unregister() {
        StirRegistry.unregister("test-gate");
        Nd4j.setDefaultDataTypes(previous, previous);
    }

    static List<RegularizerSpec> specs() {
        List<RegularizerSpec> l = new ArrayList<>();
        for (String p : RegularizerSpec.PRESETS) l.add(RegularizerSpec.of(p, 0.3));
        l.add(RegularizerSpec.of("pernode-bernoulli", 0.5));
        l.add(RegularizerSpec.of("pernode-gaussian", 0.3).withExplicitMask(true));
        l.add(RegularizerSpec.of("pernode-partial-gaussian", 0.3).withExplicitMask(true));
        l.add(RegularizerSpec.of("pernode-partial-gaussian", 0.5).withSigma(1.4));
        l.add(RegularizerSpec.of("pernode-bernoulli-fixed", 0.3).withMode(RegularizerSpec.Mode.FIXED_PER_SAMPLE));
        l.add(RegularizerSpec.of("pernode-gaussian-fixed", 0.3).withMode(RegularizerSpec.Mode.FIXED_PER_SAMPLE));
        l.add(RegularizerSpec.custom(RegularizerSpec.Target.CONNECTION, RegularizerSpec.Sharing.PER_SAMPLE,
                RegularizerSpec.Mode.DYNAMIC, "test-gate", 0.3));
        l.add(RegularizerSpec.custom(RegularizerSpec.Target.UNIT, RegularizerSpec.Sharing.PER_BATCH,
                RegularizerSpec.Mode.DYNAMIC, "gaussian", 0.3));
        return l;
    }

    private static int[] ids() {
        int[] ids = new int[BATCH];
        for (int b = 0; b < BATCH; b++) ids[b] = 100 + 7 * b;
        return ids;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void multiLayerNetwork(RegularizerSpec spec) {
        MultiLayerNetwork net = TinyNets.mlnDouble(spec, DIN, DOUT, 11);
        MaskProbe.setExampleIds(net, 0, ids());
        INDArray x = TinyNets.randn(BATCH, DIN, 1, DataType.DOUBLE);
        INDArray y = TinyNets.oneHot(BATCH, 3, 2, DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertThat(ok).as("gradient check of " + Regularizers.describe(spec)).isTrue();
        assertSlotOutputIsRecomputedByHand(net, 0, x, spec);
    }

    /**
     * The slot's training output, recomputed by hand from its input, weights and the mask it reports:
     * {@code a[b, j] = tanh(bias[j] + sum_i x[b, i] W[i, j] M[b, i, j])}; for the local-reparameterization path
     * {@code tanh(mu + sd sqrt(sum_i x^2 W^2) eps)} with {@code mu = bias + x W}, eps from the step's key; for
     * partial-Gaussian's the sum runs over the gated connections (those whose reported multiplier is not 1) and sd is
     * sigma.
     */
    static void assertSlotOutputIsRecomputedByHand(MultiLayerNetwork net, int slot, INDArray x, RegularizerSpec spec) {
        java.util.List<INDArray> acts = net.feedForward(x, true);
        double[][] in = acts.get(slot).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] out = acts.get(slot + 1).castTo(DataType.DOUBLE).toDoubleMatrix();
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(slot);
        double[][] w = layer.getParam("W").castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] bias = layer.getParam("b").castTo(DataType.DOUBLE).toDoubleVector();
        int batch = in.length;
        int din = w.length;
        int dout = w[0].length;
        int[] rows = new int[batch];
        for (int b = 0; b < batch; b++) rows[b] = b;
        MaskView mv = MaskProbe.lastMasks(net, slot, rows);
        boolean lrt = (spec.preset().equals("pernode-gaussian") || spec.preset().equals("pernode-partial-gaussian"))
                && !spec.explicitMask();
        boolean gated = spec.stir().equals("partial-gaussian");
        RegularizedDense conf = (RegularizedDense) layer.conf().getLayer();
        long key = MaskSource.stepKey(conf.getMaskSeed(), layer.getIterationCount());
        double sd = gated ? spec.sigma() : Math.sqrt(spec.rate() / (1 - spec.rate()));
        int changed = 0;
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < dout; j++) {
                double z = bias[j];
                double plain = bias[j];
                double v = 0;
                for (int i = 0; i < din; i++) {
                    double m = spec.isNone() ? 1.0 : mv.masks()[b][i * dout + j];
                    z += in[b][i] * w[i][j] * (lrt ? 1.0 : m);
                    plain += in[b][i] * w[i][j];
                    if (!gated || m != 1.0) v += in[b][i] * in[b][i] * w[i][j] * w[i][j];
                }
                if (lrt) z += sd * Math.sqrt(v) * MaskSource.lrtEps(key, b, j, dout);
                assertThat(out[b][j]).as("%s: a[%d, %d]", spec.preset(), b, j)
                        .isCloseTo(Math.tanh(z), org.assertj.core.data.Offset.offset(1e-6));
                if (Math.abs(Math.tanh(z) - Math.tanh(plain)) > 1e-6) changed++;
            }
        }
        // a regularizer at rate 0.3 changes the output: the check above is not passing on an unmasked layer
        if (!spec.isNone()) assertThat(changed).as(spec.preset() + ": outputs the mask changed").isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void denseLayerBeforeTheSlotChecksItsInputGradient(RegularizerSpec spec) {
        MultiLayerNetwork net = TinyNets.mlnDenseBefore(spec, 6, DIN, DOUT, 13);
        MaskProbe.setExampleIds(net, 1, ids());
        INDArray x = TinyNets.randn(BATCH, 6, 5, DataType.DOUBLE);
        INDArray y = TinyNets.oneHot(BATCH, 3, 6, DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertThat(ok).as("gradient check (dense before the slot) of " + Regularizers.describe(spec)).isTrue();
        assertSlotOutputIsRecomputedByHand(net, 1, x, spec);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void computationGraph(RegularizerSpec spec) {
        ComputationGraph g = TinyNets.graphDouble(spec, DIN, DOUT, 12);
        MaskProbe.setExampleIds(g, "slot", ids());
        INDArray x = TinyNets.randn(BATCH, DIN, 3, DataType.DOUBLE);
        INDArray y = TinyNets.oneHot(BATCH, 3, 4, DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[]{x}).labels(new INDArray[]{y})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertThat(ok).as("graph gradient check of " + Regularizers.describe(spec)).isTrue();
    }
}
