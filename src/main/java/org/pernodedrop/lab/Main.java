package org.pernodedrop.lab;

import org.pernodedrop.lab.app.LabLauncher;
import org.pernodedrop.lab.cli.LabCommand;
import org.pernodedrop.lab.engine.train.CpuNatives;
import org.pernodedrop.lab.engine.train.NativeThreads;

/**
 * Starts the lab window when given no arguments (or just a session file to open), otherwise runs a CLI command.
 * A plain class (not an Application subclass) so JavaFX works from the classpath.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Before anything touches ND4J: pick the fastest bundled libnd4j build for this CPU and enable DL4J's
        // oneDNN layer helpers (CpuNatives says why).
        CpuNatives.configure();
        if (args.length == 0 || (args.length == 1
                && org.pernodedrop.lab.app.experiments.ExperimentsTab.isSessionArgument(args[0]))) {
            // The window's runs are mostly tiny 2-D networks: one OpenMP thread is 10x faster there (NativeThreads).
            NativeThreads.preferSingleOmpThread();
            LabLauncher.launch(args);
            return;
        }
        System.exit(LabCommand.run(args));
    }
}
