package org.pernodedrop.lab.engine.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegularizerDocsTest {

    @Test
    void gaussianFormulaStatesTheVarianceForTheRate() {
        // p = 0.8 -> sigma^2 = 0.8 / 0.2 = 4 (Keras GaussianDropout convention).
        assertThat(String.join("\n", RegularizerDocs.formulas(RegularizerSpec.of("pernode-gaussian", 0.8))))
                .contains("σ² = p / q = 4.00").contains("M[b, i, j]");
        assertThat(String.join("\n", RegularizerDocs.formulas(RegularizerSpec.of("dropconnect", 0.5))))
                .contains("whole mini-batch").contains("q = 1 − p = 0.500");
    }

    @Test
    void everyPresetHasASummaryAndFormulas() {
        for (String preset : RegularizerSpec.PRESETS) {
            RegularizerSpec r = RegularizerSpec.of(preset, 0.5);
            assertThat(RegularizerDocs.summary(r)).as(preset).doesNotStartWith("A custom");
            assertThat(RegularizerDocs.formulas(r)).as(preset).isNotEmpty();
        }
        assertThat(RegularizerDocs.axes(RegularizerSpec.of("pernode-bernoulli-fixed", 0.5)))
                .isEqualTo("connection · per-sample · fixed · bernoulli");
    }
}
