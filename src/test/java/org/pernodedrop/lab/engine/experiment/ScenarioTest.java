package org.pernodedrop.lab.engine.experiment;

import org.junit.jupiter.api.Test;
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
 * What the image scenario's summary promises, on three seeds: without a regularizer the validation loss is lowest
 * within 20 epochs and at least 25 % above that minimum by epoch 40, while the training loss falls below 0.1. (The
 * 2-D scenario's promise is the overfitting lesson's claim, checked by LessonClaimsTest.)
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
            // the same headless runner as the lessons, with one variant and no claim of its own
            TeachingPreset one = new TeachingPreset("fmnist-none", "none", "", new LessonClaim("", r -> null),
                    List.of(none));
            List<EpochMetrics> h = LessonRunner.run(one, seed, 1800).history(0);
            EpochMetrics best = Generalization.best(h);
            double end = Generalization.tailMean(h, 5, EpochMetrics::valLoss);
            double train = h.get(h.size() - 1).trainLoss();
            System.out.printf(Locale.ROOT, "fashion-mnist none seed %d: best val %.3f at epoch %d, end %.3f (%.2fx), "
                    + "train %.3f%n", seed, best.valLoss(), best.epoch(), end, end / best.valLoss(), train);
            assertThat(best.epoch()).as("seed %d: best epoch", seed).isLessThanOrEqualTo(20);
            assertThat(end).as("seed %d: end validation loss", seed).isGreaterThanOrEqualTo(1.25 * best.valLoss());
            assertThat(train).as("seed %d: training loss", seed).isLessThan(0.1);
        }
    }
}
