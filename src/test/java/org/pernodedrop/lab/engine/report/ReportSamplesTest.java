package org.pernodedrop.lab.engine.report;

import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.stats.Calibration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes a full paper-sized sample report to target/report-sample/ for people to look at. */
class ReportSamplesTest {

    @Test
    void writesSampleReportForInspection() throws Exception {
        double[] rates = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
        List<RunRecord> recs = SyntheticSweep.records(SyntheticSweep.PAPER_VARIANTS, rates, 20, 3);
        Map<String, Calibration.Summary> cal = new LinkedHashMap<>();
        Random rnd = new Random(5);
        for (String v : List.of("dropout", "pernode-bernoulli", "pernode-gaussian")) {
            // an over-confident model: confidence c, accuracy c - 0.1 on average (clamped)
            int n = 2000;
            double[][] p = new double[n][];
            int[] y = new int[n];
            double shift = v.equals("dropout") ? 0.12 : v.equals("pernode-bernoulli") ? 0.05 : 0.02;
            for (int i = 0; i < n; i++) {
                double c = 0.34 + 0.66 * Math.sqrt(rnd.nextDouble());
                p[i] = new double[]{c, (1 - c) / 2, (1 - c) / 2};
                y[i] = rnd.nextDouble() < Math.max(0, c - shift) ? 0 : 1;
            }
            cal.put(v, Calibration.summarize(p, y, 10));
        }
        Path out = Path.of("target", "report-sample");
        ReportWriter.Result r = ReportWriter.write(recs, out, new ReportWriter.Options(1.0, cal));
        assertThat(r.files()).allMatch(Files::exists);

        // a small sweep at projector scale: two variants, two rates, one variant too short for the test
        List<RunRecord> small = new java.util.ArrayList<>(SyntheticSweep.records(List.of("dropout",
                "pernode-bernoulli"), new double[]{0.2, 0.5}, 4, 9));
        small.add(new RunRecord("m", "cifar10", "masksembles", 0.3, 128, 42, 1, 1, 0.9, 0.7, 1.1, 0.6, 2.0));
        ReportWriter.Result r2 = ReportWriter.write(small, Path.of("target", "report-sample-small"),
                new ReportWriter.Options(2.0, Map.of()));
        assertThat(r2.files()).allMatch(Files::exists);
    }
}
