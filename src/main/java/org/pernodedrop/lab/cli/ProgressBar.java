package org.pernodedrop.lab.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn at most every {@code REDRAW_INTERVAL_MS} with a carriage return. */
final class ProgressBar {

    static final long REDRAW_INTERVAL_MS = 200;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private long lastDraw;
    private int lastLength;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    /** Redraws if due; {@code fraction} in [0, 1]. */
    void update(double fraction, String text) {
        long now = System.currentTimeMillis();
        if (now - lastDraw < REDRAW_INTERVAL_MS) return;
        lastDraw = now;
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
        String line = String.format(Locale.ROOT, "[%s%s] %3.0f%% %s", "#".repeat(filled), "-".repeat(WIDTH - filled),
                fraction * 100, text);
        int pad = Math.max(0, lastLength - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        lastLength = line.length();
    }

    /** Clears the bar and prints a whole line in its place. */
    void println(String text) {
        if (lastLength > 0) err.print("\r" + " ".repeat(lastLength) + "\r");
        err.println(text);
        err.flush();
        lastLength = 0;
        lastDraw = 0;
    }
}
