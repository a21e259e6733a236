package org.pernodedrop.lab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The root command: {@code pernodedrop-lab <command>}. With no command the window opens. */
@Command(name = "pernodedrop-lab", mixinStandardHelpOptions = true, versionProvider = LabCommand.Version.class,
        description = "PerNodeDrop Lab: per-sample, per-connection noise regularizers, made visible.",
        subcommands = {CommandLine.HelpCommand.class, DatasetsCommand.class, MasksCommand.class, BenchCommand.class,
                TrainCommand.class, SweepCommand.class, SearchCommand.class, ReportCommand.class, SmokeCommand.class,
                LessonsCommand.class})
public final class LabCommand implements Runnable {

    /** Exit code for bad arguments. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for bad data. */
    public static final int EXIT_DATA = 3;
    /** Exit code for a run that failed. */
    public static final int EXIT_RUN_FAILED = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with every subcommand and the project's error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LabCommand());
        CliErrors.install(cl);
        return cl;
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LabCommand.class.getPackage().getImplementationVersion();
            return new String[]{"PerNodeDrop Lab " + (v == null ? "dev" : v)};
        }
    }
}
