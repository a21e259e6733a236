package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ChartNavigationTest {

    @Test
    void zoomKeepsTheAnchorWhereItIs() {
        // [0, 10] zoomed by 0.5 about 8: 8 - 8 * 0.5 = 4, 8 + 2 * 0.5 = 9
        assertThat(ChartNavigation.zoom(0, 10, 8, 0.5)).containsExactly(4.0, 9.0);
        // the anchor's relative position is kept: (8 - 0) / 10 = (8 - 4) / 5
        // zooming out by 2 about the centre doubles the width around it
        assertThat(ChartNavigation.zoom(2, 4, 3, 2)).containsExactly(1.0, 5.0);
        assertThatThrownBy(() -> ChartNavigation.zoom(0, 1, 0.5, 0)).hasMessageContaining("factor must be > 0");
    }

    @Test
    void panMovesTheDataWithThePointer() {
        // 50 px of a 200 px wide area showing [0, 8]: the data moves right by 50 / 200 * 8 = 2, the range left by 2
        assertThat(ChartNavigation.pan(0, 8, 50, 200)).containsExactly(-2.0, 6.0);
        assertThat(ChartNavigation.pan(0, 8, 10, 0)).containsExactly(0.0, 8.0);
    }

    @Test
    void oneNotchUpZoomsInByTheNotchFactor() {
        assertThat(ChartNavigation.factor(40)).isCloseTo(ChartNavigation.ZOOM_PER_NOTCH, within(1e-12));
        assertThat(ChartNavigation.factor(-40)).isCloseTo(1 / ChartNavigation.ZOOM_PER_NOTCH, within(1e-12));
        assertThat(ChartNavigation.factor(80)).isCloseTo(0.64, within(1e-12));
    }

    @Test
    void screenToValueHonoursTheVerticalAxisDirection() {
        // x: 25 % into a 400 px area from 100 px; y: 25 % down from the top is 75 % up the range
        assertThat(ChartNavigation.valueAt(0, 4, 200, 100, 400, false)).isCloseTo(1.0, within(1e-12));
        assertThat(ChartNavigation.valueAt(0, 4, 200, 100, 400, true)).isCloseTo(3.0, within(1e-12));
    }
}
