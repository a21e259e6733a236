package org.pernodedrop.lab.engine.stats;

import org.pernodedrop.lab.engine.experiment.RunRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The comparison of variants with independent blocks ({@link SeedBlocks}: one per dataset and seed), following
 * Demšar (JMLR 7, 2006): the Friedman test over the blocks with the Iman-Davenport F, the Nemenyi critical
 * difference, pairwise Wilcoxon signed-rank tests with Holm's correction, and bootstrap confidence intervals of each
 * variant's best validation loss and accuracy over seeds. It stands beside the paper's analysis
 * ({@link VariantRanking}), whose five blocks are the top-5 epochs of the same runs and so not independent.
 *
 * @param blocks       the blocks and the selected record of every variant in each
 * @param alpha        significance level of every test and of the critical difference
 * @param friedman     Friedman over the blocks on validation loss (columns in {@code blocks.variants()} order);
 *                     absent with fewer than two blocks or two variants
 * @param imanDavenport its F form
 * @param nemenyi      the post-hoc critical difference on validation-loss ranks
 * @param wilcoxon     every pair of variants on validation loss (a before b in mean-rank order, best first),
 *                     with Holm-adjusted p values
 * @param accFriedman  Friedman on the selected records' validation accuracy (higher is better)
 * @param accImanDavenport its F form
 * @param lossCi       per variant, the bootstrap interval of its mean best validation loss over blocks
 * @param accCi        per variant, the bootstrap interval of its mean validation accuracy over blocks
 * @param notes        plain sentences on left-out blocks and missing tests
 */
public record SeedAnalysis(SeedBlocks blocks, double alpha, Optional<FriedmanResult> friedman,
                           Optional<ImanDavenport> imanDavenport, Optional<Nemenyi> nemenyi, List<PairTest> wilcoxon,
                           Optional<FriedmanResult> accFriedman, Optional<ImanDavenport> accImanDavenport,
                           Map<String, Bootstrap.Interval> lossCi, Map<String, Bootstrap.Interval> accCi,
                           List<String> notes) {

    /** Seed of the bootstrap resampling: reports are reproducible. */
    public static final long BOOTSTRAP_SEED = 20_060_101L;

    /**
     * One Wilcoxon comparison on validation loss.
     *
     * @param a           first variant
     * @param b           second variant
     * @param aLower      blocks where a has the lower validation loss
     * @param bLower      blocks where b has the lower validation loss
     * @param test        the signed-rank test of a's minus b's loss
     * @param pHolm       the Holm-adjusted p value over all pairs
     * @param significant whether pHolm is below alpha
     */
    public record PairTest(String a, String b, int aLower, int bLower, Wilcoxon.Result test, double pHolm,
                           boolean significant) {
        /** The variant with the lower loss in more blocks (a when even). */
        public String better() {
            return bLower > aLower ? b : a;
        }

        public String worse() {
            return bLower > aLower ? a : b;
        }
    }

    public SeedAnalysis {
        wilcoxon = List.copyOf(wilcoxon);
        lossCi = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lossCi));
        accCi = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accCi));
        notes = List.copyOf(notes);
    }

    /** The analysis of {@code records} at level {@code alpha}, bootstrap with {@link Bootstrap#RESAMPLES}. */
    public static SeedAnalysis of(List<RunRecord> records, double alpha) {
        return of(SeedBlocks.of(records), alpha, Bootstrap.RESAMPLES, BOOTSTRAP_SEED);
    }

    public static SeedAnalysis of(SeedBlocks sb, double alpha, int resamples, long seed) {
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        int n = sb.n(), k = sb.k();
        List<String> notes = new ArrayList<>();
        if (!sb.dropped().isEmpty()) {
            List<String> parts = new ArrayList<>();
            sb.dropped().forEach((b, missing) -> parts.add(b + " (no " + String.join(", ", missing) + ")"));
            notes.add("Left out, because not every variant has a finite record there: " + String.join("; ", parts)
                    + ".");
        }
        double[][] loss = sb.valLoss(), acc = sb.valAcc();
        Map<String, Bootstrap.Interval> lossCi = new LinkedHashMap<>(), accCi = new LinkedHashMap<>();
        if (n >= 1) {
            for (int j = 0; j < k; j++) {
                // The same seed for every variant: the resampled blocks are the same, a paired bootstrap.
                lossCi.put(sb.variants().get(j), Bootstrap.meanInterval(SeedBlocks.column(loss, j), resamples,
                        0.95, seed));
                accCi.put(sb.variants().get(j), Bootstrap.meanInterval(SeedBlocks.column(acc, j), resamples,
                        0.95, seed));
            }
        }
        Optional<FriedmanResult> f = Optional.empty(), fa = Optional.empty();
        Optional<ImanDavenport> id = Optional.empty(), ida = Optional.empty();
        Optional<Nemenyi> nem = Optional.empty();
        List<PairTest> pairs = new ArrayList<>();
        if (k < 2) {
            notes.add(k == 0 ? "No variant has a finite validation loss: nothing to compare."
                    : "Only one variant (" + sb.variants().get(0) + "): nothing to compare.");
        } else if (n < 2) {
            notes.add(n == 0 ? "No (dataset, seed) pair holds a record of every variant: no test."
                    : "One seed only: the tests need at least two independent blocks.");
        } else {
            FriedmanResult fl = Friedman.test(loss);
            f = Optional.of(fl);
            id = Optional.of(ImanDavenport.of(fl));
            nem = Optional.of(Nemenyi.of(sb.variants(), fl, alpha));
            double[][] negAcc = new double[n][k];
            for (int t = 0; t < n; t++) for (int j = 0; j < k; j++) negAcc[t][j] = -acc[t][j];
            FriedmanResult fAcc = Friedman.test(negAcc);
            fa = Optional.of(fAcc);
            ida = Optional.of(ImanDavenport.of(fAcc));
            // pairs and their table follow the mean-rank order (best first), as the diagram does
            List<String> byRank = nem.get().variants();
            double[][] lossByRank = new double[n][k];
            for (int j = 0; j < k; j++) {
                int col = sb.variants().indexOf(byRank.get(j));
                for (int t = 0; t < n; t++) lossByRank[t][j] = loss[t][col];
            }
            pairs = pairTests(byRank, lossByRank, alpha);
        }
        return new SeedAnalysis(sb, alpha, f, id, nem, pairs, fa, ida, lossCi, accCi, notes);
    }

    /** Wilcoxon on every pair (i < j in column order), Holm over all of them. */
    static List<PairTest> pairTests(List<String> names, double[][] loss, double alpha) {
        int k = names.size();
        List<int[]> idx = new ArrayList<>();
        List<Wilcoxon.Result> tests = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                idx.add(new int[]{i, j});
                tests.add(Wilcoxon.test(SeedBlocks.column(loss, i), SeedBlocks.column(loss, j)));
            }
        }
        double[] p = new double[tests.size()];
        for (int m = 0; m < p.length; m++) p[m] = tests.get(m).p();
        double[] adj = Holm.adjust(p);
        List<PairTest> out = new ArrayList<>();
        for (int m = 0; m < p.length; m++) {
            int i = idx.get(m)[0], j = idx.get(m)[1];
            int aLower = 0, bLower = 0;
            for (double[] row : loss) {
                if (row[i] < row[j]) aLower++;
                else if (row[j] < row[i]) bLower++;
            }
            out.add(new PairTest(names.get(i), names.get(j), aLower, bLower, tests.get(m), adj[m], adj[m] < alpha));
        }
        return out;
    }

    /** A plain-language reading that says what the independent blocks can and cannot tell. */
    public String reading() {
        int n = blocks.n(), k = blocks.k();
        if (k < 2) return "Nothing to compare: " + (k == 0 ? "no variant has a finite validation loss." :
                "only one variant has results.");
        if (n < 2) {
            return String.format(Locale.ROOT, "Cannot tell from %s. Each variant has one independent run per seed, "
                    + "and with %s the differences between variants cannot be told apart from run-to-run noise "
                    + "(initialisation, data split and order): there is nothing to measure that noise with. "
                    + "Run the sweep with two or more seeds; the Wilcoxon test needs at least 6 to reach p < %.2f "
                    + "at all, the Friedman/Iman-Davenport test gains power with every seed.",
                    n == 0 ? "these runs" : "one seed", n == 0 ? "no seed where every variant ran"
                            : "a single seed", alpha);
        }
        FriedmanResult f = friedman.orElseThrow();
        ImanDavenport id = imanDavenport.orElseThrow();
        Nemenyi nm = nemenyi.orElseThrow();
        StringBuilder sb = new StringBuilder();
        String pF = p(id.p());
        if (id.p() < alpha) {
            sb.append(String.format(Locale.ROOT, "Over %d independent seeds the %d variants do not perform alike "
                    + "(Friedman chi2 = %.3f; Iman-Davenport F = %s with df %d and %d, %s, below %.2f). ", n, k,
                    f.chi2(), fmtF(id.f()), id.df1(), id.df2(), pF, alpha));
            List<String> sig = new ArrayList<>();
            for (Nemenyi.Pair pr : nm.pairs()) if (pr.significant()) sig.add(pr.better() + " < " + pr.worse());
            sb.append(String.format(Locale.ROOT, "Nemenyi (CD = %.3f mean ranks at %.2f): ", nm.cd(), alpha));
            sb.append(sig.isEmpty() ? "no pair differs by the critical difference; the omnibus test can detect a "
                    + "difference that no single pair shows with this few seeds. " : "significantly different: "
                    + String.join(", ", sig) + " (lower loss first). ");
        } else {
            sb.append(String.format(Locale.ROOT, "Over %d independent seeds the %d variants' ranks could have "
                    + "arisen by chance (Friedman chi2 = %.3f; Iman-Davenport F = %s with df %d and %d, %s, not "
                    + "below %.2f). This is no evidence that they are equal: with %d seeds only large, consistent "
                    + "differences can show. ", n, k, f.chi2(), fmtF(id.f()), id.df1(), id.df2(), pF, alpha, n));
        }
        List<String> wsig = new ArrayList<>();
        for (PairTest pt : wilcoxon) if (pt.significant()) wsig.add(pt.better() + " < " + pt.worse());
        sb.append("Pairwise Wilcoxon with Holm's correction: ").append(wsig.isEmpty() ? "no pair is significant"
                : "significant: " + String.join(", ", wsig)).append(". ");
        int m = wilcoxon.size();
        double floor = Wilcoxon.smallestExactP(n) * m;
        if (floor >= alpha) {
            sb.append(String.format(Locale.ROOT, "With %d seeds the smallest exact two-sided Wilcoxon p is 2/2^%d "
                    + "= %.5f, and Holm multiplies the smallest of the %d p values by %d, so no pair can reach %.2f "
                    + "whatever the data; more seeds are needed for pairwise claims.", n, n,
                    Wilcoxon.smallestExactP(n), m, m, alpha));
        }
        return sb.toString().trim();
    }

    /** One line for the CLI and the app's summary. */
    public String summary() {
        if (friedman.isEmpty()) {
            return "seeds as blocks: no test (" + (blocks.k() < 2 ? "fewer than two variants" : blocks.n()
                    + " complete seed block" + (blocks.n() == 1 ? "" : "s") + ", need 2") + ")";
        }
        FriedmanResult f = friedman.get();
        ImanDavenport id = imanDavenport.orElseThrow();
        return String.format(Locale.ROOT, "seeds as blocks (N = %d): Friedman chi2 = %.3f, Iman-Davenport F = %s, "
                        + "%s; Nemenyi CD = %.3f", f.n(), f.chi2(), fmtF(id.f()), p(id.p()),
                nemenyi.orElseThrow().cd());
    }

    static String fmtF(double f) {
        return Double.isInfinite(f) ? "infinity" : String.format(Locale.ROOT, "%.3f", f);
    }

    private static String p(double p) {
        return p < 0.00001 ? String.format(Locale.ROOT, "p = %.1e", p) : String.format(Locale.ROOT, "p = %.5f", p);
    }
}
