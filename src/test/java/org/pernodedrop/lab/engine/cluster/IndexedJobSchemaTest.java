package org.pernodedrop.lab.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generated manifest against the batch/v1 Job schema, offline: the fields, types and rules of the Kubernetes API
 * reference (Job v1 batch, PodSpec, Container) that an Indexed Job touches, written out here as an independent
 * checker - unknown fields are rejected as the API server's strict field validation does, so a misspelt field fails.
 */
class IndexedJobSchemaTest {

    /** A tiny schema language: an object's allowed fields and their kinds, required fields marked with '!'. */
    private static final Map<String, Map<String, String>> SCHEMA = Map.ofEntries(
            Map.entry("Job", Map.of("apiVersion!", "string", "kind!", "string", "metadata!", "ObjectMeta", "spec!", "JobSpec")),
            Map.entry("ObjectMeta", Map.of("name!", "string", "labels", "map")),
            Map.entry("JobSpec", Map.of("completionMode", "string", "completions", "int", "parallelism", "int",
                    "backoffLimit", "int", "ttlSecondsAfterFinished", "int", "template!", "PodTemplateSpec")),
            Map.entry("PodTemplateSpec", Map.of("metadata", "ObjectMeta", "spec!", "PodSpec")),
            Map.entry("PodSpec", Map.of("restartPolicy", "string", "containers!", "Container[]", "volumes", "Volume[]")),
            Map.entry("Container", Map.of("name!", "string", "image!", "string", "command", "string[]", "args", "string[]",
                    "env", "EnvVar[]", "resources", "Resources", "volumeMounts", "VolumeMount[]")),
            Map.entry("EnvVar", Map.of("name!", "string", "value", "string")),
            Map.entry("Resources", Map.of("requests", "quantities", "limits", "quantities")),
            Map.entry("VolumeMount", Map.of("name!", "string", "mountPath!", "string")),
            Map.entry("Volume", Map.of("name!", "string", "persistentVolumeClaim", "PVCSource")),
            Map.entry("PVCSource", Map.of("claimName!", "string")));

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** Resource quantities: a decimal with an optional SI or binary suffix (resource.Quantity). */
    private static final Pattern QUANTITY = Pattern.compile("\\d+(\\.\\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");

    /** Every violation of the schema and the Job rules, as "path: what". */
    static List<String> violations(JsonNode job) {
        List<String> v = new ArrayList<>();
        check(job, "Job", "", v);
        if (!v.isEmpty()) return v;
        if (!job.get("apiVersion").asText().equals("batch/v1")) v.add("apiVersion: must be batch/v1");
        if (!job.get("kind").asText().equals("Job")) v.add("kind: must be Job");
        String name = job.at("/metadata/name").asText();
        if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) v.add("metadata.name: not a DNS-1123 label");
        JsonNode spec = job.get("spec");
        // a Job's pods may not restart in place forever: Never or OnFailure only
        String restart = spec.at("/template/spec/restartPolicy").asText("");
        if (!Set.of("Never", "OnFailure").contains(restart)) v.add("restartPolicy: Job needs Never or OnFailure");
        if (spec.has("completionMode")) {
            String mode = spec.get("completionMode").asText();
            if (!Set.of("NonIndexed", "Indexed").contains(mode)) v.add("completionMode: unknown " + mode);
            if (mode.equals("Indexed")) {
                if (!spec.has("completions")) v.add("completions: required when completionMode is Indexed");
                else if (spec.get("completions").asInt() > 100_000) v.add("completions: Indexed allows 100000");
            }
        }
        for (String f : new String[]{"completions", "parallelism", "backoffLimit"}) {
            if (spec.has(f) && spec.get(f).asInt() < 0) v.add(f + ": must be >= 0");
        }
        Set<String> volumes = new java.util.HashSet<>();
        for (JsonNode vol : spec.at("/template/spec").path("volumes")) volumes.add(vol.get("name").asText());
        for (JsonNode c : spec.at("/template/spec/containers")) {
            if (!DNS_LABEL.matcher(c.get("name").asText()).matches()) v.add("container name: not a DNS-1123 label");
            for (JsonNode m : c.path("volumeMounts")) {
                if (!volumes.contains(m.get("name").asText())) v.add("volumeMount " + m.get("name") + ": no such volume");
            }
        }
        return v;
    }

    private static void check(JsonNode node, String type, String path, List<String> v) {
        if (type.endsWith("[]")) {
            if (!node.isArray()) {
                v.add(path + ": expected a list");
                return;
            }
            if (node.isEmpty() && type.equals("Container[]")) v.add(path + ": at least one container");
            for (int i = 0; i < node.size(); i++) check(node.get(i), type.substring(0, type.length() - 2), path + "[" + i + "]", v);
            return;
        }
        switch (type) {
            case "string" -> {
                if (!node.isTextual()) v.add(path + ": expected a string");
            }
            case "int" -> {
                if (!node.isInt()) v.add(path + ": expected an integer");
            }
            case "map" -> {
                if (!node.isObject()) v.add(path + ": expected a map");
                else node.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) v.add(path + "." + e.getKey() + ": expected a string");
                });
            }
            case "quantities" -> {
                if (!node.isObject()) v.add(path + ": expected a map");
                else node.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual() || !QUANTITY.matcher(e.getValue().asText()).matches()) {
                        v.add(path + "." + e.getKey() + ": not a quantity");
                    }
                });
            }
            default -> {
                Map<String, String> fields = SCHEMA.get(type);
                if (!node.isObject()) {
                    v.add(path + ": expected an object (" + type + ")");
                    return;
                }
                for (var f : fields.entrySet()) {
                    String key = f.getKey().replace("!", "");
                    if (f.getKey().endsWith("!") && !node.has(key)) v.add(path + "." + key + ": required");
                }
                node.fieldNames().forEachRemaining(k -> {
                    String t = fields.containsKey(k) ? fields.get(k) : fields.get(k + "!");
                    if (t == null) v.add(path + "." + k + ": unknown field of " + type);
                    else check(node.get(k), t, path + "." + k, v);
                });
            }
        }
    }

    private static IndexedJob job(boolean gpu) {
        return new IndexedJob("pndlab-moons", "registry.example.org/pernodedrop-lab:1.0",
                "/opt/pernodedrop-lab/bin/PerNodeDropLab", "/sweeps/moons", 12, 4, "pernodedrop-sweeps", "/sweeps", 2,
                4, gpu);
    }

    @Test
    void theManifestIsAValidIndexedJob() throws Exception {
        JsonNode m = new ObjectMapper().readTree(job(false).text());
        assertThat(violations(m)).isEmpty();
        assertThat(m.at("/spec/completionMode").asText()).isEqualTo("Indexed");
        assertThat(m.at("/spec/completions").asInt()).isEqualTo(12);
        assertThat(m.at("/spec/parallelism").asInt()).isEqualTo(4);
        JsonNode c = m.at("/spec/template/spec/containers/0");
        // no --index: run-cell reads JOB_COMPLETION_INDEX, which the Job controller sets in each pod
        assertThat(c.get("args").toString()).isEqualTo("[\"sweep\",\"run-cell\",\"--dir\",\"/sweeps/moons\"]");
        assertThat(c.at("/resources/limits").has("nvidia.com/gpu")).isFalse();
        JsonNode g = new ObjectMapper().readTree(job(true).text());
        assertThat(violations(g)).isEmpty();
        assertThat(g.at("/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu").asText()).isEqualTo("1");
    }

    @Test
    void theCheckerCatchesWhatTheApiServerWouldRefuse() throws Exception {
        // the checker itself must fail on broken manifests, or its pass above means nothing
        ObjectMapper om = new ObjectMapper();
        var m = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(job(false).text());
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.at("/spec/template/spec")).put("restartPolicy", "Always");
        assertThat(violations(m)).contains("restartPolicy: Job needs Never or OnFailure");
        m = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(job(false).text());
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("spec")).remove("completions");
        assertThat(violations(m)).contains("completions: required when completionMode is Indexed");
        m = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(job(false).text());
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("spec")).put("completion", 3);
        assertThat(violations(m)).contains(".spec.completion: unknown field of JobSpec");
        m = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(job(false).text());
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.at("/spec/template/spec/containers/0")).remove("image");
        assertThat(violations(m)).contains(".spec.template.spec.containers[0].image: required");
    }

    @Test
    void badNamesAndSizesAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> new IndexedJob("Moons_Sweep", "img", "/x", "/sweeps/a", 3, 1, "c", "/sweeps", 1, 1,
                false)).hasMessageContaining("Kubernetes Job name 'Moons_Sweep'");
        assertThatThrownBy(() -> new IndexedJob("a", "img", "/x", "/sweeps/a", 100_001, 1, "c", "/sweeps", 1, 1,
                false)).hasMessageContaining("1-100000 cells");
        assertThatThrownBy(() -> new IndexedJob("a", "img", "/x", "/data/a", 3, 1, "c", "/sweeps", 1, 1, false))
                .hasMessageContaining("not on the mounted volume /sweeps");
    }
}
