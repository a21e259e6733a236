package org.pernodedrop.lab.engine.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DimTest {

    /** Each integer owns [v - 0.5, v + 0.5]: units 16..256 on a log scale span ln 15.5 .. ln 256.5, 2..5 plain 1.5..5.5. */
    @Test
    void integersOwnHalfAUnitBeyondEachEnd() {
        Dim.Int log = new Dim.Int("units", 16, 256, true);
        assertThat(log.ownedLow()).isCloseTo(Math.log(15.5), within(1e-12));
        assertThat(log.ownedHigh()).isCloseTo(Math.log(256.5), within(1e-12));
        Dim.Int plain = new Dim.Int("layers", 2, 5, false);
        assertThat(plain.ownedLow()).isEqualTo(1.5);
        assertThat(plain.ownedHigh()).isEqualTo(5.5);
        // the owned ends round back to the bounds, so a draw anywhere in the owned range is a legal value
        assertThat(plain.fromModel(plain.ownedLow())).isEqualTo(2);
        assertThat(plain.fromModel(Math.nextDown(plain.ownedHigh()))).isEqualTo(5);
        assertThat(log.fromModel(log.ownedLow())).isEqualTo(16);
    }
}
