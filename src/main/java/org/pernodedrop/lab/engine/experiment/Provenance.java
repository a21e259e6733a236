package org.pernodedrop.lab.engine.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.train.BackendInfo;
import org.pernodedrop.lab.engine.train.Trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Where and how a run was made, written beside its results as {@code provenance.json} (in the spirit of Tribuo's
 * ModelProvenance) so a figure can be traced to the software and machine that produced it.
 */
@JsonPropertyOrder({"run_id", "app_version", "java_version", "java_vendor", "os", "arch", "nd4j_backend", "device",
        "seed", "start_time", "data_origin"})
public record Provenance(
        @JsonProperty("run_id") String runId,
        @JsonProperty("app_version") String appVersion,
        @JsonProperty("java_version") String javaVersion,
        @JsonProperty("java_vendor") String javaVendor,
        @JsonProperty("os") String os,
        @JsonProperty("arch") String arch,
        @JsonProperty("nd4j_backend") String nd4jBackend,
        @JsonProperty("device") String device,
        @JsonProperty("seed") long seed,
        @JsonProperty("start_time") String startTime,
        @JsonProperty("data_origin") String dataOrigin) {

    /**
     * Captures the current JVM, OS and ND4J backend; {@code startTime} is now, ISO-8601 UTC; {@code dataOrigin} is
     * where the data was loaded from ({@link org.pernodedrop.lab.engine.data.Dataset#origin()}: the folder or file
     * of the copy actually used, or "embedded").
     */
    public static Provenance capture(String runId, long seed, String dataOrigin) {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return new Provenance(runId, v == null ? "dev" : v, System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"), Trainer.backend(), deviceDescription(), seed, Instant.now().toString(),
                dataOrigin);
    }

    private static String deviceDescription() {
        try {
            BackendInfo.Info info = BackendInfo.describe();
            if (info.backend().toUpperCase(java.util.Locale.ROOT).contains("CUDA")) return "GPU " + info.summary();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
        String model = null;
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (var lines = Files.lines(cpuinfo)) {
                model = lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse(null);
            } catch (IOException | RuntimeException e) {
                model = null;
            }
        }
        return "CPU " + (model == null ? System.getProperty("os.arch") : model) + ", "
                + Runtime.getRuntime().availableProcessors() + " cores";
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, ConfigJson.write(this) + System.lineSeparator());
    }
}
