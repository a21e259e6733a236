package org.pernodedrop.lab.engine.data;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where data lives on this machine. The per-user data folder follows each OS's convention; the system
 * property {@code pernodedrop.lab.data} (or env {@code PERNODEDROP_LAB_DATA}) overrides it, which tests use.
 * The samples folder is {@code pernodedrop.lab.samples}, else {@code ./samples}, else the
 * {@code samples} folder beside (or above) the jar.
 */
public final class DataLocations {

    public static final String DATA_PROPERTY = "pernodedrop.lab.data";
    public static final String SAMPLES_PROPERTY = "pernodedrop.lab.samples";
    static final String SYSTEM_DATASETS = "/usr/share/datasets";

    private DataLocations() {
    }

    /** Linux {@code $XDG_DATA_HOME/pernodedrop-lab} (default ~/.local/share), macOS ~/Library/Application
     * Support/PerNodeDrop Lab, Windows %LOCALAPPDATA%\PerNodeDrop Lab. */
    public static Path userDataDir() {
        String p = System.getProperty(DATA_PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv("PERNODEDROP_LAB_DATA");
        if (p != null && !p.isBlank()) return Path.of(p);
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local != null ? Path.of(local) : Path.of(home, "AppData", "Local")).resolve("PerNodeDrop Lab");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "PerNodeDrop Lab");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share"))
                .resolve("pernodedrop-lab");
    }

    /** Feature caches (speech log-mel), inside the user data folder. */
    public static Path cacheDir() {
        return userDataDir().resolve("cache");
    }

    /** The samples folder shipped with the lab, or null when none is found. */
    public static Path samplesDir() {
        String p = System.getProperty(SAMPLES_PROPERTY);
        if (p != null && !p.isBlank()) return Path.of(p);
        Path cwd = Path.of("samples").toAbsolutePath();
        if (Files.isDirectory(cwd)) return cwd;
        try {
            Path code = Path.of(DataLocations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = code.getParent(); d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("samples"))) return d.resolve("samples");
            }
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
