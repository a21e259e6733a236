package org.pernodedrop.lab.app.experiments;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports (PNG, SVG, CSV, the report folder) read back, and a session saved and reopened with identical tables, on
 * hand-made results whose statistics are known: variant A is best in every block, C worst.
 */
@ExtendWith(ApplicationExtension.class)
class SessionAndExportTest {

    private ExperimentsView view;
    private Preferences prefs;

    @Start
    void start(Stage stage) {
        prefs = Preferences.userRoot().node("org/pernodedrop/lab/test-" + System.nanoTime());
        view = new ExperimentsView(prefs);
        stage.setScene(new Scene(view, 1300, 850));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> view.shutdown());
        WaitForAsyncUtils.waitForFxEvents();
        prefs.removeNode();
    }

    /**
     * Three variants, two rates each, 4 epochs per run: val loss = base + 0.01 * epoch-distance, with base A 0.30,
     * B 0.40, C 0.50, so every block of Table V ranks A < B < C.
     */
    static Session handMade() {
        Map<String, ExperimentConfig> configs = new LinkedHashMap<>();
        List<RunRecord> rows = new ArrayList<>();
        String[] variants = {"dropout", "dropconnect", "pernode-bernoulli"};
        double[] base = {0.40, 0.50, 0.30};
        for (int v = 0; v < 3; v++) {
            for (double rate : new double[]{0.3, 0.5}) {
                String id = variants[v] + "_p" + rate;
                configs.put(id, ExperimentConfig.defaults().withRegularizer(RegularizerSpec.of(variants[v], rate)));
                for (int e = 1; e <= 4; e++) {
                    double val = base[v] + 0.01 * Math.abs(e - 3) + (rate == 0.5 ? 0.005 : 0);
                    rows.add(new RunRecord(id, "spiral", variants[v], rate, 16, 1, e, val + 0.1, val - 0.05,
                            0.8, val, 0.75 + 0.01 * e, 0.1));
                }
            }
        }
        return Session.of("hand-made", "three variants, two rates, four epochs", configs, rows);
    }

    /**
     * The statistics panel's second section with 6 seeds of the hand-made runs (seed s adds 0.001 s to
     * pernode-bernoulli, 0.002 s to dropout, 0.003 s to dropconnect, keeping the order in every seed):
     * chi2 = N(k-1) = 12, Iman-Davenport F infinite; Nemenyi CD = 2.3437 sqrt(12/36) = 1.353 separates only
     * pernode-bernoulli from dropconnect (mean ranks 1 and 3); Wilcoxon p = 2/64 per pair, times 3 (Holm) = 0.094.
     */
    @Test
    void statisticsPanelComparesSeedsAsBlocks(FxRobot robot) {
        Session one = handMade();
        List<RunRecord> rows = new ArrayList<>();
        Map<String, Double> step = Map.of("pernode-bernoulli", 0.001, "dropout", 0.002, "dropconnect", 0.003);
        for (int seed = 1; seed <= 6; seed++) {
            for (RunRecord r : one.results()) {
                rows.add(new RunRecord(r.runId() + "_s" + seed, r.dataset(), r.variant(), r.rate(), r.units(), seed,
                        r.epoch(), r.batchLoss(), r.trainLoss(), r.trainAcc(),
                        r.valLoss() + step.get(r.variant()) * seed, r.valAcc(), r.epochSeconds()));
            }
        }
        Map<String, ExperimentConfig> configs = new LinkedHashMap<>();
        for (RunRecord r : rows) {
            String base = r.runId().substring(0, r.runId().lastIndexOf("_s"));
            configs.put(r.runId(), one.configs().get(base).withSeed(r.seed()));
        }
        robot.interact(() -> view.results().load(Session.of("seeds", "six seeds", configs, rows)));
        robot.interact(() -> view.generalization().rebuild());
        GeneralizationView g = view.generalization();
        var sa = g.seedAnalysis();
        assertThat(sa.blocks().n()).isEqualTo(6);
        assertThat(sa.friedman().orElseThrow().chi2()).isCloseTo(12.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(sa.nemenyi().orElseThrow().cd()).isCloseTo(1.353, org.assertj.core.data.Offset.offset(0.001));
        assertThat(g.seedReadingText()).contains("Over 6 independent seeds",
                "significantly different: pernode-bernoulli < dropconnect", "no pair can reach 0.05");
        assertThat(g.cd().chart().getTitle().getText()).startsWith("Critical difference, seeds as blocks");
    }

    @Test
    void chartsTablesAndReportExportAndReadBack(FxRobot robot, @TempDir Path tmp) throws Exception {
        robot.interact(() -> view.results().load(handMade()));
        robot.interact(() -> view.generalization().rebuild());
        GeneralizationView g = view.generalization();
        assertThat(g.scatterPointCount()).isEqualTo(3 * 3);
        assertThat(g.barCount()).isEqualTo(3 * 3);
        // every block ranks pernode-bernoulli (base 0.30) first and dropconnect (0.50) last: chi2 = N(k-1) = 10, W = 1
        var f = g.ranking().friedman().orElseThrow();
        assertThat(f.k()).isEqualTo(3);
        assertThat(f.chi2()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.kendallW()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(g.ranking().variants()).containsExactly("pernode-bernoulli", "dropout", "dropconnect");
        assertThat(g.readingText()).contains("do not perform alike");
        // the second section: every run has seed 1, one independent block, so the sound analysis cannot tell
        assertThat(g.seedAnalysis().blocks().n()).isEqualTo(1);
        assertThat(g.seedAnalysis().friedman()).isEmpty();
        assertThat(g.seedReadingText()).startsWith("Cannot tell from one seed");
        assertThat(g.cd().chart()).isNotNull();

        for (ChartPane p : g.charts()) {
            Path png = tmp.resolve(p.name() + ".png");
            Path svg = tmp.resolve(p.name() + ".svg");
            WaitForAsyncUtils.asyncFx(() -> {
                p.export(png);
                p.export(svg);
                return null;
            }).get();
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo((int) (ChartPane.EXPORT_WIDTH * ChartPane.PNG_SCALE));
            assertThat(img.getHeight()).isEqualTo((int) (ChartPane.EXPORT_HEIGHT * ChartPane.PNG_SCALE));
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
            assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
            assertThat(Files.readString(svg)).contains("pernode-bernoulli");
        }

        // the table as shown: filtered to one variant and sorted by val loss
        robot.interact(() -> {
            g.filter().setText("dropout");
            var valCol = g.table().getColumns().get(4);
            valCol.setSortType(javafx.scene.control.TableColumn.SortType.ASCENDING);
            g.table().getSortOrder().setAll(List.of(valCol));
        });
        Path csv = tmp.resolve("table.csv");
        WaitForAsyncUtils.asyncFx(() -> {
            g.exportTable(csv);
            return null;
        }).get();
        List<ResultsCsv.Row> back = ResultsCsv.read(csv);
        List<ResultsCsv.Row> expected = handMade().results().stream().filter(r -> r.variant().equals("dropout"))
                .sorted(java.util.Comparator.comparingDouble(RunRecord::valLoss)).map(ResultsCsv.Row::of).toList();
        assertThat(back).hasSize(8);
        assertThat(back.stream().map(ResultsCsv.Row::valLoss).toList())
                .isEqualTo(expected.stream().map(ResultsCsv.Row::valLoss).toList());
        assertThat(new java.util.HashSet<>(back)).isEqualTo(new java.util.HashSet<>(expected));

        Path report = tmp.resolve("report");
        // MC results (here hand-made probabilities) go into the report's calibration section
        double[][] probs = {{0.9, 0.1}, {0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}};
        int[] labels = {0, 1, 1, 0};
        var summary = org.pernodedrop.lab.engine.stats.Calibration.summarize(probs, labels, 10);
        g.setCalibrationSource(() -> Map.of("pernode-bernoulli", summary));
        WaitForAsyncUtils.asyncFx(() -> g.exportReport(report)).get();
        assertThat(report.resolve("report.md")).exists();
        assertThat(report.resolve("reliability.png")).exists();
        assertThat(org.pernodedrop.lab.engine.report.CalibrationCsv.read(report.resolve("calibration.csv"))
                .get("pernode-bernoulli").ece()).isCloseTo(summary.ece(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(report.resolve("scatter.svg")).exists();
        assertThat(report.resolve("bars.png")).exists();
    }

    @Test
    void sessionSavedAndReopenedGivesIdenticalTables(FxRobot robot, @TempDir Path tmp) throws Exception {
        robot.interact(() -> view.results().load(handMade()));
        Path file = tmp.resolve("lesson" + Session.EXTENSION);
        WaitForAsyncUtils.asyncFx(() -> {
            view.save(file);
            return null;
        }).get();
        List<RunRecord> before = List.copyOf(view.generalization().table().getItems());

        robot.interact(() -> view.results().clear());
        assertThat(view.generalization().table().getItems()).isEmpty();
        OpenExperiments.openAndWait(robot, view, file);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.generalization().table().getItems()).containsExactlyElementsOf(before);
        assertThat(view.results().toSession()).isEqualTo(handMade());
        assertThat(view.statusText()).contains("opened");
        assertThat(view.files().recent()).first().isEqualTo(file.toAbsolutePath().normalize());

        // a broken file is reported, not thrown, and the shown results stay
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"schema_version\": 1, \"results\": [{\"run_id\": \"x\"}]}");
        OpenExperiments.openAndWait(robot, view, bad);
        assertThat(view.statusText()).startsWith("could not open").contains("bad.json");
        assertThat(view.results().records()).hasSize(handMade().results().size());
    }
}
