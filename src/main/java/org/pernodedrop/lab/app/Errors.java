package org.pernodedrop.lab.app;

/** How the window words an exception for a user: its message, or its class name when it has none. */
public final class Errors {

    private Errors() {
    }

    public static String describe(Throwable e) {
        if (e == null) return "unknown error";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
