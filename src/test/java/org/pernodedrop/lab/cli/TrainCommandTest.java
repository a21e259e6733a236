package org.pernodedrop.lab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void trainWritesConfigProvenanceAndOneRowPerEpoch() throws Exception {
        Path out = dir.resolve("run");
        Cli r = Cli.run("train", "--dataset", "spiral", "--regularizer", "pernode-bernoulli", "--rate", "0.3",
                "--units", "8", "--epochs", "2", "--batch", "10", "--seed", "5", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<RunRecord> rows = RunsCsv.read(out.resolve("runs.csv"));
        assertThat(rows).extracting(RunRecord::epoch).containsExactly(1, 2);
        assertThat(rows.get(0).runId()).isEqualTo("pernode-bernoulli_p0.3_u8_s5");
        assertThat(rows.get(0).rate()).isEqualTo(0.3);
        ExperimentConfig cfg = ConfigJson.readConfig(out.resolve("config.json"));
        assertThat(cfg.regularizer().preset()).isEqualTo("pernode-bernoulli");
        assertThat(cfg.model().units()).isEqualTo(8);
        assertThat(Files.readString(out.resolve("provenance.json"))).contains("\"seed\" : 5");
        assertThat(r.err()).contains("epoch 2/2").contains("val_loss");

        // The saved config trains again to the same numbers.
        Path again = dir.resolve("again");
        Cli r2 = Cli.run("train", "--config", out.resolve("config.json").toString(), "--out", again.toString());
        assertThat(r2.exit()).as(r2.err()).isZero();
        List<RunRecord> rows2 = RunsCsv.read(again.resolve("runs.csv"));
        for (int i = 0; i < 2; i++) {
            assertThat(rows2.get(i).valLoss()).isEqualTo(rows.get(i).valLoss());
            assertThat(rows2.get(i).trainLoss()).isEqualTo(rows.get(i).trainLoss());
        }
    }

    @Test
    void aSharedOutputFolderKeepsOtherRunsAndReplacesOnlyTheRerunOnesRows() throws Exception {
        Path out = dir.resolve("shared");
        String[] a = {"train", "--dataset", "spiral", "--regularizer", "dropout", "--rate", "0.5", "--units", "8",
                "--epochs", "2", "--batch", "10", "--seed", "1", "--train-limit", "60", "--out", out.toString()};
        String[] b = {"train", "--dataset", "spiral", "--regularizer", "none", "--units", "8", "--epochs", "3",
                "--batch", "10", "--seed", "1", "--train-limit", "60", "--out", out.toString()};
        assertThat(Cli.run(a).exit()).isZero();
        assertThat(Cli.run(b).exit()).isZero();
        Cli again = Cli.run(a);
        assertThat(again.exit()).as(again.err()).isZero();
        // a's 2 earlier rows were replaced by its 2 new ones; b's 3 rows are still there
        assertThat(again.err()).contains("replaced 2 earlier lines of dropout_p0.5_u8_s1");
        List<RunRecord> rows = RunsCsv.read(out.resolve("runs.csv"));
        assertThat(rows).extracting(RunRecord::runId).containsExactlyInAnyOrder("none_p0.5_u8_s1",
                "none_p0.5_u8_s1", "none_p0.5_u8_s1", "dropout_p0.5_u8_s1", "dropout_p0.5_u8_s1");
    }

    @Test
    void userErrorsExitWithTheirCodeAndOneErrorLine() {
        Cli badRate = Cli.run("train", "--dataset", "spiral", "--rate", "1.5", "--out", dir.toString());
        assertThat(badRate.exit()).isEqualTo(2);
        assertThat(badRate.errorLines()).isEqualTo(1);
        assertThat(badRate.err()).contains("1.5").doesNotContain("\tat ");

        Cli badData = Cli.run("train", "--dataset", "no-such-set", "--out", dir.toString());
        assertThat(badData.exit()).isEqualTo(3);
        assertThat(badData.errorLines()).isEqualTo(1);
        assertThat(badData.err()).doesNotContain("\tat ");

        Cli mixed = Cli.run("train", "--config", "x.json", "--units", "4", "--out", dir.toString());
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(mixed.err()).contains("--units");

        Cli huge = Cli.run("train", "--dataset", "spiral", "--units", "400000000", "--epochs", "1",
                "--out", dir.resolve("huge").toString());
        assertThat(huge.exit()).isEqualTo(4);
        assertThat(huge.errorLines()).isEqualTo(1);
        assertThat(huge.err()).contains("memory estimate");
    }

    @Test
    void trainWithMcWritesCalibrationAndTheEffectiveRate() throws Exception {
        Path out = dir.resolve("mc");
        Cli r = Cli.run("train", "--dataset", "spiral", "--regularizer", "pernode-bernoulli", "--rate", "0.1",
                "--units", "8", "--epochs", "1", "--batch", "10", "--seed", "5", "--mc", "3", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<RunRecord> rows = RunsCsv.read(out.resolve("runs.csv"));
        // p = 0.1 runs at 1 - 58982/65536
        assertThat(rows.get(0).effectiveRate()).isEqualTo(1 - 58982.0 / 65536);
        var cal = org.pernodedrop.lab.engine.report.CalibrationCsv.read(out.resolve("calibration.csv"));
        assertThat(cal).containsOnlyKeys("pernode-bernoulli_p0.1_u8_s5");
        var s = cal.get("pernode-bernoulli_p0.1_u8_s5");
        // the validation split of the default spiral; every example lands in one reliability bin
        assertThat(s.bins().stream().mapToInt(b -> b.count()).sum()).isEqualTo(s.n()).isPositive();
        assertThat(s.ece()).isBetween(0.0, 1.0);
        assertThat(r.out()).contains("calibration.csv").contains("T = 3");
    }

    @Test
    void unreachableMasksemblesRateIsRefusedBeforeTheRun() {
        Path out = dir.resolve("ms");
        Cli r = Cli.run("train", "--dataset", "spiral", "--regularizer", "masksembles", "--rate", "0.8",
                "--epochs", "1", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("0.6781");
        assertThat(Files.exists(out.resolve("runs.csv"))).isFalse();
    }
}
