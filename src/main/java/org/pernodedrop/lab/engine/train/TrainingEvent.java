package org.pernodedrop.lab.engine.train;

import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.util.List;

/**
 * What the trainer thread reports, as immutable records. Listeners run on the trainer thread and must be
 * quick; they copy what they need and hand it to their own thread.
 */
public sealed interface TrainingEvent {

    String runId();

    /**
     * The network is built and the first step is about to run. {@code batchSize} is the batch actually used (a
     * Masksembles slot needs a multiple of its mask count); {@code notes} say what was adjusted or dropped and why;
     * {@code network} describes the built network; {@code effectiveRate} is the drop rate the slot's masks really
     * have (NaN when unknown); {@code chanceAccuracy} is the validation accuracy of a model that ignores its input
     * ({@link Generalization#chanceAccuracy}), the level the window shows beside the real one.
     */
    record RunStarted(String runId, ExperimentConfig config, int stepsPerEpoch, int trainSize, int valSize,
                      String backend, int batchSize, String network, List<String> notes, double effectiveRate,
                      double chanceAccuracy)
            implements TrainingEvent {
        public RunStarted {
            notes = List.copyOf(notes);
        }

        /** Without an effective rate or a chance level (NaN). */
        public RunStarted(String runId, ExperimentConfig config, int stepsPerEpoch, int trainSize, int valSize,
                          String backend, int batchSize, String network, List<String> notes) {
            this(runId, config, stepsPerEpoch, trainSize, valSize, backend, batchSize, network, notes, Double.NaN,
                    Double.NaN);
        }
    }

    /** One mini-batch update finished. {@code step} counts from 1 over the whole run. */
    record StepCompleted(String runId, int epoch, long step, int stepInEpoch, int stepsPerEpoch, double batchLoss,
                         double stepsPerSecond) implements TrainingEvent {
    }

    /**
     * The trainer paused itself after a stepped batch or epoch ({@link Trainer#stepBatch}, {@link Trainer#stepEpoch}),
     * so a window can show "paused" without guessing when the step ended.
     */
    record RunPaused(String runId, int epoch, long step) implements TrainingEvent {
    }

    /** An epoch finished and was evaluated (inference mode) on the whole training and validation sets. */
    record EpochCompleted(String runId, EpochMetrics metrics) implements TrainingEvent {
    }

    /** The run ended normally ({@code stopped} = true when the user stopped it early). */
    record RunFinished(String runId, List<EpochMetrics> history, boolean stopped) implements TrainingEvent {
    }

    /** The run ended with an error; {@code step} is the step where it happened (0 before the first). */
    record RunFailed(String runId, long step, String reason) implements TrainingEvent {
    }
}
