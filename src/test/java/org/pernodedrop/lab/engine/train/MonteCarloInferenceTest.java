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
}
