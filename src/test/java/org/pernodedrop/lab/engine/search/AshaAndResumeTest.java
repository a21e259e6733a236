package org.pernodedrop.lab.engine.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.TrainingSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ASHA on planted learning curves, and a search that is interrupted and resumed. */
class AshaAndResumeTest {

    @TempDir
    Path dir;

    @Test
    void rungsSitAtREtaToTheK() {
        assertThat(new Asha(1, 3, 27).rungs()).containsExactly(1, 3, 9);
        assertThat(new Asha(2, 2, 20).rungs()).containsExactly(2, 4, 8, 16);
        assertThat(new Asha(1, 3, 27).rungsPassed(27)).isEqualTo(3);
        assertThat(new Asha(1, 3, 28).rungs()).containsExactly(1, 3, 9, 27);
        assertThat(new Asha(1, 3, 27).rungsPassed(3)).isEqualTo(1); // stopped at rung 3: passed only rung 1
        assertThatThrownBy(() -> new Asha(1, 1, 9)).hasMessageContaining("eta must be >= 2");
        assertThatThrownBy(() -> new Asha(9, 3, 9)).hasMessageContaining("more epochs");
    }

    /**
     * Planted: three good trials that keep improving (loss g + 1/e, each better than the one before), six flat bad
     * ones (1.5 at every epoch), and one fast starter that plateaus (0.9 from the first epoch on). With r = 1, eta = 3,
     * R = 27 (rungs 1, 3, 9), the top 1/eta at each rung go on:
     * <ul>
     *   <li>each good trial is the best so far at every rung when it gets there: trains all 27 epochs;</li>
     *   <li>each bad trial is worse at rung 1 than all three goods (1.5 vs 1.1-1.3) with n >= 4 values there, so
     *       keep = floor(n/3) >= 1 puts the cut at a good's value: stopped after 1 epoch;</li>
     *   <li>the fast starter comes 4th at rung 1 (n = 4, keep = 1): 0.9 beats 1.1 - it goes on; at rung 3 (n = 4, keep
     *       1) 0.9 loses to 0.1 + 1/3 = 0.433: stopped after 3 epochs.</li>
     * </ul>
     * Without ASHA that is 10 x 27 = 270 epochs; with it 3 x 27 + 1 x 3 + 6 x 1 = 90.
     */
    @Test
    void ashaStopsThePlantedPoorRunsAndOnlyThose() {
        Asha asha = new Asha(1, 3, 27);
        List<IntFunction<Double>> curves = new ArrayList<>();
        for (double g : new double[]{0.3, 0.2, 0.1}) curves.add(e -> g + 1.0 / e);
        curves.add(e -> 0.9);
        for (int i = 0; i < 6; i++) curves.add(e -> 1.5);
        int[] trained = new int[curves.size()];
        for (int t = 0; t < curves.size(); t++) {
            for (int e = 1; e <= 27; e++) {
                trained[t] = e;
                if (!asha.report(t, e, curves.get(t).apply(e))) break;
            }
        }
        assertThat(trained).containsExactly(27, 27, 27, 3, 1, 1, 1, 1, 1, 1);
        assertThat(java.util.Arrays.stream(trained).sum()).isEqualTo(90);
    }

    /** A trial's synthetic learning curve: the bowl's value at its settings, plus 1/epoch. */
    static final class Synthetic implements Search.TrialRunner {
        final List<Integer> ran = new ArrayList<>();
        final int failAt;
        final int failEpoch;

        Synthetic(int failAt, int failEpoch) {
            this.failAt = failAt;
            this.failEpoch = failEpoch;
        }

        @Override
        public Search.Outcome run(int index, String runId, ExperimentConfig config, SearchSpace.Params p, Path dir,
                                  Search.EpochSink sink) throws java.io.IOException {
            ran.add(index);
            double f = TpeVersusRandomTest.bowl(TpeVersusRandomTest.LAB.point(p));
            for (int e = 1; e <= config.training().epochs(); e++) {
                if (index == failAt && e == failEpoch) return null; // the process is killed mid-trial
                Files.writeString(dir.resolve("epoch-" + e), "x"); // something in the folder, as a trainer writes
                if (!sink.epoch(e, f + 1.0 / e)) break;
            }
            return Search.Outcome.OK;
        }
    }

    static SearchSpec spec(String strategy, int trials) {
        ExperimentConfig base = ExperimentConfig.defaults().withTraining(new TrainingSpec(9, 10, 0.01));
        return new SearchSpec(base, TpeVersusRandomTest.LAB, strategy, trials, 5, 1, 3, 3);
    }

    private static Map<Integer, String> trialFiles(Path out) throws Exception {
        Map<Integer, String> m = new HashMap<>();
        for (Trial t : Search.finishedTrials(out)) {
            m.put(t.index(), Files.readString(out.resolve("runs").resolve(t.runId()).resolve(Search.TRIAL_FILE)));
        }
        return m;
    }

    @Test
    void anInterruptedSearchResumesWithoutLosingOrRerunningAFinishedTrial() throws Exception {
        SearchSpec spec = spec("tpe", 16);
        Path whole = dir.resolve("whole");
        Synthetic a = new Synthetic(-1, -1);
        Search.Result full = new Search(spec, whole).run(new Search(spec, whole).prepare(false), a,
                new Search.Listener() {
                }, 0);
        assertThat(a.ran).hasSize(16);
        assertThat(full.trials()).extracting(Trial::state).contains(Trial.PRUNED, Trial.COMPLETE);

        Path cut = dir.resolve("cut");
        Synthetic b = new Synthetic(11, 2); // killed in epoch 2 of trial 11
        Search first = new Search(spec, cut);
        Search.Result r1 = first.run(first.prepare(false), b, new Search.Listener() {
        }, 0);
        assertThat(r1.stoppedBecause()).isEqualTo("cancelled");
        assertThat(r1.trials()).hasSize(11);
        Map<Integer, String> before = trialFiles(cut);
        assertThat(before).hasSize(11);

        Synthetic c = new Synthetic(-1, -1);
        Search again = new Search(spec, cut);
        List<Trial> kept = again.prepare(true);
        assertThat(kept).hasSize(11);
        Search.Result r2 = again.run(kept, c, new Search.Listener() {
        }, 0);
        // only the interrupted trial and the ones after it ran; the 11 finished ones are untouched, byte for byte
        assertThat(c.ran).containsExactly(11, 12, 13, 14, 15);
        assertThat(r2.kept()).isEqualTo(11);
        Map<Integer, String> after = trialFiles(cut);
        for (int i = 0; i < 11; i++) assertThat(after.get(i)).isEqualTo(before.get(i));
        // and the resumed search is the uninterrupted one: same trials, same settings, same outcomes
        assertThat(r2.trials()).extracting(Trial::runId).isEqualTo(full.trials().stream().map(Trial::runId).toList());
        assertThat(r2.trials()).extracting(Trial::state).isEqualTo(full.trials().stream().map(Trial::state).toList());
        assertThat(r2.trials()).extracting(Trial::value).isEqualTo(full.trials().stream().map(Trial::value).toList());
        assertThat(Files.readAllLines(cut.resolve(Search.TRIALS_CSV))).hasSize(17);
        // a finished search resumed runs nothing
        Synthetic d = new Synthetic(-1, -1);
        Search third = new Search(spec, cut);
        third.run(third.prepare(true), d, new Search.Listener() {
        }, 0);
        assertThat(d.ran).isEmpty();
    }

    @Test
    void aFolderIsNotReusedWithoutResumeNorWithOtherSettings() throws Exception {
        Path out = dir.resolve("s");
        Search s = new Search(spec("random", 3), out);
        s.run(s.prepare(false), new Synthetic(-1, -1), new Search.Listener() {
        }, 0);
        assertThatThrownBy(() -> new Search(spec("random", 3), out).prepare(false)).hasMessageContaining("--resume");
        assertThatThrownBy(() -> new Search(spec("tpe", 3), out).prepare(true))
                .hasMessageContaining("holds a different search");
    }

    @Test
    void aTimeBudgetStopsStartingTrials() throws Exception {
        Path out = dir.resolve("t");
        Search s = new Search(spec("random", 50), out);
        Search.TrialRunner slow = (index, runId, config, p, d, sink) -> {
            Thread.sleep(30);
            for (int e = 1; e <= 9; e++) sink.epoch(e, 1.0);
            return Search.Outcome.OK;
        };
        Search.Result r = s.run(s.prepare(false), slow, new Search.Listener() {
        }, 0.1);
        // each trial takes >= 30 ms, so at most 4 start before 0.1 s of trial time is spent
        assertThat(r.ran()).isBetween(1, 4);
        assertThat(r.stoppedBecause()).startsWith("time budget");
    }

    @Test
    void theGridCoversEveryVariantBeforeRepeating() {
        GridSampler g = new GridSampler(1, 3);
        List<double[]> pts = g.points(TpeVersusRandomTest.LAB.dims());
        // 4 variants x 3 rates x 3 widths (4, 32, 256: geometric) x 3 learning rates
        assertThat(pts).hasSize(4 * 3 * 3 * 3);
        assertThat(pts.stream().map(p -> p[2]).distinct().sorted()).containsExactly(4.0, 32.0, 256.0);
        assertThat(pts.stream().map(p -> p[3]).distinct().sorted().map(v -> Math.round(v * 1e6) / 1e6))
                .containsExactly(1e-4, 0.003162, 0.1);
    }
}
