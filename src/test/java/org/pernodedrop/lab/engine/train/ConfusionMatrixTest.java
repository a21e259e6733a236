package org.pernodedrop.lab.engine.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConfusionMatrixTest {

    /**
     * Twenty hand-labelled predictions of three classes:
     * cat (6): 5 cat, 1 dog; dog (10): 2 cat, 6 dog, 2 bird; bird (4): 4 bird.
     * By hand: recalls 5/6, 6/10, 4/4; accuracy (5 + 6 + 4) / 20 = 0.75; row shares of dog 0.2 / 0.6 / 0.2.
     */
    @Test
    void countsRecallsAndAccuracyOfAHandLabelledCase() {
        ConfusionMatrix.Counter c = new ConfusionMatrix.Counter(List.of("cat", "dog", "bird"));
        int[][] pairs = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 1},
                {1, 0}, {1, 0}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 2}, {1, 2},
                {2, 2}, {2, 2}, {2, 2}, {2, 2}};
        for (int[] p : pairs) c.add(p[0], p[1]);
        ConfusionMatrix m = c.build();
        assertThat(m.count(0, 0)).isEqualTo(5);
        assertThat(m.count(0, 1)).isEqualTo(1);
        assertThat(m.count(1, 0)).isEqualTo(2);
        assertThat(m.count(1, 2)).isEqualTo(2);
        assertThat(m.count(2, 0)).isZero();
        assertThat(m.rowTotal(1)).isEqualTo(10);
        assertThat(m.total()).isEqualTo(20);
        assertThat(m.recall(0)).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(m.recall(1)).isCloseTo(0.6, within(1e-12));
        assertThat(m.recall(2)).isEqualTo(1.0);
        assertThat(m.accuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(m.rowShare(1, 0)).isCloseTo(0.2, within(1e-12));
        assertThat(m.rowShare(1, 2)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void anAbsentClassHasNoRecall() {
        ConfusionMatrix.Counter c = new ConfusionMatrix.Counter(List.of("a", "b"));
        c.add(0, 1);
        ConfusionMatrix m = c.build();
        assertThat(m.recall(1)).isNaN();
        assertThat(m.recall(0)).isZero();
        assertThat(m.accuracy()).isZero();
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new ConfusionMatrix(List.of("a", "b"), new long[3]))
                .hasMessageContaining("needs 4 counts, got 3");
        assertThatThrownBy(() -> new ConfusionMatrix(List.of("a"), new long[]{-1}))
                .hasMessageContaining(">= 0");
        ConfusionMatrix.Counter c = new ConfusionMatrix.Counter(List.of("a", "b"));
        assertThatThrownBy(() -> c.add(2, 0)).hasMessageContaining("out of range 0..1");
    }
}
