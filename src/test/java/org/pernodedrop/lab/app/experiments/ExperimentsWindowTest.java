package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.config.ConfigField;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;
import org.pernodedrop.lab.engine.experiment.Sweep;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The experiments workspace end to end with the real trainer on tiny 2-D data (headless, Monocle): a live
 * two-variant comparison and a small sweep fill the generalization charts with the expected number of points.
 */
class ExperimentsWindowTest extends ExperimentsWindowTestBase {

    @Start
    void start(Stage stage) {
        openWindow(stage, 1400, 900);
    }

    @Test
    void twoVariantsTrainInLockStepAndFillTheCharts(FxRobot robot) throws Exception {
        CompareView c = view.compareView();
        robot.interact(() -> {
            c.variantBoxes().values().forEach(b -> b.setSelected(false));
            c.variantBoxes().get("dropout").setSelected(true);
            c.variantBoxes().get("pernode-bernoulli").setSelected(true);
            c.editor().text(ConfigField.EPOCHS).setText("4");
            c.editor().text(ConfigField.TRAIN_LIMIT).setText("60");
            c.start.fire();
        });
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS,
                () -> view.compareModel().stateProperty().get() == CompareModel.State.FINISHED);
        WaitForAsyncUtils.sleep(GeneralizationView.REFRESH_MS * 3, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        List<CompareModel.VariantRun> variantRuns = view.compareModel().variantRuns();
        assertThat(variantRuns).hasSize(2);
        for (CompareModel.VariantRun l : variantRuns) {
            assertThat(l.failure).isNull();
            assertThat(l.epochs).hasSize(4);
            // 60 examples in batches of 10: 6 steps an epoch, one smoothed point per step
            assertThat(l.batchLoss).hasSize(4 * 6);
        }
        int[] counts = c.lossPointCounts();
        assertThat(counts[0]).isEqualTo(2 * 4 * 6);
        assertThat(counts[1]).isEqualTo(2 * 4);
        for (int i = 0; i < 2; i++) {
            assertThat(distinctColours(c.maskImage(i))).as("mask of lane " + i + " shows kept and dropped")
                    .isGreaterThan(1);
        }
        assertThat(c.capacityText()).contains("steps/s with 2 variants").contains("keeps up with");

        // 2 variants x 4 epochs recorded; the scatter and bars hold the top-3 per variant
        assertThat(view.results().records()).hasSize(8);
        // the charts are drawn when their tab shows (hidden views only note that they are stale)
        robot.interact(() -> view.tabs().getSelectionModel().select(2));
        OpenExperiments.awaitCharts(view);
        GeneralizationView g = view.generalization();
        assertThat(g.scatterPointCount()).isEqualTo(6);
        assertThat(g.barCount()).isEqualTo(6);
        robot.interact(() -> g.everyEpoch().setSelected(true));
        OpenExperiments.awaitCharts(view);
        assertThat(g.scatterPointCount()).isEqualTo(8);
        // the table filters by variant
        robot.interact(() -> g.filter().setText("pernode"));
        assertThat(g.table().getItems()).hasSize(4).allMatch(r -> r.variant().equals("pernode-bernoulli"));
    }

    @Test
    void sweepWritesTheClisRunsCsvAndFillsTheViews(FxRobot robot, @TempDir Path tmp) throws Exception {
        SweepView s = view.sweepView();
        Path out = tmp.resolve("sweep");
        robot.interact(() -> {
            s.variantBoxes().values().forEach(b -> b.setSelected(false));
            s.variantBoxes().get("none").setSelected(true);
            s.variantBoxes().get("dropconnect").setSelected(true);
            s.editor().text(ConfigField.RATES).setText("0.2,0.5");
            s.editor().text(ConfigField.EPOCHS).setText("2");
            s.editor().text(ConfigField.TRAIN_LIMIT).setText("40");
            s.editor().text(ConfigField.FOLDER).setText(out.toString());
        });
        // none has no rate axis: 1 + 2 runs
        assertThat(s.countText()).startsWith("3 runs");
        robot.interact(() -> s.start.fire());
        // a tiny sweep on a quiet machine may be over before the first look: running, or already done
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.sweepModel().runningProperty().get()
                || view.sweepModel().messageProperty().get().startsWith("done"));
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> !view.sweepModel().runningProperty().get());
        WaitForAsyncUtils.sleep(GeneralizationView.REFRESH_MS * 3, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.sweepModel().messageProperty().get()).startsWith("done: 3 finished");
        assertThat(view.sweepModel().overallProgressProperty().get()).isEqualTo(1.0);

        List<RunRecord> csv = RunsCsv.read(out.resolve(Sweep.RUNS_CSV));
        assertThat(csv).hasSize(3 * 2);
        assertThat(Set.copyOf(view.results().records())).isEqualTo(Set.copyOf(csv));
        // none: 2 epochs, dropconnect: 4 epochs -> top-3 gives 2 + 3 (drawn when the tab shows)
        robot.interact(() -> view.tabs().getSelectionModel().select(2));
        OpenExperiments.awaitCharts(view);
        assertThat(view.generalization().scatterPointCount()).isEqualTo(5);
        assertThat(view.generalization().barCount()).isEqualTo(5);

        // the same folder opened as a CLI sweep folder gives the same records
        ResultsModel reopened = new ResultsModel();
        SessionFiles.openSweepFolder(out, reopened);
        assertThat(Set.copyOf(reopened.records())).isEqualTo(Set.copyOf(csv));
        assertThat(reopened.configs()).hasSize(3);
    }

    @Test
    void theEditorCountsRunsAndEstimatesTheTimeBeforeStart(FxRobot robot, @TempDir Path tmp) throws Exception {
        SweepView s = view.sweepView();
        robot.interact(() -> {
            s.variantBoxes().values().forEach(b -> b.setSelected(false));
            s.variantBoxes().get("none").setSelected(true);
            s.variantBoxes().get("pernode-bernoulli").setSelected(true);
            s.editor().text(ConfigField.RATES).setText("0.1:0.5:0.2");
            s.editor().text(ConfigField.WIDTHS).setText("8,16");
            s.editor().text(ConfigField.SEEDS).setText("2");
            s.editor().text(ConfigField.EPOCHS).setText("3");
            s.editor().text(ConfigField.TRAIN_LIMIT).setText("50");
            s.editor().text(ConfigField.FOLDER).setText(tmp.resolve("sw").toString());
        });
        // per seed and width: none once, pernode-bernoulli at 3 rates -> 4; x 2 widths x 2 seeds = 16
        assertThat(s.countText()).startsWith("16 runs");
        robot.interact(() -> s.editor().text(ConfigField.RATES).setText("0.1:x"));
        assertThat(s.countText()).contains("rates");
        robot.interact(() -> {
            s.editor().text(ConfigField.RATES).setText("0.1:0.5:0.2");
            s.estimate.fire();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> view.sweepModel().estimateProperty().get().startsWith("16 runs to do, about"));
    }

    @Test
    void aCancelledSweepResumesWithoutLosingOrDuplicatingEpochs(FxRobot robot, @TempDir Path tmp) throws Exception {
        SweepView s = view.sweepView();
        Path out = tmp.resolve("sweep");
        robot.interact(() -> {
            s.variantBoxes().values().forEach(b -> b.setSelected(false));
            s.variantBoxes().get("dropout").setSelected(true);
            s.editor().text(ConfigField.RATES).setText("0.2,0.4,0.6");
            s.editor().text(ConfigField.EPOCHS).setText("3");
            s.editor().text(ConfigField.TRAIN_LIMIT).setText("40");
            s.editor().text(ConfigField.FOLDER).setText(out.toString());
            s.start.fire();
        });
        // cancel once the first epoch of the first run is in
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !view.results().records().isEmpty());
        robot.interact(() -> s.cancel.fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !view.sweepModel().runningProperty().get());
        assertThat(view.sweepModel().messageProperty().get()).startsWith("cancelled");
        robot.interact(() -> s.resume.fire());
        // a tiny sweep on a quiet machine may be over before the first look: running, or already done
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.sweepModel().runningProperty().get()
                || view.sweepModel().messageProperty().get().startsWith("done"));
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> !view.sweepModel().runningProperty().get());
        assertThat(view.sweepModel().messageProperty().get()).startsWith("done:");
        List<RunRecord> csv = RunsCsv.read(out.resolve(Sweep.RUNS_CSV));
        assertThat(csv).hasSize(3 * 3);
        assertThat(csv.stream().map(r -> r.runId() + "/" + r.epoch()).distinct().count()).isEqualTo(9);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Set.copyOf(view.results().records())).isEqualTo(Set.copyOf(csv));
    }

    @Test
    void presentationModeHidesAdvancedControlsAndOneKeyCyclesTheViews(FxRobot robot) {
        robot.interact(() -> view.setPresentation(true));
        assertThat(view.getScene().getStylesheets()).anyMatch(u -> u.endsWith("lab-presentation.css"));
        assertThat(view.lookupAll(".advanced")).isNotEmpty().allMatch(n -> !n.isVisible());
        String before = view.currentViewName();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 11; i++) { // one more than the views, so the last press leaves the first view
            robot.press(KeyCode.V).release(KeyCode.V);
            WaitForAsyncUtils.waitForFxEvents();
            seen.add(view.currentViewName());
        }
        // compare, sweep, 5 generalization tabs, teaching, uncertainty, search
        assertThat(seen).hasSize(10).contains("Generalization / Scatter", "Generalization / Statistics", "Teaching");
        assertThat(view.currentViewName()).isNotEqualTo(before);
        robot.interact(() -> view.setPresentation(false));
        assertThat(view.lookupAll(".advanced")).allMatch(javafx.scene.Node::isVisible);
        robot.interact(() -> view.setDark(true));
        assertThat(view.getScene().getStylesheets()).anyMatch(u -> u.endsWith("lab-dark.css"));
        assertThat(open.prefs().getBoolean("theme.dark", false)).isTrue();
    }

    @Test
    void explainPanelShowsTheSelectedRegularizersFormulas(FxRobot robot) {
        robot.interact(() -> view.teaching().regularizer.setValue("dropconnect"));
        assertThat(view.teaching().formulasText()).contains("W").doesNotContain("\\frac").doesNotContain("$");
        assertThat(view.teaching().lessons().getItems()).hasSize(
                org.pernodedrop.lab.engine.experiment.TeachingPreset.all().size());
    }

    static int distinctColours(WritableImage img) {
        assertThat(img).isNotNull();
        PixelReader r = img.getPixelReader();
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < (int) img.getHeight(); y++) {
            for (int x = 0; x < (int) img.getWidth(); x++) seen.add(r.getArgb(x, y));
        }
        return seen.size();
    }
}
