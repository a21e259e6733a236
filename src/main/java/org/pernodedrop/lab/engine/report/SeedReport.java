package org.pernodedrop.lab.engine.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.stats.Bootstrap;
import org.pernodedrop.lab.engine.stats.FriedmanResult;
import org.pernodedrop.lab.engine.stats.ImanDavenport;
import org.pernodedrop.lab.engine.stats.Nemenyi;
import org.pernodedrop.lab.engine.stats.SeedAnalysis;
import org.pernodedrop.lab.engine.stats.VariantRanking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The report's "seeds as blocks" part ({@link SeedAnalysis}): {@code seed_blocks.csv} (each variant's selected
 * record per block), {@code friedman_seeds.json}, {@code nemenyi.csv}, {@code wilcoxon.csv},
 * {@code bootstrap_ci.csv} (one dataset only: losses of different datasets share no scale), {@code cd.png/.svg},
 * and the report.md section that sets it beside the paper's top-5 analysis.
 */
final class SeedReport {

    /** Label of the paper's computation wherever it is shown next to the sound one. */
    static final String PAPER_LABEL = "as in the paper (top-5 epochs as blocks; not independent)";
    static final String SEEDS_LABEL = "seeds as blocks (independent runs)";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SeedReport() {
    }

    /** Writes the files into {@code dir}; {@code pooled}: blocks come from several datasets (no bootstrap file). */
    static void write(SeedAnalysis sa, Path dir, ReportWriter.Options options, List<Path> files, boolean pooled,
                      String label) throws IOException {
        files.add(text(dir.resolve("seed_blocks.csv"), blocksCsv(sa)));
        files.add(text(dir.resolve("friedman_seeds.json"), json(sa, pooled)));
        files.add(text(dir.resolve("nemenyi.csv"), nemenyiCsv(sa)));
        files.add(text(dir.resolve("wilcoxon.csv"), wilcoxonCsv(sa)));
        if (!pooled) files.add(text(dir.resolve("bootstrap_ci.csv"), bootstrapCsv(sa)));
        Nemenyi nm = sa.nemenyi().orElse(null);
        ReportWriter.writeChart(ReportCharts.criticalDifference(nm, whyNoTest(sa),
                        "Critical difference, seeds as blocks" + label), dir, "cd", 1000,
                ReportCharts.criticalDifferenceHeight(nm), options, files);
    }

    static String whyNoTest(SeedAnalysis sa) {
        if (sa.blocks().k() < 2) return "No critical-difference diagram: fewer than two variants.";
        return "No critical-difference diagram: " + sa.blocks().n() + " complete seed block"
                + (sa.blocks().n() == 1 ? "" : "s") + "; the test needs at least 2.";
    }

    // ---- files

    static String blocksCsv(SeedAnalysis sa) {
        StringBuilder sb = new StringBuilder("block,variant,val_loss,val_acc,rate,units,epoch,run_id\n");
        RunRecord[][] best = sa.blocks().best();
        for (int t = 0; t < best.length; t++) {
            for (RunRecord r : best[t]) {
                sb.append(String.join(",", sa.blocks().blocks().get(t), r.variant(), num(r.valLoss()),
                        num(r.valAcc()), num(r.rate()), Integer.toString(r.units()), Integer.toString(r.epoch()),
                        r.runId())).append('\n');
            }
        }
        return sb.toString();
    }

    static String json(SeedAnalysis sa, boolean pooled) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("analysis", SEEDS_LABEL);
        o.put("score", "per block (dataset, seed): each variant's lowest validation loss over epochs, rates and "
                + "widths; accuracy is that selected record's validation accuracy");
        o.put("k", sa.blocks().k());
        o.put("n", sa.blocks().n());
        o.put("alpha", sa.alpha());
        ArrayNode vs = o.putArray("variants");
        sa.blocks().variants().forEach(vs::add);
        ArrayNode bl = o.putArray("blocks");
        sa.blocks().blocks().forEach(bl::add);
        ObjectNode dropped = o.putObject("dropped_blocks");
        sa.blocks().dropped().forEach((b, m) -> {
            ArrayNode a = dropped.putArray(b);
            m.forEach(a::add);
        });
        friedman(o.putObject("val_loss"), sa, sa.friedman().orElse(null), sa.imanDavenport().orElse(null));
        friedman(o.putObject("val_acc"), sa, sa.accFriedman().orElse(null), sa.accImanDavenport().orElse(null));
        Nemenyi nm = sa.nemenyi().orElse(null);
        if (nm != null) {
            ObjectNode n = o.putObject("nemenyi");
            n.put("q_alpha", nm.q());
            n.put("cd", nm.cd());
            ArrayNode groups = n.putArray("groups");
            for (int[] g : nm.groups()) {
                ArrayNode a = groups.addArray();
                for (int i = g[0]; i <= g[1]; i++) a.add(nm.variants().get(i));
            }
        } else {
            o.putNull("nemenyi");
        }
        if (pooled) o.put("bootstrap", "not computed: losses of different datasets share no scale");
        ArrayNode notes = o.putArray("notes");
        sa.notes().forEach(notes::add);
        o.put("reading", sa.reading());
        return JSON.writeValueAsString(o) + "\n";
    }

    private static void friedman(ObjectNode o, SeedAnalysis sa, FriedmanResult f, ImanDavenport id) {
        if (f == null) {
            o.putNull("chi2");
            o.putNull("p");
            return;
        }
        o.put("chi2", f.chi2());
        o.put("df", f.df());
        o.put("p_chi2", f.p());
        o.put("kendall_w", f.kendallW());
        ObjectNode idn = o.putObject("iman_davenport");
        if (Double.isInfinite(id.f())) idn.put("f", "Infinity");
        else idn.put("f", id.f());
        idn.put("df1", id.df1());
        idn.put("df2", id.df2());
        idn.put("p", id.p());
        idn.put("critical", id.critical(sa.alpha()));
        ObjectNode mr = o.putObject("mean_ranks");
        double[] m = f.meanRanks();
        for (int j = 0; j < m.length; j++) mr.put(sa.blocks().variants().get(j), m[j]);
    }

    static String nemenyiCsv(SeedAnalysis sa) {
        StringBuilder sb = new StringBuilder("better,worse,mean_rank_difference,cd,p,significant\n");
        sa.nemenyi().ifPresent(nm -> {
            for (Nemenyi.Pair p : nm.pairs()) {
                sb.append(String.join(",", p.better(), p.worse(), num(p.difference()), num(nm.cd()), num(p.p()),
                        Boolean.toString(p.significant()))).append('\n');
            }
        });
        return sb.toString();
    }

    static String wilcoxonCsv(SeedAnalysis sa) {
        StringBuilder sb = new StringBuilder("a,b,n,zeros,a_lower,b_lower,w_plus,w_minus,z,p,exact,p_holm,"
                + "significant\n");
        for (SeedAnalysis.PairTest t : sa.wilcoxon()) {
            sb.append(String.join(",", t.a(), t.b(), Integer.toString(t.test().n()),
                    Integer.toString(t.test().zeros()), Integer.toString(t.aLower()), Integer.toString(t.bLower()),
                    num(t.test().wPlus()), num(t.test().wMinus()), Double.isNaN(t.test().z()) ? ""
                            : num(t.test().z()), num(t.test().p()), Boolean.toString(t.test().exact()),
                    num(t.pHolm()), Boolean.toString(t.significant()))).append('\n');
        }
        return sb.toString();
    }

    static String bootstrapCsv(SeedAnalysis sa) {
        StringBuilder sb = new StringBuilder("variant,n_seeds,mean_val_loss,val_loss_lower,val_loss_upper,"
                + "mean_val_acc,val_acc_lower,val_acc_upper,level,resamples,seed\n");
        for (String v : ranked(sa)) {
            Bootstrap.Interval l = sa.lossCi().get(v), a = sa.accCi().get(v);
            if (l == null) continue;
            sb.append(String.join(",", v, Integer.toString(l.n()), num(l.mean()), num(l.lower()), num(l.upper()),
                    num(a.mean()), num(a.lower()), num(a.upper()), num(l.level()),
                    Integer.toString(Bootstrap.RESAMPLES), Long.toString(SeedAnalysis.BOOTSTRAP_SEED))).append('\n');
        }
        return sb.toString();
    }

    // ---- report.md

    /** The side-by-side comparison of the paper's analysis and the seeds-as-blocks one, for report.md. */
    static String comparison(SeedAnalysis sa, VariantRanking paper) {
        StringBuilder md = new StringBuilder();
        md.append("## Comparing the variants: ").append(PAPER_LABEL).append(" vs ").append(SEEDS_LABEL)
                .append("\n\n");
        md.append("The paper's test takes each variant's five best epochs as five blocks. Those are order "
                + "statistics of the same runs, not independent repetitions: if a variant's best epoch beats "
                + "another's, its 2nd to 5th best usually do too, so Kendall's W near 1 is almost automatic and p "
                + "says little about whether the difference would survive a new seed. The sound analysis uses one "
                + "block per seed (and dataset): each variant's score is its lowest validation loss over the epochs, "
                + "rates and widths run with that seed, the model one would select; accuracy is the validation "
                + "accuracy of that same record. Runs with one seed share the data split, so blocks pair the "
                + "variants fairly, and different seeds are independent.\n\n");
        md.append("| | ").append(PAPER_LABEL).append(" | ").append(SEEDS_LABEL).append(" |\n|---|---|---|\n");
        FriedmanResult pf = paper.friedman().orElse(null);
        FriedmanResult sf = sa.friedman().orElse(null);
        ImanDavenport id = sa.imanDavenport().orElse(null);
        md.append("| Blocks N | ").append(pf == null ? "-" : VariantRanking.TOP + " (t-th best epoch)").append(" | ")
                .append(sa.blocks().n()).append(sa.blocks().n() == 0 ? "" : " (" + String.join(", ",
                        sa.blocks().blocks()) + ")").append(" |\n");
        md.append("| Variants k | ").append(pf == null ? "-" : pf.k()).append(" | ").append(sa.blocks().k())
                .append(" |\n");
        md.append("| Friedman chi2 (df) | ").append(pf == null ? "-" : String.format(Locale.ROOT, "%.3f (%d)",
                pf.chi2(), pf.df())).append(" | ").append(sf == null ? "-" : String.format(Locale.ROOT,
                "%.3f (%d)", sf.chi2(), sf.df())).append(" |\n");
        md.append("| p | ").append(pf == null ? "-" : ReportWriter.formatP(pf.p()) + " (chi-square)").append(" | ")
                .append(id == null ? "-" : ReportWriter.formatP(id.p()) + String.format(Locale.ROOT,
                        " (Iman-Davenport F = %s, df %d and %d)", fmtF(id.f()), id.df1(), id.df2())).append(" |\n");
        md.append("| Kendall's W | ").append(pf == null ? "-" : String.format(Locale.ROOT, "%.3f", pf.kendallW()))
                .append(" | ").append(sf == null ? "-" : String.format(Locale.ROOT, "%.3f", sf.kendallW()))
                .append(" |\n");
        md.append("| Post-hoc | none | ").append(sa.nemenyi().map(n -> String.format(Locale.ROOT,
                "Nemenyi CD = %.3f; Wilcoxon + Holm", n.cd())).orElse("-")).append(" |\n\n");
        return md.toString();
    }

    /**
     * The seeds-as-blocks section under {@code heading}: reading, mean ranks, CD diagram, Wilcoxon table, accuracy,
     * and with {@code withBootstrap} the bootstrap intervals.
     */
    static String section(SeedAnalysis sa, String heading, boolean withBootstrap) {
        StringBuilder md = new StringBuilder();
        md.append(heading).append("\n\n");
        md.append("Files: [seed_blocks.csv](seed_blocks.csv) (the selected record per block), "
                + "[friedman_seeds.json](friedman_seeds.json), [nemenyi.csv](nemenyi.csv), "
                + "[wilcoxon.csv](wilcoxon.csv)").append(withBootstrap ? ", [bootstrap_ci.csv](bootstrap_ci.csv)"
                : "").append(".\n\n");
        for (String n : sa.notes()) md.append("**Note.** ").append(n).append("\n\n");
        md.append("**Reading.** ").append(sa.reading()).append("\n\n");
        sa.nemenyi().ifPresent(nm -> {
            md.append("| Variant | Mean rank over seeds (1 = best) |\n|---|---:|\n");
            double[] r = nm.meanRanks();
            for (int i = 0; i < r.length; i++) {
                md.append(String.format(Locale.ROOT, "| %s | %.2f |%n", nm.variants().get(i), r[i]));
            }
            md.append('\n');
        });
        md.append("![Critical difference](cd.png)\n\n*Critical-difference diagram (Demšar 2006): variants joined by "
                + "a bar are not significantly different by the Nemenyi test ([SVG](cd.svg)).*\n\n");
        if (!sa.wilcoxon().isEmpty()) {
            md.append("Pairwise Wilcoxon signed-rank tests on the best validation loss (two-sided; exact without "
                    + "ties, else normal approximation with tie correction), Holm-adjusted over all pairs:\n\n");
            md.append("| Pair | lower loss in | W+ / W- | p | p (Holm) |\n|---|---|---:|---:|---:|\n");
            for (SeedAnalysis.PairTest t : sa.wilcoxon()) {
                md.append(String.format(Locale.ROOT, "| %s vs %s | %d / %d seeds | %.1f / %.1f | %s%s | %s%s |%n",
                        t.a(), t.b(), t.aLower(), t.bLower(), t.test().wPlus(), t.test().wMinus(),
                        ReportWriter.formatP(t.test().p()), t.test().exact() ? "" : " (approx.)",
                        ReportWriter.formatP(t.pHolm()), t.significant() ? " *" : ""));
            }
            md.append('\n');
        }
        sa.accFriedman().ifPresent(fa -> {
            ImanDavenport ida = sa.accImanDavenport().orElseThrow();
            md.append(String.format(Locale.ROOT, "On validation accuracy (higher is better) of the same selected "
                            + "records: Friedman chi2 = %.3f, Iman-Davenport F = %s, p = %s.%n%n", fa.chi2(),
                    fmtF(ida.f()), ReportWriter.formatP(ida.p())));
        });
        if (withBootstrap && !sa.lossCi().isEmpty()) {
            md.append(String.format(Locale.ROOT, "Bootstrap 95%% percentile intervals of the mean over seeds "
                    + "(%,d resamples, seed %d):%n%n", Bootstrap.RESAMPLES, SeedAnalysis.BOOTSTRAP_SEED));
            md.append("| Variant | seeds | best val loss [95% CI] | val acc [95% CI] |\n|---|---:|---|---|\n");
            for (String v : ranked(sa)) {
                Bootstrap.Interval l = sa.lossCi().get(v), a = sa.accCi().get(v);
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", v, l.n(), ci(l), ci(a)));
            }
            md.append('\n');
            if (sa.blocks().n() < 2) {
                md.append("With one seed there is nothing to resample: the intervals are single points and say "
                        + "nothing about run-to-run variation.\n\n");
            }
        }
        return md.toString();
    }

    /** Variants best first by mean rank over seeds when there is a test, else by name. */
    private static List<String> ranked(SeedAnalysis sa) {
        return sa.nemenyi().map(Nemenyi::variants).orElse(sa.blocks().variants());
    }

    private static String ci(Bootstrap.Interval i) {
        if (i.degenerate()) return String.format(Locale.ROOT, "%.4f [no interval: one seed]", i.mean());
        return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", i.mean(), i.lower(), i.upper());
    }

    private static String fmtF(double f) {
        return Double.isInfinite(f) ? "infinity" : String.format(Locale.ROOT, "%.3f", f);
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private static Path text(Path file, String s) throws IOException {
        Files.writeString(file, s, StandardCharsets.UTF_8);
        return file;
    }
}
