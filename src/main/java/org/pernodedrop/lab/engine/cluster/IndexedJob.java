package org.pernodedrop.lab.engine.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pernodedrop.lab.engine.config.ConfigJson;

import java.util.regex.Pattern;

/**
 * A Kubernetes Indexed Job (batch/v1 Job, {@code completionMode: Indexed}) that runs a planned sweep: one completion
 * per cell; the pod of index {@code i} gets {@code JOB_COMPLETION_INDEX=i} from the Job controller, which
 * {@code sweep run-cell} reads when no {@code --index} is given. The sweep folder lives on a shared volume (a
 * PersistentVolumeClaim mounted in every pod). The manifest is JSON, which {@code kubectl apply -f} takes as it takes
 * YAML (JSON is a subset of YAML 1.2).
 *
 * @param name        Job name (a DNS-1123 label, at most 63 characters)
 * @param image       container image built from the app-image (see docs/clusters.md)
 * @param command     the lab's launcher inside the image, e.g. /opt/pernodedrop-lab/bin/PerNodeDropLab
 * @param sweepDir    the planned sweep folder as the pods see it (under {@code mountPath})
 * @param cells       completions: one per cell
 * @param parallelism pods at once
 * @param claim       PersistentVolumeClaim that holds the sweep folder
 * @param mountPath   where the claim is mounted in the pod
 * @param cpu         CPU request per pod (cores)
 * @param memoryGi    memory request and limit per pod (GiB)
 * @param gpu         request one NVIDIA GPU per pod (the CUDA build)
 */
public record IndexedJob(String name, String image, String command, String sweepDir, int cells, int parallelism,
                         String claim, String mountPath, int cpu, int memoryGi, boolean gpu) {

    /** Kubernetes object names used as label values: DNS-1123 labels. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** Indexed Jobs allow at most 100,000 completions (batch/v1 validation). */
    public static final int MAX_COMPLETIONS = 100_000;
    /** Retries per Job before it is marked failed; a failed cell can also be rerun by hand. */
    static final int RETRIES_PER_CELL = 2;

    public IndexedJob {
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("Kubernetes Job name '" + name + "': use 1-63 lower-case letters, "
                    + "digits and '-', starting and ending with a letter or digit");
        }
        if (!DNS_LABEL.matcher(claim).matches()) {
            throw new IllegalArgumentException("volume claim '" + claim + "': not a DNS-1123 name");
        }
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("container image '" + image + "': give a name like "
                    + "registry.example.org/pernodedrop-lab:1.0");
        }
        if (cells < 1 || cells > MAX_COMPLETIONS) {
            throw new IllegalArgumentException("an Indexed Job takes 1-" + MAX_COMPLETIONS + " cells, got " + cells);
        }
        if (parallelism < 1) throw new IllegalArgumentException("--parallelism must be >= 1, got " + parallelism);
        if (cpu < 1) throw new IllegalArgumentException("--cpus-per-task must be >= 1, got " + cpu);
        if (memoryGi < 1) throw new IllegalArgumentException("--memory-gi must be >= 1, got " + memoryGi);
        if (!mountPath.startsWith("/")) throw new IllegalArgumentException("mount path must be absolute: " + mountPath);
        if (!sweepDir.startsWith(mountPath.endsWith("/") ? mountPath : mountPath + "/")) {
            throw new IllegalArgumentException("the sweep folder " + sweepDir + " is not on the mounted volume "
                    + mountPath);
        }
    }

    /** The manifest as a JSON tree. */
    public ObjectNode manifest() {
        var m = ConfigJson.mapper();
        ObjectNode job = m.createObjectNode();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        ObjectNode meta = job.putObject("metadata");
        meta.put("name", name);
        meta.putObject("labels").put("app.kubernetes.io/name", "pernodedrop-lab");
        ObjectNode spec = job.putObject("spec");
        spec.put("completionMode", "Indexed");
        spec.put("completions", cells);
        spec.put("parallelism", Math.min(parallelism, cells));
        spec.put("backoffLimit", RETRIES_PER_CELL * cells);
        ObjectNode pod = spec.putObject("template").putObject("spec");
        // Never: a failed pod is replaced by a new one (counted against backoffLimit), not restarted in place
        pod.put("restartPolicy", "Never");
        ArrayNode containers = pod.putArray("containers");
        ObjectNode c = containers.addObject();
        c.put("name", "cell");
        c.put("image", image);
        c.putArray("command").add(command);
        c.putArray("args").add("sweep").add("run-cell").add("--dir").add(sweepDir);
        ArrayNode env = c.putArray("env");
        env.addObject().put("name", "OMP_NUM_THREADS").put("value", Integer.toString(cpu));
        ObjectNode res = c.putObject("resources");
        ObjectNode req = res.putObject("requests");
        req.put("cpu", Integer.toString(cpu));
        req.put("memory", memoryGi + "Gi");
        ObjectNode lim = res.putObject("limits");
        lim.put("memory", memoryGi + "Gi");
        if (gpu) lim.put("nvidia.com/gpu", "1");
        c.putArray("volumeMounts").addObject().put("name", "sweeps").put("mountPath", mountPath);
        pod.putArray("volumes").addObject().put("name", "sweeps").putObject("persistentVolumeClaim")
                .put("claimName", claim);
        return job;
    }

    /** The manifest text (pretty JSON). */
    public String text() {
        try {
            return ConfigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(manifest()) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
