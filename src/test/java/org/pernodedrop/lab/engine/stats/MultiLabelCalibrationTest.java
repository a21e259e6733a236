package org.pernodedrop.lab.engine.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Per-label calibration of multi-label outputs and the Brier score, against cases worked by hand. */
class MultiLabelCalibrationTest {

    @Test
    void everyLabelProbabilityIsOneBinaryPrediction() {
        // pairs (p, y): (0.9, 1) (0.2, 0) (0.6, 0) (0.1, 0)
        // as [1 - p, p]: confidence 0.9 right, 0.8 right, 0.6 wrong, 0.9 right
        // 10 bins: (0.8, 0.9] holds 2 (conf 0.9, acc 1), (0.7, 0.8] 1 (0.8, 1), (0.5, 0.6] 1 (0.6, 0)
        // ECE = 2/4 * 0.1 + 1/4 * 0.2 + 1/4 * 0.6 = 0.25
        // NLL = -(ln 0.9 + ln 0.8 + ln 0.4 + ln 0.9) / 4 (binary cross-entropy per label)
        // Brier = (0.01 + 0.04 + 0.36 + 0.01) / 4 = 0.105
        double[][] p = {{0.9, 0.2}, {0.6, 0.1}};
        int[][] y = {{1, 0}, {0, 0}};
        Calibration.Summary s = Calibration.summarizeMultiLabel(p, y, 10);
        assertThat(s.n()).isEqualTo(4);
        assertThat(s.ece()).isCloseTo(0.25, offset(1e-12));
        assertThat(s.nll()).isCloseTo(-(2 * Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 4, offset(1e-12));
        assertThat(Calibration.brierMultiLabel(p, y)).isCloseTo(0.105, offset(1e-12));
        assertThat(s.accuracy()).isEqualTo(0.75);
        assertThat(s.meanConfidence()).isCloseTo(0.8, offset(1e-12));
        assertThat(s.bins().get(8).count()).isEqualTo(2);
        assertThat(s.bins().get(5).accuracy()).isEqualTo(0.0);
    }

    @Test
    void singleLabelBrierSumsOverClasses() {
        // row 0, label 0: 0.3^2 + 0.2^2 + 0.1^2 = 0.14; row 1, label 1: 0.3^2 + 0.7^2 + 0.4^2 = 0.74; mean 0.44
        double[][] p = {{0.7, 0.2, 0.1}, {0.3, 0.3, 0.4}};
        int[] labels = {0, 1};
        assertThat(Calibration.brier(p, labels)).isCloseTo(0.44, offset(1e-12));
    }
}
