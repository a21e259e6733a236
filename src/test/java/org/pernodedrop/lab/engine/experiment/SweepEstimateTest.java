package org.pernodedrop.lab.engine.experiment;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The sweep time estimate's arithmetic against hand-computed cases (no timing: the measured per-variant timings are
 * given): a cell costs setup + epochs * (ceil(train / batch) * step + (train + val) * row), the first cell of a seed
 * whose split is not loaded yet pays the load, and cells start in order on the lane that is free first.
 */
class SweepEstimateTest {

    private static final double EPS = 1e-12;

    /**
     * none: 0.5 + 3 * (ceil(100 / 10) * 0.01 + 150 * 1e-4) = 0.5 + 3 * (0.10 + 0.015) = 0.845 s;
     * dropout: 0.25 + 3 * (ceil(100 / 32) * 0.02 + 150 * 2e-4) = 0.25 + 3 * (4 * 0.02 + 0.03) = 0.58 s.
     */
    private static Map<String, Sweep.Timing> timings() {
        Map<String, Sweep.Timing> t = new LinkedHashMap<>();
        t.put("none", new Sweep.Timing(0.01, 1e-4, 0.5, 10));
        t.put("dropout", new Sweep.Timing(0.02, 2e-4, 0.25, 32));
        return t;
    }

    /** none s1, dropout s1, none s2, dropout s2: the order Sweep.run starts them in. */
    private static List<SweepSpec.Cell> cells() {
        ExperimentConfig c = ExperimentConfig.defaults();
        return List.of(new SweepSpec.Cell("none_s1", "none", 0, 8, 1, c),
                new SweepSpec.Cell("dropout_s1", "dropout", 0.5, 8, 1, c),
                new SweepSpec.Cell("none_s2", "none", 0, 8, 2, c),
                new SweepSpec.Cell("dropout_s2", "dropout", 0.5, 8, 2, c));
    }

    @Test
    void aCellCostsSetupPlusEpochsOfStepsAndEvaluatedRows() {
        assertThat(timings().get("none").cellSeconds(100, 50, 3)).isCloseTo(0.845, offset(EPS));
        assertThat(timings().get("dropout").cellSeconds(100, 50, 3)).isCloseTo(0.58, offset(EPS));
        // 96 rows in batches of 32 are exactly 3 steps: 0.25 + 2 * (3 * 0.02 + 100 * 2e-4) = 0.41
        assertThat(timings().get("dropout").cellSeconds(96, 4, 2)).isCloseTo(0.41, offset(EPS));
        Sweep.Estimate e = Sweep.project(timings(), cells(), 1, 100, 50, 3, Set.of(1L), 2.0, 20);
        assertThat(e.secondsPerCell()).containsOnlyKeys("none", "dropout");
        assertThat(e.secondsPerCell().get("none")).isCloseTo(0.845, offset(EPS));
        assertThat(e.secondsPerCell().get("dropout")).isCloseTo(0.58, offset(EPS));
        assertThat(e.calibrationSteps()).isEqualTo(20);
        assertThat(e.loadSeconds()).isEqualTo(2.0);
    }

    @Test
    void serialSweepIsTheSumOfItsCellsPlusOneLoadPerNewSeed() {
        // 2 * 0.845 + 2 * 0.58 + 2.0 (seed 2's split) = 4.85
        Sweep.Estimate e = Sweep.project(timings(), cells(), 1, 100, 50, 3, Set.of(1L), 2.0, 20);
        assertThat(e.totalSeconds()).isCloseTo(4.85, offset(EPS));
        assertThat(e.jobs()).isEqualTo(1);
        // seed 2 already loaded (the calibration loaded it): 2.85
        assertThat(Sweep.project(timings(), cells(), 1, 100, 50, 3, Set.of(1L, 2L), 2.0, 20).totalSeconds())
                .isCloseTo(2.85, offset(EPS));
        // nothing loaded yet: both seeds pay, 6.85
        assertThat(Sweep.project(timings(), cells(), 1, 100, 50, 3, Set.of(), 2.0, 20).totalSeconds())
                .isCloseTo(6.85, offset(EPS));
    }

    @Test
    void jobsPlaceEachCellOnTheLaneThatIsFreeFirst() {
        // lane 0: none_s1 0.845; lane 1: dropout_s1 0.58; none_s2 goes to lane 1 (free at 0.58) and loads seed 2:
        // 0.58 + 0.845 + 2.0 = 3.425; dropout_s2 to lane 0: 0.845 + 0.58 = 1.425. The sweep ends with lane 1.
        Sweep.Estimate e = Sweep.project(timings(), cells(), 2, 100, 50, 3, Set.of(1L), 2.0, 20);
        assertThat(e.totalSeconds()).isCloseTo(3.425, offset(EPS));
        assertThat(e.jobs()).isEqualTo(2);
        // without the load both lanes end at 1.425
        assertThat(Sweep.project(timings(), cells(), 2, 100, 50, 3, Set.of(1L, 2L), 2.0, 20).totalSeconds())
                .isCloseTo(1.425, offset(EPS));
        // more lanes than cells: the longest single cell, 0.845 + 2.0 for none_s2
        assertThat(Sweep.project(timings(), cells(), 8, 100, 50, 3, Set.of(1L), 2.0, 20).totalSeconds())
                .isCloseTo(2.845, offset(EPS));
        // no cells to run: no time
        assertThat(Sweep.project(timings(), List.of(), 2, 100, 50, 3, Set.of(1L), 2.0, 20).totalSeconds()).isZero();
    }
}
