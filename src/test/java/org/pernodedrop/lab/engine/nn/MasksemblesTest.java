package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Masksembles generation: widths, ones per mask, no empty column, the channel limit, seed determinism, rate map. */
class MasksemblesTest {

    /**
     * Empties Masksembles' cache of drawn sets before each test, so every test draws its masks itself. Mutation
     * testing (PIT) swaps mutated code into one JVM after another: with the cache kept, a mutant would be handed the
     * sets an earlier run drew, and its changes to the drawing would go unseen.
     */
    @org.junit.jupiter.api.BeforeEach
    void drawAfresh() throws ReflectiveOperationException {
        java.lang.reflect.Field f = Masksembles.class.getDeclaredField("CACHE");
        f.setAccessible(true);
        ((java.util.Map<?, ?>) f.get(null)).clear();
    }

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
        // Each mask keeps m = int(c / (s (1 - (1 - 1/s)^n))) units (the reference code's rule), so its dropped
        // fraction is 1 - m / c: within 1/c of the expected fraction 1 - 1 / (s (1 - (1 - 1/s)^n)).
        int kept = (int) (c / (s * (1 - Math.pow(1 - 1 / s, n))));
        assertThat(ones0).as("ones per mask").isEqualTo(kept);
        double expected = 1 - 1 / (s * (1 - Math.pow(1 - 1 / s, n)));
        assertThat(1.0 - (double) ones0 / c).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0 / c));
        assertThat(Masksembles.realisedDroppedFraction(m0(kept, c, n))).isEqualTo(1.0 - (double) kept / c);
        assertThat(Masksembles.realisedDroppedFraction(m))
                .isCloseTo(1.0 - (double) kept / c, org.assertj.core.data.Offset.offset(1e-12));
    }

    /** n masks of width c whose first m entries are 1: dropped fraction 1 - m/c by construction. */
    private static float[][] m0(int m, int c, int n) {
        float[][] out = new float[n][c];
        for (float[] row : out) java.util.Arrays.fill(row, 0, m, 1f);
        return out;
    }

    @Test
    void ratesBeyondReachAreRefusedNamingTheLargestReachableOne() {
        // n = 4: 1 - 1 / (6 (1 - (5/6)^4)) = 1 - 1296 / (6 * 671) = 0.67809...
        double max4 = 1 - 1296.0 / (6 * 671);
        assertThat(Masksembles.maxDroppedFraction(4)).isCloseTo(max4, org.assertj.core.data.Offset.offset(1e-12));
        Masksembles.checkReachable(0.678, 4);
        for (double r : new double[]{0.7, 0.8, 0.9}) {
            assertThatThrownBy(() -> Masksembles.checkReachable(r, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("n = 4").hasMessageContaining("0.6781").hasMessageContaining("rate " + r);
        }
        // n = 2: 1 - 1 / (6 (1 - 25/36)) = 1 - 6/11
        assertThatThrownBy(() -> Masksembles.checkReachable(0.5, 2)).hasMessageContaining("0.4545");
        assertThatThrownBy(() -> Regularizers.validate(org.pernodedrop.lab.engine.config.RegularizerSpec
                .of("masksembles", 0.8))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.6781");
    }

    @Test
    void unreachableWidthIsAClearErrorWhenTheSlotIsBuilt() {
        // 10 channels, n = 2, scale 6: m = int(10 / (6 (1 - 25/36))) = 5 ones a mask; the width the reference rule
        // aims at is int(m g(s)) with g(s) = s (1 - (1 - 1/s)^2) < 2 for every s, so it never reaches 10 = 2 m.
        // Rate 0.45 gives g = 1 / 0.55, m = int(5.5) = 5: the same dead end.
        assertThatThrownBy(() -> Masksembles.generate(10, 2, 6.0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 channels").hasMessageContaining("n = 2").hasMessageContaining("wider layer");
        org.pernodedrop.lab.engine.config.RegularizerSpec spec = org.pernodedrop.lab.engine.config.RegularizerSpec
                .of("masksembles", 0.45).withMasksembles(2, 2.0);
        assertThatThrownBy(() -> Regularizers.slot(spec, 10, 4, org.nd4j.linalg.activations.Activation.RELU, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 channels");
    }

    @Test
    void generatedSetsAreCopiesSoACallerCannotChangeTheCache() {
        float[][] a = Masksembles.generate(32, 4, 2.0, 9);
        float before = a[0][0];
        a[0][0] = 7f;
        assertThat(Masksembles.generate(32, 4, 2.0, 9)[0][0]).isEqualTo(before);
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

    @Test
    void badRatesScalesAndMaskCountsAreRefusedNamingTheValue() {
        for (double r : new double[]{-0.1, 1.0, Double.NaN}) {
            assertThatThrownBy(() -> Masksembles.scaleForRate(r, 4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("drop rate must be in [0, 1)").hasMessageContaining(String.valueOf(r));
        }
        assertThatThrownBy(() -> Masksembles.generate(20, 0, 2.0, 1)).hasMessageContaining("at least 1 mask, got 0");
        assertThatThrownBy(() -> Masksembles.generate(20, 4, 0.5, 1)).hasMessageContaining("scale must be in [1, 6]");
        assertThatThrownBy(() -> Masksembles.generate(20, 4, 6.5, 1)).hasMessageContaining("got 6.5");
        assertThatThrownBy(() -> Masksembles.realisedDroppedFraction(new float[0][])).hasMessageContaining("no masks");
    }

    @Test
    void reachableRatesAtTheBoundary() {
        double max4 = Masksembles.maxDroppedFraction(4);
        // the largest reachable rate itself maps to s = 6 without clamping; anything above is clamped and refused
        Masksembles.checkReachable(max4, 4);
        // a grid point printed from the maximum may differ from it in the last bits: 1e-12 of slack lets it through
        Masksembles.checkReachable(max4 + 1e-12, 4);
        // the advice is rounded down (0.67809 -> 0.6780), so a rate copied from it is reachable
        assertThatThrownBy(() -> Masksembles.checkReachable(0.7, 4)).hasMessageContaining("at most 0.6781")
                .hasMessageContaining("use a rate <= 0.6780 or more masks");
        assertThat(Masksembles.scaleForRate(max4, 4)).isEqualTo(new Masksembles.ScaleForRate(6.0, false));
        assertThat(Masksembles.scaleForRate(max4 + 1e-6, 4)).isEqualTo(new Masksembles.ScaleForRate(6.0, true));
        assertThatThrownBy(() -> Masksembles.checkReachable(max4 + 1e-9, 4)).hasMessageContaining("or more masks");
        // one mask must cover every channel: it drops nothing at any scale, and any rate > 0 is refused
        assertThat(Masksembles.maxDroppedFraction(1)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-15));
        Masksembles.checkReachable(0.0, 1);
        assertThatThrownBy(() -> Masksembles.checkReachable(0.1, 1)).hasMessageContaining("use n >= 2");
        // rate 0 is scale 1: s (1 - (1 - 1/s)^n) = 1 at s = 1, so every mask keeps every channel
        assertThat(Masksembles.scaleForRate(0.0, 4).scale()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Masksembles.scaleForRate(0.0, 4).clamped()).isFalse();
    }

    @Test
    void realisedFractionIsTheMeanShareOfZeros() {
        // (3/4 + 2/4 + 0) / 3 = 5/12
        float[][] m = {{1, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 1}};
        assertThat(Masksembles.realisedDroppedFraction(m)).isCloseTo(5.0 / 12, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void scaleOneGivesMasksThatKeepEverything() {
        // m = int(c / (1 (1 - 0^n))) = c ones among int(c * 1) = c positions
        for (float[] row : Masksembles.generate(12, 3, 1.0, 4)) {
            for (float v : row) assertThat(v).isEqualTo(1f);
        }
        // one mask (n = 1) is allowed: at scale 1 it keeps all 12 channels
        float[][] single = Masksembles.generate(12, 1, 1.0, 4);
        assertThat(single).hasNumberOfRows(1);
        for (float v : single[0]) assertThat(v).isEqualTo(1f);
    }

    @Test
    void everyChannelIsInAMaskWithTheSameProbability() {
        // The positions of the reference construction are exchangeable, and dropping empty columns keeps their order,
        // so channel k is in mask g with probability m / c for every k and g. c = 20, n = 4, s = 2:
        // m = int(20 / (2 (1 - 1/16))) = int(10.67) = 10, p = 1/2. Over 200 seeds one channel's count has
        // sd sqrt(200 p (1 - p)) = 7.07: every count must be within 5 sd (35) of 100.
        int seeds = 200;
        int[][] count = new int[4][20];
        for (int seed = 0; seed < seeds; seed++) {
            float[][] m = Masksembles.generate(20, 4, 2.0, 1000 + seed);
            for (int g = 0; g < 4; g++) for (int k = 0; k < 20; k++) if (m[g][k] == 1f) count[g][k]++;
        }
        for (int g = 0; g < 4; g++) {
            for (int k = 0; k < 20; k++) assertThat(count[g][k]).as("mask %d channel %d", g, k).isBetween(65, 135);
        }
    }
}
