package org.pernodedrop.lab.app.experiments;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
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
public final class ExperimentsHook {

    private static final String NODE = "org/pernodedrop/lab/window";

    private ExperimentsHook() {
    }

    /** Installs the workspace into {@code lab} (a BorderPane whose centre holds the single-run views). */
    public static ExperimentsView install(Stage stage, BorderPane lab, List<String> args) {
        return install(stage, lab, args, Preferences.userRoot().node(NODE), SessionFiles.defaultPrefs());
    }

    static ExperimentsView install(Stage stage, BorderPane lab, List<String> args, Preferences window,
                                   Preferences experimentsPrefs) {
        ExperimentsView exp = new ExperimentsView(experimentsPrefs);
        Node single = lab.getCenter();
        Node left = lab.getLeft();
        Node top = lab.getTop();
        Tab singleTab = new Tab("Single run", single);
        singleTab.setId("tab-single-run");
        Tab expTab = new Tab("Experiments", exp);
        expTab.setId("tab-experiments");
        TabPane tabs = new TabPane(singleTab, expTab);
        tabs.setId("window-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        lab.setCenter(tabs);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            boolean singleRun = b == singleTab;
            lab.setLeft(singleRun ? left : null);
            lab.setTop(singleRun ? top : null);
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
                exp.open(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });

        restore(stage, tabs, exp, window);
        stage.addEventHandler(WindowEvent.WINDOW_HIDING, e -> save(stage, tabs, exp, window));

        for (String a : args) {
            Path p = Path.of(a);
            if (Files.exists(p) && SessionFiles.isOpenable(p)) {
                tabs.getSelectionModel().select(expTab);
                exp.open(p);
            }
        }
        return exp;
    }

    /** A file the launcher should open in the window rather than treat as a CLI command. */
    public static boolean isSessionArgument(String arg) {
        return arg.endsWith(Session.EXTENSION) && Files.isRegularFile(Path.of(arg));
    }

    static void restore(Stage stage, TabPane tabs, ExperimentsView exp, Preferences p) {
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
        tabs.getSelectionModel().select(Math.min(Math.max(0, p.getInt("tab", 0)), tabs.getTabs().size() - 1));
        int inner = p.getInt("experiments.tab", 0);
        exp.tabs().getSelectionModel().select(Math.min(Math.max(0, inner), exp.tabs().getTabs().size() - 1));
    }

    static void save(Stage stage, TabPane tabs, ExperimentsView exp, Preferences p) {
        try {
            write(stage, tabs, exp, p);
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
        p.putInt("experiments.tab", exp.tabs().getSelectionModel().getSelectedIndex());
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
