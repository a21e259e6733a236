package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.Test;

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
                vector.partialGaussianRow(key, base, width, 0.3, 0.7, v);
                scalar.partialGaussianRow(key, base, width, 0.3, 0.7, s);
                for (int j = 0; j < width; j++) {
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
}
