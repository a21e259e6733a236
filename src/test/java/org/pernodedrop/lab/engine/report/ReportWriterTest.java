package org.pernodedrop.lab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReportWriterTest {

    @TempDir
    Path dir;

    /** 3 variants x 2 rates x 4 epochs, plus "masksembles" with 3 epochs only (left out of the test). */
    private List<RunRecord> smallSweep() {
        List<RunRecord> rs = new ArrayList<>(SyntheticSweep.records(List.of("dropout", "pernode-bernoulli",
                "dropconnect"), new double[]{0.2, 0.5}, 4, 11));
        for (int e = 1; e <= 3; e++) {
            rs.add(new RunRecord("m", "cifar10", "masksembles", 0.3, 128, 42, e, 1, 0.9, 0.7, 1.1, 0.6, 2.0));
        }
        return rs;
    }

    @Test
    void endToEndFromRunsCsv() throws Exception {
        RunsCsv.append(dir.resolve("runs.csv"), smallSweep());
        ReportWriter.Result result = ReportWriter.write(dir, new ReportWriter.Options(2.0, Map.of()));
        Path rep = dir.resolve("report");
        assertThat(result.reportDir()).isEqualTo(rep);
        // naming the file instead of its folder works too
        assertThat(ReportWriter.sweepFolder(dir.resolve("runs.csv"))).isEqualTo(dir.toAbsolutePath());
        assertThat(ReportWriter.sweepFolder(dir)).isEqualTo(dir);
        for (String f : List.of("top3.csv", "epoch_times.csv", "ranks.csv", "friedman.json", "drop_rate.csv",
                "bars.png", "bars.svg", "scatter.png", "scatter.svg", "drop_rate.png", "drop_rate.svg", "ranks.png", "ranks.svg",
                "report.md")) {
            assertThat(rep.resolve(f)).isRegularFile();
            assertThat(Files.size(rep.resolve(f))).as(f).isPositive();
        }

        // top3.csv: header + 3 per variant (masksembles has exactly 3) = 13 lines, sorted by val_loss
        List<String> top3 = Files.readAllLines(rep.resolve("top3.csv"));
        assertThat(top3.get(0)).startsWith("variant,rate,epoch,val_acc,val_loss,train_loss,train_acc");
        assertThat(top3).hasSize(13);
        double prev = -1;
        for (String line : top3.subList(1, top3.size())) {
            String[] f = line.split(",");
            for (int i = 1; i <= 6; i++) assertThat(Double.parseDouble(f[i])).isFinite();
            double v = Double.parseDouble(f[4]);
            assertThat(v).isGreaterThanOrEqualTo(prev);
            prev = v;
        }

        // friedman.json: k = 3 usable variants, identity W = chi2 / (N (k-1))
        JsonNode fj = new ObjectMapper().readTree(rep.resolve("friedman.json").toFile());
        assertThat(fj.get("k").asInt()).isEqualTo(3);
        assertThat(fj.get("n").asInt()).isEqualTo(5);
        assertThat(fj.get("df").asInt()).isEqualTo(2);
        double chi2 = fj.get("chi2").asDouble();
        assertThat(chi2).isFinite().isBetween(0.0, 10.0); // max for N=5, k=3 is N(k-1) = 10
        assertThat(fj.get("kendall_w").asDouble()).isCloseTo(chi2 / 10.0, within(1e-12));
        assertThat(fj.get("p").asDouble()).isBetween(0.0, 1.0);
        assertThat(fj.get("mean_ranks").size()).isEqualTo(3);
        assertThat(fj.get("excluded").get("masksembles").asInt()).isEqualTo(3);
        // pooled mean ranks over 15 records average to (15 + 1) / 2 = 8
        double sum = 0;
        for (JsonNode r : fj.get("mean_ranks")) sum += r.asDouble();
        assertThat(sum / 3).isCloseTo(8.0, within(1e-12));

        assertThat(Files.readAllLines(rep.resolve("ranks.csv"))).hasSize(4);
        assertThat(Files.readAllLines(rep.resolve("epoch_times.csv"))).hasSize(5);

        // PNGs decode at twice the layout size; SVGs are well-formed XML with an <svg> root
        BufferedImage scatter = ImageIO.read(rep.resolve("scatter.png").toFile());
        assertThat(scatter.getWidth()).isEqualTo(2200);
        assertThat(scatter.getHeight()).isEqualTo(1240);
        BufferedImage bars = ImageIO.read(rep.resolve("bars.png").toFile());
        assertThat(bars.getWidth()).isEqualTo(2000);
        assertThat(bars.getHeight()).isEqualTo(2 * Math.max(420, 170 + 24 * 12));
        assertThat(ImageIO.read(rep.resolve("drop_rate.png").toFile()).getWidth()).isEqualTo(2000);
        for (String svg : List.of("bars.svg", "scatter.svg", "drop_rate.svg")) {
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(rep.resolve(svg).toFile());
            assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
        }

        String md = Files.readString(rep.resolve("report.md"));
        assertThat(md).contains("](bars.png)", "](scatter.png)", "](drop_rate.png)", "Friedman chi2 =",
                "Kendall's W", "**Reading.**", "masksembles (3)");
    }

    @Test
    void chartsUseTheVariantPaletteColours() throws Exception {
        // bars are filled with the palette colour of their variant (no anti-aliasing inside a bar)
        List<RunRecord> rs = smallSweep();
        BufferedImage img = ChartExport.render(ReportCharts.bars(ReportTables.topPerVariant(rs, 3), "bars"),
                800, 500, 1.0);
        int green = VariantPalette.color("pernode-bernoulli").getRGB() & 0xFFFFFF;
        int orange = VariantPalette.color("dropconnect").getRGB() & 0xFFFFFF;
        boolean g = false, o = false;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y) & 0xFFFFFF;
                g |= p == green;
                o |= p == orange;
            }
        }
        assertThat(g).isTrue();
        assertThat(o).isTrue();
    }

    @Test
    void oneUsableVariantGivesNoTestAndSaysSo() throws Exception {
        List<RunRecord> rs = new ArrayList<>(SyntheticSweep.records(List.of("dropout"), new double[]{0.5}, 6, 1));
        rs.add(new RunRecord("x", "cifar10", "pernode-gaussian", 0.5, 128, 1, 1, 1, 1, 0.5, 1, 0.5, 1));
        ReportWriter.write(rs, dir, ReportWriter.Options.defaults());
        JsonNode fj = new ObjectMapper().readTree(dir.resolve("friedman.json").toFile());
        assertThat(fj.get("chi2").isNull()).isTrue();
        assertThat(fj.get("k").asInt()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("no test was run")
                .contains("pernode-gaussian (1)");
    }

    @Test
    void duplicateEpochRecordsCountOnceWithANote() throws Exception {
        List<RunRecord> rs = new ArrayList<>(SyntheticSweep.records(List.of("dropout", "dropconnect"),
                new double[]{0.5}, 5, 4));
        RunRecord first = rs.get(0);
        // a resumed run wrote epoch 1 of the first run again, with a worse loss: the last one counts
        rs.add(new RunRecord(first.runId(), first.dataset(), first.variant(), first.rate(), first.units(),
                first.seed(), first.epoch(), 9, 9, 0.1, 9.0, 0.1, 1));
        assertThat(ReportWriter.dedupe(rs)).hasSize(10);
        ReportWriter.Result res = ReportWriter.write(rs, dir, ReportWriter.Options.defaults());
        assertThat(res.notes()).anyMatch(n -> n.startsWith("1 duplicate epoch record"));
        assertThat(Files.readString(dir.resolve("report.md"))).contains("1 duplicate epoch record was dropped");
        // the replaced epoch is 9.0 now: it appears in no top-3 row
        assertThat(Files.readString(dir.resolve("top3.csv"))).doesNotContain(",9.0,");
    }

    @Test
    void severalDatasetsGetOneFolderEach() throws Exception {
        List<RunRecord> rs = new ArrayList<>(smallSweep());
        for (RunRecord r : SyntheticSweep.records(List.of("dropout", "pernode-gaussian"), new double[]{0.3}, 5, 2)) {
            rs.add(new RunRecord(r.runId(), "spiral", r.variant(), r.rate(), r.units(), r.seed(), r.epoch(),
                    r.batchLoss(), r.trainLoss(), r.trainAcc(), r.valLoss(), r.valAcc(), r.epochSeconds()));
        }
        ReportWriter.Result res = ReportWriter.write(rs, dir, ReportWriter.Options.defaults());
        assertThat(dir.resolve("cifar10/friedman.json")).isRegularFile();
        assertThat(dir.resolve("spiral/scatter.png")).isRegularFile();
        assertThat(Files.readString(dir.resolve("report.md"))).contains("(cifar10/report.md)", "(spiral/report.md)");
        assertThat(res.rankings()).containsOnlyKeys("cifar10", "spiral");
    }

    @Test
    void calibrationCsvNextToRunsCsvAddsTheReliabilitySection() throws Exception {
        RunsCsv.append(dir.resolve("runs.csv"), smallSweep());
        // two MC passes of 4 predictions; the mean is the hand-computed case of CalibrationTest (ECE 0.175)
        double[][][] passes = {
                {{1.0, 0.0}, {0.6, 0.4}, {0.2, 0.8}, {0.5, 0.5}},
                {{0.8, 0.2}, {0.6, 0.4}, {0.4, 0.6}, {0.5, 0.5}},
        };
        int[] y = {0, 1, 1, 1};
        Map<String, org.pernodedrop.lab.engine.stats.Calibration.Summary> cal = new java.util.LinkedHashMap<>();
        cal.put("pernode-bernoulli", org.pernodedrop.lab.engine.stats.Calibration.ofMonteCarlo(passes, y, 2));
        CalibrationCsv.write(dir.resolve("calibration.csv"), cal);
        var back = CalibrationCsv.read(dir.resolve("calibration.csv"));
        assertThat(back).isEqualTo(cal);
        assertThat(back.get("pernode-bernoulli").ece()).isCloseTo(0.175, within(1e-12));

        ReportWriter.write(dir, ReportWriter.Options.defaults());
        Path rep = dir.resolve("report");
        assertThat(ImageIO.read(rep.resolve("reliability.png").toFile()).getWidth()).isEqualTo(800);
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(rep.resolve("reliability.svg")
                .toFile()).getDocumentElement().getAttribute("viewBox")).isEqualTo("0.0 0.0 800.0 720.0");
        assertThat(Files.readString(rep.resolve("report.md"))).contains("## Calibration", "0.1750");
        assertThat(rep.resolve("calibration.csv")).hasSameTextualContentAs(dir.resolve("calibration.csv"));
    }

    @Test
    void missingFolderAndMissingRunsCsvAreNamed() {
        assertThatThrownBy(() -> ReportWriter.write(dir.resolve("nope"), ReportWriter.Options.defaults()))
                .isInstanceOf(ReportException.class).hasMessageContaining("nope").hasMessageContaining("no such folder");
        assertThatThrownBy(() -> ReportWriter.write(dir, ReportWriter.Options.defaults()))
                .isInstanceOf(ReportException.class).hasMessageContaining("runs.csv: not found");
    }

    @Test
    void malformedEmptyAndHeaderOnlyFilesAreNamed() throws Exception {
        Path csv = dir.resolve("runs.csv");
        Files.writeString(csv, "");
        assertThatThrownBy(() -> ReportWriter.write(dir, ReportWriter.Options.defaults()))
                .hasMessageContaining("runs.csv: the file is empty");
        Files.writeString(csv, RunsCsv.HEADER + "\n");
        assertThatThrownBy(() -> ReportWriter.write(dir, ReportWriter.Options.defaults()))
                .hasMessageContaining("no records");
        Files.writeString(csv, RunsCsv.HEADER + "\nr,d,dropout,0.1,16,1,1,0.5,0.5,0.9,0.5,0.8,1\n"
                + "r,d,dropout,0.1,16,1,2,0.5,oops,0.9,0.5,0.8,1\n");
        assertThatThrownBy(() -> ReportWriter.write(dir, ReportWriter.Options.defaults()))
                .isInstanceOf(ReportException.class).hasMessageContaining("line 3");
        Files.writeString(csv, "a,b,c\n");
        assertThatThrownBy(() -> ReportWriter.write(dir, ReportWriter.Options.defaults()))
                .hasMessageContaining("line 1").hasMessageContaining("header");
        Files.writeString(csv, RunsCsv.HEADER + "\nr,d,dropout,0.1,16,1,1,0.5,0.5,0.9,NaN,0.8,1\n");
        assertThatThrownBy(() -> ReportWriter.write(dir, ReportWriter.Options.defaults()))
                .hasMessageContaining("no epoch has a finite validation loss");
    }
}
