package org.pernodedrop.lab.engine.search;

import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;
import org.pernodedrop.lab.engine.experiment.SweepSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a {@link SearchSpec} into a folder, one trial after the other:
 *
 * <pre>
 * out/search.json             the spec
 * out/runs/&lt;run_id&gt;/          one ordinary run folder per trial: config.json, provenance.json, runs.csv, status.json,
 *                             and trial.json (its settings, state complete/pruned/failed, objective, curve) last
 * out/runs.csv                every trial's epochs, trials in order (what 'report' reads)
 * out/trials.csv              one line per trial: settings, state, epochs, best validation loss
 * </pre>
 *
 * <p>The objective is the trial's best validation loss. Resume: trials with a trial.json are kept as they are, the
 * sampler and ASHA are rebuilt from them, and the search goes on at the next index; a trial that was interrupted
 * (no trial.json) runs again from scratch. Samplers are pure functions of the history and the trial index, so a
 * resumed search proposes the same trials as an uninterrupted one.
 */
public final class Search {

    public static final String SPEC_FILE = "search.json";
    public static final String RUNS_DIR = "runs";
    public static final String RUNS_CSV = "runs.csv";
    public static final String TRIALS_CSV = "trials.csv";
    public static final String TRIAL_FILE = "trial.json";

    /** Trains one trial. */
    public interface TrialRunner {
        /**
         * Trains {@code config} into {@code dir} (an ordinary run folder, with its own runs.csv), calling
         * {@code sink.epoch} after each epoch with that epoch's validation loss and stopping after an epoch for
         * which it returns false. Returns null when the run was cancelled (the trial is not recorded), else whether
         * it failed and why.
         */
        Outcome run(int index, String runId, ExperimentConfig config, SearchSpace.Params params, Path dir,
                    EpochSink sink) throws IOException, InterruptedException;

        /** Asks a running trial to stop; it returns null. */
        default void cancel() {
        }
    }

    public interface EpochSink {
        boolean epoch(int epoch, double valLoss);
    }

    /** How a trial's training ended: {@code failed} with its {@code reason}, or not. */
    public record Outcome(boolean failed, String reason) {
        public static final Outcome OK = new Outcome(false, null);
    }

    /** Search progress, on the search's thread (trials) or the trainer's (epochs). */
    public interface Listener {
        default void trialStarted(int index, SearchSpace.Params params) {
        }

        default void epoch(int index, int epoch, double valLoss, double best) {
        }

        default void trialEnded(Trial trial, Trial bestSoFar) {
        }
    }

    /** How the search went: trials run now, kept from before, whether it stopped early and why. */
    public record Result(List<Trial> trials, int ran, int kept, String stoppedBecause) {
        public Optional<Trial> best() {
            return best(trials);
        }

        static Optional<Trial> best(List<Trial> ts) {
            return ts.stream().filter(t -> t.value() != null && !Double.isNaN(t.value()))
                    .min(Comparator.<Trial>comparingInt(t -> t.state().equals(Trial.COMPLETE) ? 0 : 1)
                            .thenComparingDouble(Trial::objective).thenComparingInt(Trial::index));
        }
    }

    private final SearchSpec spec;
    private final Path out;
    private volatile boolean cancelled;
    private volatile TrialRunner current;

    public Search(SearchSpec spec, Path out) {
        this.spec = spec;
        this.out = out;
    }

    public SearchSpec spec() {
        return spec;
    }

    public Path out() {
        return out;
    }

    public void cancel() {
        cancelled = true;
        TrialRunner r = current;
        if (r != null) r.cancel();
    }

    /** The run id of trial {@code index}: {@code t007_<variant>_p<rate>_u<units>_s<seed>_lr<lr>}. */
    public static String runId(int index, SearchSpace.Params p, long seed) {
        return String.format(Locale.ROOT, "t%03d_%s_lr%s", index, SweepSpec.runId(p.variant(), p.rate(), p.units(),
                seed), SweepSpec.rateText(p.lr()));
    }

    /**
     * Checks the folder: a new search needs a folder without one; {@code resume} needs the same spec. Writes
     * search.json and returns the trials already finished, in index order (they must be 0..k-1: a gap means the
     * folder was edited by hand).
     */
    public List<Trial> prepare(boolean resume) throws IOException {
        Path specFile = out.resolve(SPEC_FILE);
        if (Files.exists(specFile)) {
            if (!resume) {
                throw new IllegalArgumentException(out + " already holds a search; pass --resume to continue it, or "
                        + "choose another --out");
            }
            SearchSpec old = read(specFile);
            if (!old.equals(spec)) {
                throw new IllegalArgumentException(out + " holds a different search (" + SPEC_FILE + "); resume it "
                        + "with the same settings, or choose another --out");
            }
        }
        Files.createDirectories(out.resolve(RUNS_DIR));
        Files.writeString(specFile, ConfigJson.write(spec) + System.lineSeparator());
        List<Trial> done = finishedTrials(out);
        for (int i = 0; i < done.size(); i++) {
            if (done.get(i).index() != i) {
                throw new IllegalStateException(out + ": trial " + i + " is missing but trial " + done.get(i).index()
                        + " finished; the folder was changed by hand");
            }
        }
        return done;
    }

    static SearchSpec read(Path f) throws IOException {
        try {
            return ConfigJson.read(Files.readString(f), SearchSpec.class);
        } catch (ConfigJson.ConfigException | IllegalArgumentException e) {
            throw new IOException(f + ": not a readable search spec (" + e.getMessage() + ")", e);
        }
    }

    /** The search spec in a folder. */
    public static SearchSpec readSpec(Path out) throws IOException {
        Path f = out.resolve(SPEC_FILE);
        if (!Files.isRegularFile(f)) throw new IOException(f + " does not exist: no search in " + out);
        return read(f);
    }

    /** Every trial folder that holds a readable trial.json, by index (what a view shows while a search runs). */
    public static List<Trial> finishedTrials(Path out) throws IOException {
        Path runs = out.resolve(RUNS_DIR);
        if (!Files.isDirectory(runs)) return List.of();
        List<Trial> ts = new ArrayList<>();
        try (Stream<Path> s = Files.list(runs)) {
            for (Path dir : s.sorted().toList()) {
                Path f = dir.resolve(TRIAL_FILE);
                if (!Files.isRegularFile(f)) continue;
                try {
                    ts.add(ConfigJson.read(Files.readString(f), Trial.class));
                } catch (RuntimeException e) {
                    // a damaged trial.json (killed mid-write cannot happen: it is moved into place) counts as unfinished
                }
            }
        }
        ts.sort(Comparator.comparingInt(Trial::index));
        return ts;
    }

    /**
     * Runs trials until the budget in trials is spent, {@code maxSeconds} of trial time (the sum over trials, kept
     * ones included; 0 for no limit) is used, or the search is cancelled.
     */
    public Result run(List<Trial> done, TrialRunner runner, Listener listener, double maxSeconds)
            throws IOException, InterruptedException {
        List<Dim> dims = spec.space().dims();
        Sampler sampler = spec.sampler();
        Asha asha = spec.asha();
        List<Trial> trials = new ArrayList<>(done);
        List<Sampler.Observation> history = new ArrayList<>();
        double spent = 0;
        for (Trial t : done) {
            if (asha != null) {
                for (int r : asha.rungs()) if (r <= t.curve().size()) asha.report(t.index(), r, t.curve().get(r - 1));
            }
            history.add(observation(t, asha));
            spent += t.seconds();
        }
        int ran = 0;
        String stopped = null;
        current = runner;
        try {
            for (int i = done.size(); i < spec.trials(); i++) {
                if (cancelled) {
                    stopped = "cancelled";
                    break;
                }
                if (maxSeconds > 0 && spent >= maxSeconds) {
                    stopped = String.format(Locale.ROOT, "time budget of %.0f s used", maxSeconds);
                    break;
                }
                SearchSpace.Params p = spec.space().params(sampler.next(dims, history, i));
                ExperimentConfig config = SearchSpace.config(spec.base(), p);
                String id = runId(i, p, config.seed());
                Path dir = out.resolve(RUNS_DIR).resolve(id);
                Files.createDirectories(dir);
                Files.deleteIfExists(dir.resolve(TRIAL_FILE));
                Files.deleteIfExists(dir.resolve(RUNS_CSV)); // an interrupted attempt's rows
                listener.trialStarted(i, p);
                List<Double> curve = new ArrayList<>();
                int index = i;
                long t0 = System.nanoTime();
                Outcome o = runner.run(i, id, config, p, dir, (epoch, valLoss) -> {
                    // best so far, ignoring NaN epochs (Math.min would carry a first NaN through the whole curve)
                    double last = curve.isEmpty() ? Double.NaN : curve.get(curve.size() - 1);
                    double best = Double.isNaN(last) ? valLoss : Double.isNaN(valLoss) ? last : Math.min(last, valLoss);
                    curve.add(best);
                    listener.epoch(index, epoch, valLoss, best);
                    return asha == null || asha.report(index, epoch, best);
                });
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (o == null) {
                    stopped = "cancelled";
                    break;
                }
                int max = config.training().epochs();
                String state = o.failed() ? Trial.FAILED : curve.size() < max ? Trial.PRUNED : Trial.COMPLETE;
                Double value = curve.isEmpty() || Double.isNaN(curve.get(curve.size() - 1)) ? null
                        : curve.get(curve.size() - 1);
                Trial t = new Trial(i, id, p.variant(), p.rate(), p.units(), p.lr(), state, curve.size(), value,
                        seconds, o.reason(), curve);
                writeTrial(dir, t);
                trials.add(t);
                history.add(observation(t, asha));
                spent += seconds;
                ran++;
                gather(trials);
                listener.trialEnded(t, Result.best(trials).orElse(null));
            }
        } finally {
            current = null;
        }
        gather(trials);
        return new Result(trials, ran, done.size(), stopped);
    }

    private Sampler.Observation observation(Trial t, Asha asha) {
        // a trial stopped early ranks by the rungs it passed, below every trial that trained to the end
        int reached = t.state().equals(Trial.COMPLETE) ? Integer.MAX_VALUE
                : asha != null ? asha.rungsPassed(t.epochs()) : 0;
        return new Sampler.Observation(t.index(), spec.space().point(t.params()), t.objective(), reached);
    }

    private void writeTrial(Path dir, Trial t) throws IOException {
        Path tmp = dir.resolve(TRIAL_FILE + ".tmp");
        Files.writeString(tmp, ConfigJson.write(t) + System.lineSeparator());
        Files.move(tmp, dir.resolve(TRIAL_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Rewrites runs.csv (every trial's rows, trials in order) and trials.csv from the trials' folders. */
    private void gather(List<Trial> trials) throws IOException {
        List<RunRecord> rows = new ArrayList<>();
        StringBuilder tc = new StringBuilder("index,run_id,variant,rate,units,lr,state,epochs,best_val_loss,seconds\n");
        for (Trial t : trials) {
            Path csv = out.resolve(RUNS_DIR).resolve(t.runId()).resolve(RUNS_CSV);
            if (Files.exists(csv)) rows.addAll(RunsCsv.read(csv));
            tc.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%d,%s,%s,%d,%s,%.3f%n", t.index(), t.runId(),
                    t.variant(), SweepSpec.rateText(t.rate()), t.units(), SweepSpec.rateText(t.lr()), t.state(),
                    t.epochs(), t.value() == null ? "" : Double.toString(t.value()), t.seconds()));
        }
        if (!rows.isEmpty()) RunsCsv.rewrite(out.resolve(RUNS_CSV), rows);
        Path tmp = out.resolve(TRIALS_CSV + ".tmp");
        Files.writeString(tmp, tc);
        Files.move(tmp, out.resolve(TRIALS_CSV), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
