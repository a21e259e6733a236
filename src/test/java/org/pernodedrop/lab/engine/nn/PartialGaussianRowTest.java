package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vectorised partial-Gaussian row against the scalar definition (MaskSource.uniform / normal, one element at a
 * time): the same elements are perturbed (the gate is exact integer and IEEE arithmetic) and the perturbed values
 * agree to a few ulps (only log and cos come from another library). Widths cover whole vectors and tails.
 */
class PartialGaussianRowTest {

    @Test
    void vectorRowIsTheScalarDefinition() {
        MaskOps vector = new VectorMaskOps();
        MaskOps scalar = new ScalarMaskOps();
        int perturbed = 0;
        int total = 0;
        for (int width : new int[]{1, 7, 8, 16, 37, 128}) {
            for (long row = 0; row < 50; row++) {
                long key = MaskSource.stepKey(11, row);
                long base = row * width + 1_000_003L * row;
                double[] v = new double[width];
                double[] s = new double[width];
                long gate = MaskSource.uniformBelow(0.3);
                vector.partialGaussianRow(key, base, width, gate, 0.7, v);
                scalar.partialGaussianRow(key, base, width, gate, 0.7, s);
                for (int j = 0; j < width; j++) {
                    // the scalar row is the definition: u < p gates, then 1 + sigma * n
                    double u = MaskSource.uniform(key, base + j);
                    double def = u < 0.3 ? 1.0 + 0.7 * MaskSource.normal(key ^ MaskSource.STREAM_NORMAL, base + j) : 1.0;
                    assertThat(s[j]).as("scalar element %d, width %d", j, width).isEqualTo(def);
                    // gate: both exactly 1 or both perturbed
                    assertThat(v[j] == 1.0).as("gate of element %d, width %d", j, width).isEqualTo(s[j] == 1.0);
                    assertThat(v[j]).isCloseTo(s[j], org.assertj.core.data.Offset.offset(1e-13 * Math.abs(s[j]) + 1e-15));
                    if (s[j] != 1.0) perturbed++;
                    total++;
                }
            }
        }
        // the scalar definition itself: about p = 0.3 of the elements perturbed (5 sd of a binomial)
        double frac = (double) perturbed / total;
        assertThat(frac).isBetween(0.3 - 5 * Math.sqrt(0.21 / total), 0.3 + 5 * Math.sqrt(0.21 / total));
    }

    /**
     * The integer gate threshold T = uniformBelow(p) splits the 53-bit integers exactly where the double uniform
     * crosses p: uniform(T - 1) < p <= uniform(T), checked on the computed uniforms (not on the search).
     */
    @ParameterizedTest
    @ValueSource(doubles = {1e-9, 0.001, 0.1, 0.3, 0.5, 0.7, 0.999, 1 - 1e-16})
    void gateThresholdIsWhereTheUniformCrossesP(double p) {
        long t = MaskSource.uniformBelow(p);
        assertThat(t).isBetween(1L, 1L << 53);
        assertThat(MaskSource.uniformOf(t - 1)).isLessThan(p);
        if (t < (1L << 53)) assertThat(MaskSource.uniformOf(t)).isGreaterThanOrEqualTo(p);
        // and the stated rate: T / 2^53 within 2^-53 of p (a uniform grid of step 2^-53, offset by half a step)
        assertThat(Math.abs(t * 0x1.0p-53 - p)).isLessThanOrEqualTo(0x1.0p-52);
    }

    @Test
    void gateThresholdAtTheEnds() {
        assertThat(MaskSource.uniformBelow(0.0)).isZero();
        // k = 2^53 - 1: k + 0.5 is a tie in double and rounds to even, 2^53, so its uniform is exactly 1, not below 1
        assertThat(MaskSource.uniformBelow(1.0)).isEqualTo((1L << 53) - 1);
        // below 2^52 every k + 0.5 is exact, so u < 1/2 exactly for k < 2^52
        assertThat(MaskSource.uniformBelow(0.5)).isEqualTo(1L << 52);
    }
}
