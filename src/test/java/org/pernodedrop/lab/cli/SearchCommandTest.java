package org.pernodedrop.lab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;
import org.pernodedrop.lab.engine.search.Search;
import org.pernodedrop.lab.engine.search.Trial;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SearchCommandTest {

    @TempDir
    Path dir;

    private static String[] args(Path out, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("search", "--dataset", "moons", "--variants",
                "dropout,pernode-bernoulli", "--rates", "0.1:0.6", "--units", "4:16", "--lrs", "0.003:0.03",
                "--epochs", "3", "--strategy", "random", "--trials", "4", "--asha", "1", "--out", out.toString()));
        for (int i = 0; i < extra.length; i++) {
            int at = a.indexOf(extra[i]);
            if (at >= 0 && i + 1 < extra.length && !extra[i + 1].startsWith("--")) {
                a.set(at + 1, extra[++i]); // replaces the default above
            } else {
                a.add(extra[i]);
            }
        }
        return a.toArray(new String[0]);
    }

    @Test
    void everyTrialIsARunFolderThatReportAndTrainRead() throws Exception {
        Path out = dir.resolve("search");
        Cli r = Cli.run(args(out));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("search: random, 4 trials (0 done), up to 3 epochs each, ASHA rungs at [1]");
        List<Trial> trials = Search.finishedTrials(out);
        assertThat(trials).hasSize(4);
        int epochs = 0;
        for (Trial t : trials) {
            Path run = out.resolve("runs").resolve(t.runId());
            ExperimentConfig c = RunFolder.readConfig(run);
            // the settings the trial reports are the ones its config ran
            assertThat(c.model().units()).isEqualTo(t.units()).isBetween(4, 16);
            assertThat(c.training().learningRate()).isEqualTo(t.lr()).isBetween(0.003, 0.03);
            assertThat(c.regularizer().rate()).isEqualTo(t.rate()).isBetween(0.1, 0.6);
            assertThat(run.resolve("provenance.json")).exists();
            List<RunRecord> rows = RunsCsv.read(run.resolve("runs.csv"));
            assertThat(rows).hasSize(t.epochs());
            assertThat(RunFolder.readStatus(run).epochs()).isEqualTo(t.epochs());
            // the objective is the best validation loss of the trial's own epochs
            assertThat(t.value()).isEqualTo(rows.stream().mapToDouble(RunRecord::valLoss).min().orElseThrow());
            assertThat(t.state()).isEqualTo(t.epochs() == 3 ? Trial.COMPLETE : Trial.PRUNED);
            epochs += t.epochs();
        }
        // the first trial always goes on; with eta 3 and 2-4 values at rung 1 only the best goes on each time
        assertThat(trials.get(0).epochs()).isEqualTo(3);
        assertThat(RunsCsv.read(out.resolve("runs.csv"))).hasSize(epochs);
        assertThat(Files.readAllLines(out.resolve("trials.csv"))).hasSize(5);

        Cli report = Cli.run("report", out.toString());
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(out.resolve("report").resolve("report.md")).exists();

        // the best trial opens as a single run
        String best = r.out().lines().filter(l -> l.startsWith("best: ")).findFirst().orElseThrow();
        Path config = Path.of(best.substring(best.indexOf("train --config ") + "train --config ".length()).trim());
        assertThat(config).exists();
        Cli single = Cli.run("train", "--config", config.toString(), "--out", dir.resolve("single").toString());
        assertThat(single.exit()).as(single.err()).isZero();
        assertThat(ConfigJson.readConfig(dir.resolve("single").resolve("config.json"))).isEqualTo(
                ConfigJson.readConfig(config));

        Cli again = Cli.run(args(out, "--resume"));
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 trials run now, 4 kept");
    }

    @Test
    void badRangesAreNamed() {
        Cli r = Cli.run(args(dir.resolve("x"), "--lrs", "0.01:abc"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLines()).isEqualTo(1);
        assertThat(r.err()).contains("--lrs '0.01:abc': expected LOW:HIGH");
        Cli s = Cli.run(args(dir.resolve("y"), "--strategy", "bayes"));
        assertThat(s.err()).contains("strategy 'bayes': use one of [grid, random, tpe]");
        Cli lr = Cli.run(args(dir.resolve("w"), "--lr", "0.02"));
        assertThat(lr.exit()).isEqualTo(2);
        assertThat(lr.err()).contains("give its range with --lrs");
        Cli a = Cli.run(args(dir.resolve("z"), "--asha", "3"));
        assertThat(a.err()).contains("ASHA needs more epochs (3) than its first rung (3)");
    }
}
