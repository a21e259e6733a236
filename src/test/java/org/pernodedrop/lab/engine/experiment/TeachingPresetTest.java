package org.pernodedrop.lab.engine.experiment;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

class TeachingPresetTest {

    @Test
    void presetsCompareVariantsOnTheSameDataAndSeed() {
        var ids = new HashSet<String>();
        for (TeachingPreset p : TeachingPreset.all()) {
            assertThat(ids.add(p.id())).as("unique id " + p.id()).isTrue();
            ExperimentConfig first = p.variants().get(0);
            for (ExperimentConfig c : p.variants()) {
                // Same data, seed, model and training: only the regularizer differs, so a comparison is fair.
                assertThat(c.withRegularizer(first.regularizer())).as(p.id()).isEqualTo(first);
            }
            assertThat(p.variants().stream().map(ExperimentConfig::regularizer).distinct().count())
                    .as(p.id()).isEqualTo(p.variants().size());
            assertThat(p.lookAt()).isNotBlank();
            assertThat(p.expect()).isNotBlank();
        }
    }
}
