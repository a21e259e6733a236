package org.pernodedrop.lab.app.experiments;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The experiments workspace opened for each test ({@link OpenExperiments}) and closed after it (what runs is
 * stopped, the throw-away preferences dropped). TestFX finds {@code @Start} methods on the test class itself only, so
 * each test declares one that calls {@link #openWindow}.
 */
@ExtendWith(ApplicationExtension.class)
abstract class ExperimentsWindowTestBase {

    protected OpenExperiments open;
    protected ExperimentsView view;
    protected Scene scene;

    protected void openWindow(Stage stage, double width, double height) {
        open = OpenExperiments.on(stage, width, height);
        view = open.view();
        scene = open.scene();
    }

    @AfterEach
    void closeWindow() throws Exception {
        open.close();
    }
}
