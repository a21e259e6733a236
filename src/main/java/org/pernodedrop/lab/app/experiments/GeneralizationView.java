package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.Numbers;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.pernodedrop.lab.app.jobs.BackgroundWork;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.report.ReportCharts;
import org.pernodedrop.lab.engine.report.ReportTables;
import org.pernodedrop.lab.engine.report.ReportWriter;
import org.pernodedrop.lab.engine.stats.Calibration;
import org.pernodedrop.lab.engine.stats.Friedman;
import org.pernodedrop.lab.engine.stats.FriedmanResult;
import org.pernodedrop.lab.engine.stats.SeedAnalysis;
import org.pernodedrop.lab.engine.stats.VariantRanking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The paper's generalization picture, filling in as epochs arrive: scatter (Figs. 3, 5, 7), bars (Figs. 2, 4, 6),
 * the drop-rate curve, the statistics (Table V with the Friedman test as in the paper, and beside it the comparison
 * with seeds as independent blocks and its critical-difference diagram, each with a plain reading) and the results
 * table.
 * Every chart is the engine's {@link ReportCharts} figure, rebuilt from the {@link ResultsModel} at most
 * {@link #REFRESH_MS} after a change, never per record, and only while the view is on screen
 * ({@link #shownProperty}): a hidden view only notes that it is stale and rebuilds once when shown again.
 * Exports (CSV, report folder) are written on the window's I/O thread ({@link BackgroundWork}).
 */
public final class GeneralizationView extends BorderPane {

    /** Coalescing delay between a results change and the redraw (JFreeChart redraws whole charts). */
    public static final long REFRESH_MS = 200;

    private final ResultsModel results;
    private final TabPane tabs = new TabPane();
    private final ChartPane scatter = new ChartPane("scatter", "Validation vs training loss",
            "top-3 epochs per variant, split at the median validation loss; hover a point for details");
    private final ChartPane bars = new ChartPane("bars", "Top-3 validation losses", "per variant, best first");
    private final ChartPane dropRate = new ChartPane("drop_rate", "Drop-rate effect",
            "best validation loss and the train/validation gap against the rate");
    private final ChartPane ranks = new ChartPane("ranks", "Mean ranks",
            "Table V as in the paper: top-5 epochs as blocks (not independent)");
    private final ChartPane cd = new ChartPane("cd", "Critical difference",
            "seeds as blocks: Nemenyi test over independent runs");
    private final CheckBox everyEpoch = new CheckBox("every epoch");
    private final Label reading = new Label();
    private final Label description = new Label();
    private final Label statsNumbers = new Label();
    private final Label seedReading = new Label();
    private final Label seedNumbers = new Label();
    private final TableView<RunRecord> table = new TableView<>();
    private final TextField filter = new TextField();
    private final Label tableCount = new Label();
    private final PauseTransition refresh = new PauseTransition(Duration.millis(REFRESH_MS));
    private FilteredList<RunRecord> filtered;
    private Consumer<String> onError = s -> { };
    private Consumer<String> onInfo = s -> { };
    private java.util.function.Supplier<java.util.Map<String, org.pernodedrop.lab.engine.stats.Calibration.Summary>>
            calibration = java.util.Map::of;
    private VariantRanking ranking;
    private SeedAnalysis seedAnalysis;
    private final javafx.beans.property.BooleanProperty shown = new javafx.beans.property.SimpleBooleanProperty(true);
    /** Results changed while hidden: rebuild when shown. */
    private boolean stale;
    private int rebuilds;
    private long generation;
    private final javafx.beans.property.ReadOnlyBooleanWrapper building = new javafx.beans.property.ReadOnlyBooleanWrapper();
    /** One thread computes the charts and statistics for every generalization view (latest request wins). */
    private static final java.util.concurrent.ExecutorService CHARTS = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lab-charts");
                t.setDaemon(true);
                return t;
            });

    public GeneralizationView(ResultsModel results) {
        this.results = results;
        createView();
        initListeners();
        rebuild();
    }

    private void createView() {
        getStyleClass().add("generalization");
        everyEpoch.setId("every-epoch");
        everyEpoch.setTooltip(new Tooltip("Show every recorded epoch, not only the top-3 per variant; the split "
                + "stays at the median of the top-3"));
        scatter.header().getChildren().add(scatter.header().getChildren().size() - 2, everyEpoch);

        reading.setWrapText(true);
        reading.setId("stats-reading");
        reading.getStyleClass().add("stats-reading");
        statsNumbers.setId("stats-numbers");
        statsNumbers.getStyleClass().add("stats-numbers");
        statsNumbers.setWrapText(true);
        seedReading.setWrapText(true);
        seedReading.setId("seeds-reading");
        seedReading.getStyleClass().add("stats-reading");
        seedNumbers.setId("seeds-numbers");
        seedNumbers.getStyleClass().add("stats-numbers");
        seedNumbers.setWrapText(true);
        VBox statsText = new VBox(10, title("What the statistics say"),
                title("As in the paper (top-5 epochs as blocks; not independent)"), reading, statsNumbers,
                title("Seeds as blocks (independent runs)"), seedReading, seedNumbers);
        statsText.getStyleClass().add("card");
        javafx.scene.control.ScrollPane statsScroll = new javafx.scene.control.ScrollPane(statsText);
        statsScroll.setFitToWidth(true);
        statsScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        statsScroll.setPrefWidth(430);
        statsScroll.setMinWidth(280);
        VBox figures = new VBox(10, ranks, cd);
        VBox.setVgrow(ranks, Priority.ALWAYS);
        VBox.setVgrow(cd, Priority.ALWAYS);
        BorderPane stats = new BorderPane(figures);
        stats.setRight(statsScroll);
        BorderPane.setMargin(statsScroll, new Insets(0, 0, 0, 10));

        buildTable();
        filter.setPromptText("filter: variant, rate, run id (e.g. pernode 0.5)");
        filter.setId("results-filter");
        filter.setAccessibleText("Filter the results by variant, rate or run id");
        HBox.setHgrow(filter, Priority.ALWAYS);
        Button csv = new Button("CSV");
        csv.setId("table-csv");
        csv.setTooltip(new Tooltip("Save the rows shown (filtered and sorted) as CSV"));
        csv.setOnAction(e -> chooseCsv());
        Button report = new Button("Report folder\u2026");
        report.setId("export-report");
        report.setTooltip(new Tooltip("Write the CLI's report/ folder (figures, tables, statistics, report.md) "
                + "for all results"));
        report.setOnAction(e -> chooseReport());
        HBox tableBar = new HBox(8, title("Results"), filter, tableCount, csv, report);
        tableBar.setAlignment(Pos.CENTER_LEFT);
        VBox tableBox = new VBox(6, tableBar, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        tableBox.getStyleClass().add("card");

        Tab tableTab = tab("Table", tableBox);
        tabs.getTabs().addAll(tab("Scatter", scatter), tab("Bars", bars), tab("Drop rate", dropRate),
                tab("Statistics", stats), tableTab);
        // A TableView is laid out even on a hidden tab, and with thousands of rows replaced (a sweep folder opened,
        // epochs arriving) that layout cost up to a second of the FX thread: the table is in the scene only while
        // its tab is on screen. Its rows (filter, sort, export) do not depend on it being shown.
        javafx.scene.layout.Region away = new javafx.scene.layout.Region();
        Runnable attach = () -> tableTab.setContent(tableTab.isSelected() && shown.get() ? tableBox : away);
        tableTab.selectedProperty().addListener((o, a, b) -> attach.run());
        shown.addListener((o, a, b) -> attach.run());
        attach.run();
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("generalization-tabs");
        setCenter(tabs);
        description.setWrapText(true);
        description.setId("session-description");
        description.getStyleClass().add("card-hint");
        description.textProperty().bind(results.descriptionProperty());
        description.managedProperty().bind(description.textProperty().isNotEmpty());
        description.visibleProperty().bind(description.textProperty().isNotEmpty());
        setTop(description);
        BorderPane.setMargin(description, new Insets(0, 4, 6, 4));
        setPadding(new Insets(8));
        for (ChartPane p : charts()) p.setOnError(m -> onError.accept(m));
        cd.setOnError(m -> onError.accept(m));
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("card-title");
        return l;
    }

    private static Tab tab(String name, javafx.scene.Node content) {
        Tab t = new Tab(name, content);
        t.setId("tab-" + name.toLowerCase(Locale.ROOT).replace(' ', '-'));
        return t;
    }

    private void buildTable() {
        table.setId("results-table");
        table.setAccessibleText("Results, one row per run and epoch");
        table.getColumns().add(col("variant", RunRecord::variant, 170));
        table.getColumns().add(col("rate", RunRecord::rate, 60));
        table.getColumns().add(col("epoch", RunRecord::epoch, 60));
        table.getColumns().add(num("val acc", RunRecord::valAcc, "%.4f"));
        table.getColumns().add(num("val loss", RunRecord::valLoss, "%.4f"));
        table.getColumns().add(num("train loss", RunRecord::trainLoss, "%.4f"));
        table.getColumns().add(num("train acc", RunRecord::trainAcc, "%.4f"));
        table.getColumns().add(col("units", RunRecord::units, 60));
        table.getColumns().add(col("seed", RunRecord::seed, 55));
        table.getColumns().add(col("run", RunRecord::runId, 220));
        filtered = new FilteredList<>(results.records(), r -> true);
        SortedList<RunRecord> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setPlaceholder(new Label("No results yet: run a comparison or a sweep, or open a session."));
    }

    private static <T extends Comparable<T>> TableColumn<RunRecord, T> col(String name, Function<RunRecord, T> f,
                                                                           double width) {
        TableColumn<RunRecord, T> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<RunRecord, Double> num(String name, Function<RunRecord, Double> f, String fmt) {
        TableColumn<RunRecord, Double> c = col(name, f, 85);
        c.setCellFactory(tc -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : Numbers.format(fmt, v));
            }
        });
        return c;
    }

    private void initListeners() {
        refresh.setOnFinished(e -> rebuildIfShown());
        results.revisionProperty().addListener((o, a, b) -> refresh.playFromStart());
        shown.addListener((o, a, b) -> {
            if (b && stale) rebuildInBackground();
        });
        everyEpoch.selectedProperty().addListener((o, a, b) -> rebuildInBackground());
        filter.textProperty().addListener((o, a, b) -> {
            filtered.setPredicate(matcher(b));
            updateCount();
        });
    }

    /** Every whitespace-separated term must occur in the variant, the rate, the run id or the epoch. */
    static java.util.function.Predicate<RunRecord> matcher(String text) {
        String[] terms = text == null ? new String[0] : text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        return r -> {
            String hay = (r.variant() + " " + r.rate() + " " + r.runId() + " epoch" + r.epoch() + " u" + r.units()
                    + " s" + r.seed()).toLowerCase(Locale.ROOT);
            for (String t : terms) if (!t.isEmpty() && !hay.contains(t)) return false;
            return true;
        };
    }

    private void rebuildIfShown() {
        if (shown.get()) {
            rebuildInBackground();
        } else {
            stale = true;
        }
    }

    /** Whether this view is on screen; the workspace binds it to its tab. True when used on its own. */
    public javafx.beans.property.BooleanProperty shownProperty() {
        return shown;
    }

    /** How many times the charts and statistics were rebuilt (tests: none while hidden). */
    public int rebuildCount() {
        return rebuilds;
    }

    /** Everything a rebuild computes from the records: the five figures and the two analyses. */
    private record Built(JFreeChart scatter, JFreeChart bars, JFreeChart dropRate, JFreeChart ranks, JFreeChart cd,
                         VariantRanking ranking, SeedAnalysis seeds) {
    }

    /**
     * The charts and statistics of {@code all}; touches no node, so it may run on any thread (with 5,000 records the
     * seeds-as-blocks bootstrap and the figures took seconds on the FX thread).
     */
    private static Built compute(List<RunRecord> all, boolean everyEpoch, String label) {
        List<RunRecord> top3 = ReportTables.topPerVariant(all, ReportTables.TOP_CONFIGS);
        JFreeChart sc;
        if (everyEpoch) {
            List<RunRecord> finite = all.stream().filter(r -> Double.isFinite(r.valLoss())
                    && Double.isFinite(r.trainLoss())).toList();
            sc = ReportCharts.scatter(finite, ReportTables.medianValLoss(top3),
                    "Validation vs epoch-end training loss, every epoch" + label);
        } else {
            sc = ReportCharts.scatter(top3, "Validation vs epoch-end training loss" + label);
        }
        JFreeChart b = ReportCharts.bars(top3, "Top-3 validation losses per variant" + label);
        JFreeChart d = ReportCharts.dropRateCurves(ReportTables.dropRateCurves(all), "Drop-rate effect" + label);
        VariantRanking r = VariantRanking.of(all);
        JFreeChart rk = ReportCharts.meanRanks(r, "Mean ranks (Table V), as in the paper" + label);
        SeedAnalysis sa = SeedAnalysis.of(all, ReportWriter.ALPHA);
        JFreeChart c = ReportCharts.criticalDifference(sa.nemenyi().orElse(null),
                sa.blocks().k() < 2 ? "No diagram: fewer than two variants." : "No diagram: "
                        + sa.blocks().n() + " complete seed block(s); the test needs 2 or more seeds.",
                "Critical difference, seeds as blocks" + label);
        return new Built(sc, b, d, rk, c, r, sa);
    }

    private void apply(Built b) {
        scatter.setChart(b.scatter());
        bars.setChart(b.bars());
        dropRate.setChart(b.dropRate());
        ranking = b.ranking();
        ranks.setChart(b.ranks());
        seedAnalysis = b.seeds();
        cd.setChart(b.cd());
        updateStats();
        updateSeedStats();
        updateCount();
    }

    private String label() {
        return results.titleProperty().get().isBlank() ? "" : " - " + results.titleProperty().get();
    }

    /** Rebuilds every chart and the statistics from the current records, now, on the FX thread (tests, export). */
    public void rebuild() {
        stale = false;
        rebuilds++;
        generation++;
        apply(compute(results.snapshot(), everyEpoch.isSelected(), label()));
        building.set(false);
    }

    /**
     * Rebuilds from a copy of the records on the chart thread and shows the result on the FX thread; a newer
     * rebuild supersedes an older one still computing (its result is dropped).
     */
    private void rebuildInBackground() {
        stale = false;
        rebuilds++;
        long gen = ++generation;
        List<RunRecord> all = results.snapshot();
        boolean every = everyEpoch.isSelected();
        String label = label();
        building.set(true);
        CHARTS.execute(() -> {
            Built b;
            try {
                b = compute(all, every, label);
            } catch (RuntimeException e) {
                String why = org.pernodedrop.lab.app.Errors.describe(e);
                javafx.application.Platform.runLater(() -> {
                    if (gen != generation) return;
                    building.set(false);
                    onError.accept("could not draw the generalization charts: " + why);
                });
                return;
            }
            javafx.application.Platform.runLater(() -> {
                if (gen != generation) return;
                apply(b);
                building.set(false);
            });
        });
    }

    /** True while a rebuild computes off the FX thread (tests wait for it). */
    public javafx.beans.property.ReadOnlyBooleanProperty buildingProperty() {
        return building.getReadOnlyProperty();
    }

    private void updateStats() {
        if (ranking.friedman().isPresent()) {
            FriedmanResult f = ranking.friedman().get();
            reading.setText(Friedman.reading(f, ReportWriter.ALPHA));
            StringBuilder sb = new StringBuilder();
            sb.append(Numbers.format("Friedman \u03c7\u00b2 = %.3f%ndf = %d, p = %s%nKendall's W = %.3f%n"
                            + "k = %d variants, N = %d blocks%n%nMean rank (1 = best):%n", f.chi2(), f.df(),
                    ReportWriter.formatP(f.p(), Numbers.locale()), f.kendallW(), f.k(), f.n()));
            for (String v : ranking.variants()) {
                sb.append(Numbers.format(" %5.2f  %s%n", ranking.pooledMeanRanks().get(v), v));
            }
            for (String n : ranking.notes()) sb.append('\n').append(n);
            statsNumbers.setText(sb.toString());
        } else {
            reading.setText(ranking.notes().isEmpty() ? "No test yet." : String.join(" ", ranking.notes()));
            statsNumbers.setText("The Friedman test needs at least two variants with " + VariantRanking.TOP
                    + " recorded epochs each.");
        }
    }

    /** The second section: the comparison with one independent block per seed ({@link SeedAnalysis}). */
    private void updateSeedStats() {
        seedReading.setText(seedAnalysis.reading());
        StringBuilder sb = new StringBuilder();
        seedAnalysis.friedman().ifPresent(f -> {
            var id = seedAnalysis.imanDavenport().orElseThrow();
            sb.append(Numbers.format("Friedman \u03c7\u00b2 = %.3f, df = %d%nIman-Davenport F = %s "
                            + "(df %d, %d), p = %s%nk = %d variants, N = %d seeds%nNemenyi CD = %.3f%n%n"
                            + "Mean rank over seeds (1 = best):%n", f.chi2(), f.df(),
                    Double.isInfinite(id.f()) ? "\u221e" : Numbers.format("%.3f", id.f()), id.df1(),
                    id.df2(), ReportWriter.formatP(id.p(), Numbers.locale()), f.k(), f.n(), seedAnalysis.nemenyi().orElseThrow().cd()));
            var nm = seedAnalysis.nemenyi().orElseThrow();
            double[] r = nm.meanRanks();
            for (int i = 0; i < r.length; i++) sb.append(Numbers.format(" %5.2f  %s%n", r[i],
                    nm.variants().get(i)));
        });
        if (!seedAnalysis.lossCi().isEmpty() && seedAnalysis.blocks().n() >= 2) {
            sb.append(Numbers.format("%nBest validation loss, mean over seeds [bootstrap 95%% CI]:%n"));
            List<String> order = seedAnalysis.nemenyi().map(org.pernodedrop.lab.engine.stats.Nemenyi::variants)
                    .orElse(seedAnalysis.blocks().variants());
            for (String v : order) {
                var ci = seedAnalysis.lossCi().get(v);
                sb.append(Numbers.format(" %.4f [%.4f \u2013 %.4f]  %s%n", ci.mean(), ci.lower(), ci.upper(),
                        v));
            }
        }
        for (String n : seedAnalysis.notes()) sb.append('\n').append(n);
        seedNumbers.setText(sb.toString().strip());
    }

    private void updateCount() {
        tableCount.setText(filtered.size() + " of " + results.records().size() + " rows");
    }

    public void setOnError(Consumer<String> handler) {
        onError = handler;
    }

    public void setOnInfo(Consumer<String> handler) {
        onInfo = handler;
    }

    public List<ChartPane> charts() {
        return List.of(scatter, bars, dropRate, ranks);
    }

    public TabPane tabs() {
        return tabs;
    }

    public CheckBox everyEpoch() {
        return everyEpoch;
    }

    public TextField filter() {
        return filter;
    }

    public TableView<RunRecord> table() {
        return table;
    }

    public ChartPane scatter() {
        return scatter;
    }

    public ChartPane bars() {
        return bars;
    }

    public ChartPane dropRate() {
        return dropRate;
    }

    public ChartPane ranks() {
        return ranks;
    }

    public String readingText() {
        return reading.getText();
    }

    public VariantRanking ranking() {
        return ranking;
    }

    /** The seeds-as-blocks analysis behind the statistics panel's second section. */
    public SeedAnalysis seedAnalysis() {
        return seedAnalysis;
    }

    public String seedReadingText() {
        return seedReading.getText();
    }

    /** The critical-difference diagram of the statistics tab (not in {@link #charts()}, which lists Table V's). */
    public ChartPane cd() {
        return cd;
    }

    /** Points drawn in the scatter, over both panels. */
    public int scatterPointCount() {
        JFreeChart c = scatter.chart();
        int n = 0;
        if (c != null && c.getPlot() instanceof CombinedRangeXYPlot p) {
            for (XYPlot sub : p.getSubplots()) {
                for (int s = 0; s < sub.getDataset().getSeriesCount(); s++) n += sub.getDataset().getItemCount(s);
            }
        }
        return n;
    }

    /** Bars drawn in the bar chart. */
    public int barCount() {
        JFreeChart c = bars.chart();
        if (c == null || !(c.getPlot() instanceof CategoryPlot p) || p.getDataset() == null) return 0;
        return p.getDataset().getColumnCount();
    }

    /** Writes the rows on screen, as filtered and sorted. */
    public void exportTable(Path file) throws IOException {
        ResultsCsv.write(new ArrayList<>(table.getItems()), file);
    }

    /** Where the report's calibration section comes from (the uncertainty view's latest MC results). */
    public void setCalibrationSource(java.util.function.Supplier<java.util.Map<String,
            org.pernodedrop.lab.engine.stats.Calibration.Summary>> source) {
        calibration = source;
    }

    /**
     * Writes the CLI's report folder for every result into {@code dir}, with the Monte Carlo calibration table and
     * reliability diagram when the uncertainty view has results.
     */
    public ReportWriter.Result exportReport(Path dir) throws IOException {
        return writeReport(results.snapshot(), calibration.get(), dir);
    }

    /** The report of copies taken on the FX thread: safe on any thread. */
    private static ReportWriter.Result writeReport(List<RunRecord> all, Map<String, Calibration.Summary> mc, Path dir)
            throws IOException {
        if (all.isEmpty()) throw new IOException("no results to report yet");
        ReportWriter.Options d = ReportWriter.Options.defaults();
        return ReportWriter.write(all, dir, new ReportWriter.Options(d.pngScale(), mc));
    }

    private void chooseCsv() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the results table");
        fc.setInitialFileName("results.csv");
        var f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) return;
        List<RunRecord> rows = new ArrayList<>(table.getItems());
        BackgroundWork.shared().submit("writing " + f.getName(), () -> {
            ResultsCsv.write(rows, f.toPath());
            return f;
        }, done -> onInfo.accept("wrote " + done), why -> onError.accept("could not write " + f + ": " + why));
    }

    private void chooseReport() {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle("Folder for the report (report.md, figures, tables)");
        var f = dc.showDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) return;
        List<RunRecord> all = results.snapshot();
        var mc = Map.copyOf(calibration.get());
        BackgroundWork.shared().submit("writing the report", () -> writeReport(all, mc, f.toPath()),
                r -> onInfo.accept("wrote " + r.files().size() + " files to " + r.reportDir()),
                why -> onError.accept("could not write the report: " + why));
    }
}
