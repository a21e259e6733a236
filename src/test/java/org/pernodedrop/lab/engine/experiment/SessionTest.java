package org.pernodedrop.lab.engine.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsConfigsAndResultsExactly() throws IOException {
        ExperimentConfig a = ExperimentConfig.defaults();
        ExperimentConfig b = a.withRegularizer(RegularizerSpec.of("dropout", 0.3));
        List<RunRecord> results = List.of(
                new RunRecord("a", "spiral", "pernode-bernoulli", 0.5, 16, 42, 1, 0.69, 0.6, 0.7, 0.65, 0.68, 0.1),
                new RunRecord("b", "spiral", "dropout", 0.3, 16, 42, 1, 0.7, 0.61, 0.69, Double.NaN, 0.66, 0.12));
        Session s = Session.of("demo", "two runs", Map.of("a", a, "b", b), results);
        Path f = dir.resolve("demo" + Session.EXTENSION);
        s.write(f);
        Session back = Session.read(f);
        assertThat(back.configs()).isEqualTo(s.configs());
        assertThat(back.results()).hasSize(2);
        assertThat(back.results().get(0)).isEqualTo(results.get(0));
        assertThat(back.results().get(1).valLoss()).isNaN();
        assertThat(back.title()).isEqualTo("demo");
    }

    @Test
    void resultWithoutConfigIsRejected() {
        RunRecord orphan = new RunRecord("x", "spiral", "dropout", 0.3, 16, 1, 1, 1, 1, 1, 1, 1, 1);
        assertThatThrownBy(() -> Session.of("t", "", Map.of(), List.of(orphan))).hasMessageContaining("[x]");
    }

    @Test
    void corruptFileNamesTheFile() throws IOException {
        Path f = dir.resolve("bad.pndlab.json");
        Files.writeString(f, "{\"schema_version\": 1, \"title\": \"t\", \"colour\": 3}");
        assertThatThrownBy(() -> Session.read(f)).hasMessageContaining("bad.pndlab.json").hasMessageContaining("colour");
    }
}
