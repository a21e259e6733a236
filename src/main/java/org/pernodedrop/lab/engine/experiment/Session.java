package org.pernodedrop.lab.engine.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A saved session: the configs of its runs and every epoch result, in one JSON file that opens without training.
 * {@code configs} maps a run id to the config that produced it; every result's run id must be there.
 * {@code provenance} (optional, written only when there is some) maps a run id to where and how it was made - the
 * same {@link Provenance} a CLI run writes to its folder - so a window's run can be traced like a CLI run.
 */
@JsonPropertyOrder({"schema_version", "title", "description", "configs", "results", "provenance"})
public record Session(@JsonProperty("schema_version") int schemaVersion,
                      @JsonProperty("title") String title,
                      @JsonProperty("description") String description,
                      @JsonProperty("configs") Map<String, ExperimentConfig> configs,
                      @JsonProperty("results") List<RunRecord> results,
                      @com.fasterxml.jackson.annotation.JsonInclude(
                              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                      @JsonProperty("provenance") Map<String, Provenance> provenance) {

    public static final int SCHEMA_VERSION = 1;
    public static final String EXTENSION = ".pndlab.json";

    public Session {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported session schema_version " + schemaVersion
                    + " (this version reads " + SCHEMA_VERSION + ")");
        }
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        if (configs != null) {
            for (Map.Entry<String, ExperimentConfig> e : configs.entrySet()) {
                if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                    throw new IllegalArgumentException("configs: run '" + e.getKey() + "' has no config");
                }
            }
        }
        if (results != null) {
            for (int i = 0; i < results.size(); i++) {
                RunRecord r = results.get(i);
                if (r == null || r.runId() == null || r.dataset() == null || r.variant() == null) {
                    throw new IllegalArgumentException("results[" + i + "]: a result needs run_id, dataset and variant");
                }
            }
        }
        configs = configs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configs));
        provenance = provenance == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        results = results == null ? List.of() : List.copyOf(results);
        Map<String, ExperimentConfig> known = configs;
        Set<String> missing = results.stream().map(RunRecord::runId).filter(id -> !known.containsKey(id))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("results name runs that have no config: " + missing);
        }
    }

    public static Session of(String title, String description, Map<String, ExperimentConfig> configs,
                             List<RunRecord> results) {
        return new Session(SCHEMA_VERSION, title, description, configs, results, Map.of());
    }

    /** With the provenance of (some of) its runs. */
    public static Session of(String title, String description, Map<String, ExperimentConfig> configs,
                             List<RunRecord> results, Map<String, Provenance> provenance) {
        return new Session(SCHEMA_VERSION, title, description, configs, results, provenance);
    }

    /** A session of a few thousand runs is a few MB; far larger is not a session file. */
    static final long MAX_BYTES = 256L << 20;

    /**
     * Reads a session file. Every way it can be wrong (missing, not a regular file, not UTF-8, not JSON, too deeply
     * nested, wrong types, an unknown schema version, results without configs) is an {@link IOException} whose
     * message starts with the file and says what is wrong.
     */
    public static Session read(Path file) throws IOException {
        String text = TextFiles.readUtf8(file, MAX_BYTES, "session file");
        try {
            Session s = ConfigJson.read(text, Session.class);
            if (s == null) throw new IOException(file + ": holds no session (empty or null)");
            return s;
        } catch (ConfigJson.ConfigException e) {
            throw new IOException(file + ": " + TextFiles.jsonMessage(e.getMessage()), e);
        } catch (RuntimeException | StackOverflowError e) {
            // ConfigJson turns Jackson's failures into ConfigException; this is for anything it does not foresee
            throw new IOException(file + ": not a readable session (" + TextFiles.reason(e) + ")", e);
        }
    }

    /**
     * A sweep or train output folder as a session: its runs.csv plus each run's {@code runs/<id>/config.json}
     * (every run must have one). What the window opens when a folder is dropped on it.
     */
    public static Session fromSweepFolder(Path dir, String title, String description) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such folder (expected a train or sweep output folder holding runs.csv)");
        }
        Path csv = dir.resolve(Sweep.RUNS_CSV);
        if (!Files.exists(csv)) {
            throw new IOException(csv + ": not found (a train or sweep run writes it; is " + dir
                    + " the --out folder?)");
        }
        List<RunRecord> records = RunsCsv.read(csv);
        if (records.isEmpty()) throw new IOException(csv + ": holds the header but no records");
        Map<String, ExperimentConfig> configs = new LinkedHashMap<>();
        Map<String, Provenance> provenance = new LinkedHashMap<>();
        for (RunRecord r : records) {
            String id = r.runId();
            if (id.contains("/") || id.contains("\\") || id.equals(".") || id.equals("..")) {
                // the id names a folder under runs/: it must not lead anywhere else
                throw new IOException(csv + ": run id '" + TextFiles.escape(id) + "' is not a folder name");
            }
            if (!configs.containsKey(r.runId())) {
                Path runDir = dir.resolve(Sweep.RUNS_DIR).resolve(r.runId());
                configs.put(r.runId(), RunFolder.readConfig(runDir));
                RunFolder.provenance(runDir).ifPresent(p -> provenance.put(r.runId(), p));
            }
        }
        return of(title, description, configs, records, provenance);
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".session", ".tmp");
        try {
            Files.writeString(tmp, ConfigJson.write(this) + System.lineSeparator(), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
