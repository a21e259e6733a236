package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.TrainingSpec;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.experiment.Sweep;
import org.pernodedrop.lab.engine.experiment.SweepSpec;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sweep}: variants x rates x widths x seeds, one run per cell, every epoch appended to {@code out/runs.csv};
 * {@code --resume} continues a sweep that was stopped or killed. Layout: see {@link Sweep}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run variants x rates x widths x seeds and append every epoch to <out>/runs.csv.")
public final class SweepCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "Dataset name.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the dataset's files are.")
    String dataDir;

    @Option(names = "--variants", required = true, split = ",", paramLabel = "A,B,...",
            description = "Regularizer presets, e.g. dropout,pernode-bernoulli.")
    List<String> variants;

    @Option(names = "--rates", paramLabel = "START:END:STEP", defaultValue = "0.0:0.9:0.1",
            description = "Drop rates, a range start:end:step (inclusive) or a list a,b,c (default: ${DEFAULT-VALUE}).")
    String rates;

    @Option(names = "--units", split = ",", paramLabel = "U,...", defaultValue = "16",
            description = "Slot widths (default: ${DEFAULT-VALUE}).")
    List<Integer> units;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1", description = "Seeds 1..N (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "20", description = "Epochs per run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "10", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.01", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use at most N training examples.")
    int trainLimit;

    @Option(names = "--val-limit", paramLabel = "N", description = "Use at most N validation examples.")
    int valLimit;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--resume", description = "Continue the sweep in --out: skip finished runs, rerun unfinished ones.")
    boolean resume;

    @Option(names = "--calibration-steps", hidden = true, defaultValue = "10")
    int calibrationSteps;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        List<Long> seedList = new ArrayList<>();
        for (long s = 1; s <= seeds; s++) seedList.add(s);
        ExperimentConfig base = ExperimentConfig.defaults();
        base = base.withData(Datasets.defaultSpec(dataset).withDataDir(dataDir).withLimits(trainLimit, valLimit))
                .withTraining(new TrainingSpec(epochs, batch, learningRate));
        SweepSpec sweepSpec = new SweepSpec(base, variants, SweepSpec.parseRates(rates), units, seedList);
        Sweep sweep = new Sweep(sweepSpec, out);
        Dataset data = Datasets.load(base.data(), base.seed());
        Sweep.Plan plan = sweep.prepare(resume);
        int total = plan.done().size() + plan.todo().size();
        err.printf(Locale.ROOT, "sweep: %d runs (%d variants x %d rates x %d widths x %d seeds%s), %d done, %d to run%n",
                total, variants.size(), sweepSpec.rates().size(), units.size(), seeds,
                variants.contains("none") ? "; 'none' has no rate axis" : "", plan.done().size(), plan.todo().size());
        err.printf(Locale.ROOT, "sweep: data %s from %s%n", data.name(), data.origin());
        if (plan.droppedRows() > 0) {
            err.printf(Locale.ROOT, "resume: removed %d lines of unfinished runs from runs.csv; they run again%n",
                    plan.droppedRows());
        }
        if (!plan.todo().isEmpty()) {
            Sweep.Estimate est = sweep.estimate(data, plan.todo(), Math.max(1, calibrationSteps));
            StringBuilder per = new StringBuilder();
            est.secondsPerCell().forEach((v, s) -> per.append(String.format(Locale.ROOT, " %s %s;", v, duration(s))));
            err.printf(Locale.ROOT, "estimate: %s in all (per run:%s calibrated on %d steps)%n",
                    duration(est.totalSeconds()), per, est.calibrationSteps());
        }
        err.flush();

        ProgressBar bar = new ProgressBar(err);
        int[] cellIndex = {0};
        Sweep.Result result = sweep.run(data, plan, new Sweep.Listener() {
            @Override
            public void cellStarted(SweepSpec.Cell cell, int index, int count) {
                cellIndex[0] = index;
                bar.println(String.format(Locale.ROOT, "[%d/%d] %s", index + 1, count, cell.runId()));
            }

            @Override
            public void event(SweepSpec.Cell cell, TrainingEvent e) {
                if (e instanceof TrainingEvent.StepCompleted s) {
                    int count = plan.todo().size();
                    double inCell = ((s.epoch() - 1) + (double) s.stepInEpoch() / s.stepsPerEpoch()) / epochs;
                    bar.update((cellIndex[0] + inCell) / count, String.format(Locale.ROOT,
                            "run %d/%d epoch %d/%d loss %.4f", cellIndex[0] + 1, count, s.epoch(), epochs,
                            s.batchLoss()));
                } else if (e instanceof TrainingEvent.RunStarted rs) {
                    for (String note : rs.notes()) bar.println("  note: " + note);
                }
            }

            @Override
            public void cellEnded(SweepSpec.Cell cell, RunFolder.Status status) {
                bar.println("  " + status.state() + ", " + status.epochs() + " epochs"
                        + (status.reason() == null ? "" : ": " + status.reason()));
            }
        });
        outw.printf(Locale.ROOT, "sweep: %d finished, %d failed, %d already done; results in %s%n", result.finished(),
                result.failed(), result.skipped(), sweep.runsCsv());
        outw.flush();
        if (result.failed() > 0) {
            throw new CliErrors.RunFailedException(result.failed() + " of the sweep's runs failed; see status.json in "
                    + out.resolve(Sweep.RUNS_DIR));
        }
        return 0;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
