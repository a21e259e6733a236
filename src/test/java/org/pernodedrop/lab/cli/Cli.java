package org.pernodedrop.lab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and keeps what it printed. */
record Cli(int exit, String out, String err) {

    static Cli run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = LabCommand.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        return new Cli(code, o.toString(), e.toString());
    }

    /** The error lines (user errors print exactly one, and no stack trace). */
    long errorLines() {
        return err.lines().filter(l -> l.startsWith("error:")).count();
    }
}
