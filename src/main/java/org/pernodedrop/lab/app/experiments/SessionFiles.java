package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.Session;
import org.pernodedrop.lab.engine.experiment.Sweep;
import org.pernodedrop.lab.engine.report.ReportException;
import org.pernodedrop.lab.engine.report.ReportWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        if (Files.isDirectory(path)) {
            openSweepFolder(path, model);
        } else {
            Session s = Session.read(path);
            model.load(s);
        }
        remember(path);
    }

    /** Reads a CLI sweep folder: runs.csv plus each run's config.json. */
    public static void openSweepFolder(Path dir, ResultsModel model) throws IOException {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        model.load(fromSweepFolder(dir, "Sweep " + name, "Opened from the sweep folder " + dir.toAbsolutePath()));
    }

    /** A CLI sweep folder as a session: runs.csv plus each run's config.json (every run must have one). */
    public static Session fromSweepFolder(Path dir, String title, String description) throws IOException {
        List<RunRecord> records;
        try {
            records = ReportWriter.readRuns(dir);
        } catch (ReportException e) {
            throw new IOException(e.getMessage(), e);
        }
        Map<String, ExperimentConfig> configs = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (RunRecord r : records) {
            if (configs.containsKey(r.runId()) || missing.contains(r.runId())) continue;
            var c = RunFolder.config(dir.resolve(Sweep.RUNS_DIR).resolve(r.runId()));
            if (c.isPresent()) configs.put(r.runId(), c.get());
            else missing.add(r.runId());
        }
        if (!missing.isEmpty()) {
            throw new IOException(dir + ": runs without a readable " + Sweep.RUNS_DIR + "/<run>/" + RunFolder.CONFIG
                    + ": " + missing.subList(0, Math.min(5, missing.size())) + (missing.size() > 5 ? " ..." : ""));
        }
        return Session.of(title, description, configs, records);
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
