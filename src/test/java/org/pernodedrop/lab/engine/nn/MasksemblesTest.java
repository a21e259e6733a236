package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Masksembles generation: widths, ones per mask, no empty column, the channel limit, seed determinism, rate map. */
class MasksemblesTest {

    @ParameterizedTest
    @CsvSource({"10,4,2.0", "16,4,2.0", "64,4,3.0", "128,2,1.5", "300,8,6.0", "3136,4,2.0"})
    void masksHaveTheRequestedWidthAndEqualOnes(int c, int n, double s) {
        float[][] m = Masksembles.generate(c, n, s, 7);
        assertThat(m).hasNumberOfRows(n);
        int ones0 = -1;
        for (float[] row : m) {
            assertThat(row).hasSize(c);
            int ones = 0;
            for (float v : row) {
                assertThat(v).isIn(0f, 1f);
                if (v == 1f) ones++;
            }
            if (ones0 < 0) ones0 = ones;
            assertThat(ones).as("every mask has the same number m of ones").isEqualTo(ones0);
        }
        for (int k = 0; k < c; k++) {
            boolean any = false;
            for (float[] row : m) any |= row[k] == 1f;
            assertThat(any).as("column %d used by some mask", k).isTrue();
        }
        // the share of dropped units is near the expected fraction for the scale that was reached
        assertThat(1.0 - (double) ones0 / c).isBetween(0.0, 1.0);
    }

    @Test
    void fewerThanTenChannelsAreRejected() {
        assertThatThrownBy(() -> Masksembles.generate(9, 4, 2.0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 10 channels");
    }

    @Test
    void deterministicFromTheSeed() {
        assertThat(Masksembles.generate(64, 4, 2.0, 5)).isEqualTo(Masksembles.generate(64, 4, 2.0, 5));
        assertThat(Masksembles.generate(64, 4, 2.0, 5)).isNotEqualTo(Masksembles.generate(64, 4, 2.0, 6));
    }

    @Test
    void rateMapsToScaleAndClampsAtSix() {
        for (double r : new double[]{0.1, 0.3, 0.5, 0.6}) {
            Masksembles.ScaleForRate s = Masksembles.scaleForRate(r, 4);
            assertThat(s.clamped()).isFalse();
            assertThat(Masksembles.droppedFraction(s.scale(), 4)).isCloseTo(r, org.assertj.core.data.Offset.offset(1e-9));
        }
        Masksembles.ScaleForRate high = Masksembles.scaleForRate(0.9, 4);
        assertThat(high.scale()).isEqualTo(6.0);
        assertThat(high.clamped()).isTrue();
        // expected dropped fraction at s = 2, n = 4: 1 - 1 / (2 (1 - 1/16)) = 1 - 8/15
        assertThat(Masksembles.droppedFraction(2.0, 4)).isCloseTo(1 - 8.0 / 15, org.assertj.core.data.Offset.offset(1e-12));
    }
}
