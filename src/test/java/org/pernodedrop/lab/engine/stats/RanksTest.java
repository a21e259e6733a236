package org.pernodedrop.lab.engine.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RanksTest {

    @Test
    void distinctValuesGetOneToN() {
        assertThat(Ranks.average(new double[]{0.7, 0.1, 0.4})).containsExactly(3, 1, 2);
    }

    @Test
    void tiesShareTheMeanOfTheirPositions() {
        // sorted: 0.1 (pos 1), 0.2 (pos 2), 0.3 0.3 (pos 3,4 -> 3.5)
        assertThat(Ranks.average(new double[]{0.3, 0.1, 0.3, 0.2})).containsExactly(3.5, 1, 3.5, 2);
        // a triple tie at the top: positions 1,2,3 -> 2 each; then 4, 5
        assertThat(Ranks.average(new double[]{5, 1, 1, 9, 1})).containsExactly(4, 2, 2, 5, 2);
        // everything tied: (1 + n) / 2
        assertThat(Ranks.average(new double[]{2, 2, 2, 2})).containsExactly(2.5, 2.5, 2.5, 2.5);
    }

    @Test
    void rankSumIsAlwaysTriangular() {
        java.util.Random rnd = new java.util.Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + rnd.nextInt(12);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = rnd.nextInt(4); // many ties
            double s = 0;
            for (double r : Ranks.average(v)) s += r;
            assertThat(s).isEqualTo(n * (n + 1) / 2.0);
        }
    }

    @Test
    void nanIsRefused() {
        assertThatThrownBy(() -> Ranks.average(new double[]{1, Double.NaN})).hasMessageContaining("index 1");
    }
}
