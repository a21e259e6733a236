package org.pernodedrop.lab.engine.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pernodedrop.lab.engine.train.TinyRuns.spiral;

/** The speed cap of the single run: enforced by the trainer thread, between steps. */
class TrainerSpeedCapTest {

    @Test
    void aCapOfTwentyStepsASecondSpacesTheSteps() throws Exception {
        // 3 epochs x 7 steps = 21 steps; at 20 steps/s the 21 step starts are >= 1/20 s apart, so the first and the
        // last step end at least 20 / 20 = 1.0 s apart (uncapped, this tiny net does them in well under 0.3 s)
        Trainer t = new Trainer(spiral("dropout", 0.5, 3), "capped", null);
        t.setMaxStepsPerSecond(20);
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        long[] stepEnds = new long[64];
        int[] n = {0};
        t.addListener(e -> {
            if (e instanceof TrainingEvent.StepCompleted && n[0] < stepEnds.length) stepEnds[n[0]++] = System.nanoTime();
        });
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(120)).isTrue();
        assertThat(n[0]).isEqualTo(21);
        double span = (stepEnds[20] - stepEnds[0]) / 1e9;
        assertThat(span).isGreaterThanOrEqualTo(20 / 20.0 - 0.01);
        // the speed the trainer reports follows the cap: an EMA of 1 / (spacing of step ends); the starts are >= 50 ms
        // apart, the ends jitter by the difference of two steps' compute times (a few ms here), hence 30 % above;
        // below, a busy machine may be slower than the cap
        List<TrainingEvent.StepCompleted> steps = rec.of(TrainingEvent.StepCompleted.class);
        assertThat(steps.get(steps.size() - 1).stepsPerSecond()).isLessThanOrEqualTo(20 * 1.3);
    }

    @Test
    void liftingTheCapWhileWaitingTakesEffectAtOnce() throws Exception {
        // at 0.5 steps/s the 7 steps of one epoch would take 12 s; lifted after the first step they take a moment
        // (timed from the first step, so JVM and ND4J start-up do not count: a lift that waited out the 2 s pause
        // after step 1 would end the epoch more than 2 s after it)
        Trainer t = new Trainer(spiral("dropout", 0.5, 1), "lifted", null);
        t.setMaxStepsPerSecond(0.5);
        TinyRuns.Recorder rec = new TinyRuns.Recorder();
        long[] firstStep = {0};
        t.addListener(e -> {
            if (e instanceof TrainingEvent.StepCompleted s && s.step() == 1) {
                firstStep[0] = System.nanoTime();
                t.setMaxStepsPerSecond(0);
            }
        });
        t.addListener(rec);
        t.start();
        assertThat(rec.awaitEnd(60)).isTrue();
        assertThat((System.nanoTime() - firstStep[0]) / 1e9).isLessThan(1.5);
        assertThat(rec.of(TrainingEvent.StepCompleted.class)).hasSize(7);
    }

    @Test
    void aBadCapIsRefusedWithTheReason() {
        Trainer t = new Trainer(spiral("dropout", 0.5, 1), "bad", null);
        assertThatThrownBy(() -> t.setMaxStepsPerSecond(-1)).hasMessageContaining(">= 0 (0 = no cap), got -1.0");
        assertThatThrownBy(() -> t.setMaxStepsPerSecond(Double.NaN)).hasMessageContaining("got NaN");
    }
}
