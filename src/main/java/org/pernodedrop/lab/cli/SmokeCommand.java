package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.train.BackendInfo;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Proves an installation works without a display: loads ND4J, trains a few steps of the default 2-D preset, prints
 * the backend and the losses, exits 0. The installers' check runs it through the packaged launcher.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true, description = "Load ND4J, train a few steps on the 2-D spiral, print the backend, exit.")
public final class SmokeCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--steps", defaultValue = "20", description = "Training steps to run (default: ${DEFAULT-VALUE}).")
    int steps;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (steps < 1) throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        var out = spec.commandLine().getOut();
        out.println("backend: " + BackendInfo.describe().summary());
        ExperimentConfig config = ExperimentConfig.defaults();
        AtomicLong done = new AtomicLong();
        AtomicReference<Double> first = new AtomicReference<>();
        AtomicReference<Double> last = new AtomicReference<>();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        try (Trainer trainer = new Trainer(config)) {
            trainer.addListener(event -> {
                if (event instanceof TrainingEvent.StepCompleted s) {
                    first.compareAndSet(null, s.batchLoss());
                    last.set(s.batchLoss());
                    if (done.incrementAndGet() >= steps) trainer.stop();
                } else if (event instanceof TrainingEvent.RunFailed f) {
                    failure.set("step " + f.step() + ": " + f.reason());
                    finished.countDown();
                } else if (event instanceof TrainingEvent.RunFinished) {
                    finished.countDown();
                }
            });
            trainer.start();
            if (!finished.await(120, TimeUnit.SECONDS)) {
                throw new CliErrors.RunFailedException("smoke run did not finish within 120 s");
            }
        }
        if (failure.get() != null) throw new CliErrors.RunFailedException(failure.get());
        if (done.get() == 0) throw new CliErrors.RunFailedException("no training step completed");
        out.printf(java.util.Locale.ROOT, "trained %d steps of %s on %s: batch loss %.4f -> %.4f%n", done.get(),
                config.regularizer().preset(), config.data().name(), first.get(), last.get());
        out.println("ok");
        return 0;
    }
}
