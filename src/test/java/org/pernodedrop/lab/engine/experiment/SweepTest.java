package org.pernodedrop.lab.engine.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.ModelSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.config.TrainingSpec;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepTest {

    @TempDir
    Path dir;

    static SweepSpec tiny(int epochs) {
        ExperimentConfig base = new ExperimentConfig(ExperimentConfig.SCHEMA_VERSION, 1,
                DataSpec.spiral().withSamples(100, 0.1), new ModelSpec("mlp", 8, List.of(8), List.of()),
                RegularizerSpec.of("none", 0.0), new TrainingSpec(epochs, 10, 0.01));
        return new SweepSpec(base, List.of("dropout", "pernode-bernoulli"), List.of(0.2, 0.5), List.of(8), List.of(1L));
    }

    /** Epoch rows without wall times, keyed by run id, in file order. */
    static Map<String, List<List<Double>>> rows(Path csv) throws Exception {
        return RunsCsv.read(csv).stream().collect(Collectors.groupingBy(RunRecord::runId, Collectors.mapping(
                r -> List.of((double) r.epoch(), r.batchLoss(), r.trainLoss(), r.trainAcc(), r.valLoss(), r.valAcc()),
                Collectors.toList())));
    }

    @Test
    void aSweepWritesEveryEpochAndEveryRunFolder() throws Exception {
        SweepSpec spec = tiny(2);
        Sweep sweep = new Sweep(spec, dir);
        Dataset data = Datasets.load(spec.base().data());
        Sweep.Plan plan = sweep.prepare(false);
        assertThat(plan.todo()).hasSize(4);
        Sweep.Estimate est = sweep.estimate(data, plan.todo(), 3);
        assertThat(est.totalSeconds()).isPositive().isFinite();
        Sweep.Result r = sweep.run(data, plan, new Sweep.Listener() {
        });
        assertThat(r.finished()).isEqualTo(4);
        List<RunRecord> recs = RunsCsv.read(dir.resolve("runs.csv"));
        assertThat(recs).hasSize(8);
        for (SweepSpec.Cell c : spec.cells()) {
            Path run = dir.resolve("runs").resolve(c.runId());
            assertThat(run.resolve("config.json")).exists();
            assertThat(RunFolder.config(run)).contains(c.config());
            assertThat(Files.readString(run.resolve("provenance.json"))).contains("\"nd4j_backend\"")
                    .contains("\"seed\" : 1").contains("\"start_time\"").contains("\"java_version\"");
            assertThat(RunFolder.status(run).orElseThrow().state()).isEqualTo("finished");
        }
        assertThat(recs).allSatisfy(x -> {
            assertThat(x.dataset()).isEqualTo("spiral");
            assertThat(x.valLoss()).isFinite();
        });
        assertThat(dir.resolve("sweep.json")).exists();
        // A second sweep into the same folder needs --resume.
        assertThatThrownBy(() -> new Sweep(spec, dir).prepare(false)).hasMessageContaining("--resume");
    }

    @Test
    void resumeRerunsTheTruncatedRunWithoutLosingOrDuplicatingEpochs() throws Exception {
        SweepSpec spec = tiny(3);
        Dataset data = Datasets.load(spec.base().data());
        Sweep full = new Sweep(spec, dir.resolve("full"));
        full.run(data, full.prepare(false), new Sweep.Listener() {
        });
        Map<String, List<List<Double>>> reference = rows(dir.resolve("full/runs.csv"));

        // The state a kill in the middle of the third run leaves: runs 1-2 complete, run 3 with 1 of 3 epochs and
        // no status.json, run 4 never started.
        Path cut = dir.resolve("cut");
        Sweep sweep = new Sweep(spec, cut);
        sweep.prepare(false);
        List<SweepSpec.Cell> cells = spec.cells();
        List<RunRecord> all = RunsCsv.read(dir.resolve("full/runs.csv"));
        List<RunRecord> kept = new ArrayList<>();
        for (RunRecord r : all) {
            if (r.runId().equals(cells.get(0).runId()) || r.runId().equals(cells.get(1).runId())
                    || (r.runId().equals(cells.get(2).runId()) && r.epoch() == 1)) {
                kept.add(r);
            }
        }
        RunsCsv.append(cut.resolve("runs.csv"), kept);
        for (int i = 0; i < 3; i++) {
            copyDir(dir.resolve("full/runs").resolve(cells.get(i).runId()), cut.resolve("runs").resolve(cells.get(i).runId()));
        }
        Files.delete(cut.resolve("runs").resolve(cells.get(2).runId()).resolve("status.json"));

        Sweep.Plan plan = new Sweep(spec, cut).prepare(true);
        assertThat(plan.done()).extracting(SweepSpec.Cell::runId).containsExactly(cells.get(0).runId(), cells.get(1).runId());
        assertThat(plan.todo()).extracting(SweepSpec.Cell::runId).containsExactly(cells.get(2).runId(), cells.get(3).runId());
        assertThat(plan.droppedRows()).isEqualTo(1);
        Sweep.Result r = new Sweep(spec, cut).run(data, plan, new Sweep.Listener() {
        });
        assertThat(r.finished()).isEqualTo(2);
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(rows(cut.resolve("runs.csv"))).isEqualTo(reference);
    }

    @Test
    void cancelStopsTheRunningCellAndResumeRerunsIt() throws Exception {
        SweepSpec spec = tiny(3);
        Dataset data = Datasets.load(spec.base().data());
        Sweep sweep = new Sweep(spec, dir);
        Sweep.Plan plan = sweep.prepare(false);
        Sweep.Result r = sweep.run(data, plan, new Sweep.Listener() {
            @Override
            public void event(SweepSpec.Cell cell, org.pernodedrop.lab.engine.train.TrainingEvent e) {
                if (e instanceof org.pernodedrop.lab.engine.train.TrainingEvent.EpochCompleted ec
                        && cell.runId().equals(spec.cells().get(1).runId()) && ec.metrics().epoch() == 1) {
                    sweep.cancel();
                }
            }
        });
        assertThat(r.cancelled()).isTrue();
        assertThat(r.finished()).isEqualTo(1);
        assertThat(RunFolder.status(sweep.runDir(spec.cells().get(1)))).isEmpty();
        Sweep.Plan again = new Sweep(spec, dir).prepare(true);
        assertThat(again.done()).hasSize(1);
        assertThat(again.todo()).hasSize(3);
        assertThat(again.droppedRows()).isEqualTo(1);
    }

    /**
     * Two cells at a time give the same runs.csv as one at a time: every field but the wall-clock epoch_seconds,
     * line for line, because each cell's data order, initial weights and masks come from its own seed and the file
     * is put in the cells' order when the sweep ends.
     */
    @Test
    void jobsGiveTheSerialSweepsFileExceptForTheWallClock() throws Exception {
        ExperimentConfig base = tiny(3).base();
        SweepSpec spec = new SweepSpec(base, List.of("dropout", "pernode-bernoulli", "pernode-gaussian"),
                List.of(0.2, 0.5), List.of(8), List.of(1L, 2L));
        Dataset data = Datasets.load(spec.base().data());
        Sweep serial = new Sweep(spec, dir.resolve("serial"));
        assertThat(serial.run(data, serial.prepare(false), new Sweep.Listener() {
        }).finished()).isEqualTo(12);
        Sweep parallel = new Sweep(spec, dir.resolve("parallel"));
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
        Sweep.Result r = parallel.run(data, parallel.prepare(false), new Sweep.Listener() {
            @Override
            public void cellStarted(SweepSpec.Cell cell, int index, int total) {
                threads.add(Thread.currentThread().getName());
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            }

            @Override
            public void cellEnded(SweepSpec.Cell cell, RunFolder.Status status) {
                inFlight.decrementAndGet();
            }
        }, 2);
        assertThat(r.finished()).isEqualTo(12);
        assertThat(maxInFlight.get()).isEqualTo(2);
        assertThat(threads).hasSize(2);
        List<String> a = Files.readAllLines(dir.resolve("serial").resolve("runs.csv"));
        List<String> b = Files.readAllLines(dir.resolve("parallel").resolve("runs.csv"));
        assertThat(b).hasSize(1 + 12 * 3).hasSameSizeAs(a);
        int wallClock = java.util.Arrays.asList(a.get(0).split(",")).indexOf("epoch_seconds");
        assertThat(wallClock).isPositive();
        for (int i = 0; i < a.size(); i++) {
            assertThat(withoutField(b.get(i), wallClock)).as("line %d", i + 1)
                    .isEqualTo(withoutField(a.get(i), wallClock));
        }
        // the order is the cells' order, each cell's epochs 1..3
        List<String> ids = new ArrayList<>();
        for (SweepSpec.Cell c : spec.cells()) for (int e = 0; e < 3; e++) ids.add(c.runId());
        assertThat(RunsCsv.read(dir.resolve("parallel").resolve("runs.csv")).stream().map(RunRecord::runId).toList())
                .isEqualTo(ids);
        Sweep.Estimate est = new Sweep(spec, dir.resolve("estimate")).estimate(data, spec.cells(), 3, 2);
        assertThat(est.jobs()).isEqualTo(2);
        assertThat(est.totalSeconds()).isPositive().isFinite();
        // on two lanes the 12 cells take at least half and at most all of their summed time
        double sum = 0;
        for (SweepSpec.Cell c : spec.cells()) sum += est.secondsPerCell().get(c.variant());
        assertThat(est.totalSeconds()).isBetween(sum / 2 - 1e-9, sum + 1e-9);
        assertThatThrownBy(() -> parallel.run(data, parallel.prepare(true), new Sweep.Listener() {
        }, 0)).hasMessageContaining("jobs must be >= 1");
    }

    private static void copyDir(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
    }

    private static String withoutField(String line, int index) {
        List<String> f = new ArrayList<>(java.util.Arrays.asList(line.split(",", -1)));
        f.remove(index);
        return String.join(",", f);
    }

    /**
     * Cells come seed by seed, so a serial sweep needs one split besides the base seed's at a time: over seeds 1 (the
     * base), 2 and 3 it must let seed 2's split go once seed 3's cells run, not keep every seed's data to the end.
     */
    @Test
    void aSerialSweepKeepsOnlyTheSplitItsCurrentSeedNeeds() throws Exception {
        SweepSpec three = new SweepSpec(tiny(1).base(), List.of("dropout"), List.of(0.2), List.of(8),
                List.of(1L, 2L, 3L));
        Sweep sweep = new Sweep(three, dir);
        Dataset data = Datasets.load(three.base().data(), three.base().seed());
        Sweep.Result r = sweep.run(data, sweep.prepare(false), new Sweep.Listener() {
        });
        assertThat(r.finished()).isEqualTo(3);
        assertThat(RunsCsv.read(sweep.runsCsv())).extracting(RunRecord::seed).containsExactly(1L, 2L, 3L);
        assertThat(sweep.splitsHeld()).as("splits held after the sweep (seed 3's only)").isEqualTo(1);
    }
}
