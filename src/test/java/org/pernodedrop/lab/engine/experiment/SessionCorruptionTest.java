package org.pernodedrop.lab.engine.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Damaged session files and sweep folders, opened through the engine code the window uses ({@link Session#read},
 * {@link Session#fromSweepFolder}) and the code a resume uses ({@link Sweep#prepare}): {@value #ROUNDS} seeded
 * corruptions each (truncation, byte flips, wrong types, huge numbers, NaN, deep nesting, unknown schema versions,
 * missing and unknown keys, NUL blocks, invalid UTF-8). Each either opens or fails with an {@link IOException} whose
 * message names the damaged file in readable words - never another exception type, never a hang.
 */
@Timeout(120)
class SessionCorruptionTest {

    static final int ROUNDS = 1200;
    /** No raw control characters, Java class or method names, JVM null-pointer sentences or "(null)". */
    static final Pattern UNREADABLE = Pattern.compile("[\\x00-\\x1f\\x7f]|\\(null\\)|Exception\\b|"
            + "\\bjava\\.|\\bcom\\.fasterxml|\\borg\\.pernodedrop|Cannot invoke|because \"");

    @TempDir
    Path tmp;

    static Session sample() {
        SweepSpec spec = SweepTest.tiny(2);
        Map<String, ExperimentConfig> configs = new LinkedHashMap<>();
        List<RunRecord> results = new ArrayList<>();
        for (SweepSpec.Cell c : spec.cells()) {
            configs.put(c.runId(), c.config());
            results.addAll(records(c, 2));
        }
        return Session.of("demo", "a sweep of four runs", configs, results);
    }

    static List<RunRecord> records(SweepSpec.Cell c, int epochs) {
        List<RunRecord> out = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            out.add(new RunRecord(c.runId(), "spiral", c.variant(), c.rate(), c.units(), c.seed(), e, 0.7 / e, 0.6 / e,
                    0.5 + 0.1 * e, e == 2 && c.rate() > 0.4 ? Double.NaN : 0.65 / e, 0.6, 0.01 * e));
        }
        return out;
    }

    // ---- the corruptions ----

    /** Values a field may be replaced by: wrong types, huge numbers, NaN, deep nesting. Raw JSON text. */
    static String replacement(Random rnd) {
        String[] fixed = {"\"text\"", "12", "-1", "1.5", "true", "false", "null", "[]", "{}", "\"\"", "-0",
            "1" + "0".repeat(400), "1e999", "-1e999", "1e-999", "9223372036854775808", "2147483648", "NaN",
            "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "\"\\u0000\"", "[1,2,3]", "{\"x\":1}", "0x10",
            "\"" + "a".repeat(5000) + "\"", "1" + "0".repeat(5000)};
        int k = rnd.nextInt(fixed.length + 1);
        if (k < fixed.length) return fixed[k];
        int depth = 10 + rnd.nextInt(rnd.nextBoolean() ? 2000 : 200_000);
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static String corruptJson(String json, Random rnd, int round) {
        JsonNode tree;
        try {
            tree = ConfigJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        switch (round % 10) {
            case 0 -> {
                return json.substring(0, rnd.nextInt(json.length()));
            }
            case 1 -> {
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                for (int i = 1 + rnd.nextInt(4); i > 0; i--) b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                return new String(b, StandardCharsets.ISO_8859_1); // written back as these exact bytes
            }
            case 2, 3, 4 -> {
                // one field's value replaced: every field is a candidate, the same number of times on average
                List<Object[]> slots = new ArrayList<>();
                collect(tree, slots);
                Object[] slot = slots.get(rnd.nextInt(slots.size()));
                String mark = "__CORRUPT_" + round + "__";
                put(slot, JsonNodeFactory.instance.textNode(mark));
                return ConfigJson.write(tree).replace("\"" + mark + "\"", replacement(rnd));
            }
            case 5 -> {
                if (!(tree instanceof ObjectNode o) || !o.has("schema_version")) return json.replace("1", "7");
                String[] versions = {"0", "2", "99", "-1", "2147483648", "1.5", "\"1\"", "null", "\"one\"", "[1]"};
                String mark = "__SCHEMA__";
                o.put("schema_version", mark);
                return ConfigJson.write(o).replace("\"" + mark + "\"", versions[rnd.nextInt(versions.length)]);
            }
            case 6 -> {
                List<Object[]> slots = new ArrayList<>();
                collect(tree, slots);
                Object[] slot = slots.get(rnd.nextInt(slots.size()));
                if (slot[0] instanceof ObjectNode parent) parent.remove((String) slot[1]);
                else ((ArrayNode) slot[0]).remove((Integer) slot[1]);
                return ConfigJson.write(tree);
            }
            case 7 -> {
                List<Object[]> slots = new ArrayList<>();
                collect(tree, slots);
                for (Object[] s : slots) {
                    if (s[0] instanceof ObjectNode parent && rnd.nextInt(4) == 0) {
                        parent.put("unexpected_" + rnd.nextInt(100), 1);
                        break;
                    }
                }
                return ConfigJson.write(tree);
            }
            case 8 -> {
                // what a crash leaves: the text cut and followed by zero bytes
                int keep = rnd.nextInt(json.length() + 1);
                return json.substring(0, keep) + "\0".repeat(1 + rnd.nextInt(4096));
            }
            default -> {
                String[] whole = {"", " ", "\uFEFF" + json, "null", "[]", "42", "\"text\"", json + json,
                    json + "\n{}", "\u00ff\u00fe" + json, "[".repeat(100_000), "{\"a\":".repeat(50_000)};
                return whole[rnd.nextInt(whole.length)];
            }
        }
    }

    /** Every (parent, key-or-index) below {@code node}. */
    private static void collect(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(k -> {
                slots.add(new Object[]{o, k});
                collect(o.get(k), slots);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Object[]{a, i});
                collect(a.get(i), slots);
            }
        }
    }

    private static void put(Object[] slot, JsonNode v) {
        if (slot[0] instanceof ObjectNode o) o.set((String) slot[1], v);
        else ((ArrayNode) slot[0]).set((Integer) slot[1], v);
    }

    /** Writes {@code text}; case 1 made a string whose chars are the bytes themselves. */
    private static void write(Path f, String text, int round, boolean json) throws IOException {
        if (json && round % 10 == 1) Files.write(f, text.getBytes(StandardCharsets.ISO_8859_1));
        else Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    static void assertNamesAndReadable(IOException e, String fileOrFolder, String context) {
        assertThat(e.getMessage()).as(context).isNotNull().contains(fileOrFolder);
        if (UNREADABLE.matcher(e.getMessage()).find()) {
            fail(context + ": unreadable message: " + org.pernodedrop.lab.engine.data.DataFiles.escape(e.getMessage()));
        }
    }

    // ---- session files ----

    @Test
    void damagedSessionFilesFailWithAMessageNamingTheFile() throws IOException {
        String json = ConfigJson.write(sample());
        Path f = tmp.resolve("damaged" + Session.EXTENSION);
        int opened = 0;
        int refused = 0;
        long slowest = 0;
        long t0 = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            Random rnd = new Random(round * 1_000_003L + 17);
            write(f, corruptJson(json, rnd, round), round, true);
            long c0 = System.nanoTime();
            try {
                Session s = Session.read(f);
                assertThat(s.schemaVersion()).isEqualTo(Session.SCHEMA_VERSION);
                opened++;
            } catch (IOException e) {
                assertNamesAndReadable(e, f.toString(), "round " + round);
                refused++;
            } catch (Throwable t) {
                throw new AssertionError("round " + round + " threw " + t, t);
            }
            slowest = Math.max(slowest, System.nanoTime() - c0);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(opened + refused).isEqualTo(ROUNDS);
        // most damage is refused; a few mutations are harmless (an added byte-order mark, a changed title)
        assertThat(refused).isGreaterThan(ROUNDS * 6 / 10);
        assertThat(opened).isPositive();
        assertThat(slowest / 1e9).as("slowest single case, seconds").isLessThan(2.0);
        assertThat(seconds).as("all %d cases, seconds", ROUNDS).isLessThan(60.0);
    }

    @Test
    void unknownSchemaVersionsAndNonFilesAreNamed() throws Exception {
        String json = ConfigJson.write(sample());
        Path f = tmp.resolve("v" + Session.EXTENSION);
        for (String v : new String[]{"0", "2", "99", "-1"}) {
            Files.writeString(f, json.replace("\"schema_version\" : 1", "\"schema_version\" : " + v));
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Session.read(f)))
                    .isInstanceOf(IOException.class).hasMessageContaining(f.toString())
                    .hasMessageContaining("schema_version " + v);
        }
        Path folder = tmp.resolve("folder" + Session.EXTENSION);
        Files.createDirectories(folder);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Session.read(folder)))
                .isInstanceOf(IOException.class).hasMessageContaining(folder + ": is a folder");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Session.read(tmp.resolve("none.json"))))
                .isInstanceOf(IOException.class).hasMessageContaining("none.json: file not found");
    }

    // ---- sweep folders ----

    /** runs.csv damage: truncation, flips, wrong field counts and types, huge numbers, NaN, NUL blocks, suffixes. */
    static String corruptCsv(String csv, Random rnd, int round) {
        String[] lines = csv.split("\n", -1);
        switch (round % 8) {
            case 0 -> {
                return csv.substring(0, rnd.nextInt(csv.length()));
            }
            case 1 -> {
                byte[] b = csv.getBytes(StandardCharsets.UTF_8);
                for (int i = 1 + rnd.nextInt(4); i > 0; i--) b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                return new String(b, StandardCharsets.ISO_8859_1);
            }
            case 2, 3 -> {
                int l = 1 + rnd.nextInt(lines.length - 2);
                String[] f = lines[l].split(",", -1);
                String[] values = {"", "x", "NaN", "-Infinity", "1" + "0".repeat(400), "9223372036854775808",
                    "2147483648", "-5", "1.5", "2.5f", "1d", "0x1p3", "\0", "1e999", "\u001b[31m"};
                f[rnd.nextInt(f.length)] = values[rnd.nextInt(values.length)];
                lines[l] = String.join(",", f);
                return String.join("\n", lines);
            }
            case 4 -> {
                int l = 1 + rnd.nextInt(lines.length - 2);
                String[] f = lines[l].split(",", -1);
                lines[l] = String.join(",", Arrays.copyOf(f, rnd.nextInt(f.length + 3)));
                return String.join("\n", lines);
            }
            case 5 -> {
                return csv.substring(0, rnd.nextInt(csv.length() + 1)) + "\0".repeat(1 + rnd.nextInt(4096));
            }
            case 6 -> {
                lines[0] = rnd.nextBoolean() ? "" : lines[0].replace("epoch", "epochs");
                return String.join("\n", lines);
            }
            default -> {
                String[] garbage = {",,,,,,,,,,,,", "#", "run_id", "\uFEFF" + lines[1], "a,b", "\u00ff\u00fe"};
                int l = 1 + rnd.nextInt(lines.length - 1);
                List<String> out = new ArrayList<>(Arrays.asList(lines));
                out.add(l, garbage[rnd.nextInt(garbage.length)]);
                return String.join("\n", out);
            }
        }
    }

    @Test
    void damagedSweepFoldersOpenOrFailNamingTheFileAndResumeRerunsDamagedRuns() throws IOException {
        SweepSpec spec = SweepTest.tiny(2);
        Path dir = tmp.resolve("sweep");
        Path runs = dir.resolve(Sweep.RUNS_DIR);
        Map<Path, String> originals = new LinkedHashMap<>();
        List<RunRecord> all = new ArrayList<>();
        for (SweepSpec.Cell c : spec.cells()) {
            Path run = runs.resolve(c.runId());
            Files.createDirectories(run);
            ConfigJson.writeConfig(c.config(), run.resolve(RunFolder.CONFIG));
            RunFolder.end(run, new RunFolder.Status(RunFolder.Status.FINISHED, 2, null));
            all.addAll(records(c, 2));
        }
        RunsCsv.append(dir.resolve(Sweep.RUNS_CSV), all);
        try (var files = Files.walk(dir)) {
            // every file with content; the empty lock sibling of runs.csv (RunsCsv.lockFile) holds nothing to damage
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.equals(RunsCsv.lockFile(p.resolveSibling(
                    Sweep.RUNS_CSV)))).sorted().toList()) {
                originals.put(p, Files.readString(p));
            }
        }
        List<Path> targets = new ArrayList<>(originals.keySet());
        assertThat(targets).hasSize(9); // runs.csv + 4 x (config.json, status.json)
        int opened = 0;
        int refused = 0;
        long t0 = System.nanoTime();
        Path csvFile = dir.resolve(Sweep.RUNS_CSV);
        Path last = csvFile;
        for (int round = 0; round < ROUNDS; round++) {
            // undo the last round: its damaged file, and runs.csv (a resume rewrites it)
            Files.writeString(last, originals.get(last));
            Files.writeString(csvFile, originals.get(csvFile));
            Files.deleteIfExists(dir.resolve(Sweep.SPEC_FILE));
            Random rnd = new Random(round * 7_919L + 3);
            Path target = targets.get(round % targets.size());
            last = target;
            boolean csv = target.getFileName().toString().equals(Sweep.RUNS_CSV);
            String damaged = csv ? corruptCsv(originals.get(target), rnd, round / targets.size())
                    : corruptJson(originals.get(target), rnd, round / targets.size());
            if (csv && (round / targets.size()) % 8 == 1 || !csv && (round / targets.size()) % 10 == 1) {
                Files.write(target, damaged.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                Files.writeString(target, damaged, StandardCharsets.UTF_8);
            }
            String context = "round " + round + " (" + dir.relativize(target) + ")";
            // 1. open it as the window does
            try {
                Session s = Session.fromSweepFolder(dir, "t", "d");
                assertThat(s.results()).isNotEmpty();
                opened++;
            } catch (IOException ex) {
                assertNamesAndReadable(ex, dir.toString(), context);
                refused++;
            } catch (Throwable t) {
                throw new AssertionError(context + " threw " + t, t);
            }
            // 2. resume it: a damaged status.json or config.json makes its run unfinished, to be run again
            try {
                Sweep.Plan plan = new Sweep(spec, dir).prepare(true);
                assertThat(plan.done().size() + plan.todo().size()).isEqualTo(4);
                if (!csv) {
                    Path run = target.getParent();
                    boolean readable;
                    try {
                        RunFolder.readConfig(run);
                        RunFolder.readStatus(run);
                        readable = true;
                    } catch (IOException unreadable) {
                        assertNamesAndReadable(unreadable, target.toString(), context);
                        readable = false;
                    }
                    if (!readable) {
                        assertThat(plan.todo()).as(context).anyMatch(c -> c.runId().equals(run.getFileName().toString()));
                    }
                }
            } catch (IOException ex) {
                assertThat(csv).as(context + ": only a damaged runs.csv may stop a resume: " + ex.getMessage()).isTrue();
                assertNamesAndReadable(ex, target.toString(), context);
            } catch (Throwable t) {
                throw new AssertionError(context + " (resume) threw " + t, t);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(opened + refused).isEqualTo(ROUNDS);
        assertThat(refused).isGreaterThan(ROUNDS / 5);
        assertThat(seconds).as("all %d cases, seconds", ROUNDS).isLessThan(90.0);
    }
}
