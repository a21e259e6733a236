package org.pernodedrop.lab.engine.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CalibrationTest {

    /*
     * Four predictions, two classes, B = 2 bins: (0, 0.5] and (0.5, 1].
     *   [0.9, 0.1] y=0: predicts 0, conf 0.9, right -> bin 2
     *   [0.6, 0.4] y=1: predicts 0, conf 0.6, wrong -> bin 2
     *   [0.3, 0.7] y=1: predicts 1, conf 0.7, right -> bin 2
     *   [0.5, 0.5] y=1: tie -> first index 0, conf 0.5, wrong -> bin 1 (upper edge inclusive)
     * bin 1: n=1, conf 0.5, acc 0, gap 0.5
     * bin 2: n=3, conf 2.2/3 = 0.7333, acc 2/3, gap 0.2/3 = 0.0667
     * ECE = 1/4 * 0.5 + 3/4 * 0.2/3 = 0.125 + 0.05 = 0.175
     * NLL = -(ln 0.9 + ln 0.4 + ln 0.7 + ln 0.5) / 4
     *     = (0.1053605 + 0.9162907 + 0.3566749 + 0.6931472) / 4 = 0.5178683
     */
    private static final double[][] P = {{0.9, 0.1}, {0.6, 0.4}, {0.3, 0.7}, {0.5, 0.5}};
    private static final int[] Y = {0, 1, 1, 1};

    @Test
    void eceHandComputed() {
        assertThat(Calibration.ece(P, Y, 2)).isCloseTo(0.175, within(1e-12));
    }

    @Test
    void nllHandComputed() {
        assertThat(Calibration.nll(P, Y)).isCloseTo(0.5178683, within(1e-7));
    }

    @Test
    void reliabilityBinsHandComputed() {
        List<ReliabilityBin> bins = Calibration.reliability(P, Y, 2);
        assertThat(bins).hasSize(2);
        assertThat(bins.get(0).count()).isEqualTo(1);
        assertThat(bins.get(0).meanConfidence()).isCloseTo(0.5, within(1e-12));
        assertThat(bins.get(0).accuracy()).isEqualTo(0.0);
        assertThat(bins.get(1).count()).isEqualTo(3);
        assertThat(bins.get(1).meanConfidence()).isCloseTo(2.2 / 3, within(1e-12));
        assertThat(bins.get(1).accuracy()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(bins.get(1).lower()).isEqualTo(0.5);
        assertThat(bins.get(1).upper()).isEqualTo(1.0);
    }

    @Test
    void perfectlyCalibratedGroupHasZeroEceAndEmptyBinsStayNaN() {
        // ten predictions at confidence 0.8 of which eight are right: acc = conf in the only filled bin
        double[][] p = new double[10][];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            p[i] = new double[]{0.8, 0.2};
            y[i] = i < 8 ? 0 : 1;
        }
        assertThat(Calibration.ece(p, y, 10)).isCloseTo(0.0, within(1e-12));
        Calibration.Summary s = Calibration.summarize(p, y, 10);
        assertThat(s.accuracy()).isCloseTo(0.8, within(1e-12));
        assertThat(s.meanConfidence()).isCloseTo(0.8, within(1e-12));
        // NLL = -(8 ln 0.8 + 2 ln 0.2) / 10 = 0.5004024
        assertThat(s.nll()).isCloseTo(0.5004024, within(1e-7));
        assertThat(s.bins().get(7).count()).isEqualTo(10);
        assertThat(s.bins().get(0).accuracy()).isNaN();
    }

    /*
     * Multi-label, one example with two labels: p = (0.9, 0.2), targets (1, 0)
     *   label 0 -> [0.1, 0.9], y = 1: conf 0.9, right (bin (0.8, 0.9])
     *   label 1 -> [0.8, 0.2], y = 0: conf 0.8, right (bin (0.7, 0.8])
     * ECE (10 bins) = 1/2 |1 - 0.9| + 1/2 |1 - 0.8| = 0.15
     * NLL = -(ln 0.9 + ln 0.8) / 2 = (0.1053605 + 0.2231436) / 2 = 0.1642520 (mean binary cross-entropy)
     */
    @Test
    void multiLabelTreatsEachLabelAsABinaryPrediction() {
        Calibration.Summary s = Calibration.summarizeMultiLabel(new double[][]{{0.9, 0.2}}, new int[][]{{1, 0}}, 10);
        assertThat(s.n()).isEqualTo(2);
        assertThat(s.ece()).isCloseTo(0.15, within(1e-12));
        assertThat(s.nll()).isCloseTo(0.1642520, within(1e-7));
        assertThat(s.accuracy()).isEqualTo(1.0);
        assertThatThrownBy(() -> Calibration.summarizeMultiLabel(new double[][]{{0.5}}, new int[][]{{2}}, 10))
                .hasMessageContaining("expected 0 or 1");
    }

    @Test
    void confidentMistakeIsClampedNotInfinite() {
        double nll = Calibration.nll(new double[][]{{1.0, 0.0}}, new int[]{1});
        assertThat(nll).isCloseTo(-Math.log(1e-12), within(1e-9));
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> Calibration.nll(new double[][]{{0.5, 0.5}}, new int[]{2}))
                .hasMessageContaining("label 2");
        assertThatThrownBy(() -> Calibration.ece(new double[][]{{0.5, 0.5}}, new int[]{0, 1}, 5))
                .hasMessageContaining("1 predictions but 2 labels");
        assertThatThrownBy(() -> Calibration.ece(new double[][]{{1.5, -0.5}}, new int[]{0}, 5))
                .hasMessageContaining("outside [0, 1]");
    }

    @Test
    void binEdgesAreUpperInclusive() {
        assertThat(Calibration.binOf(0.0, 10)).isEqualTo(0);
        assertThat(Calibration.binOf(0.1, 10)).isEqualTo(0);
        assertThat(Calibration.binOf(0.10001, 10)).isEqualTo(1);
        assertThat(Calibration.binOf(1.0, 10)).isEqualTo(9);
        // decimal edges whose product with B rounds up in binary still land in the bin they close
        assertThat(Calibration.binOf(0.3, 10)).isEqualTo(2);
        assertThat(Calibration.binOf(0.7, 10)).isEqualTo(6);
        assertThat(Calibration.binOf(0.6, 15)).isEqualTo(8);
    }
}
