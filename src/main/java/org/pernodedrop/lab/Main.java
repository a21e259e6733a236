package org.pernodedrop.lab;

import org.pernodedrop.lab.app.LabLauncher;
import org.pernodedrop.lab.cli.LabCommand;

/**
 * Starts the lab window when given no arguments (or just a session file to open), otherwise runs a CLI command.
 * A plain class (not an Application subclass) so JavaFX works from the classpath.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || (args.length == 1
                && org.pernodedrop.lab.app.experiments.ExperimentsHook.isSessionArgument(args[0]))) {
            LabLauncher.launch(args);
            return;
        }
        System.exit(LabCommand.run(args));
    }
}
