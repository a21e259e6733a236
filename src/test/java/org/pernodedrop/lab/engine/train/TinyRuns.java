package org.pernodedrop.lab.engine.train;

import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.ModelSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.config.TrainingSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Small configs and an event recorder shared by the trainer tests. */
final class TinyRuns {

    private TinyRuns() {
    }

    /** 2-D spiral, 100 points (70 train, 30 val), 2-8-8-2 MLP, batch 10: 7 steps an epoch. */
    static ExperimentConfig spiral(String preset, double rate, int epochs) {
        return new ExperimentConfig(ExperimentConfig.SCHEMA_VERSION, 7, DataSpec.spiral().withSamples(100, 0.1),
                new ModelSpec("mlp", 8, List.of(8), List.of()), RegularizerSpec.of(preset, rate),
                new TrainingSpec(epochs, 10, 0.01));
    }

    /** Records every event; {@link #awaitEnd} waits for RunFinished/RunFailed of {@code n} runs. */
    static final class Recorder implements TrainingListener {
        final List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch ends;

        Recorder(int runs) {
            ends = new CountDownLatch(runs);
        }

        Recorder() {
            this(1);
        }

        @Override
        public void onEvent(TrainingEvent e) {
            events.add(e);
            if (e instanceof TrainingEvent.RunFinished || e instanceof TrainingEvent.RunFailed) ends.countDown();
        }

        boolean awaitEnd(long seconds) throws InterruptedException {
            return ends.await(seconds, TimeUnit.SECONDS);
        }

        <T extends TrainingEvent> List<T> of(Class<T> type) {
            synchronized (events) {
                return events.stream().filter(type::isInstance).map(type::cast).toList();
            }
        }

        <T extends TrainingEvent> List<T> of(Class<T> type, String runId) {
            return of(type).stream().filter(e -> e.runId().equals(runId)).toList();
        }
    }

    /** The numbers of a history without the wall times, for exact comparisons. */
    static List<List<Double>> numbers(List<EpochMetrics> history) {
        List<List<Double>> out = new ArrayList<>();
        for (EpochMetrics m : history) {
            out.add(List.of((double) m.epoch(), m.batchLoss(), m.trainLoss(), m.trainAcc(), m.valLoss(), m.valAcc()));
        }
        return out;
    }
}
