package org.pernodedrop.lab.app;

import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

import java.io.InputStream;
import java.net.URL;

/** The lab window. Shows at once; ND4J loads in the background while the status bar says so. */
public final class LabApp extends Application {

    public static final String CSS = "/assets/lab.css";
    public static final String ICON = "/assets/icon.png";

    private LabModel model;
    private org.pernodedrop.lab.app.experiments.ExperimentsTab experiments;

    @Override
    public void start(Stage stage) {
        long t0 = System.nanoTime();
        model = new LabModel(TrainerRunControl::new);
        Scene scene = createScene(model);
        long t1 = System.nanoTime();
        stage.setTitle("PerNodeDrop Lab");
        try (InputStream in = LabApp.class.getResourceAsStream(ICON)) {
            if (in != null) stage.getIcons().add(new Image(in));
        } catch (java.io.IOException e) {
            // no icon: the window still works
        }
        stage.setScene(scene);
        // issue 6: the experiments workspace as a second tab; files named on the command line open there
        experiments = org.pernodedrop.lab.app.experiments.ExperimentsTab.install(stage,
                (javafx.scene.layout.BorderPane) scene.getRoot(), getParameters().getRaw(), model);
        experiments.setOnOpenSingleRun(model::setConfig); // the Search view's best trial, as a single run
        stage.show();
        long sinceJvm = System.currentTimeMillis()
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        System.err.printf("lab: window shown %d ms after the JVM started (scene built in %.0f ms, shown in %.0f ms)%n",
                sinceJvm, (t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6);
        model.start(true);
        // -Dlab.autoplay=true starts training at once (kiosk/projector use, and the launch check under Xvfb)
        if (Boolean.getBoolean("lab.autoplay")) model.playPause();
    }

    @Override
    public void stop() {
        if (model != null) model.shutdown();
        if (experiments != null) experiments.shutdown();
    }

    /** The whole window content for a model; tests build it with their own run factory. */
    public static Scene createScene(LabModel model) {
        LabView view = new LabView(model);
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view, Math.min(1360, screen.getWidth()), Math.min(860, screen.getHeight()));
        URL css = LabApp.class.getResource(CSS);
        if (css != null) scene.getStylesheets().add(css.toExternalForm());
        installKeys(scene, model);
        AccessibleNames.install(scene);
        return scene;
    }

    /**
     * Space play/pause, S step a batch, E step an epoch, R reset, ? or F1 the help overlay; typing in a text field is
     * left alone, and Space on a focused button or check box presses that control (Keys).
     */
    static void installKeys(Scene scene, LabModel model) {
        HelpOverlay help = new HelpOverlay();
        scene.getProperties().put(HelpOverlay.class, help);
        // "?" by the character typed, whatever the keyboard layout puts it on
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (!"?".equals(e.getCharacter()) || Keys.typesText(scene.getFocusOwner())) return;
            help.toggle(scene.getWindow());
            e.consume();
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            Node focus = scene.getFocusOwner();
            if (Keys.typesText(focus) || e.isControlDown() || e.isAltDown() || e.isMetaDown()) return;
            KeyCode k = e.getCode();
            if (k == KeyCode.F1) {
                help.toggle(scene.getWindow());
            } else if (k == KeyCode.SPACE) {
                if (Keys.takesSpace(focus)) return;
                model.playPause();
            } else if (k == KeyCode.S) {
                model.stepBatch();
            } else if (k == KeyCode.E) {
                model.stepEpoch();
            } else if (k == KeyCode.R) {
                model.reset();
            } else {
                return;
            }
            e.consume();
        });
    }

    /** The help overlay of a scene made by {@link #createScene} (null for other scenes). */
    public static HelpOverlay help(Scene scene) {
        return (HelpOverlay) scene.getProperties().get(HelpOverlay.class);
    }

    /** For tests and compare mode: a model with any run source. */
    public static LabModel newModel(RunFactory f) {
        return new LabModel(f);
    }
}
