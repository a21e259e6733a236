package org.pernodedrop.lab.app.experiments;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.pernodedrop.lab.app.jobs.BackgroundWork;
import org.pernodedrop.lab.app.jobs.BackgroundWorkIndicator;
import org.pernodedrop.lab.engine.experiment.Session;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/**
 * The experiments workspace: compare live, sweeps, the generalization views and teaching, under one toolbar for
 * sessions (open, save, recent, drag-and-drop), the report folder, the theme and presentation mode. All views share
 * one {@link ResultsModel}.
 */
public final class ExperimentsView extends BorderPane {

    public static final String EXPERIMENTS_CSS = "/assets/lab-experiments.css";
    public static final String DARK_CSS = "/assets/lab-dark.css";
    public static final String PRESENTATION_CSS = "/assets/lab-presentation.css";
    /** The key that cycles the views in presentation mode (and outside it). */
    public static final KeyCode CYCLE_KEY = KeyCode.V;

    private final ResultsModel results;
    private final CompareModel compare;
    private final SweepModel sweep;
    private final SessionFiles files;
    private final Preferences prefs;
    private final CompareView compareView;
    private final SweepView sweepView;
    private final GeneralizationView generalization;
    private final TeachingView teaching;
    private final UncertaintyModel uncertainty = new UncertaintyModel();
    private final UncertaintyView uncertaintyView = new UncertaintyView(uncertainty);
    private final SearchView searchView = new SearchView();
    private final TabPane tabs = new TabPane();
    private final Label status = new Label();
    private final MenuButton recent = new MenuButton("Recent");
    private final ToggleButton dark = new ToggleButton("Dark");
    private final ToggleButton presentation = new ToggleButton("Presentation");
    private final Label sessionTitle = new Label();
    private final BackgroundWork work = BackgroundWork.shared();
    /** Whether this workspace is on screen (the window's Experiments tab); hidden views catch up when shown. */
    private final javafx.beans.property.BooleanProperty shown = new javafx.beans.property.SimpleBooleanProperty(true);
    /** The scene whose key filter cycles the views: added once per scene, removed when the view leaves it. */
    private Scene keyScene;

    private final org.pernodedrop.lab.app.jobs.JobCoordinator jobs;

    /** A workspace with its own job coordinator (on its own, as tests open it). */
    public ExperimentsView(Preferences prefs) {
        this(prefs, new org.pernodedrop.lab.app.jobs.JobCoordinator());
    }

    /** A workspace whose compare, sweep, estimate and Monte Carlo runs are jobs of {@code jobs}. */
    public ExperimentsView(Preferences prefs, org.pernodedrop.lab.app.jobs.JobCoordinator jobs) {
        this.prefs = prefs;
        this.jobs = jobs;
        results = new ResultsModel();
        compare = new CompareModel(results);
        sweep = new SweepModel(results);
        files = new SessionFiles(prefs);
        compareView = new CompareView(compare);
        sweepView = new SweepView(sweep);
        generalization = new GeneralizationView(results);
        teaching = new TeachingView(this::teach);
        compare.setJobs(jobs);
        sweep.setJobs(jobs);
        uncertainty.setJobs(jobs);
        searchView.setJobs(jobs);
        createView();
        initListeners();
    }

    private void createView() {
        getStyleClass().add("experiments");
        Button open = new Button("Open\u2026");
        open.setId("open-session");
        open.setTooltip(new Tooltip("Open a saved session (" + Session.EXTENSION + "); you can also drop one, or a "
                + "sweep folder, on the window"));
        open.setOnAction(e -> chooseOpen());
        Button openFolder = new Button("Open sweep folder\u2026");
        openFolder.setTooltip(new Tooltip("Open a folder written by 'pernodedrop-lab sweep' (runs.csv and runs/)"));
        openFolder.setOnAction(e -> chooseFolder());
        Button save = new Button("Save session\u2026");
        save.setId("save-session");
        save.setTooltip(new Tooltip("Save every config and result shown here in one JSON file that opens without "
                + "training"));
        save.setOnAction(e -> chooseSave());
        recent.setId("recent");
        dark.setId("theme-dark");
        dark.setTooltip(new Tooltip("Dark theme"));
        presentation.setId("presentation");
        presentation.setTooltip(new Tooltip("Larger fonts, advanced controls hidden; press V to cycle the views"));
        sessionTitle.getStyleClass().add("session-title");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        status.setId("experiments-status");
        status.getStyleClass().add("small");
        status.setMinWidth(0);
        HBox bar = new HBox(8, open, openFolder, recent, save, sessionTitle, gap, new BackgroundWorkIndicator(work),
                status, new org.pernodedrop.lab.app.jobs.JobsButton(jobs), dark, presentation);
        for (javafx.scene.Node n : List.of(open, openFolder, recent, save, dark, presentation)) {
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }
        sessionTitle.setMinWidth(0);
        sessionTitle.setMaxWidth(460);
        HBox.setHgrow(status, Priority.SOMETIMES);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 6, 10));
        bar.getStyleClass().add("experiments-bar");
        setTop(bar);
        tabs.getTabs().addAll(new Tab("Compare live", compareView), new Tab("Sweep", sweepView),
                new Tab("Generalization", generalization), new Tab("Teaching", teaching),
                new Tab("Uncertainty", uncertaintyView));
        tabs.getTabs().get(0).setId("tab-compare");
        tabs.getTabs().get(1).setId("tab-sweep");
        tabs.getTabs().get(2).setId("tab-generalization");
        tabs.getTabs().get(3).setId("tab-teaching");
        tabs.getTabs().get(4).setId("tab-uncertainty");
        Tab search = new Tab("Search", searchView);
        search.setId("tab-search");
        tabs.getTabs().add(search);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setCenter(tabs);
        refreshRecent();
    }

    private void initListeners() {
        generalization.setOnError(this::error);
        generalization.setOnInfo(this::info);
        generalization.setCalibrationSource(uncertainty::monteCarloSummaries);
        sweepView.setOnError(this::error);
        searchView.setOnError(this::error);
        results.titleProperty().addListener((o, a, b) -> sessionTitle.setText(b));
        // the coordinator paused or stopped a job to start another: say so where the user looks
        jobs.messageProperty().addListener((o, a, b) -> {
            if (b.contains(" paused") || b.contains(" stopped")) info(b);
        });
        results.descriptionProperty().addListener((o, a, b) -> sessionTitle.setTooltip(
                b == null || b.isBlank() ? null : new Tooltip(b)));
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = false;
            if (e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty()) {
                open(e.getDragboard().getFiles().get(0).toPath());
                ok = true;
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        dark.selectedProperty().addListener((o, a, b) -> {
            applyStylesheet(DARK_CSS, b);
            org.pernodedrop.lab.app.Theme.darkProperty().set(b);
            prefs.putBoolean("theme.dark", b);
        });
        presentation.selectedProperty().addListener((o, a, b) -> setPresentation(b));
        generalization.shownProperty().bind(shown.and(tabs.getSelectionModel().selectedIndexProperty().isEqualTo(2)));
        sceneProperty().addListener((o, a, s) -> {
            // one filter per scene: re-attaching the view (a tab switch, a new window) must not add a second one,
            // which would cycle two views per key press
            if (keyScene != null && keyScene != s) keyScene.removeEventFilter(KeyEvent.KEY_PRESSED, keyFilter);
            if (s == null) {
                keyScene = null;
                return;
            }
            if (keyScene != s) s.addEventFilter(KeyEvent.KEY_PRESSED, keyFilter);
            keyScene = s;
            applyStylesheet(EXPERIMENTS_CSS, true);
            applyStylesheet(DARK_CSS, dark.isSelected());
            applyStylesheet(PRESENTATION_CSS, presentation.isSelected());
        });
        dark.setSelected(prefs.getBoolean("theme.dark", false));
    }

    private final javafx.event.EventHandler<KeyEvent> keyFilter = this::onKey;

    private void onKey(KeyEvent e) {
        if (e.getCode() != CYCLE_KEY || !isVisibleOnScreen()) return;
        if (org.pernodedrop.lab.app.Keys.typesText(getScene().getFocusOwner())) return;
        cycleView();
        e.consume();
    }

    private boolean isVisibleOnScreen() {
        for (Node n = this; n != null; n = n.getParent()) if (!n.isVisible()) return false;
        return getScene() != null;
    }

    /** The next view: compare, sweep, each generalization tab, teaching, uncertainty, search, then around. */
    public void cycleView() {
        int outer = tabs.getSelectionModel().getSelectedIndex();
        if (outer == 2) {
            TabPane inner = generalization.tabs();
            int i = inner.getSelectionModel().getSelectedIndex();
            if (i < inner.getTabs().size() - 1) {
                inner.getSelectionModel().select(i + 1);
                return;
            }
        }
        int next = (outer + 1) % tabs.getTabs().size();
        tabs.getSelectionModel().select(next);
        if (next == 2) generalization.tabs().getSelectionModel().select(0);
    }

    /** A label for the view on screen, e.g. "Generalization / Scatter". */
    public String currentViewName() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        String s = t.getText();
        if (tabs.getSelectionModel().getSelectedIndex() == 2) {
            s += " / " + generalization.tabs().getSelectionModel().getSelectedItem().getText();
        }
        return s;
    }

    public void setPresentation(boolean on) {
        presentation.setSelected(on);
        applyStylesheet(PRESENTATION_CSS, on);
        ChartPane.setPresentation(on);
        Node root = getScene() == null ? this : getScene().getRoot();
        for (Node n : root.lookupAll(".advanced")) {
            n.setVisible(!on);
            n.setManaged(!on);
        }
    }

    public boolean isPresentation() {
        return presentation.isSelected();
    }

    public void setDark(boolean on) {
        dark.setSelected(on);
    }

    private void applyStylesheet(String resource, boolean on) {
        Scene s = getScene();
        URL url = ExperimentsView.class.getResource(resource);
        if (s == null || url == null) return;
        String css = url.toExternalForm();
        s.getStylesheets().remove(css);
        if (on) s.getStylesheets().add(css);
    }

    private void teach(TeachingView.Lesson lesson) {
        compareView.choose(lesson.preset());
        tabs.getSelectionModel().select(0);
        compareView.startFromControls();
        info("lesson: " + lesson.preset().title());
    }

    /**
     * Opens a session file or a sweep folder: read on the I/O thread ({@link BackgroundWork}, with Cancel), shown
     * when read; errors go to the status line. Returns at once.
     */
    public void open(Path path) {
        info("opening " + path.getFileName() + "\u2026");
        work.submit("opening " + path.getFileName(), () -> {
            Session read = SessionFiles.read(path);
            // the recent list lives in Preferences, whose flush writes a file: here, not on the FX thread
            files.remember(path);
            return read;
        }, session -> {
            results.load(session);
            refreshRecent();
            tabs.getSelectionModel().select(2);
            info("opened " + path.getFileName() + ": " + results.records().size() + " epoch records of "
                    + results.configs().size() + " runs");
        }, why -> error("could not open " + path + ": " + why));
    }

    /** Saves on the calling thread (tests, scripts); the Save button uses {@link #saveInBackground}. */
    public void save(Path file) throws IOException {
        files.save(results, file);
        refreshRecent();
        info("saved " + file);
    }

    /** Saves a copy of what is shown now on the I/O thread; the status line says when it is written. */
    public void saveInBackground(Path file) {
        Session copy = results.toSession();
        work.submit("saving " + file.getFileName(), () -> {
            copy.write(file);
            files.remember(file);
            return file;
        }, f -> {
            refreshRecent();
            info("saved " + f);
        }, why -> error("could not save " + file + ": " + why));
    }

    /** The file work of this window (open, save, exports), for tests that wait for it. */
    public BackgroundWork work() {
        return work;
    }

    /** Whether the workspace is on screen; the window's tab switch sets it, hidden charts redraw when shown. */
    public javafx.beans.property.BooleanProperty shownProperty() {
        return shown;
    }

    private void chooseOpen() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a session");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Sessions", "*" + Session.EXTENSION, "*.json"));
        File f = fc.showOpenDialog(getScene().getWindow());
        if (f != null) open(f.toPath());
    }

    private void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a sweep folder");
        File f = dc.showDialog(getScene().getWindow());
        if (f != null) open(f.toPath());
    }

    private void chooseSave() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the session");
        fc.setInitialFileName("session" + Session.EXTENSION);
        File f = fc.showSaveDialog(getScene().getWindow());
        if (f != null) saveInBackground(f.toPath());
    }

    private void refreshRecent() {
        List<MenuItem> items = new ArrayList<>();
        for (Path p : files.recent()) {
            MenuItem m = new MenuItem(p.getFileName() + "   (" + p.getParent() + ")");
            m.setOnAction(e -> open(p));
            items.add(m);
        }
        if (items.isEmpty()) {
            MenuItem none = new MenuItem("(no recent files)");
            none.setDisable(true);
            items.add(none);
        }
        recent.getItems().setAll(items);
    }

    private void info(String text) {
        status.getStyleClass().remove("error-text");
        status.setText(text);
    }

    private void error(String text) {
        if (!status.getStyleClass().contains("error-text")) status.getStyleClass().add("error-text");
        status.setText(text);
    }

    public String statusText() {
        return status.getText();
    }

    public void shutdown() {
        compare.shutdown();
        sweep.cancel();
        uncertainty.cancel();
        searchView.shutdown();
    }

    public SearchView searchView() {
        return searchView;
    }

    public ResultsModel results() {
        return results;
    }

    public CompareModel compareModel() {
        return compare;
    }

    public SweepModel sweepModel() {
        return sweep;
    }

    public CompareView compareView() {
        return compareView;
    }

    public SweepView sweepView() {
        return sweepView;
    }

    public GeneralizationView generalization() {
        return generalization;
    }

    public TeachingView teaching() {
        return teaching;
    }

    public UncertaintyView uncertaintyView() {
        return uncertaintyView;
    }

    public UncertaintyModel uncertaintyModel() {
        return uncertainty;
    }

    public TabPane tabs() {
        return tabs;
    }

    public org.pernodedrop.lab.app.jobs.JobCoordinator jobs() {
        return jobs;
    }

    public SessionFiles files() {
        return files;
    }
}
