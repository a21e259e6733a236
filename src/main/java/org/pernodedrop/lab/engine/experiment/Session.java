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
 */
@JsonPropertyOrder({"schema_version", "title", "description", "configs", "results"})
public record Session(@JsonProperty("schema_version") int schemaVersion,
                      @JsonProperty("title") String title,
                      @JsonProperty("description") String description,
                      @JsonProperty("configs") Map<String, ExperimentConfig> configs,
                      @JsonProperty("results") List<RunRecord> results) {

    public static final int SCHEMA_VERSION = 1;
    public static final String EXTENSION = ".pndlab.json";

    public Session {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported session schema_version " + schemaVersion
                    + " (this version reads " + SCHEMA_VERSION + ")");
        }
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        configs = configs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configs));
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
        return new Session(SCHEMA_VERSION, title, description, configs, results);
    }

    public static Session read(Path file) throws IOException {
        try {
            return ConfigJson.read(Files.readString(file, StandardCharsets.UTF_8), Session.class);
        } catch (ConfigJson.ConfigException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
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
