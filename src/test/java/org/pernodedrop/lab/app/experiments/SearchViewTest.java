package org.pernodedrop.lab.app.experiments;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.TrainingSpec;
import org.pernodedrop.lab.engine.search.Search;
import org.pernodedrop.lab.engine.search.SearchSpace;
import org.pernodedrop.lab.engine.search.SearchSpec;
import org.pernodedrop.lab.engine.search.Trial;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Search view follows a search folder while trials finish (a search of synthetic trials: a bowl in the lab's
 * space, so no training), shows the best complete trial, opens its config as a single run, and is photographed.
 */
class SearchViewTest extends ExperimentsWindowTestBase {

    @Start
    void start(Stage stage) {
        openWindow(stage, 1360, 860);
    }

    @TempDir
    Path dir;

    static final SearchSpace SPACE = new SearchSpace(List.of("none", "dropout", "pernode-bernoulli",
            "pernode-gaussian"), 0.0, 0.8, 4, 128, 1e-4, 1e-1);

    /** Loss curve of a trial: a bowl with its minimum at (pernode-bernoulli, 0.4, 32 units, lr 0.003), plus 1/epoch. */
    static double bowl(SearchSpace.Params p) {
        double[] pen = {0.5, 0.2, 0.0, 0.1};
        return 0.3 + pen[SPACE.variants().indexOf(p.variant())] + 3 * Math.pow(p.rate() - 0.4, 2)
                + 0.05 * Math.pow(Math.log(p.units() / 32.0), 2) + 0.08 * Math.pow(Math.log(p.lr() / 0.003), 2);
    }

    @Test
    void followsASearchShowsTheBestAndOpensItAsASingleRun(FxRobot robot) throws Exception {
        Path out = dir.resolve("search");
        ExperimentConfig base = ExperimentConfig.defaults().withTraining(new TrainingSpec(9, 10, 0.01));
        SearchSpec spec = new SearchSpec(base, SPACE, "tpe", 30, 3, 1, 3, 3);
        Search search = new Search(spec, out);
        List<Trial> none = search.prepare(false);
        robot.interact(() -> {
            view.tabs().getSelectionModel().select(5);
            view.searchView().watch(out);
        });
        Set<String> seen = new HashSet<>();
        Thread t = new Thread(() -> {
            try {
                search.run(none, (index, runId, config, p, d, sink) -> {
                    ConfigJson.writeConfig(config, d.resolve("config.json"));
                    Thread.sleep(150);
                    for (int e = 1; e <= 9; e++) if (!sink.epoch(e, bowl(p) + 1.0 / e)) break;
                    return Search.Outcome.OK;
                }, new Search.Listener() {
                }, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until) {
            String text = WaitForAsyncUtils.asyncFx(() -> view.searchView().bestText.getText()).get(5, TimeUnit.SECONDS);
            seen.add(text.replaceAll(":.*", ""));
            if (text.startsWith("Best of 30 trials")) break;
            Thread.sleep(200);
        }
        t.join(10_000);
        // trials appeared as they finished: the view showed the search part-way, not only at the end
        assertThat(seen).anyMatch(s -> s.matches("Best of ([1-9]|1\\d|2\\d) trials.*"));
        robot.interact(() -> view.searchView().refresh());
        List<Trial> trials = Search.finishedTrials(out);
        assertThat(trials).hasSize(30);
        Trial expected = trials.stream().filter(x -> x.state().equals(Trial.COMPLETE))
                .min(java.util.Comparator.comparingDouble(Trial::value)).orElseThrow();
        assertThat(view.searchView().best()).get().extracting(Trial::runId).isEqualTo(expected.runId());
        String text = view.searchView().bestText.getText();
        assertThat(text).startsWith("Best of 30 trials").contains(expected.variant())
                .contains(String.format(java.util.Locale.ROOT, "%.4f", expected.value()));

        AtomicReference<ExperimentConfig> opened = new AtomicReference<>();
        robot.interact(() -> view.searchView().setOnOpenSingleRun(opened::set));
        robot.clickOn("#search-open-best");
        // the run's config is read on the window's I/O thread
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> opened.get() != null);
        assertThat(opened.get().model().units()).isEqualTo(expected.units());
        assertThat(opened.get().training().learningRate()).isEqualTo(expected.lr());

        Path shots = Path.of(System.getProperty("lab.screenshots", "target/screenshots"));
        Files.createDirectories(shots);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> scene.getRoot().snapshot(new SnapshotParameters(), null))
                .get(20, TimeUnit.SECONDS);
        Path file = shots.resolve("experiments-search.png");
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
        assertThat(Files.size(file)).isGreaterThan(1000);
    }
}
