package org.pernodedrop.lab.engine.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jfree.chart.JFreeChart;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;
import org.pernodedrop.lab.engine.stats.Calibration;
import org.pernodedrop.lab.engine.stats.Friedman;
import org.pernodedrop.lab.engine.stats.FriedmanResult;
import org.pernodedrop.lab.engine.stats.ReliabilityBin;
import org.pernodedrop.lab.engine.stats.SeedAnalysis;
import org.pernodedrop.lab.engine.stats.VariantRanking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the paper-style report of a sweep folder ({@code <dir>/runs.csv}) into {@code <dir>/report/}:
 * <ul>
 *   <li>{@code top3.csv} - Tables I-III, the three lowest-validation-loss epochs per variant, sorted;</li>
 *   <li>{@code epoch_times.csv} - Table IV, mean and standard deviation of the epoch wall time per variant;</li>
 *   <li>{@code ranks.csv}, {@code friedman.json} - Table V, mean ranks of the top-5 records, Friedman, W, as in the
 *   paper (top-5 epochs as blocks; not independent);</li>
 *   <li>{@code seed_blocks.csv}, {@code friedman_seeds.json}, {@code nemenyi.csv}, {@code wilcoxon.csv},
 *   {@code bootstrap_ci.csv}, {@code cd.png/.svg} - the comparison with seeds as independent blocks
 *   ({@link SeedAnalysis}, {@link SeedReport});</li>
 *   <li>{@code bars.png/.svg} - Fig. 2; {@code scatter.png/.svg} - Fig. 3; {@code drop_rate.png/.svg/.csv} - the
 *   drop-rate effect; {@code ranks.png/.svg} - Table V as bars; {@code reliability.png/.svg}, {@code calibration.csv} when calibration results are given;</li>
 *   <li>{@code report.md} tying them together.</li>
 * </ul>
 * With several datasets in one {@code runs.csv}, each gets these files in {@code report/<dataset>/} and
 * {@code report/report.md} links them; the top folder then also holds the seeds-as-blocks files over all
 * (dataset, seed) blocks (rank tests only: losses of different datasets share no scale, so no bootstrap there).
 */
public final class ReportWriter {

    /** Significance level of the plain-language reading. */
    public static final double ALPHA = 0.05;

    /**
     * @param pngScale    pixel scale of the PNGs (1 = layout size, 2 = for projectors)
     * @param calibration per variant, Monte Carlo calibration results to add (may be empty)
     */
    public record Options(double pngScale, Map<String, Calibration.Summary> calibration) {
        public Options {
            if (!(pngScale >= 0.5 && pngScale <= 4)) {
                throw new IllegalArgumentException("PNG scale must be between 0.5 and 4, got " + pngScale);
            }
            calibration = Map.copyOf(calibration == null ? Map.of() : calibration);
        }

        public static Options defaults() {
            return new Options(1.0, Map.of());
        }
    }

    /**
     * What was written: the folder, every file, the paper's ranking and the seeds-as-blocks analysis of each
     * dataset, and with several datasets the analysis over all (dataset, seed) blocks.
     */
    public record Result(Path reportDir, List<Path> files, Map<String, VariantRanking> rankings,
                         Map<String, SeedAnalysis> seedAnalyses, java.util.Optional<SeedAnalysis> pooledSeeds,
                         List<String> notes) {
        public Result {
            files = List.copyOf(files);
            rankings = Map.copyOf(rankings);
            seedAnalyses = Map.copyOf(seedAnalyses);
            notes = List.copyOf(notes);
        }
    }

    private record DatasetStats(VariantRanking ranking, SeedAnalysis seeds) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /**
     * Reads {@code <sweepDir>/runs.csv} and writes {@code <sweepDir>/report/}. Without calibration results in
     * {@code options}, a {@code <sweepDir>/calibration.csv} ({@link CalibrationCsv}) is used when present.
     */
    public static Result write(Path sweepDir, Options options) throws ReportException {
        sweepDir = sweepFolder(sweepDir);
        List<RunRecord> records = readRuns(sweepDir);
        Path calFile = sweepDir.resolve("calibration.csv");
        if (options.calibration().isEmpty() && Files.isRegularFile(calFile)) {
            try {
                options = new Options(options.pngScale(), CalibrationCsv.read(calFile));
            } catch (IOException e) {
                throw new ReportException(e.getMessage() == null ? calFile + ": " + e : e.getMessage(), e);
            }
        }
        try {
            return write(records, sweepDir.resolve("report"), options, SweepSetup.markdown(sweepDir));
        } catch (IOException e) {
            throw new ReportException("cannot write the report into " + sweepDir.resolve("report") + ": " + e, e);
        }
    }

    /** The folder a user meant: {@code report runs.csv} means the file's folder. */
    static Path sweepFolder(Path given) {
        if (Files.isRegularFile(given) && given.getFileName().toString().equals("runs.csv")) {
            return given.toAbsolutePath().getParent();
        }
        return given;
    }

    /** Reads and checks the sweep's {@code runs.csv}, with a message that says what is wrong. */
    public static List<RunRecord> readRuns(Path sweepDir) throws ReportException {
        if (!Files.isDirectory(sweepDir)) {
            throw new ReportException(sweepDir + ": no such folder (expected a train or sweep output folder "
                    + "holding runs.csv)");
        }
        Path csv = sweepDir.resolve("runs.csv");
        if (!Files.isRegularFile(csv)) {
            throw new ReportException(csv + ": not found (a train or sweep run writes it; is " + sweepDir
                    + " the --out folder?)");
        }
        List<RunRecord> records;
        try {
            if (Files.size(csv) == 0) throw new ReportException(csv + ": the file is empty");
            records = RunsCsv.read(csv);
        } catch (NoSuchFileException e) {
            throw new ReportException(csv + ": not found", e);
        } catch (IOException e) {
            throw new ReportException(e.getMessage() == null ? csv + ": " + e : e.getMessage(), e);
        }
        if (records.isEmpty()) throw new ReportException(csv + ": holds the header but no records");
        if (records.stream().noneMatch(r -> Double.isFinite(r.valLoss()))) {
            throw new ReportException(csv + ": no epoch has a finite validation loss (every run diverged?)");
        }
        return records;
    }

    /** Writes the report of {@code records} into {@code outDir}. */
    public static Result write(List<RunRecord> records, Path outDir, Options options) throws IOException {
        return write(records, outDir, options, "");
    }

    /** As {@link #write(List, Path, Options)}, with a "Setup" section (markdown lines) at the top of report.md. */
    static Result write(List<RunRecord> records, Path outDir, Options options, String setup) throws IOException {
        if (records.isEmpty()) throw new IllegalArgumentException("no run records to report on");
        Files.createDirectories(outDir);
        int before = records.size();
        records = dedupe(records);
        int dups = before - records.size();
        String dupNote = dups == 0 ? null : dups + (dups == 1 ? " duplicate epoch record was" : " duplicate epoch "
                + "records were") + " dropped (same run_id and epoch, e.g. from a resumed sweep; the last one written "
                + "counts).";
        Map<String, List<RunRecord>> byDataset = new TreeMap<>();
        for (RunRecord r : records) byDataset.computeIfAbsent(r.dataset(), d -> new ArrayList<>()).add(r);
        List<Path> files = new ArrayList<>();
        Map<String, VariantRanking> rankings = new LinkedHashMap<>();
        Map<String, SeedAnalysis> seedAnalyses = new LinkedHashMap<>();
        SeedAnalysis pooled = null;
        List<String> notes = new ArrayList<>();
        if (byDataset.size() == 1) {
            String ds = byDataset.keySet().iterator().next();
            DatasetStats st = writeDataset(ds, records, outDir, options, files, dupNote, setup);
            VariantRanking vr = st.ranking();
            rankings.put(ds, vr);
            seedAnalyses.put(ds, st.seeds());
            if (dupNote != null) notes.add(dupNote);
            notes.addAll(vr.notes());
            notes.addAll(st.seeds().notes());
        } else {
            StringBuilder md = new StringBuilder("# PerNodeDrop Lab report\n\n");
            if (dupNote != null) {
                notes.add(dupNote);
                md.append("**Note.** ").append(dupNote).append("\n\n");
            }
            if (!setup.isEmpty()) md.append("## Setup\n\n").append(setup).append('\n');
            md.append("`runs.csv` holds ").append(byDataset.size())
                    .append(" datasets; each has its own report (statistics never mix datasets):\n\n");
            for (Map.Entry<String, List<RunRecord>> e : byDataset.entrySet()) {
                String folder = safeName(e.getKey());
                DatasetStats st = writeDataset(e.getKey(), e.getValue(), outDir.resolve(folder), options, files,
                        dupNote, setup);
                VariantRanking vr = st.ranking();
                rankings.put(e.getKey(), vr);
                seedAnalyses.put(e.getKey(), st.seeds());
                for (String n : vr.notes()) notes.add(e.getKey() + ": " + n);
                for (String n : st.seeds().notes()) notes.add(e.getKey() + ", seeds as blocks: " + n);
                md.append("- [").append(e.getKey()).append("](").append(folder).append("/report.md): ")
                        .append(e.getValue().size()).append(" epoch records")
                        .append(vr.friedman().map(f -> String.format(Locale.ROOT,
                                ", Friedman chi2 = %.3f, p = %s, W = %.3f", f.chi2(), formatP(f.p()), f.kendallW()))
                                .orElse(", no Friedman test"))
                        .append(" (").append(SeedReport.PAPER_LABEL).append("); ").append(st.seeds().summary())
                        .append("\n");
            }
            // Rank tests over every (dataset, seed) block: ranks are taken within a block, so datasets with
            // different loss scales can share a test (Demšar's setting, with seeds as further blocks).
            pooled = SeedAnalysis.of(records, ALPHA);
            SeedReport.write(pooled, outDir, options, files, true, " (all datasets)");
            md.append('\n').append(SeedReport.section(pooled, "## All datasets: " + SeedReport.SEEDS_LABEL
                    + ", one block per (dataset, seed)", false));
            files.add(writeText(outDir.resolve("report.md"), md.toString()));
        }
        return new Result(outDir, files, rankings, seedAnalyses, java.util.Optional.ofNullable(pooled), notes);
    }

    private static DatasetStats writeDataset(String dataset, List<RunRecord> records, Path dir, Options options,
                                               List<Path> files, String dupNote, String setup)
            throws IOException {
        Files.createDirectories(dir);
        List<RunRecord> top3 = ReportTables.topPerVariant(records, ReportTables.TOP_CONFIGS);
        List<ReportTables.EpochTime> times = ReportTables.epochTimes(records);
        VariantRanking ranking = VariantRanking.of(records);
        SeedAnalysis seeds = SeedAnalysis.of(records, ALPHA);
        Map<String, List<ReportTables.RatePoint>> curves = ReportTables.dropRateCurves(records);

        files.add(writeText(dir.resolve("top3.csv"), top3Csv(top3)));
        files.add(writeText(dir.resolve("epoch_times.csv"), epochTimesCsv(times)));
        files.add(writeText(dir.resolve("ranks.csv"), ranksCsv(ranking)));
        files.add(writeText(dir.resolve("friedman.json"), friedmanJson(ranking)));
        files.add(writeText(dir.resolve("drop_rate.csv"), dropRateCsv(curves)));

        String label = dataset.isEmpty() ? "" : " (" + dataset + ")";
        writeChart(ReportCharts.bars(top3, "Top-3 validation losses per variant" + label), dir, "bars",
                1000, Math.max(420, 170 + 24 * top3.size()), options, files);
        writeChart(ReportCharts.scatter(top3, "Validation vs epoch-end training loss" + label), dir, "scatter",
                1100, 620, options, files);
        writeChart(ReportCharts.dropRateCurves(curves, "Drop-rate effect" + label), dir, "drop_rate",
                1000, 760, options, files);
        writeChart(ReportCharts.meanRanks(ranking, "Mean ranks of the top-" + VariantRanking.TOP + " records"
                + label), dir, "ranks", 900, Math.max(320, 170 + 40 * ranking.variants().size()), options, files);
        if (!options.calibration().isEmpty()) {
            Map<String, Calibration.Summary> cal = new LinkedHashMap<>();
            for (String v : VariantPalette.sorted(options.calibration().keySet())) {
                cal.put(v, options.calibration().get(v));
            }
            files.add(writeText(dir.resolve("calibration.csv"), CalibrationCsv.format(cal)));
            writeChart(ReportCharts.reliability(cal, "Reliability (Monte Carlo inference)" + label), dir,
                    "reliability", 800, 720, options, files);
        }
        SeedReport.write(seeds, dir, options, files, false, label);
        files.add(writeText(dir.resolve("report.md"), markdown(dataset, records, top3, times, ranking, seeds, curves,
                options, dupNote, setup)));
        return new DatasetStats(ranking, seeds);
    }

    static void writeChart(JFreeChart chart, Path dir, String name, int w, int h, Options o,
                                   List<Path> files) throws IOException {
        Path png = dir.resolve(name + ".png"), svg = dir.resolve(name + ".svg");
        ChartExport.png(chart, png, w, h, o.pngScale());
        ChartExport.svg(chart, svg, w, h);
        files.add(png);
        files.add(svg);
    }

    // ---- tables

    static String top3Csv(List<RunRecord> top3) {
        StringBuilder sb = new StringBuilder("variant,rate,epoch,val_acc,val_loss,train_loss,train_acc,units,seed,"
                + "run_id\n");
        for (RunRecord r : top3) {
            sb.append(String.join(",", r.variant(), num(r.rate()), Integer.toString(r.epoch()), num(r.valAcc()),
                    num(r.valLoss()), num(r.trainLoss()), num(r.trainAcc()), Integer.toString(r.units()),
                    Long.toString(r.seed()), r.runId())).append('\n');
        }
        return sb.toString();
    }

    static String epochTimesCsv(List<ReportTables.EpochTime> times) {
        StringBuilder sb = new StringBuilder("variant,epochs,mean_seconds,std_seconds\n");
        for (ReportTables.EpochTime t : times) {
            sb.append(t.variant()).append(',').append(t.epochs()).append(',').append(num(t.meanSeconds()))
                    .append(',').append(num(t.stdSeconds())).append('\n');
        }
        return sb.toString();
    }

    static String ranksCsv(VariantRanking vr) {
        StringBuilder sb = new StringBuilder("variant,mean_rank,block_mean_rank,rank_sum,top5_val_losses\n");
        double[] sums = vr.friedman().map(FriedmanResult::rankSums).orElse(null);
        int i = 0;
        for (String v : vr.variants()) {
            List<String> losses = new ArrayList<>();
            for (RunRecord r : vr.topRecords().get(v)) losses.add(num(r.valLoss()));
            sb.append(v).append(',').append(num(vr.pooledMeanRanks().get(v))).append(',')
                    .append(num(vr.blockMeanRanks().get(v))).append(',')
                    .append(sums == null ? "" : num(sums[i])).append(',')
                    .append(String.join(";", losses)).append('\n');
            i++;
        }
        return sb.toString();
    }

    static String friedmanJson(VariantRanking vr) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("k", vr.variants().size());
        o.put("n", VariantRanking.TOP);
        FriedmanResult f = vr.friedman().orElse(null);
        if (f != null) {
            o.put("chi2", f.chi2());
            o.put("df", f.df());
            o.put("p", f.p());
            o.put("kendall_w", f.kendallW());
        } else {
            o.putNull("chi2");
            o.putNull("df");
            o.putNull("p");
            o.putNull("kendall_w");
        }
        ObjectNode ranks = o.putObject("mean_ranks");
        vr.pooledMeanRanks().forEach(ranks::put);
        ObjectNode block = o.putObject("block_mean_ranks");
        vr.blockMeanRanks().forEach(block::put);
        ObjectNode ex = o.putObject("excluded");
        vr.excluded().forEach(ex::put);
        ArrayNode notes = o.putArray("notes");
        vr.notes().forEach(notes::add);
        if (f != null) o.put("reading", Friedman.reading(f, ALPHA));
        return JSON.writeValueAsString(o) + "\n";
    }

    static String dropRateCsv(Map<String, List<ReportTables.RatePoint>> curves) {
        StringBuilder sb = new StringBuilder("variant,rate,best_val_loss,train_loss,gap,epoch,units,seed,run_id\n");
        curves.forEach((v, pts) -> {
            for (ReportTables.RatePoint p : pts) {
                RunRecord r = p.best();
                sb.append(String.join(",", v, num(p.rate()), num(p.bestValLoss()), num(r.trainLoss()),
                        num(p.gap()), Integer.toString(r.epoch()), Integer.toString(r.units()),
                        Long.toString(r.seed()), r.runId())).append('\n');
            }
        });
        return sb.toString();
    }

    // ---- report.md

    private static String markdown(String dataset, List<RunRecord> records, List<RunRecord> top3,
                                   List<ReportTables.EpochTime> times, VariantRanking vr, SeedAnalysis sa,
                                   Map<String, List<ReportTables.RatePoint>> curves, Options options,
                                   String dupNote, String setup) {
        StringBuilder md = new StringBuilder();
        TreeSet<String> runs = new TreeSet<>();
        TreeSet<Double> rates = new TreeSet<>();
        TreeSet<Integer> units = new TreeSet<>();
        TreeSet<Long> seeds = new TreeSet<>();
        int maxEpoch = 0;
        for (RunRecord r : records) {
            runs.add(r.runId());
            rates.add(r.rate());
            units.add(r.units());
            seeds.add(r.seed());
            maxEpoch = Math.max(maxEpoch, r.epoch());
        }
        List<String> variants = VariantPalette.sorted(records.stream().map(RunRecord::variant).toList());
        long diverged = records.stream().filter(r -> !Double.isFinite(r.valLoss())).count();

        md.append("# PerNodeDrop Lab report").append(dataset.isEmpty() ? "" : ": " + dataset).append("\n\n");
        md.append(String.format(Locale.ROOT, "From `runs.csv`: %d epoch records of %d runs; %d variants (%s); "
                        + "rates %s; units %s; seeds %s; up to %d epochs. Written %s.%n%n",
                records.size(), runs.size(), variants.size(), String.join(", ", variants), join(rates, true),
                join(units, false), join(seeds, false), maxEpoch, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        if (!setup.isEmpty()) md.append("## Setup\n\n").append(setup).append('\n');
        if (dupNote != null) md.append("Note: ").append(dupNote).append("\n\n");
        if (diverged > 0) {
            md.append("Note: ").append(diverged).append(" epoch records with a non-finite validation loss "
                    + "(diverged) are left out of every table and figure.\n\n");
        }

        md.append("## Top-3 configurations per variant (Tables I-III)\n\n");
        md.append("The three epochs with the lowest validation loss per variant, over all rates and runs, sorted by "
                + "validation loss. DR: drop rate, EP: epoch; T-Loss and T-Acc are the epoch-end training metrics "
                + "(inference mode, no noise). File: [top3.csv](top3.csv).\n\n");
        md.append("| Variant | DR | EP | V-Acc | V-Loss | T-Loss | T-Acc |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (RunRecord r : top3) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %.3f |%n", r.variant(),
                    ReportCharts.fmtRate(r.rate()), r.epoch(), r.valAcc(), r.valLoss(), r.trainLoss(),
                    r.trainAcc()));
        }
        md.append("\n![Top-3 validation losses per variant](bars.png)\n\n*Fig. 2 style: top-3 validation "
                + "losses per variant, best first ([SVG](bars.svg)).*\n\n");

        md.append("## Generalization: validation vs epoch-end training loss (Fig. 3)\n\n");
        double median = ReportTables.medianValLoss(top3);
        md.append(String.format(Locale.ROOT, "The same configurations, split at their median validation loss "
                + "(%.3f): left panel at or below it, right panel above. At equal validation loss, a point farther "
                + "right (higher training loss) fits the training set less tightly, i.e. overfits less.%n%n",
                median));
        md.append("| Variant | mean V-Loss (top-3) | mean T-Loss (top-3) | mean gap V-T |\n|---|---:|---:|---:|\n");
        Map<String, List<RunRecord>> topBy = new LinkedHashMap<>();
        for (RunRecord r : top3) topBy.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(r);
        topBy.forEach((v, l) -> {
            double vl = l.stream().mapToDouble(RunRecord::valLoss).average().orElse(Double.NaN);
            double tl = l.stream().mapToDouble(RunRecord::trainLoss).average().orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %+.3f |%n", v, vl, tl, vl - tl));
        });
        md.append("\n![Validation vs epoch-end training loss](scatter.png)\n\n*Fig. 3 style ([SVG](scatter.svg)).*"
                + "\n\n");

        md.append("## Drop-rate effect\n\n");
        md.append("Per variant and rate, the lowest validation loss reached and the gap (validation minus epoch-end "
                + "training loss) at that epoch. File: [drop_rate.csv](drop_rate.csv).\n\n");
        md.append("![Drop-rate effect](drop_rate.png)\n\n([SVG](drop_rate.svg))\n\n");
        curves.forEach((v, pts) -> {
            ReportTables.RatePoint best = pts.stream().min((a, b) -> VariantRanking.BY_VAL_LOSS.compare(a.best(),
                    b.best())).orElseThrow();
            md.append(String.format(Locale.ROOT, "- %s: best at p = %s (validation loss %.3f, gap %+.3f) over %d "
                    + "rate%s%n", v, ReportCharts.fmtRate(best.rate()), best.bestValLoss(), best.gap(), pts.size(),
                    pts.size() == 1 ? "" : "s"));
        });
        md.append('\n');

        md.append("## Epoch times (Table IV)\n\n");
        md.append("Wall time per epoch (training plus the epoch-end evaluation) over every recorded epoch; sample "
                + "standard deviation. File: [epoch_times.csv](epoch_times.csv).\n\n");
        md.append("| Variant | Epochs | Mean (s) | Std. Dev. |\n|---|---:|---:|---:|\n");
        for (ReportTables.EpochTime t : times) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %s |%n", t.variant(), t.epochs(),
                    t.meanSeconds(), Double.isNaN(t.stdSeconds()) ? "-" : String.format(Locale.ROOT, "%.3f",
                            t.stdSeconds())));
        }
        md.append('\n');

        md.append("## Mean ranks and the Friedman test (Table V), ").append(SeedReport.PAPER_LABEL).append("\n\n");
        md.append("Per variant the ").append(VariantRanking.TOP).append(" records with the lowest validation loss "
                + "(any epoch and rate; a rate may repeat). Mean rank: over all pooled records ranked together "
                + "(1 = best; the paper's Table V). Block rank: block t holds each variant's t-th best record; "
                + "ranks within a block (ties averaged) feed the Friedman test. Files: [ranks.csv](ranks.csv), "
                + "[friedman.json](friedman.json).\n\n");
        if (!vr.variants().isEmpty()) {
            md.append("| Variant | Mean rank | Mean block rank |\n|---|---:|---:|\n");
            for (String v : vr.variants()) {
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f |%n", v, vr.pooledMeanRanks().get(v),
                        vr.blockMeanRanks().get(v)));
            }
            md.append('\n');
        }
        if (!vr.variants().isEmpty()) md.append("![Mean ranks](ranks.png)\n\n([SVG](ranks.svg))\n\n");
        vr.friedman().ifPresent(f -> {
            md.append(String.format(Locale.ROOT, "Friedman chi2 = %.3f, df = %d, p = %s; Kendall's W = %.3f "
                    + "(k = %d variants, N = %d blocks).%n%n", f.chi2(), f.df(), formatP(f.p()), f.kendallW(), f.k(),
                    f.n()));
            md.append("**Reading.** ").append(Friedman.reading(f, ALPHA)).append(" The test says whether the "
                    + "variants differ at all, not which pairs differ; with ").append(VariantRanking.TOP)
                    .append(" blocks taken from the same sweep the blocks are not independent experiments, so "
                            + "read p as a descriptive measure of how consistent the order is.\n\n");
        });
        for (String n : vr.notes()) md.append("**Note.** ").append(n).append("\n\n");
        md.append(SeedReport.comparison(sa, vr)).append(SeedReport.section(sa, "### Seeds as blocks", true));

        if (!options.calibration().isEmpty()) {
            md.append("## Calibration under Monte Carlo inference\n\n");
            md.append("ECE over equal-width confidence bins and NLL (nats) of the mean of T stochastic passes. File: "
                    + "[calibration.csv](calibration.csv).\n\n| Variant | n | Accuracy | Mean confidence | ECE | "
                    + "NLL |\n|---|---:|---:|---:|---:|---:|\n");
            for (String v : VariantPalette.sorted(options.calibration().keySet())) {
                Calibration.Summary s = options.calibration().get(v);
                md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.4f | %.4f |%n", v, s.n(),
                        s.accuracy(), s.meanConfidence(), s.ece(), s.nll()));
            }
            md.append("\n![Reliability diagram](reliability.png)\n\n([SVG](reliability.svg))\n\n");
        }
        return md.toString();
    }

    // ---- helpers

    /** One record per (run_id, epoch), the last one written, in the original order of first appearance. */
    static List<RunRecord> dedupe(List<RunRecord> records) {
        Map<String, RunRecord> last = new LinkedHashMap<>();
        for (RunRecord r : records) last.put(r.runId() + "\u0000" + r.epoch(), r);
        return last.size() == records.size() ? records : new ArrayList<>(last.values());
    }

    private static Path writeText(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** CSV numbers: shortest exact representation; NaN stays "NaN" as in runs.csv. */
    private static String num(double v) {
        return Double.toString(v);
    }

    /** p to 5 decimals as the paper prints it, or in scientific notation below 0.00001. */
    public static String formatP(double p) {
        return formatP(p, Locale.ROOT);
    }

    /** A p-value as the reports write it (five decimals; below 1e-5 in scientific notation), in {@code locale}. */
    public static String formatP(double p, Locale locale) {
        if (p < 0.00001) return String.format(locale, "%.1e", p);
        return String.format(locale, "%.5f", p);
    }

    private static String join(java.util.Collection<?> values, boolean rates) {
        List<String> out = new ArrayList<>();
        for (Object o : values) out.add(rates ? ReportCharts.fmtRate((Double) o) : o.toString());
        return String.join(", ", out);
    }

    private static String safeName(String dataset) {
        String s = dataset.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "dataset" : s;
    }
}
