package org.pernodedrop.lab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sweep as cells (plan, run-cell, merge) against the same sweep run on this machine in one process. */
class SweepCellsCommandTest {

    @TempDir
    Path dir;

    private static final List<String> GRID = List.of("--dataset", "moons", "--variants", "dropout,pernode-bernoulli",
            "--rates", "0.2,0.5", "--units", "8", "--seeds", "1", "--epochs", "3");

    private static String[] args(String cmd, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of(cmd.split(" ")));
        a.addAll(GRID);
        a.addAll(List.of("--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    /** Every column but the wall time (epoch_seconds), in file order. */
    private static List<List<Object>> rows(Path csv) throws Exception {
        return RunsCsv.read(csv).stream().map(r -> List.<Object>of(r.runId(), r.dataset(), r.variant(), r.rate(),
                r.units(), r.seed(), r.epoch(), r.batchLoss(), r.trainLoss(), r.trainAcc(), r.valLoss(), r.valAcc(),
                r.effectiveRate())).toList();
    }

    @Test
    void planRunEveryCellAndMergeGiveTheRowsOfASerialSweep() throws Exception {
        Path serial = dir.resolve("serial");
        Cli local = Cli.run(args("sweep", serial, "--calibration-steps", "1"));
        assertThat(local.exit()).as(local.err()).isZero();

        Path cells = dir.resolve("cells");
        Cli plan = Cli.run(args("sweep plan", cells));
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("plan: 4 cells");
        assertThat(Files.readAllLines(cells.resolve("cells.csv"))).hasSize(5)
                .contains("0,dropout_p0.2_u8_s1,dropout,0.2,8,1", "3,pernode-bernoulli_p0.5_u8_s1,pernode-bernoulli,0.5,8,1");
        // the cells run in reverse order, as array tasks may: the merged file is still in spec order
        for (int i = 3; i >= 0; i--) {
            Cli c = Cli.run("sweep", "run-cell", "--dir", cells.toString(), "--index", Integer.toString(i));
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(c.out()).contains("run-cell " + i + ": finished, 3 epochs");
        }
        assertThat(cells.resolve("runs.csv")).doesNotExist(); // tasks write only into their own folders
        Cli merge = Cli.run("sweep", "merge", "--dir", cells.toString());
        assertThat(merge.exit()).as(merge.err()).isZero();
        assertThat(merge.out()).contains("merge: 4 of 4 cells, 12 rows");
        assertThat(rows(cells.resolve("runs.csv"))).hasSize(12).isEqualTo(rows(serial.resolve("runs.csv")));

        // idempotent: a second merge leaves the file untouched (same bytes, not even rewritten)
        Path csv = cells.resolve("runs.csv");
        String before = Files.readString(csv);
        Files.setLastModifiedTime(csv, FileTime.fromMillis(1_000_000L));
        Cli again = Cli.run("sweep", "merge", "--dir", cells.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("(unchanged)");
        assertThat(Files.readString(csv)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(csv).toMillis()).isEqualTo(1_000_000L);

        // a local resume of the cluster-run folder finds every cell done (rows counted from the cells' files)
        Cli resume = Cli.run(args("sweep", cells, "--resume", "--calibration-steps", "1"));
        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(resume.err()).contains("4 done, 0 to run");
        assertThat(Files.readString(csv)).isEqualTo(before);
    }

    @Test
    void mergeNamesMissingCellsAndRefusesADuplicatedOne() throws Exception {
        Path cells = dir.resolve("cells");
        assertThat(Cli.run(args("sweep plan", cells)).exit()).isZero();
        for (int i : new int[]{0, 2}) {
            assertThat(Cli.run("sweep", "run-cell", "--dir", cells.toString(), "--index", "" + i).exit()).isZero();
        }
        Cli partial = Cli.run("sweep", "merge", "--dir", cells.toString());
        assertThat(partial.exit()).isEqualTo(LabCommand.EXIT_RUN_FAILED);
        assertThat(partial.errorLines()).isEqualTo(1);
        assertThat(partial.err()).contains("2 cells have not ended")
                .contains("1 pernode-bernoulli_p0.2_u8_s1").contains("3 pernode-bernoulli_p0.5_u8_s1")
                .contains("for I in 1 3");
        // the finished cells are merged all the same
        assertThat(RunsCsv.read(cells.resolve("runs.csv"))).hasSize(6);

        // cell 2 ran twice at once: its epochs appear twice in its file
        Path cellCsv = cells.resolve("runs/dropout_p0.5_u8_s1/runs.csv");
        List<RunRecord> recs = RunsCsv.read(cellCsv);
        RunsCsv.append(cellCsv, recs.get(1));
        String merged = Files.readString(cells.resolve("runs.csv"));
        Cli dup = Cli.run("sweep", "merge", "--dir", cells.toString());
        assertThat(dup.exit()).isEqualTo(LabCommand.EXIT_DATA);
        assertThat(dup.errorLines()).isEqualTo(1);
        assertThat(dup.err()).contains("cell 2 (dropout_p0.5_u8_s1) is duplicated: epoch(s) [2] recorded twice")
                .contains("sweep run-cell --index 2");
        assertThat(Files.readString(cells.resolve("runs.csv"))).isEqualTo(merged); // nothing written
    }

    @Test
    void slurmAndKubernetesJobsCoverEveryCellOfThePlan() throws Exception {
        Path cells = dir.resolve("Moons Sweep");
        assertThat(Cli.run(args("sweep plan", cells)).exit()).isZero();
        Cli slurm = Cli.run("sweep", "slurm", "--dir", cells.toString(), "--cuda", "--launcher",
                "/opt/pernodedrop-lab/bin/PerNodeDropLab");
        assertThat(slurm.exit()).as(slurm.err()).isZero();
        List<String> script = Files.readAllLines(cells.resolve("slurm/sweep.sbatch"));
        assertThat(script).contains("#SBATCH --array=0-3", "#SBATCH --gres=gpu:1");
        // the folder's name has a space: the script quotes it
        assertThat(script.get(script.size() - 1)).contains("--dir '" + cells.toAbsolutePath() + "'");
        Cli k8s = Cli.run("sweep", "k8s", "--dir", cells.toString(), "--image", "example.org/lab:1");
        assertThat(k8s.exit()).as(k8s.err()).isZero();
        var job = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                cells.resolve("k8s/indexed-job.json").toFile());
        assertThat(job.at("/metadata/name").asText()).isEqualTo("pndlab-moons-sweep");
        assertThat(job.at("/spec/completions").asInt()).isEqualTo(4);
        assertThat(job.at("/spec/parallelism").asInt()).isEqualTo(4);
        assertThat(job.at("/spec/template/spec/containers/0/args/3").asText()).isEqualTo("/sweeps/Moons Sweep");
        Cli noImage = Cli.run("sweep", "k8s", "--dir", cells.toString());
        assertThat(noImage.exit()).isEqualTo(LabCommand.EXIT_USAGE);
        assertThat(noImage.err()).contains("--image");
    }

    @Test
    void runCellTakesTheSchedulersIndexAndNamesTheRange() throws Exception {
        assertThat(SweepCellCommands.RunCell.indexFromEnvironment(Map.of("JOB_COMPLETION_INDEX", "7"))).isEqualTo(7);
        assertThat(SweepCellCommands.RunCell.indexFromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "3"))).isEqualTo(3);
        assertThatThrownBy(() -> SweepCellCommands.RunCell.indexFromEnvironment(Map.of()))
                .hasMessageContaining("give --index");
        assertThatThrownBy(() -> SweepCellCommands.RunCell.indexFromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "x")))
                .hasMessageContaining("SLURM_ARRAY_TASK_ID='x' is not a cell index");
        Path cells = dir.resolve("cells");
        assertThat(Cli.run(args("sweep plan", cells)).exit()).isZero();
        Cli bad = Cli.run("sweep", "run-cell", "--dir", cells.toString(), "--index", "4");
        assertThat(bad.exit()).isEqualTo(LabCommand.EXIT_USAGE);
        assertThat(bad.err()).contains("--index 4 is out of range").contains("has 4 cells, 0-3");
        Cli unplanned = Cli.run("sweep", "merge", "--dir", dir.resolve("nothing").toString());
        assertThat(unplanned.exit()).isNotZero();
        assertThat(unplanned.err()).contains("plan the sweep first");
        // planning a different sweep into the same folder is refused; the same one again is fine
        assertThat(Cli.run(args("sweep plan", cells)).exit()).isZero();
        Cli other = Cli.run(args("sweep plan", cells, "--lr", "0.02"));
        assertThat(other.exit()).isEqualTo(LabCommand.EXIT_USAGE);
        assertThat(other.err()).contains("already holds a different sweep");
    }
}
