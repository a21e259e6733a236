package org.pernodedrop.lab.engine.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Generalization;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What each scenario's summary in the window promises, without a regularizer, on three seeds.
 */
class ScenarioTest {

    static final int EPOCHS = 40;

    @Test
    void fashionMnistWithoutARegularizerOverfitsOnEverySeed() throws Exception {
        ExperimentConfig base = Scenario.fashionMnist();
        assumeTrue(Datasets.source("fashion-mnist", null).available(),
                "Fashion-MNIST is not installed here (apt-get install dataset-fashion-mnist); CI installs it");
        ExperimentConfig none = base.withRegularizer(RegularizerSpec.of("none", 0.0))
                .withTraining(base.training().withEpochs(EPOCHS));
        for (long seed = 1; seed <= 3; seed++) {
            List<EpochMetrics> h = LessonRunner.run("fmnist-none", List.of(none), seed, 1800).history(0);
            EpochMetrics best = Generalization.best(h);
            double end = Generalization.tailMean(h, 5, EpochMetrics::valLoss);
            double train = h.get(h.size() - 1).trainLoss();
            System.out.printf(Locale.ROOT, "fashion-mnist none seed %d: best val %.3f at epoch %d, end %.3f (%.2fx), "
                    + "train %.3f%n", seed, best.valLoss(), best.epoch(), end, end / best.valLoss(), train);
            assertThat(best.epoch()).as("seed %d: best epoch", seed).isBetween(5, 20);
            assertThat(end).as("seed %d: end validation loss", seed).isGreaterThanOrEqualTo(1.25 * best.valLoss());
            assertThat(train).as("seed %d: training loss", seed).isLessThan(0.1);
        }
    }

    /**
     * Moons: lowest validation loss within the first 25 epochs, at least twice that over epochs 81-100 - without a
     * regularizer, and with the lab's opening setting (PerNodeDrop Bernoulli at p = 0.5), as the summary says.
     */
    @ParameterizedTest
    @ValueSource(strings = {"none", "opening"})
    void moonsOverfitsOnEverySeed(String which) throws Exception {
        ExperimentConfig base = ExperimentConfig.overfitting();
        assertThat(base.regularizer()).isEqualTo(RegularizerSpec.of("pernode-bernoulli", 0.5));
        ExperimentConfig run = (which.equals("none") ? base.withRegularizer(RegularizerSpec.of("none", 0.0)) : base)
                .withTraining(base.training().withEpochs(100));
        for (long seed = 1; seed <= 3; seed++) {
            List<EpochMetrics> h = LessonRunner.run("moons-" + which, List.of(run), seed, 900).history(0);
            EpochMetrics best = Generalization.best(h);
            double end = Generalization.tailMean(h, 20, EpochMetrics::valLoss);
            System.out.printf(Locale.ROOT, "moons %s seed %d: best val %.3f at epoch %d, end %.3f (%.2fx)%n", which,
                    seed, best.valLoss(), best.epoch(), end, end / best.valLoss());
            assertThat(best.epoch()).as("seed %d: best epoch", seed).isLessThanOrEqualTo(25);
            assertThat(end).as("seed %d: end validation loss", seed).isGreaterThanOrEqualTo(2.0 * best.valLoss());
        }
    }
}
