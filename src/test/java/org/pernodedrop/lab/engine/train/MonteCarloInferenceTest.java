package org.pernodedrop.lab.engine.train;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;

import static org.assertj.core.api.Assertions.assertThat;

/** Monte Carlo passes: noise on and different per pass for dynamic masks, none for fixed ones, training unharmed. */
class MonteCarloInferenceTest {

    private static final int ROWS = 20;

    private static Dataset data() throws Exception {
        return Datasets.load(DataSpec.spiral().withLimits(60, 40));
    }

    private static TrainingRun trained(String preset, Dataset d, int steps) {
        ExperimentConfig c = ExperimentConfig.defaults().withData(DataSpec.spiral().withLimits(60, 40))
                .withRegularizer(RegularizerSpec.of(preset, preset.equals("none") ? 0.0 : 0.5));
        TrainingRun run = TrainingRun.create("mc", c, d);
        int[] order = BatchOrder.permutation(c.seed(), 1, d.train().size());
        for (int s = 0; s < steps; s++) run.fit(order, (s * 10) % 50, 10);
        return run;
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void dynamicMasksGiveDifferentPassesThatAreReproducible() throws Exception {
        Dataset d = data();
        TrainingRun run = trained("pernode-bernoulli", d, 5);
        float[] p0 = run.predictStochastic(d.val().features(), 0, ROWS, 0);
        float[] p1 = run.predictStochastic(d.val().features(), 0, ROWS, 1);
        float[] p0again = run.predictStochastic(d.val().features(), 0, ROWS, 0);
        float[] plain = run.predict(d.val().features(), 0, ROWS);
        assertThat(maxDiff(p0, p1)).as("two passes see different masks").isGreaterThan(1e-4);
        assertThat(maxDiff(p0, p0again)).as("a pass is a pure function of its index").isLessThan(1e-7);
        assertThat(maxDiff(p0, plain)).as("noise is on in a pass, off in inference").isGreaterThan(1e-4);
        // probabilities: rows sum to 1
        for (int r = 0; r < ROWS; r++) assertThat(p0[2 * r] + p0[2 * r + 1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void noRegularizerMeansEveryPassIsTheInferenceOutput() throws Exception {
        Dataset d = data();
        TrainingRun run = trained("none", d, 5);
        float[] plain = run.predict(d.val().features(), 0, ROWS);
        for (int pass = 0; pass < 3; pass++) {
            assertThat(maxDiff(run.predictStochastic(d.val().features(), 0, ROWS, pass), plain)).isLessThan(1e-6);
        }
    }

    @Test
    void passesBetweenStepsDoNotChangeTraining() throws Exception {
        Dataset d = data();
        TrainingRun a = trained("pernode-bernoulli", d, 3);
        TrainingRun b = trained("pernode-bernoulli", d, 3);
        a.predictStochastic(d.val().features(), 0, ROWS, 0);
        a.predictStochastic(d.val().features(), 0, ROWS, 7);
        int[] order = BatchOrder.permutation(1, 2, d.train().size());
        for (int s = 0; s < 3; s++) {
            double la = a.fit(order, s * 10, 10);
            double lb = b.fit(order, s * 10, 10);
            assertThat(la).as("step " + s).isEqualTo(lb);
        }
    }

    /** {@code size} rows, row r holding validation row (r % period) % n: rows r and r + period have equal inputs. */
    private static org.pernodedrop.lab.engine.data.Examples repeating(Dataset d, int size, int period) {
        org.pernodedrop.lab.engine.data.Examples val = d.val().features();
        return new org.pernodedrop.lab.engine.data.Examples() {
            public int size() {
                return size;
            }

            public int featureCount() {
                return val.featureCount();
            }

            public void copyRow(int row, float[] dst, int offset) {
                val.copyRow((row % period) % val.size(), dst, offset);
            }
        };
    }

    @Test
    void passMasksAreKeyedByTheExampleIndexNotTheRowOfTheChunk() throws Exception {
        Dataset d = data();
        for (String preset : new String[]{"pernode-bernoulli", "dropout", "pernode-gaussian"}) {
            TrainingRun run = trained(preset, d, 5);
            // 512 rows; row r + 256 repeats row r (256 = the chunk MC calibration predicts at once)
            org.pernodedrop.lab.engine.data.Examples rows = repeating(d, 512, 256);
            int c = 2;
            float[] first = run.predictStochastic(rows, 0, 256, 3);
            float[] second = run.predictStochastic(rows, 256, 256, 3);
            float[] whole = run.predictStochastic(rows, 0, 512, 3);
            // the same pass over the same rows gives the same numbers however it is chunked
            float[] joined = new float[512 * c];
            System.arraycopy(first, 0, joined, 0, 256 * c);
            System.arraycopy(second, 0, joined, 256 * c, 256 * c);
            assertThat(maxDiff(joined, whole)).as(preset + ": chunking changes nothing").isLessThan(1e-6);
            // identical inputs at indices i and i + 256 meet independent masks: their outputs differ (keying by the
            // row of the chunk gave them the same mask, so equal outputs, in every pass)
            int same = 0;
            for (int i = 0; i < 256; i++) {
                if (Math.abs(first[i * c] - second[i * c]) < 1e-7) same++;
            }
            assertThat(same).as(preset + ": rows i and i + 256 with equal outputs").isLessThan(13);
            // while a plain (noise-off) pass gives them equal outputs: the difference is the masks
            float[] plainA = run.predict(rows, 0, 256);
            float[] plainB = run.predict(rows, 256, 256);
            assertThat(maxDiff(plainA, plainB)).isLessThan(1e-7);
        }
    }

    @Test
    void masksemblesInferenceIsTheMeanOfItsNMaskedPassesComputedByHand() throws Exception {
        Dataset d = data();
        // default 2-D model: 2 -> dense 16 (ReLU) -> slot (16 -> 16, ReLU) -> softmax 2; n = 4 masks at rate 0.3
        ExperimentConfig c = ExperimentConfig.defaults().withData(DataSpec.spiral().withLimits(60, 40))
                .withRegularizer(RegularizerSpec.of("masksembles", 0.3)).withTraining(
                        new org.pernodedrop.lab.engine.config.TrainingSpec(1, 8, 0.01));
        TrainingRun run = TrainingRun.create("ms", c, d);
        int[] order = BatchOrder.permutation(c.seed(), 1, d.train().size());
        for (int s = 0; s < 3; s++) run.fit(order, s * 8, 8);
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = run.built().network();
        int slot = run.built().slotLayerIndex();
        assertThat(slot).isEqualTo(1);
        double[][] w1 = net.getLayer(0).getParam("W").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        double[] b1 = net.getLayer(0).getParam("b").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
        double[][] ws = net.getLayer(1).getParam("W").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        double[] bs = net.getLayer(1).getParam("b").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
        double[][] wo = net.getLayer(2).getParam("W").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        double[] bo = net.getLayer(2).getParam("b").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
        org.pernodedrop.lab.engine.nn.RegularizedDense conf =
                (org.pernodedrop.lab.engine.nn.RegularizedDense) net.getLayer(1).conf().getLayer();
        float[][] masks = org.pernodedrop.lab.engine.nn.Masksembles.generate(16, 4, conf.getScale(), conf.getMaskSeed());
        int rows = 12;
        float[] p = run.predict(d.val().features(), 0, rows);
        float[] x = new float[2];
        for (int r = 0; r < rows; r++) {
            d.val().features().copyRow(r, x, 0);
            double[] h = new double[16];
            for (int k = 0; k < 16; k++) {
                double v = b1[k] + x[0] * w1[0][k] + x[1] * w1[1][k];
                h[k] = Math.max(0, v);
            }
            double[] avg = new double[2];
            for (float[] m : masks) {
                double[] a = new double[16];
                for (int j = 0; j < 16; j++) {
                    double v = bs[j];
                    for (int k = 0; k < 16; k++) v += h[k] * m[k] * ws[k][j];
                    a[j] = Math.max(0, v);
                }
                double[] logit = new double[2];
                for (int o = 0; o < 2; o++) {
                    logit[o] = bo[o];
                    for (int j = 0; j < 16; j++) logit[o] += a[j] * wo[j][o];
                }
                double mx = Math.max(logit[0], logit[1]);
                double e0 = Math.exp(logit[0] - mx);
                double e1 = Math.exp(logit[1] - mx);
                avg[0] += e0 / (e0 + e1) / masks.length;
                avg[1] += e1 / (e0 + e1) / masks.length;
            }
            assertThat((double) p[2 * r]).as("row %d", r).isCloseTo(avg[0], org.assertj.core.data.Offset.offset(1e-5));
            assertThat((double) p[2 * r + 1]).isCloseTo(avg[1], org.assertj.core.data.Offset.offset(1e-5));
        }
    }
}
