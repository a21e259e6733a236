package org.pernodedrop.lab.app;

import javafx.application.Application;

/** Starts the window from a plain class, so JavaFX runs from the classpath (no module path needed). */
public final class LabLauncher {

    private LabLauncher() {
    }

    public static void launch(String[] args) {
        Application.launch(LabApp.class, args);
    }

    public static void main(String[] args) {
        launch(args);
    }
}
