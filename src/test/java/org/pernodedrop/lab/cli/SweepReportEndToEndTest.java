package org.pernodedrop.lab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Issue 4's end-to-end check on a 2-D set: a real sweep (two variants, two rates), then {@code report}. */
class SweepReportEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void sweepThenReportOnASpiral() throws Exception {
        Path out = dir.resolve("sweep");
        Cli sweep = Cli.run("sweep", "--dataset", "spiral", "--variants", "dropout,pernode-bernoulli", "--rates",
                "0.2:0.5:0.3", "--units", "8", "--seeds", "1", "--epochs", "3", "--calibration-steps", "2",
                "--out", out.toString());
        assertThat(sweep.exit()).as(sweep.err()).isEqualTo(0);

        Cli report = Cli.run("report", out.toString());
        assertThat(report.exit()).as(report.err()).isEqualTo(0);
        assertThat(report.out()).contains("2 variants ranked");
        Path rep = out.resolve("report");

        // 2 variants x 2 rates x 3 epochs = 6 records per variant: both enter the test (k = 2, N = 5)
        JsonNode f = new ObjectMapper().readTree(rep.resolve("friedman.json").toFile());
        assertThat(f.get("k").asInt()).isEqualTo(2);
        double chi2 = f.get("chi2").asDouble();
        assertThat(chi2).isBetween(0.0, 5.0); // N (k-1) = 5 is the maximum
        assertThat(f.get("kendall_w").asDouble()).isCloseTo(chi2 / 5, within(1e-12));
        assertThat(f.get("p").asDouble()).isBetween(0.0, 1.0);
        // pooled ranks of 10 records average (10 + 1) / 2 = 5.5
        assertThat((f.get("mean_ranks").get("dropout").asDouble()
                + f.get("mean_ranks").get("pernode-bernoulli").asDouble()) / 2).isCloseTo(5.5, within(1e-12));

        List<String> top3 = Files.readAllLines(rep.resolve("top3.csv"));
        assertThat(top3).hasSize(1 + 6);
        for (String line : top3.subList(1, top3.size())) {
            String[] c = line.split(",");
            for (int i = 1; i <= 6; i++) assertThat(Double.parseDouble(c[i])).as(line).isFinite();
        }
        for (String line : Files.readAllLines(rep.resolve("epoch_times.csv")).subList(1, 3)) {
            assertThat(Double.parseDouble(line.split(",")[2])).isFinite().isPositive();
        }
        for (String png : List.of("bars.png", "scatter.png", "drop_rate.png")) {
            BufferedImage img = ImageIO.read(rep.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).isGreaterThanOrEqualTo(800);
        }
        for (String svg : List.of("bars.svg", "scatter.svg", "drop_rate.svg")) {
            assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(rep.resolve(svg).toFile())
                    .getDocumentElement().getNodeName()).isEqualTo("svg");
        }
        assertThat(Files.readString(rep.resolve("report.md"))).contains("Friedman chi2 =", "**Reading.**", "## Setup",
                "4 run folders (4 finished)", "Training: 3 epochs");
    }
}
