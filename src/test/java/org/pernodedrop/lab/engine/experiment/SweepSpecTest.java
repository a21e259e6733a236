package org.pernodedrop.lab.engine.experiment;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepSpecTest {

    @Test
    void rateRangesAreExactDecimals() {
        assertThat(SweepSpec.parseRates("0.0:0.9:0.1"))
                .containsExactly(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
        assertThat(SweepSpec.parseRates("0.1:0.5:0.4")).containsExactly(0.1, 0.5);
        assertThat(SweepSpec.parseRates("0.25, 0.5")).containsExactly(0.25, 0.5);
        assertThatThrownBy(() -> SweepSpec.parseRates("0.5:1.2:0.1")).hasMessageContaining("1.0").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> SweepSpec.parseRates("0:x:0.1")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> SweepSpec.parseRates("0:0.5")).hasMessageContaining("start:end:step");
    }

    @Test
    void cellsCoverTheGridWithStableIdsAndNoneHasNoRateAxis() {
        SweepSpec s = new SweepSpec(ExperimentConfig.defaults(), List.of("none", "dropout", "masksembles"),
                List.of(0.3, 0.6), List.of(16, 32), List.of(1L, 2L));
        List<SweepSpec.Cell> cells = s.cells();
        // dropout and masksembles: 2 rates x 2 widths x 2 seeds each; none: 2 widths x 2 seeds.
        assertThat(cells).hasSize(8 + 8 + 4);
        assertThat(cells.stream().map(SweepSpec.Cell::runId).distinct().count()).isEqualTo(cells.size());
        assertThat(cells.get(0).runId()).isEqualTo("none_p0_u16_s1");
        SweepSpec.Cell c = cells.stream().filter(x -> x.runId().equals("dropout_p0.6_u32_s2")).findFirst().orElseThrow();
        assertThat(c.config().seed()).isEqualTo(2);
        assertThat(c.config().model().units()).isEqualTo(32);
        assertThat(c.config().regularizer().rate()).isEqualTo(0.6);
        // Masksembles: the rate is the expected dropped fraction 1 - 1/(s (1 - (1 - 1/s)^n)), n = 4.
        SweepSpec.Cell m = cells.stream().filter(x -> x.runId().equals("masksembles_p0.3_u16_s1")).findFirst().orElseThrow();
        double sc = m.config().regularizer().scale();
        assertThat(1 - 1 / (sc * (1 - Math.pow(1 - 1 / sc, 4)))).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void masksemblesRateZeroIsNoMaskingAndUnreachableRatesAreRefusedBeforeAnyRun() {
        SweepSpec s = new SweepSpec(ExperimentConfig.defaults(), List.of("dropout", "masksembles"),
                List.of(0.0, 0.5), List.of(16), List.of(1L));
        SweepSpec.Cell zero = s.cells().stream().filter(x -> x.runId().equals("masksembles_p0_u16_s1"))
                .findFirst().orElseThrow();
        assertThat(zero.variant()).isEqualTo("masksembles");
        assertThat(zero.config().regularizer().isNone()).as("rate 0 runs without masks").isTrue();
        // n = 4 masks reach at most 1 - 1/(6 (1 - (5/6)^4)) = 0.6781: 0.7, 0.8, 0.9 would all be s = 6
        assertThatThrownBy(() -> new SweepSpec(ExperimentConfig.defaults(), List.of("dropout", "masksembles"),
                List.of(0.0, 0.5, 0.7, 0.8), List.of(16), List.of(1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("masksembles").hasMessageContaining("rate 0.7").hasMessageContaining("0.6781");
        // dropout alone may use those rates
        assertThat(new SweepSpec(ExperimentConfig.defaults(), List.of("dropout"), List.of(0.9), List.of(16),
                List.of(1L)).cells()).hasSize(1);
    }

    @Test
    void specRoundTripsThroughJson() {
        SweepSpec s = new SweepSpec(ExperimentConfig.defaults(), List.of("dropout"), List.of(0.5), List.of(16),
                List.of(1L));
        assertThat(ConfigJson.read(ConfigJson.write(s), SweepSpec.class)).isEqualTo(s);
    }

    @Test
    void badAxesAreNamed() {
        ExperimentConfig b = ExperimentConfig.defaults();
        assertThatThrownBy(() -> new SweepSpec(b, List.of("dropoot"), List.of(0.5), List.of(16), List.of(1L)))
                .hasMessageContaining("dropoot");
        assertThatThrownBy(() -> new SweepSpec(b, List.of("dropout"), List.of(), List.of(16), List.of(1L)))
                .hasMessageContaining("rate");
    }
}
