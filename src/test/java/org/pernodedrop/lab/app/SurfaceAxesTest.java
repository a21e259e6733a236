package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class SurfaceAxesTest {

    @Test
    void ticksFallOnOneTwoOrFiveTimesAPowerOfTen() {
        // 3.3 in at most 5 steps: raw 0.66, so 1 (0.5 would need 7 steps)
        assertThat(DecisionSurfaceView.niceStep(3.3, 5)).isEqualTo(1.0);
        assertThat(DecisionSurfaceView.niceStep(10, 5)).isEqualTo(2.0);
        // 0.07 / 5 = 0.014: 0.02
        assertThat(DecisionSurfaceView.niceStep(0.07, 5)).isEqualTo(0.02, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(DecisionSurfaceView.niceStep(0, 5)).isEqualTo(1.0);
    }

    @Test
    void tickLabelsShowTheDecimalsTheStepNeeds() {
        Locale was = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
        try {
            assertThat(DecisionSurfaceView.tick(1.5, 0.5)).isEqualTo("1.5");
            assertThat(DecisionSurfaceView.tick(2, 1)).isEqualTo("2");
            assertThat(DecisionSurfaceView.tick(-1e-12, 0.5)).isEqualTo("0.0");
            assertThat(DecisionSurfaceView.tick(0.04, 0.02)).isEqualTo("0.04");
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, was);
        }
    }
}
