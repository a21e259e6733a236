package org.pernodedrop.lab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.Session;
import org.pernodedrop.lab.engine.report.ReportWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The shipped overfitting session holds what its description says, and its runs reproduce: a run's config, saved in
 * the session, trained again with {@code train --config} gives the same validation losses (to 1e-3).
 */
class OverfittingSessionTest {

    static final Path SESSION = Path.of("samples/sessions/moons-overfitting.pndlab.json");

    private static Session session() throws Exception {
        return Session.read(SESSION);
    }

    private static List<RunRecord> run(Session s, String id) {
        return s.results().stream().filter(r -> r.runId().equals(id)).sorted(Comparator.comparingInt(RunRecord::epoch))
                .toList();
    }

    @Test
    void holdsEveryVariantOnThreeSeedsOfTheOverfittingScenario() throws Exception {
        Session s = session();
        ExperimentConfig scenario = ExperimentConfig.overfitting();
        Map<String, List<Long>> seedsByVariant = s.configs().values().stream().collect(Collectors.groupingBy(
                c -> c.regularizer().preset(), Collectors.mapping(ExperimentConfig::seed, Collectors.toList())));
        assertThat(seedsByVariant.keySet()).contains("none", "dropout", "pernode-bernoulli");
        for (List<Long> seeds : seedsByVariant.values()) assertThat(seeds.stream().distinct().count()).isGreaterThanOrEqualTo(3);
        for (ExperimentConfig c : s.configs().values()) {
            assertThat(c.data()).isEqualTo(scenario.data());
            assertThat(c.model()).isEqualTo(scenario.model());
        }
        // what the description says: without a regularizer the validation loss ends well above its minimum
        for (Map.Entry<String, ExperimentConfig> e : s.configs().entrySet()) {
            if (!e.getValue().regularizer().isNone()) continue;
            List<RunRecord> h = run(s, e.getKey());
            double min = h.stream().mapToDouble(RunRecord::valLoss).min().orElseThrow();
            double end = h.subList(h.size() - 20, h.size()).stream().mapToDouble(RunRecord::valLoss).average()
                    .orElseThrow();
            assertThat(end).as(e.getKey()).isGreaterThan(1.5 * min);
        }
    }

    /** Mean over the seeds of the mean (validation - training loss) of the last 20 epochs. */
    private static double endGap(Session s, String preset, double rate) {
        return s.configs().entrySet().stream()
                .filter(e -> e.getValue().regularizer().preset().equals(preset)
                        && Math.abs(e.getValue().regularizer().rate() - rate) < 1e-9)
                .mapToDouble(e -> {
                    List<RunRecord> h = run(s, e.getKey());
                    return h.subList(h.size() - 20, h.size()).stream()
                            .mapToDouble(r -> r.valLoss() - r.trainLoss()).average().orElseThrow();
                }).average().orElseThrow();
    }

    @Test
    void theGapsAreOrderedAsTheDescriptionSays() throws Exception {
        Session s = session();
        double none = endGap(s, "none", 0.0);
        for (double p : new double[]{0.5, 0.8}) {
            double dropout = endGap(s, "dropout", p);
            double pernode = endGap(s, "pernode-bernoulli", p);
            double fixed = endGap(s, "pernode-bernoulli-fixed", p);
            assertThat(dropout).as("dropout narrows the gap most, p=%s", p).isLessThan(pernode);
            assertThat(pernode).as("PerNodeDrop narrows it, p=%s", p).isLessThan(none);
            assertThat(fixed).as("a fixed mask regularizes less than a dynamic one, p=%s", p).isGreaterThan(pernode);
        }
        assertThat(s.description()).contains("Dropout narrows that gap most");
    }

    @Test
    void runsReproduceFromTheirSavedConfigs(@TempDir Path tmp) throws Exception {
        Session s = session();
        // one run per kind of regularizer path: none, a unit mask, a per-sample connection mask (3 of the runs)
        for (String preset : new String[]{"none", "dropout", "pernode-bernoulli"}) {
            Map.Entry<String, ExperimentConfig> e = s.configs().entrySet().stream()
                    .filter(x -> x.getValue().regularizer().preset().equals(preset))
                    .max(Comparator.comparingLong(x -> x.getValue().seed())).orElseThrow();
            Path cfg = tmp.resolve(preset + ".json");
            Files.writeString(cfg, ConfigJson.write(e.getValue()));
            Path out = tmp.resolve(preset);
            Cli r = Cli.run("train", "--config", cfg.toString(), "--out", out.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            List<RunRecord> again = ReportWriter.readRuns(out).stream()
                    .sorted(Comparator.comparingInt(RunRecord::epoch)).toList();
            List<RunRecord> saved = run(s, e.getKey());
            assertThat(again).hasSameSizeAs(saved);
            for (int i = 0; i < saved.size(); i++) {
                assertThat(again.get(i).valLoss()).as("%s epoch %d", e.getKey(), i + 1)
                        .isCloseTo(saved.get(i).valLoss(), within(1e-3));
            }
        }
    }
}
