package org.pernodedrop.lab.engine.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchPlanTest {

    /**
     * 103 rows, batch 10, a slot with 4 masks: the batch rises to 12; 103 = 8 x 12 + 7, and of the last 7 rows only
     * 4 (a multiple of 4) are trained, so 100 rows in 9 steps, the last of 4 rows.
     */
    @Test
    void aMasksemblesSlotRaisesTheBatchAndTrimsTheLastOne() {
        BatchPlan p = BatchPlan.of(10, 4, 103);
        assertThat(p.batch()).isEqualTo(12);
        assertThat(p.raised()).isTrue();
        assertThat(p.usable()).isEqualTo(100);
        assertThat(p.droppedRows()).isEqualTo(3);
        assertThat(p.stepsPerEpoch()).isEqualTo(9);
        assertThat(p.from(8)).isEqualTo(96);
        assertThat(p.count(8)).isEqualTo(4);
        assertThat(p.count(0)).isEqualTo(12);
    }

    @Test
    void withoutASlotEveryRowIsTrainedAndTooFewRowsGiveNoStep() {
        BatchPlan p = BatchPlan.of(32, 1, 100);
        assertThat(p.raised()).isFalse();
        assertThat(p.usable()).isEqualTo(100);
        assertThat(p.stepsPerEpoch()).isEqualTo(4);
        assertThat(p.count(3)).isEqualTo(4);
        // 3 rows cannot make one batch that is a multiple of 4
        assertThat(BatchPlan.of(8, 4, 3).stepsPerEpoch()).isZero();
    }
}
