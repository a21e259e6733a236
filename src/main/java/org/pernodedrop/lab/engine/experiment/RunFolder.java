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

        public Status {
            if (!FINISHED.equals(state) && !FAILED.equals(state)) {
                throw new IllegalArgumentException("state must be '" + FINISHED + "' or '" + FAILED + "', not "
                        + (state == null ? "missing" : "'" + TextFiles.escape(state) + "'"));
            }
            if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, not " + epochs);
        }
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

    /** Writes status.json atomically (a temporary sibling renamed over it); an error names status.json and why. */
    public static void end(Path dir, Status status) throws IOException {
        Path tmp = dir.resolve(STATUS + ".tmp");
        try {
            Files.writeString(tmp, ConfigJson.write(status) + System.lineSeparator());
            Files.move(tmp, dir.resolve(STATUS), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException(dir.resolve(STATUS) + ": cannot write (" + RunsCsv.writeReason(e) + ")", e);
        }
    }

    /** config.json and status.json are a few KB; this bound keeps a damaged giant from being read. */
    static final long MAX_JSON_BYTES = 4L << 20;

    /**
     * The status, or empty when the run never ended or the file is damaged (then the run counts as unfinished and a
     * resume runs it again).
     */
    public static Optional<Status> status(Path dir) {
        try {
            return Optional.of(readStatus(dir));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The status; an {@link IOException} naming status.json when it is missing or damaged. */
    public static Status readStatus(Path dir) throws IOException {
        return readJson(dir.resolve(STATUS), Status.class, "run status");
    }

    /** The frozen config, or empty when missing or damaged. */
    public static Optional<ExperimentConfig> config(Path dir) {
        try {
            return Optional.of(readConfig(dir));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The frozen config; an {@link IOException} naming config.json when it is missing or damaged. */
    public static ExperimentConfig readConfig(Path dir) throws IOException {
        return readJson(dir.resolve(CONFIG), ExperimentConfig.class, "run config");
    }

    /** The provenance.json of a run, or empty when missing or damaged (older folders, hand-made ones). */
    public static Optional<Provenance> provenance(Path dir) {
        if (!Files.exists(dir.resolve(PROVENANCE))) return Optional.empty();
        try {
            return Optional.of(readJson(dir.resolve(PROVENANCE), Provenance.class, "run provenance"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static <T> T readJson(Path f, Class<T> type, String what) throws IOException {
        String text = TextFiles.readUtf8(f, MAX_JSON_BYTES, what);
        try {
            T v = ConfigJson.read(text, type);
            if (v == null) throw new IOException(f + ": holds no " + what + " (empty or null)");
            return v;
        } catch (ConfigJson.ConfigException e) {
            throw new IOException(f + ": " + TextFiles.jsonMessage(e.getMessage()), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new IOException(f + ": not a readable " + what + " (" + TextFiles.reason(e) + ")", e);
        }
    }
}
