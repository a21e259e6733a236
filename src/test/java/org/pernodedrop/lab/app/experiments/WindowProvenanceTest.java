package org.pernodedrop.lab.app.experiments;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.Provenance;
import org.pernodedrop.lab.engine.experiment.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs started in the window carry the provenance a CLI run writes (issue 11): a comparison's runs get backend,
 * versions and seed; a saved session keeps them and reads them back; a sweep folder's provenance.json files come
 * with it; a session without any is written as before (no provenance key).
 */
class WindowProvenanceTest extends ExperimentsWindowTestBase {

    @Start
    void start(Stage stage) {
        openWindow(stage, 1400, 900);
    }

    @Test
    void aComparisonsRunsAreSavedWithTheirProvenance(FxRobot robot, @TempDir Path tmp) throws Exception {
        List<ExperimentConfig> configs = ExperimentsNeverBlocksTest.tiny(1);
        robot.interact(() -> view.compareModel().start(configs, null));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS,
                () -> view.compareModel().stateProperty().get() == CompareModel.State.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        var prov = view.results().provenance();
        assertThat(prov.keySet()).containsExactlyElementsOf(view.compareModel().variantRuns().stream()
                .map(l -> l.runId).toList());
        for (var e : prov.entrySet()) {
            Provenance p = e.getValue();
            assertThat(p.runId()).isEqualTo(e.getKey());
            assertThat(p.seed()).isEqualTo(configs.get(0).seed());
            assertThat(p.javaVersion()).isEqualTo(System.getProperty("java.version"));
            assertThat(p.nd4jBackend()).isNotBlank();
            assertThat(p.dataOrigin()).isEqualTo("embedded");
        }
        Path file = tmp.resolve("run" + Session.EXTENSION);
        robot.interact(() -> view.saveInBackground(file));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !view.work().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.statusText()).startsWith("saved");
        Session back = Session.read(file);
        assertThat(back.provenance()).isEqualTo(prov);

        // a session with no provenance is written exactly as before: no key at all
        Path plain = tmp.resolve("plain" + Session.EXTENSION);
        SessionAndExportTest.handMade().write(plain);
        assertThat(Files.readString(plain)).doesNotContain("provenance");
        assertThat(Session.read(plain).provenance()).isEmpty();
    }

    @Test
    void aSweepFolderOpensWithItsRunsProvenance() throws Exception {
        Path folder = ExperimentsResponsivenessBench.writeSweepFolder();
        Session s = SessionFiles.read(folder);
        assertThat(s.provenance()).hasSize(ExperimentsResponsivenessBench.RUNS);
        Provenance p = s.provenance().get("dropout-r0.1-s3");
        assertThat(p.appVersion()).isEqualTo("bench");
        assertThat(p.seed()).isEqualTo(3);
    }
}
