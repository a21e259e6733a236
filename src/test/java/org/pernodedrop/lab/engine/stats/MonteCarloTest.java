package org.pernodedrop.lab.engine.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MonteCarloTest {

    // T = 2 passes, n = 2 examples, c = 2 classes
    private static final double[][][] PASSES = {
            {{1.0, 0.0}, {0.7, 0.3}},
            {{0.0, 1.0}, {0.7, 0.3}},
    };

    @Test
    void meanAveragesPasses() {
        double[][] m = MonteCarlo.mean(PASSES);
        assertThat(m[0]).containsExactly(0.5, 0.5);
        assertThat(m[1][0]).isCloseTo(0.7, within(1e-15));
    }

    @Test
    void accumulatorMatchesBatchMean() {
        MonteCarlo.Accumulator acc = new MonteCarlo.Accumulator(2, 2);
        for (double[][] p : PASSES) acc.add(p);
        assertThat(acc.passes()).isEqualTo(2);
        assertThat(acc.mean()[0]).containsExactly(0.5, 0.5);
    }

    @Test
    void mutualInformationSeparatesDisagreementFromAgreedUncertainty() {
        double[] mi = MonteCarlo.mutualInformation(PASSES);
        // example 0: passes disagree completely: H(0.5,0.5) = ln 2, each pass has H = 0 -> MI = ln 2
        assertThat(mi[0]).isCloseTo(Math.log(2), within(1e-12));
        // example 1: both passes say (0.7, 0.3): uncertain but agreed -> MI = 0
        assertThat(mi[1]).isCloseTo(0.0, within(1e-12));
        double[] h = MonteCarlo.entropy(MonteCarlo.mean(PASSES));
        assertThat(h[1]).isCloseTo(-(0.7 * Math.log(0.7) + 0.3 * Math.log(0.3)), within(1e-12));
    }

    @Test
    void mcMeanFeedsCalibration() {
        // averaging a right and a wrong confident pass gives a 0.5 prediction: NLL ln 2, not 27.6
        double[][] m = MonteCarlo.mean(new double[][][]{{{1.0, 0.0}}, {{0.0, 1.0}}});
        assertThat(Calibration.nll(m, new int[]{0})).isCloseTo(Math.log(2), within(1e-12));
    }
}
