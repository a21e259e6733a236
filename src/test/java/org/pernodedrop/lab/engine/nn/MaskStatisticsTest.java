package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.io.File;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mask statistics over many draws against theory, with tolerances of 5 standard errors of the estimate
 * (binomial sqrt(q(1-q)/N), mean sd/sqrt(N), variance var*sqrt(2/(N-1)) for Gaussian draws), and the
 * sharing / mode rules on networks that really train.
 */
class MaskStatisticsTest {

    private static final int ROWS = 2000;
    private static final int WIDTH = 100;
    private static final int N = ROWS * WIDTH;

    private static double[] draws(String stir, double rate, double sigma, long step) {
        MaskSource src = new MaskSource(stir, rate, sigma);
        return src.block(MaskSource.stepKey(77, step), 0, ROWS, WIDTH);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, 0.5, 0.75})
    void bernoulliKeepsFractionQWithValueOneOverQ(double p) {
        double q = 1 - p;
        double[] m = draws("bernoulli", p, 1, 1);
        int kept = 0;
        for (double v : m) {
            if (v != 0) {
                kept++;
                assertThat(v).isEqualTo(1.0 / q);
            }
        }
        assertThat((double) kept / N).isCloseTo(q, org.assertj.core.data.Offset.offset(5 * Math.sqrt(q * (1 - q) / N)));
    }

    @Test
    void bernoulliRateIsWithin2ToMinus17AndStaysUnbiased() {
        // 0.1 is no multiple of 1/256: 16-bit thresholds, q_eff = round(0.9 * 65536) / 65536 = 58982 / 65536
        MaskSource src = new MaskSource("bernoulli", 0.1, 1);
        assertThat(src.keepRate()).isEqualTo(58982.0 / 65536.0);
        assertThat(Math.abs(src.keepRate() - 0.9)).isLessThanOrEqualTo(0x1.0p-17);
        assertThat(src.keepRate() * src.keptValue()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        double[] m = draws("bernoulli", 0.1, 1, 2);
        double q = src.keepRate();
        long kept = java.util.Arrays.stream(m).filter(v -> v != 0).count();
        assertThat((double) kept / N).isCloseTo(q, org.assertj.core.data.Offset.offset(5 * Math.sqrt(q * (1 - q) / N)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.5})
    void gaussianHasMeanOneAndVariancePOverQ(double p) {
        double[] m = draws("gaussian", p, 1, 3);
        double var = p / (1 - p);
        assertThat(mean(m)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(5 * Math.sqrt(var / N)));
        assertThat(variance(m)).isCloseTo(var, org.assertj.core.data.Offset.offset(5 * var * Math.sqrt(2.0 / (N - 1))));
    }

    @Test
    void partialGaussianPerturbsFractionPWithSigma() {
        double p = 0.3;
        double sigma = 0.7;
        double[] m = draws("partial-gaussian", p, sigma, 4);
        double[] perturbed = java.util.Arrays.stream(m).filter(v -> v != 1.0).toArray();
        int k = perturbed.length;
        assertThat((double) k / N).isCloseTo(p, org.assertj.core.data.Offset.offset(5 * Math.sqrt(p * (1 - p) / N)));
        assertThat(mean(perturbed)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(5 * sigma / Math.sqrt(k)));
        assertThat(variance(perturbed)).isCloseTo(sigma * sigma,
                org.assertj.core.data.Offset.offset(5 * sigma * sigma * Math.sqrt(2.0 / (k - 1))));
    }

    @Test
    void customStirUsesItsFunctionAndReportsItsMean() {
        StirRegistry.register("stat-test", (u, z, p) -> u < p ? 0.0 : 2.0, p -> 2 * (1 - p));
        try {
            MaskSource src = new MaskSource("stat-test", 0.4, 1);
            assertThat(src.mean()).isEqualTo(1.2);
            double[] m = src.block(MaskSource.stepKey(1, 1), 0, ROWS, WIDTH);
            double twos = java.util.Arrays.stream(m).filter(v -> v == 2.0).count();
            assertThat(twos / N).isCloseTo(0.6, org.assertj.core.data.Offset.offset(5 * Math.sqrt(0.24 / N)));
        } finally {
            StirRegistry.unregister("stat-test");
        }
    }

    // ---- on networks: sharing and mode ------------------------------------------------------------------

    private static MultiLayerNetwork net(RegularizerSpec spec, long seed) {
        return TinyNets.mln(spec, 64, 64, 3, Activation.RELU, DataType.FLOAT, new Sgd(0.01), seed);
    }

    private static float[][] step(MultiLayerNetwork net, int batch, int[] ids) {
        INDArray x = TinyNets.randn(batch, 64, net.getIterationCount() + 100, DataType.FLOAT);
        INDArray y = TinyNets.oneHot(batch, 3, 1, DataType.FLOAT);
        if (ids != null) MaskProbe.setExampleIds(net, 0, ids);
        net.fit(x, y);
        int[] rows = new int[batch];
        for (int b = 0; b < batch; b++) rows[b] = b;
        return MaskProbe.lastMasks(net, 0, rows).masks();
    }

    /** Fraction of positions where two masks agree. */
    private static double agreement(float[] a, float[] b) {
        int same = 0;
        for (int k = 0; k < a.length; k++) if (a[k] == b[k]) same++;
        return (double) same / a.length;
    }

    /** Independent Bernoulli(q=1/2) masks agree on half the positions; tolerance 5 binomial standard errors. */
    private static void assertIndependentHalf(float[] a, float[] b) {
        assertThat(agreement(a, b)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(5 * Math.sqrt(0.25 / a.length)));
    }

    @Test
    void pernodeMasksAreIndependentAcrossSamplesAndSteps() {
        MultiLayerNetwork net = net(RegularizerSpec.of("pernode-bernoulli", 0.5), 1);
        float[][] s1 = step(net, 4, null);
        float[][] s2 = step(net, 4, null);
        assertIndependentHalf(s1[0], s1[1]);
        assertIndependentHalf(s1[2], s1[3]);
        assertIndependentHalf(s1[0], s2[0]);
        // pairwise correlation of kept indicators between samples ~ 0 (5 / sqrt(n) for n positions)
        assertThat(Math.abs(correlation(s1[0], s1[1]))).isLessThan(5 / Math.sqrt(s1[0].length));
    }

    @Test
    void dropconnectSharesOneMaskPerStepAcrossTheBatch() {
        MultiLayerNetwork net = net(RegularizerSpec.of("dropconnect", 0.5), 1);
        float[][] s1 = step(net, 4, null);
        float[][] s2 = step(net, 4, null);
        for (int b = 1; b < 4; b++) assertThat(s1[b]).isEqualTo(s1[0]);
        assertIndependentHalf(s1[0], s2[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dropout", "gaussian-dropout", "pernode-gaussian", "pernode-partial-gaussian"})
    void dynamicMasksChangeEveryStep(String preset) {
        MultiLayerNetwork net = net(RegularizerSpec.of(preset, 0.5), 1);
        float[][] s1 = step(net, 2, null);
        float[][] s2 = step(net, 2, null);
        assertThat(agreement(s1[0], s2[0])).isLessThan(0.9);
    }

    @Test
    void dropoutIsOneValuePerInputBroadcastAcrossNodes() {
        MultiLayerNetwork net = net(RegularizerSpec.of("dropout", 0.5), 1);
        float[] m = step(net, 2, null)[0];
        for (int i = 0; i < 64; i++) {
            for (int j = 1; j < 64; j++) assertThat(m[i * 64 + j]).isEqualTo(m[i * 64]);
            assertThat(m[i * 64]).isIn(0f, 2f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pernode-bernoulli-fixed", "pernode-gaussian-fixed", "masksembles"})
    void fixedMasksNeverChangeAndSurviveSaveRestore(String preset, @TempDir Path dir) throws Exception {
        MultiLayerNetwork net = net(RegularizerSpec.of(preset, 0.5), 3);
        float[][] s1 = step(net, 4, null);
        step(net, 4, null);
        float[][] s3 = step(net, 4, null);
        assertThat(s3).isEqualTo(s1);
        File f = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(f, true);
        float[][] r = step(restored, 4, null);
        assertThat(r).isEqualTo(s1);
    }

    @Test
    void fixedPerSampleMasksFollowTheExampleNotTheRow() {
        MultiLayerNetwork net = net(RegularizerSpec.of("pernode-bernoulli-fixed", 0.5)
                .withMode(RegularizerSpec.Mode.FIXED_PER_SAMPLE), 3);
        float[][] s1 = step(net, 2, new int[]{3, 7});
        float[][] s2 = step(net, 2, new int[]{7, 3});
        assertThat(s2[0]).isEqualTo(s1[1]);
        assertThat(s2[1]).isEqualTo(s1[0]);
        assertIndependentHalf(s1[0], s1[1]);
    }

    @Test
    void sameSeedGivesSameMasksOtherSeedOthers() {
        RegularizerSpec spec = RegularizerSpec.of("pernode-bernoulli", 0.5);
        float[][] a = step(net(spec, 9), 2, null);
        float[][] b = step(net(spec, 9), 2, null);
        float[][] c = step(net(spec, 10), 2, null);
        assertThat(a).isEqualTo(b);
        assertIndependentHalf(a[0], c[0]);
    }

    @Test
    void noneHasNoMasks() {
        MultiLayerNetwork net = net(RegularizerSpec.of("none", 0.5), 1);
        net.fit(TinyNets.randn(1, 64, 1, DataType.FLOAT), TinyNets.oneHot(1, 3, 1, DataType.FLOAT));
        assertThat(MaskProbe.lastMasks(net, 0, new int[]{0})).isNull();
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s / (v.length - 1);
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int k = 0; k < a.length; k++) {
            ma += a[k];
            mb += b[k];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int k = 0; k < a.length; k++) {
            sab += (a[k] - ma) * (b[k] - mb);
            saa += (a[k] - ma) * (a[k] - ma);
            sbb += (b[k] - mb) * (b[k] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
