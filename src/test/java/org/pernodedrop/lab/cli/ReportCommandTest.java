package org.pernodedrop.lab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LabCommand.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void writesTheReportAndSummarisesTheTest() throws Exception {
        List<RunRecord> rs = new ArrayList<>();
        String[] variants = {"dropout", "pernode-bernoulli"};
        for (int v = 0; v < 2; v++) {
            for (int e = 1; e <= 6; e++) {
                double val = 0.5 + 0.1 * v + 0.3 / e;
                rs.add(new RunRecord("r" + v, "spiral", variants[v], 0.5, 16, 1, e, val, val - 0.1, 0.9, val, 0.8,
                        0.1));
            }
        }
        RunsCsv.append(dir.resolve("runs.csv"), rs);
        int code = run("report", dir.toString());
        assertThat(code).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("report: wrote").contains("Friedman chi2 = 5.000")
                .contains("Kendall's W = 1.000");
        assertThat(dir.resolve("report/report.md")).isRegularFile();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void missingRunsCsvExitsThreeWithOneErrorLine() {
        int code = run("report", dir.toString());
        assertThat(code).isEqualTo(LabCommand.EXIT_DATA);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).startsWith("error: ").contains("runs.csv");
    }

    @Test
    void malformedLineExitsThreeNamingTheLine() throws Exception {
        Files.writeString(dir.resolve("runs.csv"), RunsCsv.HEADER + "\nr,d,dropout,0.1,16,1,1,0.5\n");
        int code = run("report", dir.toString());
        assertThat(code).isEqualTo(LabCommand.EXIT_DATA);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).startsWith("error: ").contains("line 2");
    }

    @Test
    void badScaleIsAUsageError() {
        int code = run("report", "--png-scale", "9", dir.toString());
        assertThat(code).isEqualTo(LabCommand.EXIT_USAGE);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).startsWith("error: ").contains("scale");
    }
}
