package org.pernodedrop.lab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.RunFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the run folders of a sweep say about how the numbers were made: the frozen configs (data, model, training
 * settings), how each run ended, and the machine (provenance), summarised for {@code report.md} so a reader can
 * reproduce any figure from the folder that holds it.
 */
public final class SweepSetup {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepSetup() {
    }

    /** Run folders: {@code config.json} at depth 1 or 2 below {@code sweepDir} (train and sweep layouts). */
    static List<Path> runFolders(Path sweepDir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.find(sweepDir, 3, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().equals(RunFolder.CONFIG))) {
            s.map(Path::getParent).filter(p -> !p.startsWith(sweepDir.resolve("report"))).sorted().forEach(out::add);
        }
        return out;
    }

    /** Markdown bullet lines, or an empty string when the folder holds no run folders. */
    public static String markdown(Path sweepDir) {
        List<Path> runs;
        try {
            runs = runFolders(sweepDir);
        } catch (IOException e) {
            return "";
        }
        if (runs.isEmpty()) return "";
        TreeSet<String> data = new TreeSet<>(), model = new TreeSet<>(), training = new TreeSet<>();
        TreeSet<String> machine = new TreeSet<>();
        TreeMap<String, Integer> states = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        int unreadable = 0;
        for (Path run : runs) {
            Optional<ExperimentConfig> cfg = RunFolder.config(run);
            if (cfg.isEmpty()) {
                unreadable++;
                continue;
            }
            ExperimentConfig c = cfg.get();
            data.add(String.format(Locale.ROOT, "%s (samples %d, noise %s, train ratio %s, train limit %s, "
                            + "val limit %s)", c.data().name(), c.data().samples(), c.data().noise(),
                    c.data().trainRatio(), limit(c.data().trainLimit()), limit(c.data().valLimit())));
            model.add(String.format(Locale.ROOT, "backbone %s, hidden %s, channels %s", c.model().backbone(),
                    c.model().hidden(), c.model().channels()));
            training.add(String.format(Locale.ROOT, "%d epochs, batch %d, learning rate %s",
                    c.training().epochs(), c.training().batchSize(), c.training().learningRate()));
            Optional<RunFolder.Status> st = RunFolder.status(run);
            String state = st.map(RunFolder.Status::state).orElse("unfinished");
            states.merge(state, 1, Integer::sum);
            if (st.isPresent() && RunFolder.Status.FAILED.equals(st.get().state())) {
                failed.add(run.getFileName() + (st.get().reason() == null ? "" : ": " + st.get().reason()));
            }
            Path prov = run.resolve(RunFolder.PROVENANCE);
            if (Files.isRegularFile(prov)) {
                try {
                    JsonNode p = JSON.readTree(prov.toFile());
                    machine.add(String.format(Locale.ROOT, "%s; %s; Java %s; app %s", text(p, "device"),
                            text(p, "nd4j_backend"), text(p, "java_version"), text(p, "app_version")));
                } catch (IOException | RuntimeException e) {
                    unreadable++;
                }
            }
        }
        StringBuilder md = new StringBuilder();
        List<String> stateParts = new ArrayList<>();
        states.forEach((s, n) -> stateParts.add(n + " " + s));
        md.append("- Runs: ").append(runs.size()).append(" run folders (").append(String.join(", ", stateParts))
                .append(")\n");
        md.append("- Data: ").append(String.join("; ", data)).append('\n');
        md.append("- Model: ").append(String.join("; ", model)).append(" (units and regularizer per run: see "
                + "the tables)\n");
        md.append("- Training: ").append(String.join("; ", training)).append('\n');
        if (!machine.isEmpty()) md.append("- Machine: ").append(String.join("; ", machine)).append('\n');
        for (String f : failed) md.append("- Failed run: ").append(f).append('\n');
        if (unreadable > 0) {
            md.append("- ").append(unreadable).append(" config or provenance files could not be read\n");
        }
        return md.toString();
    }

    private static String limit(int n) {
        return n <= 0 ? "none" : Integer.toString(n);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? "?" : v.asText();
    }
}
