package org.pernodedrop.lab.engine.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One run's folder: {@code config.json} (the frozen config), {@code provenance.json}, and once the run has ended
 * {@code status.json} ({@code finished} or {@code failed}, with the reason). A folder without {@code status.json}
 * belongs to a run that was interrupted.
 */
public final class RunFolder {

    public static final String CONFIG = "config.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String STATUS = "status.json";

    /** How a run ended. {@code epochs}: epochs recorded in runs.csv. */
    @JsonPropertyOrder({"state", "epochs", "reason"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(@JsonProperty("state") String state, @JsonProperty("epochs") int epochs,
                         @JsonProperty("reason") String reason) {
        public static final String FINISHED = "finished";
        public static final String FAILED = "failed";
    }

    private RunFolder() {
    }

    /** Writes config.json and provenance.json, removing any status.json left by an earlier attempt. */
    public static void begin(Path dir, ExperimentConfig config, Provenance provenance) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(STATUS));
        ConfigJson.writeConfig(config, dir.resolve(CONFIG));
        provenance.write(dir.resolve(PROVENANCE));
    }

    public static void end(Path dir, Status status) throws IOException {
        Path tmp = dir.resolve(STATUS + ".tmp");
        Files.writeString(tmp, ConfigJson.write(status) + System.lineSeparator());
        Files.move(tmp, dir.resolve(STATUS), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The status, or empty when the run never ended (or the file is unreadable). */
    public static Optional<Status> status(Path dir) {
        Path f = dir.resolve(STATUS);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(ConfigJson.read(Files.readString(f), Status.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The frozen config, or empty when missing or unreadable. */
    public static Optional<ExperimentConfig> config(Path dir) {
        Path f = dir.resolve(CONFIG);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(ConfigJson.readConfig(f));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
