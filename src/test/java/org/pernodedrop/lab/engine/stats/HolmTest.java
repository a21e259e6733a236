package org.pernodedrop.lab.engine.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HolmTest {

    /**
     * Hand-computed, m = 4, p = (0.01, 0.04, 0.03, 0.005). Sorted: 0.005, 0.01, 0.03, 0.04, multiplied by
     * 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04; running maximum: 0.02, 0.03, 0.06, 0.06. Back in input order:
     * (0.03, 0.06, 0.06, 0.02). At alpha = 0.05 the step-down rejects 0.005 (< 0.05/4) and 0.01 (< 0.05/3),
     * then stops at 0.03 (>= 0.05/2), so 0.04 is kept although 0.04 < 0.05/1: the adjusted values say the same.
     */
    @Test
    void handComputedStepDown() {
        double[] adj = Holm.adjust(new double[]{0.01, 0.04, 0.03, 0.005});
        assertThat(adj[0]).isCloseTo(0.03, within(1e-15));
        assertThat(adj[1]).isCloseTo(0.06, within(1e-15));
        assertThat(adj[2]).isCloseTo(0.06, within(1e-15));
        assertThat(adj[3]).isCloseTo(0.02, within(1e-15));
    }

    @Test
    void capsAtOneAndKeepsASingleTest() {
        assertThat(Holm.adjust(new double[]{0.3, 0.4})).containsExactly(new double[]{0.6, 0.6}, within(1e-15));
        assertThat(Holm.adjust(new double[]{0.7, 0.9, 0.2})).containsExactly(new double[]{1.0, 1.0, 0.6},
                within(1e-15));
        assertThat(Holm.adjust(new double[]{0.5})).containsExactly(0.5);
        assertThat(Holm.adjust(new double[0])).isEmpty();
    }

    @Test
    void tiedPValuesGetTheSameAdjustment() {
        // sorted 0.01, 0.01, 0.2 times 3, 2, 1: 0.03, 0.02 -> max 0.03, 0.2
        assertThat(Holm.adjust(new double[]{0.2, 0.01, 0.01})).containsExactly(new double[]{0.2, 0.03, 0.03},
                within(1e-15));
    }

    @Test
    void acceptsTheEndsZeroAndOne() {
        assertThat(Holm.adjust(new double[]{0.0, 1.0})).containsExactly(0.0, 1.0);
    }

    @Test
    void rejectsValuesOutsideZeroOne() {
        assertThatThrownBy(() -> Holm.adjust(new double[]{0.1, 1.5})).hasMessageContaining("p value 2")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> Holm.adjust(new double[]{Double.NaN})).hasMessageContaining("p value 1");
    }
}
