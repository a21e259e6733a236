package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LossHistoryTest {

    @Test
    void smoothingIsTheBiasCorrectedMovingAverage() {
        double a = 0.5;
        double[] raw = {4, 2, 6};
        // by hand: s1 = 0.5*0 + 0.5*4 = 2, w1 = 0.5 -> 4; s2 = 1 + 1 = 2, w2 = 0.75 -> 2.6667;
        // s3 = 1 + 3 = 4, w3 = 0.875 -> 4.5714
        double[] sm = LossHistory.smooth(raw, 3, a);
        assertThat(sm[0]).isCloseTo(4.0, within(1e-12));
        assertThat(sm[1]).isCloseTo(2.0 / 0.75, within(1e-12));
        assertThat(sm[2]).isCloseTo(4.0 / 0.875, within(1e-12));
        assertThat(LossHistory.smooth(raw, 3, 0.0)).containsExactly(4, 2, 6);
    }

    @Test
    void nonFiniteLossesStayVisible() {
        double[] sm = LossHistory.smooth(new double[]{1, Double.NaN, 1}, 3, 0.9);
        assertThat(sm[1]).isNaN();
        assertThat(sm[2]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void longRunsAreThinnedButKeepTheirEnds() {
        LossHistory h = new LossHistory();
        for (int t = 0; t < 10_001; t++) h.addBatch(t + 1, t / 100.0, t);
        double[][] c = h.smoothedCurve(0.0, 1500);
        assertThat(c[0].length).isLessThanOrEqualTo(1501);
        assertThat(c[0][0]).isEqualTo(0.0);
        assertThat(c[0][c[0].length - 1]).isEqualTo(100.0);
        assertThat(c[1][c[1].length - 1]).isEqualTo(10_000.0);
        assertThat(h.nearestBatch(50.004)).isEqualTo(5000);
        assertThat(h.nearestBatch(-3)).isEqualTo(0);
        assertThat(h.nearestBatch(1e9)).isEqualTo(10_000);
    }
}
