package org.pernodedrop.lab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SweepCommandTest {

    @TempDir
    Path dir;

    private static String[] sweepArgs(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("sweep", "--dataset", "spiral", "--variants",
                "dropout,pernode-bernoulli", "--rates", "0.2:0.5:0.3", "--units", "8", "--seeds", "1", "--epochs", "3",
                "--calibration-steps", "2", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    /** Epoch rows without wall times, keyed by run id, in file order. */
    private static Map<String, List<List<Double>>> rows(Path csv) throws Exception {
        return RunsCsv.read(csv).stream().collect(Collectors.groupingBy(RunRecord::runId, Collectors.mapping(
                r -> List.of((double) r.epoch(), r.batchLoss(), r.trainLoss(), r.trainAcc(), r.valLoss(), r.valAcc()),
                Collectors.toList())));
    }

    @Test
    void sweepTwoVariantsTwoRatesOnASpiral() throws Exception {
        Path out = dir.resolve("sweep");
        Cli r = Cli.run(sweepArgs(out));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("sweep: 4 runs (2 variants x 2 rates x 1 widths x 1 seeds)").contains("estimate:");
        List<RunRecord> recs = RunsCsv.read(out.resolve("runs.csv"));
        assertThat(recs).hasSize(4 * 3);
        assertThat(recs.stream().map(RunRecord::variant).distinct()).containsExactlyInAnyOrder("dropout",
                "pernode-bernoulli");
        assertThat(recs.stream().map(RunRecord::rate).distinct()).containsExactlyInAnyOrder(0.2, 0.5);
        assertThat(recs).allSatisfy(x -> {
            assertThat(x.trainLoss()).isFinite();
            assertThat(x.valLoss()).isFinite();
            assertThat(x.epochSeconds()).isPositive();
        });
        try (var runs = Files.list(out.resolve("runs"))) {
            List<Path> folders = runs.toList();
            assertThat(folders).hasSize(4);
            for (Path f : folders) {
                assertThat(f.resolve("config.json")).exists();
                assertThat(f.resolve("provenance.json")).exists();
                assertThat(RunFolder.status(f).orElseThrow().state()).isEqualTo("finished");
            }
        }
        // Resuming a finished sweep runs nothing and changes nothing.
        String before = Files.readString(out.resolve("runs.csv"));
        Cli again = Cli.run(sweepArgs(out, "--resume"));
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("4 done, 0 to run");
        assertThat(Files.readString(out.resolve("runs.csv"))).isEqualTo(before);
        // Without --resume the folder is refused.
        Cli refused = Cli.run(sweepArgs(out));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("--resume");
    }

    @Test
    void sweepOnARealFashionMnistSubset() throws Exception {
        Path real = Path.of("/usr/share/datasets/fashion-mnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(real),
                "needs the Debian package dataset-fashion-mnist");
        Path out = dir.resolve("fashion");
        Cli r = Cli.run("sweep", "--dataset", "fashion-mnist", "--data-dir", real.toString(), "--variants",
                "dropout,pernode-bernoulli", "--rates", "0.2,0.5", "--units", "16", "--seeds", "1", "--epochs", "1",
                "--batch", "20", "--train-limit", "60", "--val-limit", "40", "--calibration-steps", "1",
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<RunRecord> recs = RunsCsv.read(out.resolve("runs.csv"));
        assertThat(recs).hasSize(4);
        assertThat(recs).allSatisfy(x -> {
            assertThat(x.dataset()).isEqualTo("fashion-mnist");
            assertThat(x.trainLoss()).isFinite().isPositive();
            assertThat(x.valLoss()).isFinite().isPositive();
            assertThat(x.valAcc()).isBetween(0.0, 1.0);
        });
        assertThat(Files.readString(out.resolve("runs").resolve("pernode-bernoulli_p0.5_u16_s1").resolve("config.json")))
                .contains("\"fashion-mnist\"").contains("\"train_limit\" : 60");
    }

    @Test
    void badSweepArgumentsExit2WithOneErrorLine() {
        Cli r = Cli.run("sweep", "--dataset", "spiral", "--variants", "dropout,nope", "--rates", "0.1:0.2:0.1",
                "--out", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLines()).isEqualTo(1);
        assertThat(r.err()).contains("nope");
        Cli rates = Cli.run("sweep", "--dataset", "spiral", "--variants", "dropout", "--rates", "0.5:1.5:0.5",
                "--out", dir.toString());
        assertThat(rates.exit()).isEqualTo(2);
        assertThat(rates.errorLines()).isEqualTo(1);
    }

    @Test
    void aSweepKilledMidRunResumesWithoutLostOrDuplicatedEpochs() throws Exception {
        Path reference = dir.resolve("reference");
        Cli ref = Cli.run(sweepArgs(reference));
        assertThat(ref.exit()).as(ref.err()).isZero();

        // The same sweep in a child JVM, killed (SIGKILL) while its second run is between epochs 1 and 3.
        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "org.pernodedrop.lab.Main"));
        cmd.addAll(List.of(sweepArgs(killed)));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        Path csv = killed.resolve("runs.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        int seen = 0;
        while (seen < 4 && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(5);
            if (Files.exists(csv)) seen = (int) Files.lines(csv).count() - 1;
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).as("child log: " + Files.readString(dir.resolve("child.log"))).isGreaterThanOrEqualTo(4);
        List<RunRecord> left = RunsCsv.read(csv);
        // The kill hit the middle of a run: some run has fewer than 3 epochs on file.
        assertThat(left.size() % 3).as("rows on file at the kill: " + left.size()).isNotZero();

        Cli resumed = Cli.run(sweepArgs(killed, "--resume"));
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("removed");
        assertThat(rows(csv)).isEqualTo(rows(reference.resolve("runs.csv")));
        assertThat(new File(killed.toFile(), "runs").list()).hasSize(4);
    }
}
