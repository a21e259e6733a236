package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThinningTest {

    @Test
    void keepsEveryKthPointCountedBackFromTheNewest() {
        // n = 10, max 4: k = ceil(10 / 4) = 3; from index 9 back: 9, 6, 3, 0
        assertThat(Thinning.kept(10, 4)).containsExactly(0, 3, 6, 9);
        // one point more: k still 3, the kept points move with the newest: 10, 7, 4, 1
        assertThat(Thinning.kept(11, 4)).containsExactly(1, 4, 7, 10);
        // n = 13: k = 4; 12, 8, 4, 0
        assertThat(Thinning.kept(13, 4)).containsExactly(0, 4, 8, 12);
        assertThat(Thinning.kept(3, 4)).containsExactly(0, 1, 2);
        assertThat(Thinning.kept(0, 4)).isEmpty();
        assertThatThrownBy(() -> Thinning.kept(5, 0)).hasMessageContaining("max must be >= 1");
    }
}
