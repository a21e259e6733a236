package org.pernodedrop.lab.engine.data;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedAndSplitsTest {

    private static double[][] points(Split s) {
        double[][] p = new double[s.size()][];
        float[] buf = new float[2];
        for (int r = 0; r < s.size(); r++) {
            s.features().copyRow(r, buf, 0);
            p[r] = new double[]{buf[0], buf[1], s.label(r)};
        }
        return p;
    }

    @Test
    void everyEmbeddedSetIsBalancedSeededAndSplit() throws DatasetException {
        for (String n : Embedded2D.NAMES) {
            DataSpec spec = DataSpec.named(n).withSamples(400, 0.1);
            Dataset a = Datasets.load(spec, 7);
            Dataset b = Datasets.load(spec, 7);
            Dataset c = Datasets.load(spec, 8);
            assertThat(a.inputShape()).containsExactly(2);
            assertThat(a.train().size() + a.val().size()).as(n).isEqualTo(400);
            assertThat(a.train().size()).as(n).isBetween(278, 282);
            assertThat(points(a.train())).isDeepEqualTo(points(b.train()));
            assertThat(Arrays.deepEquals(points(a.train()), points(c.train()))).as(n).isFalse();
            int ones = 0;
            for (double[] p : points(a.train())) {
                ones += (int) p[2];
                assertThat(Math.abs(p[0])).isLessThan(9);
                assertThat(Math.abs(p[1])).isLessThan(9);
            }
            assertThat(ones).as(n).isBetween(110, 170);
        }
    }

    @Test
    void noiselessSetsHaveTheirGeometry() throws DatasetException {
        for (double[] p : points(Datasets.load(DataSpec.named("circles").withSamples(300, 0), 1).train())) {
            double r = Math.hypot(p[0], p[1]);
            if (p[2] == 0) assertThat(r).isLessThanOrEqualTo(2.5 + 1e-6);
            else assertThat(r).isBetween(3.5 - 1e-6, 5.0 + 1e-6);
        }
        for (double[] p : points(Datasets.load(DataSpec.named("xor").withSamples(300, 0), 1).train())) {
            assertThat(p[2]).isEqualTo(p[0] * p[1] >= 0 ? 0.0 : 1.0);
        }
        for (double[] p : points(Datasets.load(DataSpec.named("spiral").withSamples(300, 0), 1).train())) {
            assertThat(Math.hypot(p[0], p[1])).isLessThanOrEqualTo(5.0 + 1e-6);
        }
    }

    @Test
    void embeddedLoadIsInstant() throws DatasetException {
        Datasets.load(DataSpec.spiral(), 1);
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) Datasets.load(DataSpec.spiral().withSamples(1000, 0.2), i);
        // 20 loads: a generous bound that only catches an accidental O(n^2) or file access
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
    }

    @Test
    void stratifiedSplitKeepsProportionsAndPrefixesStayStratified() {
        int[] strata = new int[1000];
        for (int i = 0; i < 1000; i++) strata[i] = i < 600 ? 0 : i < 900 ? 1 : 2;
        int[][] tv = Splits.trainVal(strata, 0.7, 3);
        assertThat(tv[0]).hasSize(700);
        assertThat(tv[1]).hasSize(300);
        int[] all = new int[1000];
        for (int r : tv[0]) all[r]++;
        for (int r : tv[1]) all[r]++;
        assertThat(all).containsOnly(1);
        for (int limit : new int[]{10, 50, 333}) {
            int[] c = new int[3];
            for (int r : Splits.limit(tv[0], limit)) c[strata[r]]++;
            // proportions 0.6 / 0.3 / 0.1, within one row per class
            assertThat(c[0]).isBetween((int) Math.floor(0.6 * limit) - 1, (int) Math.ceil(0.6 * limit) + 1);
            assertThat(c[1]).isBetween((int) Math.floor(0.3 * limit) - 1, (int) Math.ceil(0.3 * limit) + 1);
            assertThat(c[2]).isBetween((int) Math.floor(0.1 * limit) - 1, (int) Math.ceil(0.1 * limit) + 1);
        }
        assertThat(Splits.trainVal(strata, 0.7, 3)[1]).containsExactly(tv[1]);
    }

    @Test
    void sparseRowsCopyDenselyAndSelect() {
        SparseExamples s = new SparseExamples(new int[]{0, 2, 2, 3}, new int[]{1, 4, 0}, new float[]{5, 6, 7}, 5);
        float[] out = new float[7];
        Arrays.fill(out, 9);
        s.copyRow(0, out, 1);
        assertThat(out).containsExactly(9, 0, 5, 0, 0, 6, 9);
        SparseExamples sel = s.select(new int[]{2, 0});
        sel.copyRow(0, out, 0);
        assertThat(Arrays.copyOf(out, 5)).containsExactly(7, 0, 0, 0, 0);
        assertThatThrownBy(() -> new SparseExamples(new int[]{0, 2}, new int[]{3, 1}, new float[]{1, 1}, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataSpecWithTheNewSettingsRoundTripsAndOldJsonStillReads() {
        ExperimentConfig c = ExperimentConfig.defaults().withData(DataSpec.named("speech-commands")
                .withSpectrogram(64, 32).withTopics(10).withLabelColumn("kind").withTrainRatio(0.8));
        String json = ConfigJson.write(c);
        assertThat(json).contains("\"mels\" : 64", "\"frames\" : 32", "\"topics\" : 10", "\"label_column\" : \"kind\"");
        assertThat(ConfigJson.read(json, ExperimentConfig.class)).isEqualTo(c);
        String plain = ConfigJson.write(ExperimentConfig.defaults());
        assertThat(plain).doesNotContain("mels", "topics");
        assertThat(ConfigJson.read(plain, ExperimentConfig.class).data().melsOrDefault()).isEqualTo(128);
        assertThatThrownBy(() -> DataSpec.named("x").withSpectrogram(0, 10)).hasMessageContaining("mels");
    }
}
