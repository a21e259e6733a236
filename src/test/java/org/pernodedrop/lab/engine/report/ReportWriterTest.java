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

        // friedman.json, by hand from the sweep's (seeded, fixed) validation losses, top 5 per variant:
        //   dropout            1.05945 1.10548 1.14217 1.18828 1.27598
        //   pernode-bernoulli  1.07984 1.10555 1.17067 1.19669 1.30084
        //   dropconnect        1.11518 1.11823 1.20930 1.21329 1.34012
        // Every block t (t-th best) has the order dropout < pernode-bernoulli < dropconnect, so R = (5, 10, 15),
        // chi2 = 12/(5*3*4) (25 + 100 + 225) - 3*5*4 = 70 - 60 = 10 = N(k-1): W = 1 and p = exp(-10/2) (df 2) -
        // the "almost automatic" W of five order statistics of the same runs.
        // Pooled ranks of the 15 values: dropout 1,3,7,9,13 -> 6.6; pernode-bernoulli 2,4,8,10,14 -> 7.6;
        // dropconnect 5,6,11,12,15 -> 9.8.
        JsonNode fj = new ObjectMapper().readTree(rep.resolve("friedman.json").toFile());
        assertThat(fj.get("k").asInt()).isEqualTo(3);
        assertThat(fj.get("n").asInt()).isEqualTo(5);
        assertThat(fj.get("df").asInt()).isEqualTo(2);
        assertThat(fj.get("chi2").asDouble()).isCloseTo(10.0, within(1e-9));
        assertThat(fj.get("kendall_w").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(fj.get("p").asDouble()).isCloseTo(Math.exp(-5), within(1e-12));
        assertThat(fj.get("mean_ranks").get("dropout").asDouble()).isCloseTo(6.6, within(1e-12));
        assertThat(fj.get("mean_ranks").get("pernode-bernoulli").asDouble()).isCloseTo(7.6, within(1e-12));
        assertThat(fj.get("mean_ranks").get("dropconnect").asDouble()).isCloseTo(9.8, within(1e-12));
        assertThat(fj.get("excluded").get("masksembles").asInt()).isEqualTo(3);

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
                "Kendall's W", "**Reading.**", "masksembles (3)",
                "Table V), as in the paper (top-5 epochs as blocks; not independent)");
        // every record has seed 42: one independent block, and the sound analysis says it cannot tell
        assertThat(md).contains("seeds as blocks (independent runs)", "Cannot tell from one seed",
                "[no interval: one seed]");
        JsonNode sj = new ObjectMapper().readTree(rep.resolve("friedman_seeds.json").toFile());
        assertThat(sj.get("n").asInt()).isEqualTo(1);
        assertThat(sj.get("k").asInt()).isEqualTo(4);
        assertThat(sj.get("val_loss").get("chi2").isNull()).isTrue();
        assertThat(sj.get("nemenyi").isNull()).isTrue();
        assertThat(Files.readAllLines(rep.resolve("wilcoxon.csv"))).hasSize(1);
        assertThat(ImageIO.read(rep.resolve("cd.png").toFile()).getWidth()).isEqualTo(2000);
    }

    /**
     * Seeds as blocks, by hand: 3 variants, 6 seeds, one epoch record per (variant, seed) with validation loss
     * 0.50 + 0.10 j + 0.01 s + 0.001 j s for dropout (j = 0), pernode-bernoulli (1), dropconnect (2), s = 1..6,
     * so pairwise differences (-0.1 - 0.001 s, ...) are distinct in size and the Wilcoxon p values exact.
     * Same order in all 6 blocks: R = (6, 12, 18), chi2 = 12/(6*3*4) (36 + 144 + 324) - 3*6*4 = 84 - 72 = 12 =
     * N(k-1), so the Iman-Davenport F is infinite (p = 0), df 2 and 10. CD = 2.3437 sqrt(12/36) = 1.353: only
     * dropout vs dropconnect (mean ranks 1 and 3) differ by CD. Each Wilcoxon pair has 6 equal signs: exact
     * p = 2/2^6 = 0.03125, Holm-adjusted 3 * 0.03125 = 0.09375 > 0.05 for all three, so no pair is significant
     * and the reading must say that 6 seeds cannot give a pairwise claim over 3 pairs.
     * Bootstrap: dropout's mean best loss is 0.535 with an interval inside [0.51, 0.56].
     */
    @Test
    void seedsAsBlocksByHand() throws Exception {
        List<RunRecord> rs = new ArrayList<>();
        String[] vs = {"dropout", "pernode-bernoulli", "dropconnect"};
        for (int s = 1; s <= 6; s++) {
            for (int j = 0; j < 3; j++) {
                double loss = 0.50 + 0.10 * j + 0.01 * s + 0.001 * j * s;
                rs.add(new RunRecord(vs[j] + "-s" + s, "spiral", vs[j], 0.5, 16, s, 10, 0.4, 0.3, 0.9, loss,
                        0.9 - 0.1 * j, 1.0));
            }
        }
        ReportWriter.Result res = ReportWriter.write(rs, dir, ReportWriter.Options.defaults());
        JsonNode sj = new ObjectMapper().readTree(dir.resolve("friedman_seeds.json").toFile());
        assertThat(sj.get("n").asInt()).isEqualTo(6);
        assertThat(sj.get("val_loss").get("chi2").asDouble()).isCloseTo(12.0, within(1e-9));
        assertThat(sj.get("val_loss").get("iman_davenport").get("f").asText()).isEqualTo("Infinity");
        assertThat(sj.get("val_loss").get("iman_davenport").get("df2").asInt()).isEqualTo(10);
        assertThat(sj.get("val_loss").get("iman_davenport").get("p").asDouble()).isEqualTo(0.0);
        assertThat(sj.get("nemenyi").get("cd").asDouble()).isCloseTo(1.353, within(0.001));

        List<String> nem = Files.readAllLines(dir.resolve("nemenyi.csv"));
        assertThat(nem).hasSize(4);
        assertThat(nem).filteredOn(l -> l.endsWith(",true")).singleElement().asString()
                .startsWith("dropout,dropconnect,2.0,");
        List<String> wil = Files.readAllLines(dir.resolve("wilcoxon.csv"));
        assertThat(wil).hasSize(4);
        for (String line : wil.subList(1, 4)) {
            String[] f = line.split(",");
            assertThat(Double.parseDouble(f[9])).as(line).isEqualTo(0.03125);
            assertThat(Double.parseDouble(f[11])).as(line).isCloseTo(0.09375, within(1e-15));
            assertThat(f[12]).isEqualTo("false");
        }
        List<String> ci = Files.readAllLines(dir.resolve("bootstrap_ci.csv"));
        assertThat(ci).hasSize(4);
        String[] d = ci.stream().filter(l -> l.startsWith("dropout,")).findFirst().orElseThrow().split(",");
        assertThat(Double.parseDouble(d[2])).isCloseTo(0.535, within(1e-12));
        assertThat(Double.parseDouble(d[3])).isBetween(0.51, 0.535);
        assertThat(Double.parseDouble(d[4])).isBetween(0.535, 0.56);
        assertThat(Files.readAllLines(dir.resolve("seed_blocks.csv"))).hasSize(1 + 18);

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("| Blocks N | 5 (t-th best epoch) | 6 (seed 1, seed 2, seed 3, seed 4, seed 5, "
                + "seed 6) |", "significantly different: dropout < dropconnect", "no pair can reach 0.05",
                "](cd.png)");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("cd.svg").toFile());
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(res.seedAnalyses().get("spiral").blocks().n()).isEqualTo(6);
        assertThat(res.pooledSeeds()).isEmpty();
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
        // the top folder holds the rank tests over (dataset, seed) blocks; no bootstrap across datasets
        assertThat(dir.resolve("friedman_seeds.json")).isRegularFile();
        assertThat(dir.resolve("cd.png")).isRegularFile();
        assertThat(dir.resolve("bootstrap_ci.csv")).doesNotExist();
        assertThat(dir.resolve("cifar10/bootstrap_ci.csv")).isRegularFile();
        // dropout is in both datasets (seed 42 each), the other variants in one only: no complete block
        assertThat(res.pooledSeeds().orElseThrow().blocks().dropped()).containsOnlyKeys("cifar10 / seed 42",
                "spiral / seed 42");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## All datasets: seeds as blocks");
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
