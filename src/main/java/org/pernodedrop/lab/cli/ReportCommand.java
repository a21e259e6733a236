package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.report.ReportException;
import org.pernodedrop.lab.engine.report.ReportWriter;
import org.pernodedrop.lab.engine.stats.SeedAnalysis;
import org.pernodedrop.lab.engine.stats.VariantRanking;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code report <dir>}: the paper's tables, figures and Friedman test from {@code <dir>/runs.csv}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the paper-style report of a train or sweep folder into <dir>/report/:",
                "top3.csv, epoch_times.csv, ranks.csv, friedman.json (the paper's test: top-5 epochs as blocks, "
                        + "not independent), drop_rate.csv, bars/scatter/drop_rate PNG and SVG figures,",
                "the comparison with seeds as independent blocks (seed_blocks.csv, friedman_seeds.json with the "
                        + "Iman-Davenport F, nemenyi.csv, wilcoxon.csv with Holm, bootstrap_ci.csv, cd.png/.svg),",
                "and report.md with both analyses side by side."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<dir>", description = "folder holding runs.csv (a --out folder)")
    Path dir;

    @Option(names = "--png-scale", paramLabel = "<s>", defaultValue = "1",
            description = "pixel scale of the PNG figures, 0.5-4 (2 for projectors and print; default ${DEFAULT-VALUE})")
    double pngScale;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // Charts are drawn off-screen; never let AWT look for a display.
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReportWriter.Options options = new ReportWriter.Options(pngScale, Map.of());
        ReportWriter.Result result;
        try {
            result = ReportWriter.write(dir, options);
        } catch (ReportException e) {
            err.println(CliErrors.line(e.getMessage()));
            err.flush();
            return LabCommand.EXIT_DATA;
        }
        out.printf(Locale.ROOT, "report: wrote %d files to %s%n", result.files().size(), result.reportDir());
        for (Map.Entry<String, VariantRanking> e : result.rankings().entrySet()) {
            VariantRanking vr = e.getValue();
            String prefix = result.rankings().size() > 1 ? e.getKey() + ": " : "";
            out.println(prefix + vr.friedman().map(f -> String.format(Locale.ROOT,
                    "%d variants ranked (best: %s); as in the paper (top-5 epochs as blocks; not independent): "
                            + "Friedman chi2 = %.3f, df = %d, p = %s; Kendall's W = %.3f",
                    f.k(), vr.variants().get(0), f.chi2(), f.df(), ReportWriter.formatP(f.p()), f.kendallW()))
                    .orElse("no Friedman test as in the paper (fewer than two variants with " + VariantRanking.TOP
                            + " records)"));
            SeedAnalysis sa = result.seedAnalyses().get(e.getKey());
            if (sa != null) out.println(prefix + sa.summary());
        }
        result.pooledSeeds().ifPresent(sa -> out.println("all datasets: " + sa.summary()));
        for (String n : result.notes()) out.println("note: " + n);
        out.flush();
        return 0;
    }
}
