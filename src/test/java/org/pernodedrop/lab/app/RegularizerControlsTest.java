package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Mode;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Sharing;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Target;

import static org.assertj.core.api.Assertions.assertThat;

/** The axis controls find the named preset for a point of the space, or call it custom. */
class RegularizerControlsTest {

    @Test
    void everyPresetIsFoundFromItsAxes() {
        for (String p : RegularizerSpec.PRESETS) {
            RegularizerSpec r = RegularizerSpec.of(p, 0.3);
            assertThat(RegularizerAxesPane.matchingPreset(r.target(), r.sharing(), r.mode(), r.stir())).isEqualTo(p);
        }
    }

    @Test
    void otherPointsAreCustom() {
        assertThat(RegularizerAxesPane.matchingPreset(Target.CONNECTION, Sharing.PER_BATCH, Mode.FIXED_PER_MODEL,
                "gaussian")).isNull();
    }

    @Test
    void dropConnectRowIsSharedAndScaledByTheKeptValue() {
        double[] m = SubnetDiagramView.dropConnect(42, 7, 8, 6, 0.5);
        double[] again = SubnetDiagramView.dropConnect(42, 7, 8, 6, 0.5);
        double[] next = SubnetDiagramView.dropConnect(42, 8, 8, 6, 0.5);
        assertThat(m).containsExactly(again);
        assertThat(m).isNotEqualTo(next);
        int kept = 0;
        for (double v : m) {
            assertThat(v == 0.0 || v == 2.0).as("Bernoulli(0.5) scaled by 1/q").isTrue();
            if (v != 0) kept++;
        }
        assertThat(kept).isBetween(10, 38);
    }
}
