package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.data.DatasetException;
import picocli.CommandLine;

/**
 * One {@code error:} line on stderr and a meaningful exit code for every user error; no stack traces.
 * Bad arguments exit 2, bad data 3, a failed run 4.
 */
public final class CliErrors {

    private CliErrors() {
    }

    public static void install(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().getErr().flush();
            return LabCommand.EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code;
            if (ex instanceof IllegalArgumentException || ex instanceof ConfigJson.ConfigException) {
                code = LabCommand.EXIT_USAGE;
            } else if (ex instanceof DatasetException) {
                code = LabCommand.EXIT_DATA;
            } else if (ex instanceof RunFailedException) {
                code = LabCommand.EXIT_RUN_FAILED;
            } else {
                commandLine.getErr().println("error: " + ex);
                ex.printStackTrace(commandLine.getErr());
                commandLine.getErr().flush();
                return 1;
            }
            commandLine.getErr().println("error: " + ex.getMessage());
            commandLine.getErr().flush();
            return code;
        });
    }

    /** A training run that ended in failure (NaN loss, out of memory...). */
    public static final class RunFailedException extends RuntimeException {
        public RunFailedException(String message) {
            super(message);
        }
    }
}
