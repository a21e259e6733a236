package org.pernodedrop.lab.app.experiments;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.pernodedrop.lab.app.LabModel;
import org.pernodedrop.lab.app.jobs.JobCoordinator;
import org.pernodedrop.lab.app.jobs.JobsButton;
import org.pernodedrop.lab.engine.experiment.Session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;

/**
 * Puts the experiments workspace into the lab window: the single-run views and the experiments become two tabs of
 * the window's centre (the single-run side panel and transport show only on their tab), files dropped on the window
 * or named on the command line open as sessions, and the window's size, position and tabs are remembered between
 * launches ({@link Preferences}).
 */
public final class ExperimentsTab {

    private static final String NODE = "org/pernodedrop/lab/window";
    /** Work deferred until the window has painted once, so the experiments never delay its first frame. */
    static final long DEFERRED_MS = 250;

    private final Stage stage;
    private final Tab expTab;
    private final TabPane tabs;
    private final Preferences experimentsPrefs;
    private final Preferences window;
    private ExperimentsView view;
    private java.util.function.Consumer<org.pernodedrop.lab.engine.config.ExperimentConfig> openSingleRun = c -> { };

    private final JobCoordinator jobs;
    /** What this workspace added to its stage, taken off again by {@link #shutdown} (a stage may outlive it). */
    private javafx.event.EventHandler<javafx.scene.input.KeyEvent> keyFilter;
    private javafx.event.EventHandler<WindowEvent> onHiding;

    private ExperimentsTab(Stage stage, TabPane tabs, Tab expTab, Preferences window, Preferences experimentsPrefs,
                            JobCoordinator jobs) {
        this.jobs = jobs;
        this.stage = stage;
        this.tabs = tabs;
        this.expTab = expTab;
        this.window = window;
        this.experimentsPrefs = experimentsPrefs;
    }

    /** Installs the workspace into {@code lab} (a BorderPane whose centre holds the single-run views). */
    public static ExperimentsTab install(Stage stage, BorderPane lab, List<String> args) {
        return install(stage, lab, args, Preferences.userRoot().node(NODE), SessionFiles.defaultPrefs(), null);
    }

    /**
     * As above, with the single run's model: it becomes a job of the window's one {@link JobCoordinator} (with the
     * compare, sweep, estimate and Monte Carlo runs), it pauses when its tab is hidden, and its status bar shows
     * only on its tab.
     */
    public static ExperimentsTab install(Stage stage, BorderPane lab, List<String> args, LabModel single) {
        return install(stage, lab, args, Preferences.userRoot().node(NODE), SessionFiles.defaultPrefs(), single);
    }

    static ExperimentsTab install(Stage stage, BorderPane lab, List<String> args, Preferences window,
                                   Preferences experimentsPrefs) {
        return install(stage, lab, args, window, experimentsPrefs, null);
    }

    /** The full form: tests pass throw-away preference nodes. */
    public static ExperimentsTab install(Stage stage, BorderPane lab, List<String> args, Preferences window,
                                          Preferences experimentsPrefs, LabModel singleModel) {
        Node single = lab.getCenter();
        Node left = lab.getLeft();
        Node top = lab.getTop();
        Node bottom = lab.getBottom();
        JobCoordinator jobs = new JobCoordinator();
        if (singleModel != null) singleModel.setJobs(jobs);
        Tab singleTab = new Tab("Single run", single);
        singleTab.setId("tab-single-run");
        Tab expTab = new Tab("Experiments", new javafx.scene.control.Label("Loading the experiments\u2026"));
        expTab.setId("tab-experiments");
        TabPane tabs = new TabPane(singleTab, expTab);
        tabs.setId("window-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        lab.setCenter(tabs);
        // TAB follows the order of the pane's children and a node set into a slot goes last: the status bar is set
        // again after the new centre, so the order reads top, left, centre, bottom
        if (bottom != null) {
            BorderPane bar = new BorderPane(bottom);
            JobsButton jobsButton = new JobsButton(jobs);
            bar.setRight(jobsButton);
            BorderPane.setAlignment(jobsButton, javafx.geometry.Pos.CENTER_RIGHT);
            lab.setBottom(null);
            lab.setBottom(bar);
            bottom = bar;
        }
        Node singleBottom = bottom;
        ExperimentsTab hook = new ExperimentsTab(stage, tabs, expTab, window, experimentsPrefs, jobs);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            boolean singleRun = b == singleTab;
            // the single run's status bar (with the jobs list) belongs to its tab; the workspace has its own bar.
            // Hidden, not taken out: a node put back into a slot would go last among the pane's children, and TAB,
            // which follows that order, would then visit the views before the settings and the transport
            for (Node n : new Node[]{left, top, singleBottom}) showOnSingleRun(n, singleRun);
            // nobody watches a hidden single run: it pauses (and its job lets the others have the cores)
            if (!singleRun && singleModel != null) singleModel.pause();
            if (!singleRun) hook.view();
            if (hook.view != null) hook.view.shownProperty().set(!singleRun);
        });

        Scene scene = stage.getScene();
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                tabs.getSelectionModel().select(expTab);
                hook.view().open(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        // The single-run keys (Space, S, E, R; a filter on the scene) must not drive the hidden single run while the
        // experiments show: a filter on the window sees the key first; Space pauses or resumes the comparison.
        hook.keyFilter = e -> {
            // only while this workspace is the stage's window (another scene may have taken the stage)
            if (stage.getScene() == null || tabs.getScene() != stage.getScene()) return;
            if (tabs.getSelectionModel().getSelectedItem() != expTab || hook.view == null) return;
            Node focus = stage.getScene().getFocusOwner();
            if (org.pernodedrop.lab.app.Keys.typesText(focus)) return;
            if (e.isControlDown() || e.isAltDown() || e.isMetaDown()) return;
            switch (e.getCode()) {
                case SPACE -> {
                    // a focused button or check box takes its Space (the scene's filter lets it through too)
                    if (org.pernodedrop.lab.app.Keys.takesSpace(focus)) return;
                    hook.view.compareModel().pauseResume();
                    e.consume();
                }
                case S, E, R -> e.consume();
                default -> {
                }
            }
        };
        stage.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, hook.keyFilter);
        restoreWindow(stage, window);
        hook.onHiding = e -> hook.save();
        stage.addEventHandler(WindowEvent.WINDOW_HIDING, hook.onHiding);

        int savedTab = window.getInt("tab", 0);
        List<Path> files = args.stream().map(Path::of)
                .filter(p -> Files.exists(p) && SessionFiles.isOpenable(p)).toList();
        if (savedTab == 1 || !files.isEmpty()) {
            javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(
                    javafx.util.Duration.millis(DEFERRED_MS));
            later.setOnFinished(e -> {
                tabs.getSelectionModel().select(expTab);
                for (Path p : files) hook.view().open(p);
            });
            later.play();
        }
        return hook;
    }

    /** A part of the single-run tab around the tab pane: shown and laid out only on that tab (null: none). */
    private static void showOnSingleRun(Node n, boolean singleRun) {
        if (n == null) return;
        n.setVisible(singleRun);
        n.setManaged(singleRun);
    }

    /** The workspace, built on first use (first visit of its tab, a dropped file, a file argument). */
    public ExperimentsView view() {
        if (view == null) {
            view = new ExperimentsView(experimentsPrefs, jobs);
            view.shownProperty().set(tabs.getSelectionModel().getSelectedItem() == expTab);
            view.searchView().setOnOpenSingleRun(c -> {
                openSingleRun.accept(c);
                tabs.getSelectionModel().select(0); // the Single run tab
            });
            int inner = window.getInt("experiments.tab", 0);
            view.tabs().getSelectionModel().select(Math.min(Math.max(0, inner), view.tabs().getTabs().size() - 1));
            expTab.setContent(view);
        }
        return view;
    }

    /** Where the search view's "Open as single run" sends the best trial's config (the window's model). */
    public void setOnOpenSingleRun(java.util.function.Consumer<org.pernodedrop.lab.engine.config.ExperimentConfig> h) {
        openSingleRun = h;
    }

    /** Whether the workspace was built yet. */
    public boolean isBuilt() {
        return view != null;
    }

    public TabPane tabs() {
        return tabs;
    }

    /** The window's training jobs. */
    public JobCoordinator jobs() {
        return jobs;
    }

    public void shutdown() {
        if (view != null) view.shutdown();
        // a filter left on the stage would keep eating S, E, R and Space for a workspace that is gone (tests reuse
        // one stage for many windows: a later window's single run then never heard S)
        if (keyFilter != null) stage.removeEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, keyFilter);
        if (onHiding != null) stage.removeEventHandler(WindowEvent.WINDOW_HIDING, onHiding);
    }

    /** A file the launcher should open in the window rather than treat as a CLI command. */
    public static boolean isSessionArgument(String arg) {
        return arg.endsWith(Session.EXTENSION) && Files.isRegularFile(Path.of(arg));
    }

    static void restoreWindow(Stage stage, Preferences p) {
        double w = p.getDouble("width", -1);
        double h = p.getDouble("height", -1);
        if (w >= 400 && h >= 300) {
            stage.setWidth(w);
            stage.setHeight(h);
        }
        double x = p.getDouble("x", Double.NaN);
        double y = p.getDouble("y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y) && onSomeScreen(x, y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(p.getBoolean("maximized", false));
    }

    void save() {
        try {
            write(stage, tabs, view, window);
        } catch (IllegalStateException e) {
            // the preferences node was removed meanwhile (another instance reset it): nothing to remember into
        }
    }

    private static void write(Stage stage, TabPane tabs, ExperimentsView exp, Preferences p) {
        if (!stage.isMaximized()) {
            p.putDouble("x", stage.getX());
            p.putDouble("y", stage.getY());
            p.putDouble("width", stage.getWidth());
            p.putDouble("height", stage.getHeight());
        }
        p.putBoolean("maximized", stage.isMaximized());
        p.putInt("tab", tabs.getSelectionModel().getSelectedIndex());
        if (exp != null) p.putInt("experiments.tab", exp.tabs().getSelectionModel().getSelectedIndex());
        try {
            p.flush();
        } catch (java.util.prefs.BackingStoreException e) {
            // not remembered this time; the window still closes
        }
    }

    private static boolean onSomeScreen(double x, double y) {
        return !javafx.stage.Screen.getScreensForRectangle(x, y, 50, 50).isEmpty();
    }
}
