package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.data.DataFiles;
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
            ex.getCommandLine().getErr().println(line(ex.getMessage()));
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
            } else if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                // a full disk, a read-only output folder, a damaged runs.csv: the run could not go on
                Throwable io = ex instanceof java.io.UncheckedIOException u ? u.getCause() : ex;
                commandLine.getErr().println(line(ioMessage(io)));
                commandLine.getErr().flush();
                return LabCommand.EXIT_RUN_FAILED;
            } else {
                commandLine.getErr().println("error: " + ex);
                ex.printStackTrace(commandLine.getErr());
                commandLine.getErr().flush();
                return 1;
            }
            commandLine.getErr().println(line(ex.getMessage()));
            commandLine.getErr().flush();
            return code;
        });
    }

    /**
     * The {@code error:} line for a message: one line, control characters from bad input (a NUL, an escape
     * sequence, a newline) shown as escapes instead of reaching the terminal.
     */
    public static String line(String message) {
        return "error: " + (message == null || message.isBlank() ? "failed without a message"
                : DataFiles.escape(message));
    }

    /**
     * An I/O failure as words: the JDK's {@code FileSystemException} messages are "path: reason" already; the ones
     * with a bare path (access denied) get their meaning added.
     */
    static String ioMessage(Throwable io) {
        if (io instanceof java.nio.file.AccessDeniedException a) return a.getFile() + ": permission denied";
        if (io instanceof java.nio.file.NoSuchFileException n) return n.getFile() + ": no such file or folder";
        if (io instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason();
        }
        return DataFiles.reason(io);
    }

    /** A training run that ended in failure (NaN loss, out of memory...). */
    public static final class RunFailedException extends RuntimeException {
        public RunFailedException(String message) {
            super(message);
        }
    }
}
