package org.pernodedrop.lab.app.experiments;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URL;
import java.util.prefs.Preferences;

/** The experiments workspace on a test stage, with the lab's stylesheet and throw-away preferences. */
record OpenExperiments(ExperimentsView view, Scene scene, Preferences prefs) {

    static OpenExperiments on(Stage stage, double width, double height) {
        Preferences prefs = Preferences.userRoot().node("org/pernodedrop/lab/test-" + System.nanoTime());
        ExperimentsView view = new ExperimentsView(prefs);
        Scene scene = new Scene(view, width, height);
        URL css = OpenExperiments.class.getResource("/assets/lab.css");
        if (css != null) scene.getStylesheets().add(0, css.toExternalForm());
        stage.setScene(scene);
        stage.show();
        return new OpenExperiments(view, scene, prefs);
    }

    /** Opens a session or folder as the Open button does, and waits until the I/O thread has shown it (or failed). */
    static void openAndWait(org.testfx.api.FxRobot robot, ExperimentsView view, java.nio.file.Path path)
            throws Exception {
        robot.interact(() -> view.open(path));
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS,
                () -> !view.work().busyProperty().get());
        WaitForAsyncUtils.sleep(GeneralizationView.REFRESH_MS * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        awaitCharts(view);
    }

    /** Waits until the generalization charts computing off the FX thread are shown. */
    static void awaitCharts(ExperimentsView view) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS,
                () -> !view.generalization().buildingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Stops what runs and drops the preferences (call from @AfterEach). */
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(view::shutdown);
        WaitForAsyncUtils.waitForFxEvents();
        prefs.removeNode();
    }
}
