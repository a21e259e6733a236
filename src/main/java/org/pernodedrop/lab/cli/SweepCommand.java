package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sweep}: variants x rates x widths x seeds, one run per cell, every epoch appended to {@code out/runs.csv};
 * {@code --resume} continues a sweep that was stopped or killed. Layout: see {@link Sweep}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run variants x rates x widths x seeds and append every epoch to <out>/runs.csv.",
                "On a cluster: 'sweep plan' writes the cells, 'sweep run-cell' runs one (an array task), 'sweep merge' "
                        + "gathers them; 'sweep slurm' and 'sweep k8s' write the scheduler's job."},
        subcommands = {SweepCellCommands.Plan.class, SweepCellCommands.RunCell.class, SweepCellCommands.Merge.class,
                SweepCellCommands.Slurm.class, SweepCellCommands.Kube.class})
public final class SweepCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    BaseConfigOptions baseOptions;

    @CommandLine.Mixin
    GridOptions grid;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--resume", description = "Continue the sweep in --out: skip finished runs, rerun unfinished ones.")
    boolean resume;

    @Option(names = "--mc", paramLabel = "T", defaultValue = "0",
            description = "After each run's last epoch, T Monte Carlo passes (noise on) over the validation set; "
                    + "writes their calibration to <out>/calibration.csv, one entry per run (default: off).")
    int mcPasses;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Train N runs at once, the cores divided between them (default: ${DEFAULT-VALUE}). The "
                    + "results equal a serial sweep's; runs.csv is put in the serial order at the end.")
    int jobs;

    @Option(names = "--calibration-steps", hidden = true, defaultValue = "10")
    int calibrationSteps;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        MonteCarloOutput.checkPasses(mcPasses);
        if (jobs < 1) throw new IllegalArgumentException("--jobs must be >= 1, got " + jobs);
        if (out == null) throw new IllegalArgumentException("give --out <dir>, the sweep's folder");
        ExperimentConfig base = baseOptions.baseConfig();
        SweepSpec sweepSpec = grid.spec(base, baseOptions.config != null);
        List<String> variants = sweepSpec.variants();
        List<Integer> units = sweepSpec.units();
        int seeds = sweepSpec.seeds().size();
        int cellEpochs = base.training().epochs(); // from --config when given, else --epochs
        Sweep sweep = new Sweep(sweepSpec, out);
        Dataset data = Datasets.load(base.data(), base.seed());
        sweep.checkCells(data, sweepSpec.cells()); // before prepare writes anything into --out
        Sweep.Plan plan = sweep.prepare(resume);
        if (mcPasses > 0) sweep.setAfterTraining((cell, run) -> MonteCarloOutput.calibrate(run, mcPasses, out, cell.runId()));
        int total = plan.done().size() + plan.todo().size();
        err.printf(Locale.ROOT, "sweep: %d runs (%d variants x %d rates x %d widths x %d seeds%s), %d done, %d to run%n",
                total, variants.size(), sweepSpec.rates().size(), units.size(), seeds,
                variants.contains("none") ? "; 'none' has no rate axis" : "", plan.done().size(), plan.todo().size());
        err.printf(Locale.ROOT, "sweep: data %s from %s%n", data.name(), data.origin());
        if (plan.droppedRows() > 0) {
            err.printf(Locale.ROOT, "resume: removed %d lines of unfinished runs from runs.csv; they run again%n",
                    plan.droppedRows());
        }
        Sweep.Estimate est = null;
        if (!plan.todo().isEmpty()) {
            est = sweep.estimate(data, plan.todo(), Math.max(1, calibrationSteps), jobs);
            StringBuilder per = new StringBuilder();
            est.secondsPerCell().forEach((v, s) -> per.append(String.format(Locale.ROOT, " %s %s;", v, duration(s))));
            err.printf(Locale.ROOT, "estimate: %s in all%s (per run:%s calibrated on %d steps)%n",
                    duration(est.totalSeconds()), jobs > 1 ? " with " + jobs + " jobs" : "", per,
                    est.calibrationSteps());
        }
        err.flush();

        // with --jobs the listener is called from several threads at once: one lock orders the bar's output
        ProgressBar bar = new ProgressBar(err);
        int count = plan.todo().size();
        java.util.Map<String, Double> inFlight = new java.util.HashMap<>();
        int[] ended = {0};
        long t0 = System.nanoTime();
        Sweep.Result result = sweep.run(data, plan, new Sweep.Listener() {
            @Override
            public void cellStarted(SweepSpec.Cell cell, int index, int total) {
                synchronized (bar) {
                    inFlight.put(cell.runId(), 0.0);
                    bar.println(String.format(Locale.ROOT, "[%d/%d] %s", index + 1, total, cell.runId()));
                }
            }

            @Override
            public void event(SweepSpec.Cell cell, TrainingEvent e) {
                if (e instanceof TrainingEvent.StepCompleted s) {
                    double inCell = ((s.epoch() - 1) + (double) s.stepInEpoch() / s.stepsPerEpoch()) / cellEpochs;
                    synchronized (bar) {
                        inFlight.put(cell.runId(), inCell);
                        double sum = ended[0];
                        for (double f : inFlight.values()) sum += f;
                        bar.update(sum / count, inFlight.size() > 1
                                ? String.format(Locale.ROOT, "%d runs done, %d running", ended[0], inFlight.size())
                                : String.format(Locale.ROOT, "run %d/%d epoch %d/%d loss %.4f", ended[0] + 1, count,
                                s.epoch(), cellEpochs, s.batchLoss()));
                    }
                } else if (e instanceof TrainingEvent.RunStarted rs) {
                    synchronized (bar) {
                        for (String note : rs.notes()) bar.println("  note: " + note);
                    }
                }
            }

            @Override
            public void cellEnded(SweepSpec.Cell cell, RunFolder.Status status) {
                synchronized (bar) {
                    inFlight.remove(cell.runId());
                    ended[0]++;
                    bar.println("  " + (jobs > 1 ? cell.runId() + ": " : "") + status.state() + ", " + status.epochs()
                            + " epochs" + (status.reason() == null ? "" : ": " + status.reason()));
                }
            }
        }, jobs);
        double took = (System.nanoTime() - t0) / 1e9;
        if (est != null && !result.cancelled()) {
            err.printf(Locale.ROOT, "time: %s (estimate %s, %+.0f%%)%n", duration(took), duration(est.totalSeconds()),
                    100 * (est.totalSeconds() - took) / took);
            err.flush();
        }
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
