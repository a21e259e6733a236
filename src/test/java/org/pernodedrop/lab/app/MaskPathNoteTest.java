package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The masks view says when what it draws is not the per-connection noise the step applied: only on the local
 * reparameterization paths (pernode-gaussian and pernode-partial-gaussian without explicit_mask, rate above 0).
 */
class MaskPathNoteTest {

    @Test
    void onlyTheLocalReparameterizationPathsCarryANote() {
        assertThat(MaskHeatmapView.localReparameterizationNote(RegularizerSpec.of("pernode-gaussian", 0.3)))
                .contains("same distribution");
        assertThat(MaskHeatmapView.localReparameterizationNote(RegularizerSpec.of("pernode-partial-gaussian", 0.3)))
                .contains("Which connections get noise is what this step applied");
        assertThat(MaskHeatmapView.localReparameterizationNote(RegularizerSpec.of("pernode-gaussian", 0.3)
                .withExplicitMask(true))).isNull();
        assertThat(MaskHeatmapView.localReparameterizationNote(RegularizerSpec.of("pernode-partial-gaussian", 0.3)
                .withExplicitMask(true))).isNull();
        assertThat(MaskHeatmapView.localReparameterizationNote(RegularizerSpec.of("pernode-partial-gaussian", 0.0)))
                .isNull();
        for (String p : new String[]{"dropout", "dropconnect", "pernode-bernoulli", "pernode-gaussian-fixed",
                "masksembles"}) {
            assertThat(MaskHeatmapView.localReparameterizationNote(RegularizerSpec.of(p, 0.3))).as(p).isNull();
        }
    }
}
