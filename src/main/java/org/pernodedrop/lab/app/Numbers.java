package org.pernodedrop.lab.app;

import java.util.Locale;

/**
 * The one way the window writes numbers for people to read (status bar, tables, readouts, statistics): in the user's
 * format locale, so a German desktop shows "0,326" and an English one "0.326". Numbers a user may type back or a
 * program reads (settings fields, CSV, JSON, SVG attributes) are written with {@link Locale#ROOT} instead.
 */
public final class Numbers {

    private Numbers() {
    }

    /** The locale numbers are shown in: the JVM's format locale (from the desktop's settings). */
    public static Locale locale() {
        return Locale.getDefault(Locale.Category.FORMAT);
    }

    /** {@link String#format} in the display locale. */
    public static String format(String pattern, Object... args) {
        return String.format(locale(), pattern, args);
    }
}
