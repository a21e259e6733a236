package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.engine.experiment.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * Opening and saving what the experiments views show: a session file (the engine's {@link Session}, one JSON), or
 * a sweep folder the CLI (or the app) wrote. Keeps the recent files in {@link Preferences}.
 */
public final class SessionFiles {

    /** Entries kept in the recent list. */
    public static final int RECENT_MAX = 8;
    private static final String RECENT_KEY = "recent.";

    private final Preferences prefs;

    /** {@code prefs}: the node the recent list lives in (tests pass a throw-away node). */
    public SessionFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    public static Preferences defaultPrefs() {
        return Preferences.userRoot().node("org/pernodedrop/lab/experiments");
    }

    /** Opens a session file, or a sweep folder (one holding runs.csv), into {@code model}. */
    public void open(Path path, ResultsModel model) throws IOException {
        model.load(read(path));
        remember(path);
    }

    /**
     * Reads a session file or a sweep folder without touching any view: the part of opening that may take seconds
     * (thousands of records, a config per run), for a background thread.
     */
    public static Session read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
            return fromSweepFolder(path, "Sweep " + name, "Opened from the sweep folder " + path.toAbsolutePath());
        }
        return Session.read(path);
    }

    /** Reads a CLI sweep folder: runs.csv plus each run's config.json. */
    public static void openSweepFolder(Path dir, ResultsModel model) throws IOException {
        model.load(read(dir));
    }

    /** A CLI sweep folder as a session: runs.csv plus each run's config.json (every run must have one). */
    public static Session fromSweepFolder(Path dir, String title, String description) throws IOException {
        return Session.fromSweepFolder(dir, title, description);
    }

    public void save(ResultsModel model, Path file) throws IOException {
        model.toSession().write(file);
        remember(file);
    }

    /** Most recent first; entries that no longer exist are skipped. */
    public List<Path> recent() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < RECENT_MAX; i++) {
            String s = prefs.get(RECENT_KEY + i, null);
            if (s != null && Files.exists(Path.of(s))) out.add(Path.of(s));
        }
        return out;
    }

    public void remember(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        List<String> list = new ArrayList<>();
        list.add(abs.toString());
        for (int i = 0; i < RECENT_MAX; i++) {
            String s = prefs.get(RECENT_KEY + i, null);
            if (s != null && !s.equals(abs.toString())) list.add(s);
        }
        for (int i = 0; i < RECENT_MAX; i++) {
            if (i < list.size()) prefs.put(RECENT_KEY + i, list.get(i));
            else prefs.remove(RECENT_KEY + i);
        }
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // the list still works for this launch
        }
    }

    /** A file name a user may drop on the window: a session file or a folder. */
    public static boolean isOpenable(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString();
        return Files.isDirectory(p) || n.endsWith(".json");
    }
}
