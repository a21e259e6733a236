package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.search.Search;
import org.pernodedrop.lab.engine.search.SearchSpace;
import org.pernodedrop.lab.engine.search.SearchSpec;
import org.pernodedrop.lab.engine.search.TrainerTrialRunner;
import org.pernodedrop.lab.engine.search.Trial;
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
 * {@code search}: grid, random or TPE search over variant, drop rate, width and learning rate, with optional ASHA
 * early stopping; every trial an ordinary run folder. Layout and resume: {@link Search}.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search variant x drop rate x width x learning rate for the lowest validation loss, with a "
                + "budget in trials (and optionally time); strategies grid, random, tpe (Optuna's defaults),",
                "early stopping with ASHA (--asha R: rungs at R, R*eta, ... epochs). Every trial is a run folder in "
                        + "<out>/runs/; <out>/runs.csv feeds 'report'; --resume continues an interrupted search."})
public final class SearchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    BaseConfigOptions baseOptions;

    @Option(names = "--variants", required = true, split = ",", paramLabel = "A,B,...",
            description = "Regularizer presets to choose from, e.g. dropout,pernode-bernoulli,pernode-gaussian.")
    List<String> variants;

    @Option(names = "--rates", defaultValue = "0.0:0.9", paramLabel = "LOW:HIGH",
            description = "Drop rate range (uniform; default: ${DEFAULT-VALUE}); one value fixes it.")
    String rates;

    @Option(names = "--units", defaultValue = "16", paramLabel = "LOW:HIGH",
            description = "Slot width range (log scale; default: ${DEFAULT-VALUE}).")
    String units;

    @Option(names = "--lrs", defaultValue = "0.01", paramLabel = "LOW:HIGH",
            description = "Learning rate range (log scale; default: ${DEFAULT-VALUE}), e.g. 0.0003:0.03.")
    String lrs;

    @Option(names = "--strategy", defaultValue = "tpe", paramLabel = "S",
            description = "grid, random or tpe (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--trials", defaultValue = "30", paramLabel = "N", description = "Budget in trials "
            + "(default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--time-budget", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop starting trials once they have trained this long in all (default: no limit).")
    double timeBudget;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the sampler and of every trial's training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--asha", defaultValue = "0", paramLabel = "R",
            description = "ASHA early stopping with the first rung at R epochs (0: off; default: ${DEFAULT-VALUE}).")
    int asha;

    @Option(names = "--eta", defaultValue = "3", paramLabel = "ETA",
            description = "ASHA's reduction factor: rungs at R*eta^k, the top 1/eta go on (default: ${DEFAULT-VALUE}).")
    int eta;

    @Option(names = "--grid-levels", defaultValue = "3", paramLabel = "K",
            description = "Grid: values per numeric range (default: ${DEFAULT-VALUE}).")
    int gridLevels;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--resume", description = "Continue the search in --out: finished trials are kept.")
    boolean resume;


    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        if (timeBudget < 0) throw new IllegalArgumentException("--time-budget must be >= 0, got " + timeBudget);
        if (spec.commandLine().getParseResult().hasMatchedOption("--lr")) {
            throw new IllegalArgumentException("a search varies the learning rate: give its range with --lrs LOW:HIGH "
                    + "(or one value to fix it), not --lr");
        }
        ExperimentConfig base = baseOptions.baseConfig().withSeed(seed);
        double[] r = SearchSpace.parseRange("--rates", rates);
        double[] u = SearchSpace.parseRange("--units", units);
        double[] l = SearchSpace.parseRange("--lrs", lrs);
        if (u[0] != Math.rint(u[0]) || u[1] != Math.rint(u[1])) {
            throw new IllegalArgumentException("--units '" + units + "': widths are whole numbers");
        }
        SearchSpace space = new SearchSpace(variants, r[0], r[1], (int) u[0], (int) u[1], l[0], l[1]);
        SearchSpec s = new SearchSpec(base, space, strategy, trials, seed, asha, eta, gridLevels);
        Search search = new Search(s, out);
        Dataset data = Datasets.load(base.data(), base.seed());
        List<Trial> done = search.prepare(resume);
        err.printf(Locale.ROOT, "search: %s, %d trials (%d done), up to %d epochs each%s; data %s from %s%n", strategy,
                trials, done.size(), base.training().epochs(),
                asha > 0 ? ", ASHA rungs at " + s.asha().rungs() + " epochs (eta " + eta + ")" : "", data.name(),
                data.origin());
        err.flush();
        ProgressBar bar = new ProgressBar(err);
        int maxEpochs = base.training().epochs();
        int[] current = {0};
        TrainerTrialRunner runner = new TrainerTrialRunner(data, e -> {
            if (e instanceof TrainingEvent.StepCompleted st) {
                bar.update(((st.epoch() - 1) + (double) st.stepInEpoch() / st.stepsPerEpoch()) / maxEpochs,
                        String.format(Locale.ROOT, "trial %d epoch %d/%d", current[0], st.epoch(), maxEpochs));
            }
        });
        Search.Result result = search.run(done, runner, new Search.Listener() {
            @Override
            public void trialStarted(int index, SearchSpace.Params p) {
                current[0] = index;
            }

            @Override
            public void trialEnded(Trial t, Trial best) {
                bar.println(String.format(Locale.ROOT, "[%d/%d] %s: %s after %d epochs, best val loss %s%s",
                        t.index() + 1, trials, t.runId(), t.state(), t.epochs(),
                        t.value() == null ? "-" : String.format(Locale.ROOT, "%.4f", t.value()),
                        best != null && best.index() == t.index() ? "  (best so far)" : ""));
            }
        }, timeBudget);
        o.printf(Locale.ROOT, "search: %d trials run now, %d kept%s; trials in %s, epochs in %s%n", result.ran(),
                result.kept(), result.stoppedBecause() == null ? "" : "; stopped: " + result.stoppedBecause(),
                out.resolve(Search.TRIALS_CSV), out.resolve(Search.RUNS_CSV));
        result.best().ifPresent(b -> o.printf(Locale.ROOT, "best: %s (%s, rate %s, %d units, lr %s): val loss %.4f; "
                        + "run it alone with: train --config %s%n", b.runId(), b.variant(), b.rate(), b.units(), b.lr(),
                b.value(), out.resolve(Search.RUNS_DIR).resolve(b.runId()).resolve("config.json")));
        o.flush();
        return 0;
    }
}
