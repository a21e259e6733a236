package org.pernodedrop.lab.app;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** The single-run window on a test stage, as the lab opens it (real trainer unless told otherwise). */
record OpenLab(LabModel model, LabView view, Scene scene) {

    static OpenLab on(Stage stage, RunFactory runs) {
        LabModel model = new LabModel(runs);
        Scene scene = LabApp.createScene(model);
        stage.setScene(scene);
        stage.show();
        model.start(false);
        return new OpenLab(model, (LabView) scene.getRoot(), scene);
    }

    static OpenLab on(Stage stage) {
        return on(stage, LabRuns.real());
    }

    /** Stops any run and the model's threads (call from @AfterEach). */
    void close() {
        WaitForAsyncUtils.asyncFx(model::shutdown);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
