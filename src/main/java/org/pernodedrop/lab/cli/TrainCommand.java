package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.config.TrainingSpec;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.experiment.JobControl;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.experiment.RunFolderTraining;
import org.pernodedrop.lab.engine.experiment.Sweep;
import org.pernodedrop.lab.engine.experiment.SweepSpec;
import org.pernodedrop.lab.engine.nn.Regularizers;
import org.pernodedrop.lab.engine.stats.Calibration;
import org.pernodedrop.lab.engine.train.MonteCarloCalibration;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code train}: one run, headless, with a progress bar on stderr; writes config.json, provenance.json, status.json
 * and runs.csv into {@code --out}. Same engine call as the app's Train button.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one configuration and write config.json, provenance.json and runs.csv into --out.")
public final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Read the whole configuration from a JSON file.")
    Path config;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name (spiral, fashion-mnist, ...).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the dataset's files are.")
    String dataDir;

    @Option(names = "--regularizer", paramLabel = "PRESET", description = "Regularizer preset (default: ${DEFAULT-VALUE}).",
            defaultValue = "pernode-bernoulli")
    String regularizer;

    @Option(names = "--rate", paramLabel = "P", description = "Drop rate p in [0, 1) (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.5")
    double rate;

    @Option(names = "--units", paramLabel = "U", description = "Width of the regularized slot (default: ${DEFAULT-VALUE}).",
            defaultValue = "16")
    int units;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs (default: ${DEFAULT-VALUE}).", defaultValue = "20")
    int epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Mini-batch size (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Adam learning rate (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.01")
    double learningRate;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of data order, weights and masks (default: ${DEFAULT-VALUE}).",
            defaultValue = "42")
    long seed;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use at most N training examples.")
    int trainLimit;

    @Option(names = "--val-limit", paramLabel = "N", description = "Use at most N validation examples.")
    int valLimit;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--mc", paramLabel = "T", defaultValue = "0",
            description = "After the last epoch, T Monte Carlo passes (noise on) over the validation set; writes their "
                    + "calibration (ECE, NLL, Brier, reliability bins) to calibration.csv in --out (default: off).")
    int mcPasses;

    @Option(names = "--benchmark", hidden = true,
            description = "Measure the trainer on the default 2-D preset instead of training (see TrainerBenchmark).")
    boolean benchmark;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (benchmark) return TrainerBenchmark.run(spec.commandLine().getOut(), out);
        MonteCarloOutput.checkPasses(mcPasses);
        ExperimentConfig cfg = buildConfig();
        cfg.training().requireFinite("train");
        // a regularizer that cannot run (e.g. a Masksembles rate beyond reach) is refused before anything starts
        Regularizers.validate(cfg.regularizer());
        Dataset data = Datasets.load(cfg.data(), cfg.seed());
        String runId = SweepSpec.runId(cfg.regularizer().preset(), cfg.regularizer().rate(), cfg.model().units(),
                cfg.seed());
        Path csv = out.resolve(Sweep.RUNS_CSV);
        ProgressBar bar = new ProgressBar(err);
        AtomicReference<MonteCarloCalibration.Result> calibration = new AtomicReference<>();
        int totalEpochs = cfg.training().epochs();
        RunFolderTraining run = new RunFolderTraining(out, runId, cfg, data)
                .keepOtherRuns(dropped -> {
                    if (dropped > 0) err.println("note: replaced " + dropped + " earlier lines of " + runId + " in " + csv);
                })
                .events(e -> {
                    if (e instanceof TrainingEvent.RunStarted rs) {
                        bar.println(String.format(Locale.ROOT, "%s: %s, %d training / %d validation examples, %d "
                                        + "steps per epoch, batch %d, %s", runId, rs.network(), rs.trainSize(),
                                rs.valSize(), rs.stepsPerEpoch(), rs.batchSize(), rs.backend()));
                        for (String note : rs.notes()) bar.println("note: " + note);
                    } else if (e instanceof TrainingEvent.StepCompleted s) {
                        double f = ((s.epoch() - 1) + (double) s.stepInEpoch() / s.stepsPerEpoch()) / totalEpochs;
                        bar.update(f, String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f %.0f steps/s",
                                s.epoch(), totalEpochs, s.stepInEpoch(), s.stepsPerEpoch(), s.batchLoss(),
                                s.stepsPerSecond()));
                    } else if (e instanceof TrainingEvent.EpochCompleted ec) {
                        EpochMetrics m = ec.metrics();
                        bar.println(String.format(Locale.ROOT, "epoch %d/%d  batch_loss %.4f  train_loss %.4f  "
                                        + "train_acc %.4f  val_loss %.4f  val_acc %.4f  %.2f s", m.epoch(), totalEpochs,
                                m.batchLoss(), m.trainLoss(), m.trainAcc(), m.valLoss(), m.valAcc(), m.epochSeconds()));
                    }
                });
        if (mcPasses > 0) {
            run.afterTraining(trained -> {
                bar.println("Monte Carlo: " + mcPasses + " passes over the validation set");
                calibration.set(MonteCarloOutput.calibrate(trained, mcPasses, out, runId));
            });
        }
        RunFolder.Status status = run.run(new JobControl());
        if (status != null && RunFolder.Status.FAILED.equals(status.state())) {
            throw new CliErrors.RunFailedException("run " + runId + " failed: " + status.reason());
        }
        spec.commandLine().getOut().println("wrote " + csv);
        MonteCarloCalibration.Result mc = calibration.get();
        if (mc != null) {
            Calibration.Summary cal = mc.monteCarlo();
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "wrote %s (T = %d: ECE %.4f, NLL %.4f, "
                            + "Brier %.4f, accuracy %.4f over %d predictions)", out.resolve(MonteCarloOutput.FILE),
                    mcPasses, cal.ece(), cal.nll(), mc.monteCarloBrier(), cal.accuracy(), cal.n()));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private ExperimentConfig buildConfig() throws IOException {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        if (config != null) {
            for (String name : new String[]{"--dataset", "--data-dir", "--regularizer", "--rate", "--units",
                    "--epochs", "--batch", "--lr", "--seed", "--train-limit", "--val-limit"}) {
                if (pr.hasMatchedOption(name)) {
                    throw new IllegalArgumentException("--config cannot be combined with " + name
                            + " (edit the JSON file instead)");
                }
            }
            if (!java.nio.file.Files.isRegularFile(config)) {
                throw new IllegalArgumentException("config file " + config + " does not exist");
            }
            return ConfigJson.readConfig(config);
        }
        if (dataset == null) throw new IllegalArgumentException("give --dataset <name> or --config <file.json>");
        ExperimentConfig base = ExperimentConfig.defaults();
        DataSpec d = Datasets.defaultSpec(dataset).withDataDir(dataDir).withLimits(trainLimit, valLimit);
        return base.withData(d).withSeed(seed)
                .withModel(base.model().withUnits(units))
                .withRegularizer(RegularizerSpec.of(regularizer, rate))
                .withTraining(new TrainingSpec(epochs, batch, learningRate));
    }
}
