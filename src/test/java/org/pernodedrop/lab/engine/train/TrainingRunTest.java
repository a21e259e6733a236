package org.pernodedrop.lab.engine.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.data.DenseExamples;
import org.pernodedrop.lab.engine.data.Split;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The epoch-end evaluation against DL4J's own inference-mode score and a plain argmax count. */
class TrainingRunTest {

    private static INDArray features(Split s) {
        float[] x = new float[s.size() * s.features().featureCount()];
        for (int r = 0; r < s.size(); r++) s.features().copyRow(r, x, r * s.features().featureCount());
        return Nd4j.create(x, new long[]{s.size(), s.features().featureCount()}, 'c');
    }

    @Test
    void softmaxLossAndAccuracyMatchDl4j() throws Exception {
        ExperimentConfig c = TinyRuns.spiral("dropout", 0.5, 1);
        Dataset data = Datasets.load(c.data());
        TrainingRun run = TrainingRun.create("t", c, data);
        int[] order = BatchOrder.permutation(1, 1, data.train().size());
        for (int s = 0; s < 20; s++) run.fit(order, (s % 7) * 10, 10);
        TrainingRun.Evaluation e = run.evaluate(data.train(), () -> false);

        MultiLayerNetwork net = run.built().network();
        INDArray x = features(data.train());
        INDArray y = Nd4j.create(data.train().targets(), new long[]{data.train().size(), 2}, 'c');
        double dl4jLoss = net.score(new DataSet(x, y), false);
        assertThat(e.loss()).isCloseTo(dl4jLoss, within(1e-5 * Math.max(1, dl4jLoss)));

        float[][] p = net.output(x, false).toFloatMatrix();
        int correct = 0;
        int[] hit = new int[2];
        int[] total = new int[2];
        long[][] confusion = new long[2][2];
        for (int r = 0; r < p.length; r++) {
            int label = data.train().label(r);
            int pred = p[r][1] > p[r][0] ? 1 : 0;
            confusion[label][pred]++;
            total[label]++;
            if (pred == label) {
                correct++;
                hit[label]++;
            }
        }
        assertThat(e.accuracy()).isEqualTo((double) correct / p.length);
        assertThat(e.perClassAccuracy()[0]).isEqualTo((float) hit[0] / total[0]);
        assertThat(e.perClassAccuracy()[1]).isEqualTo((float) hit[1] / total[1]);
        // the confusion matrix counted from DL4J's own outputs, (true, predicted)
        for (int t = 0; t < 2; t++) {
            for (int q = 0; q < 2; q++) assertThat(e.confusion().count(t, q)).isEqualTo(confusion[t][q]);
        }
        assertThat(e.confusion().labels()).isEqualTo(data.classNames());
    }

    @Test
    void multiLabelLossIsDl4jsBinaryCrossEntropyAndAccuracyIsPerLabel() {
        // 40 random 4-D points, 3 independent labels: sigmoid outputs with binary cross-entropy.
        Random rnd = new Random(3);
        int n = 40;
        float[] x = new float[n * 4];
        float[] y = new float[n * 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = rnd.nextBoolean() ? 1f : 0f;
        Split s = new Split(new DenseExamples(x, 4), y, 3);
        Dataset data = new Dataset("multi", new int[]{4}, List.of("a", "b", "c"), true, s, s, "test");
        ExperimentConfig c = TinyRuns.spiral("none", 0.0, 1);
        TrainingRun run = TrainingRun.create("m", c, data);
        TrainingRun.Evaluation e = run.evaluate(s, () -> false);

        MultiLayerNetwork net = run.built().network();
        INDArray xa = Nd4j.create(x, new long[]{n, 4}, 'c');
        double dl4jLoss = net.score(new DataSet(xa, Nd4j.create(y, new long[]{n, 3}, 'c')), false);
        assertThat(e.loss()).isCloseTo(dl4jLoss, within(1e-5 * Math.max(1, dl4jLoss)));
        float[][] p = net.output(xa, false).toFloatMatrix();
        int agree = 0;
        int agreeB = 0;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < 3; j++) {
                boolean ok = (p[r][j] >= 0.5f) == (y[r * 3 + j] == 1f);
                if (ok) agree++;
                if (ok && j == 1) agreeB++;
            }
        }
        assertThat(e.accuracy()).isEqualTo(agree / (3.0 * n));
        assertThat(e.confusion()).as("multi-label data has no confusion matrix").isNull();
        assertThat(e.perClassAccuracy()[1]).isEqualTo((float) agreeB / n);
    }

    @Test
    void variantsOfOneSeedStartFromTheSameWeights() throws Exception {
        // Compare mode: every variant of a config seed starts from identical weights (same model, same seed).
        Dataset data = Datasets.load(TinyRuns.spiral("none", 0.0, 1).data());
        // compared matrix by matrix: presets trained by the Java kernels keep the slot's W row-major
        Map<String, INDArray> ref = null;
        for (String preset : List.of("none", "dropout", "pernode-bernoulli", "pernode-gaussian", "dropconnect")) {
            Map<String, INDArray> p = TrainingRun.create(preset, TinyRuns.spiral(preset,
                    0.5 * (preset.equals("none") ? 0 : 1), 1), data).built().network().paramTable();
            if (ref == null) ref = p;
            else assertThat(p).as(preset).isEqualTo(ref);
        }
        Map<String, INDArray> other = TrainingRun.create("s", TinyRuns.spiral("none", 0.0, 1).withSeed(99), data)
                .built().network().paramTable();
        assertThat(other).isNotEqualTo(ref);
    }

    @Test
    void rowMajorCopiesAnyOrderingAndViews() {
        INDArray f = Nd4j.create(new float[]{1, 4, 2, 5, 3, 6}, new long[]{2, 3}, 'f'); // [[1,2,3],[4,5,6]]
        assertThat(TrainingRun.rowMajor(f)).containsExactly(1, 2, 3, 4, 5, 6);
        INDArray big = Nd4j.create(new float[]{0, 1, 2, 3, 4, 5, 6, 7, 8}, new long[]{3, 3}, 'c');
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)); // [[3,4],[6,7]]
        assertThat(TrainingRun.rowMajor(view)).containsExactly(3, 4, 6, 7);
    }

    @Test
    void memoryEstimateCountsTheMlpParametersExactly() {
        ExperimentConfig c = TinyRuns.spiral("none", 0.0, 1); // 2 -> 8 -> slot 8 -> 2
        MemoryEstimate m = MemoryEstimate.of(c, new int[]{2}, 2);
        long expected = (2 * 8 + 8) + (8 * 8 + 8) + (8 * 2 + 2);
        assertThat(m.parameters()).isEqualTo(expected);
        Dataset data = new Dataset("x", new int[]{2}, List.of("0", "1"), false,
                new Split(new DenseExamples(new float[2], 2), new float[]{1, 0}, 2),
                new Split(new DenseExamples(new float[2], 2), new float[]{1, 0}, 2), "t");
        assertThat(TrainingRun.create("p", c, data).built().network().numParams()).isEqualTo(expected);
        assertThat(m.refusal(m.totalBytes())).isNull();
        assertThat(m.refusal(m.totalBytes() - 1)).contains("memory estimate");
    }
}
