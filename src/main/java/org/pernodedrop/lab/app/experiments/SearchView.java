package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.Numbers;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.Duration;
import org.pernodedrop.lab.app.config.ConfigEditor;
import org.pernodedrop.lab.app.config.ConfigField;
import org.pernodedrop.lab.app.config.FieldSet;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.search.Search;
import org.pernodedrop.lab.engine.search.SearchCharts;
import org.pernodedrop.lab.engine.search.SearchSpace;
import org.pernodedrop.lab.engine.search.SearchSpec;
import org.pernodedrop.lab.engine.search.TrainerTrialRunner;
import org.pernodedrop.lab.engine.search.Trial;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The search view: settings of a search (the CLI's {@code search} options), start and cancel, or a search folder to
 * watch (one the CLI is filling works too); the trials as they finish - objective per trial with the best-so-far
 * curve, the objective against each setting - and the best config with a button that opens it as a single run.
 * The view reads the folder (trial.json files) every second, so what it shows is what {@code report} would read.
 */
public final class SearchView extends VBox {

    /** The search's settings: dataset, variants, epochs and the space, strategy, budget and folder. */
    final ConfigEditor editor = new ConfigEditor(FieldSet.SEARCH);
    final Button start = new Button("Start");
    final Button cancel = new Button("Cancel");
    final Button openFolder = new Button("Watch folder\u2026");
    final Button openBest = new Button("Open as single run");
    final Label bestText = new Label("No trial has finished yet.");
    final Label status = new Label();
    private final ChartPane curve = new ChartPane("search-best", "Trials and best so far",
            "Each trial's best validation loss; the line is the best complete trial so far");
    private final ChartPane params = new ChartPane("search-params", "Validation loss against each setting",
            "Hollow grey points were stopped early by ASHA");
    private final Timeline poll = new Timeline(new KeyFrame(Duration.seconds(1), e -> refresh()));
    private volatile Search running;
    private volatile TrainerTrialRunner runner;
    private volatile boolean pauseRequested;
    /** The search is a training job of the window: another job starting pauses it, and it pauses them. */
    private final org.pernodedrop.lab.app.jobs.JobLink job = new org.pernodedrop.lab.app.jobs.JobLink("Search",
            () -> setPaused(true), () -> setPaused(false));
    private Path watched;
    private long lastStamp = -1;
    private Trial best;
    private Consumer<ExperimentConfig> onOpenSingleRun = c -> { };
    private Consumer<String> onError = s -> { };

    public SearchView() {
        getStyleClass().add("search");
        setSpacing(10);
        setPadding(new Insets(10));
        start.setId("search-start");
        cancel.setId("search-cancel");
        cancel.setDisable(true);
        openBest.setId("search-open-best");
        openBest.setDisable(true);
        openBest.setTooltip(new Tooltip("Load the best trial's config into the Single run tab"));
        start.setOnAction(e -> start());
        cancel.setOnAction(e -> {
            Search s = running;
            if (s != null) s.cancel();
        });
        openFolder.setOnAction(e -> chooseFolder());
        openBest.setOnAction(e -> openBest());
        status.getStyleClass().add("small");
        HBox buttons = new HBox(8, start, cancel, openFolder, status);
        buttons.setAlignment(Pos.CENTER_LEFT);
        HBox charts = new HBox(10, curve, params);
        HBox.setHgrow(curve, Priority.ALWAYS);
        HBox.setHgrow(params, Priority.ALWAYS);
        curve.setPrefWidth(420);
        params.setPrefWidth(760);
        VBox.setVgrow(charts, Priority.ALWAYS);
        bestText.setId("search-best-text");
        bestText.setWrapText(true);
        HBox bestRow = new HBox(10, openBest, bestText);
        bestRow.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(editor.layout(), buttons, charts, bestRow);
        poll.setCycleCount(Timeline.INDEFINITE);
        draw(List.of(), List.of());
    }

    public ConfigEditor editor() {
        return editor;
    }

    /** What "Open as single run" does with the best trial's config (the window loads it into the Single run tab). */
    public void setOnOpenSingleRun(Consumer<ExperimentConfig> handler) {
        onOpenSingleRun = handler;
    }

    public void setOnError(Consumer<String> handler) {
        onError = handler;
    }

    /** Shows the search in {@code folder} and follows it as trials finish. */
    public void watch(Path folder) {
        watched = folder;
        editor.text(ConfigField.FOLDER).setText(folder.toString());
        lastStamp = -1;
        refresh();
        poll.play();
    }

    /** The best trial shown, if any. */
    public Optional<Trial> best() {
        return Optional.ofNullable(best);
    }

    private void chooseFolder() {
        DirectoryChooser ch = new DirectoryChooser();
        ch.setTitle("A search folder (search.json, runs/)");
        File f = ch.showDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) watch(f.toPath());
    }

    private void start() {
        SearchSpec spec;
        Path folder;
        try {
            ExperimentConfig base = editor.read();
            double[] r = editor.extra(ConfigField.RATE_RANGE, t -> SearchSpace.parseRange("drop rate", t));
            double[] u = editor.extra(ConfigField.UNITS_RANGE, t -> SearchSpace.parseRange("units", t));
            double[] l = editor.extra(ConfigField.LR_RANGE, t -> SearchSpace.parseRange("learning rate", t));
            editor.variantSpecs(0);
            SearchSpace space = new SearchSpace(editor.variants().selected(), r[0], r[1], (int) u[0], (int) u[1],
                    l[0], l[1]);
            spec = new SearchSpec(base, space, editor.strategy().getValue(), editor.intValue(ConfigField.TRIALS, 1),
                    1, editor.intValue(ConfigField.ASHA, 0), 3, 3);
            folder = editor.folder();
        } catch (IllegalArgumentException e) {
            onError.accept(e.getMessage());
            status.setText(e.getMessage());
            return;
        }
        Search search = new Search(spec, folder);
        running = search;
        pauseRequested = false;
        job.running();
        start.setDisable(true);
        cancel.setDisable(false);
        status.setText("starting\u2026");
        Thread t = new Thread(() -> {
            String end;
            try {
                List<Trial> done = search.prepare(Files.exists(folder.resolve(Search.SPEC_FILE)));
                Dataset data = Datasets.load(spec.base().data(), spec.base().seed());
                TrainerTrialRunner trials = new TrainerTrialRunner(data, null).leaveThreadsToCaller();
                runner = trials;
                if (pauseRequested) {
                    trials.pause();
                    if (!pauseRequested) trials.resume(); // a resume that came between the check and the pause
                }
                Search.Result r = search.run(done, trials, new Search.Listener() {
                }, 0);
                end = Numbers.format("%d trials run, %d kept%s", r.ran(), r.kept(),
                        r.stoppedBecause() == null ? "" : " (" + r.stoppedBecause() + ")");
            } catch (Exception e) {
                end = "search stopped: " + e.getMessage();
            }
            String msg = end;
            Platform.runLater(() -> {
                running = null;
                runner = null;
                job.ended();
                start.setDisable(false);
                cancel.setDisable(true);
                status.setText(msg);
                refresh();
            });
        }, "search");
        t.setDaemon(true);
        t.start();
        watch(folder);
    }

    /** Reads the watched folder off the FX thread, once a second at most, one read at a time. */
    private static final java.util.concurrent.ExecutorService READER =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "search-watch");
                t.setDaemon(true);
                return t;
            });
    /** A read of the folder is under way (FX thread): the poll does not queue another. */
    private boolean reading;

    /** A refresh asked for while a read was under way (a new folder to watch): read again when it ends. */
    private boolean readAgain;

    /** Reloads the watched folder when trials.csv changed; the files are read off the FX thread. */
    void refresh() {
        if (watched == null) return;
        if (reading) {
            readAgain = true;
            return;
        }
        Path folder = watched;
        long known = lastStamp;
        reading = true;
        READER.execute(() -> {
            Runnable show = () -> { };
            try {
                Path tc = folder.resolve(Search.TRIALS_CSV);
                long stamp = Files.exists(tc) ? Files.getLastModifiedTime(tc).toMillis() : 0;
                if (stamp != known) {
                    List<Trial> ts = Search.finishedTrials(folder);
                    List<String> vs = Files.exists(folder.resolve(Search.SPEC_FILE))
                            ? Search.readSpec(folder).space().variants()
                            : ts.stream().map(Trial::variant).distinct().toList();
                    show = () -> {
                        if (!folder.equals(watched)) return; // another folder was chosen meanwhile
                        lastStamp = stamp;
                        draw(ts, vs);
                    };
                }
            } catch (Throwable e) {
                String why = org.pernodedrop.lab.app.Errors.describe(e);
                show = () -> status.setText("Could not read " + folder + ": " + why);
            } finally {
                Runnable shown = show;
                // whatever happened, the next poll may read again
                javafx.application.Platform.runLater(() -> {
                    reading = false;
                    shown.run();
                    if (readAgain) {
                        readAgain = false;
                        refresh();
                    }
                });
            }
        });
    }

    private void draw(List<Trial> ts, List<String> vs) {
        curve.setChart(SearchCharts.bestSoFar(ts, null));
        params.setChart(SearchCharts.parameters(ts, vs, null));
        best = ts.stream().filter(t -> t.state().equals(Trial.COMPLETE) && t.value() != null)
                .min(java.util.Comparator.comparingDouble(Trial::objective)).orElse(null);
        openBest.setDisable(best == null);
        long pruned = ts.stream().filter(t -> t.state().equals(Trial.PRUNED)).count();
        if (best == null) {
            bestText.setText(ts.isEmpty() ? "No trial has finished yet." : ts.size() + " trials, none complete yet.");
        } else {
            bestText.setText(Numbers.format("Best of %d trials (%d stopped early): %s, drop rate %.3g, "
                            + "%d units, learning rate %.3g - validation loss %.4f (trial %d)", ts.size(), pruned,
                    best.variant(), best.rate(), best.units(), best.lr(), best.value(), best.index() + 1));
        }
        if (running == null && watched != null) {
            status.setText(ts.size() + " trials in " + watched);
        }
    }

    private void openBest() {
        if (best == null || watched == null) return;
        Path run = watched.resolve(Search.RUNS_DIR).resolve(best.runId());
        org.pernodedrop.lab.app.jobs.BackgroundWork.shared().submit("Reading " + best.runId(),
                () -> RunFolder.readConfig(run), onOpenSingleRun,
                why -> onError.accept("Could not open " + run + ": " + why));
    }

    /** Makes the search a job of the window's coordinator (one training job at a time). */
    public void setJobs(org.pernodedrop.lab.app.jobs.JobCoordinator coordinator) {
        job.setCoordinator(coordinator);
    }

    private void setPaused(boolean pause) {
        pauseRequested = pause;
        TrainerTrialRunner r = runner;
        if (r == null) return;
        if (pause) r.pause();
        else r.resume();
        status.setText(pause ? "paused (another job is training)" : "running");
    }

    /** Stops following the folder and cancels a running search. */
    public void shutdown() {
        poll.stop();
        Search s = running;
        if (s != null) s.cancel();
    }
}
