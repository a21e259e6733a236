package org.pernodedrop.lab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.DatasetException;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.data.LoadProgress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** {@code datasets list | inspect | download}: what data this machine has, and what a real load gives. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List, inspect and download the lab's datasets.",
        subcommands = {DatasetsCommand.ListCommand.class, DatasetsCommand.InspectCommand.class,
                DatasetsCommand.DownloadCommand.class})
public final class DatasetsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every source: whether it is available here, where it was found, its size.")
    static final class ListCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", description = "also look in this folder")
        Path dataDir;

        @Option(names = "--json", description = "print JSON instead of a table")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            var sources = Datasets.sources(dataDir);
            if (json) {
                ArrayNode a = ConfigJson.mapper().createArrayNode();
                for (Datasets.SourceInfo s : sources) {
                    ObjectNode o = a.addObject();
                    o.put("name", s.name());
                    o.put("domain", s.domain());
                    o.put("availability", s.availability().label());
                    o.put("location", s.location());
                    o.put("size_bytes", s.sizeBytes());
                    o.put("description", s.description());
                }
                out.println(ConfigJson.write(a));
            } else {
                out.printf(Locale.ROOT, "%-16s %-8s %-16s %10s  %s%n", "NAME", "DOMAIN", "AVAILABILITY", "SIZE",
                        "LOCATION");
                for (Datasets.SourceInfo s : sources) {
                    out.printf(Locale.ROOT, "%-16s %-8s %-16s %10s  %s%n", s.name(), s.domain(),
                            s.availability().label(), size(s), s.location() == null ? "-" : s.location());
                }
            }
            out.flush();
        }

        private static String size(Datasets.SourceInfo s) {
            if (s.sizeBytes() <= 0) return "-";
            double mb = s.sizeBytes() / 1e6;
            String approx = s.availability() == Datasets.Availability.DOWNLOADABLE ? "~" : "";
            if (mb < 1) return approx + String.format(Locale.ROOT, "%.0f kB", s.sizeBytes() / 1e3);
            return approx + String.format(Locale.ROOT, mb < 10 ? "%.1f MB" : "%.0f MB", mb);
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Load a dataset for real and print its shape as JSON.")
    static final class InspectCommand implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "dataset name (see 'datasets list')")
        String name;

        @Option(names = "--data-dir", description = "folder or file holding the data")
        Path dataDir;

        @Option(names = "--train-limit", description = "keep at most N training examples (stratified)")
        int trainLimit;

        @Option(names = "--val-limit", description = "keep at most N validation examples (stratified)")
        int valLimit;

        @Option(names = "--seed", description = "split seed (default ${DEFAULT-VALUE})", defaultValue = "42")
        long seed;

        @Option(names = "--samples", description = "points of an embedded 2-D set")
        Integer samples;

        @Option(names = "--mels", description = "speech: mel bands (default 128)")
        Integer mels;

        @Option(names = "--frames", description = "speech: frames per 1 s clip (default 128)")
        Integer frames;

        @Option(names = "--topics", description = "rcv1: the K most frequent topics (default 25)")
        Integer topics;

        @Option(names = "--label-column", description = "csv: label column, header name or 0-based index")
        String labelColumn;

        @Option(names = "--min-df", description = "text (TF-IDF): a term must occur in at least N training documents"
                + " (default 2)")
        Integer minDf;

        @Option(names = "--max-terms", description = "text (TF-IDF): keep at most N terms, most frequent first")
        Integer maxTerms;

        @Option(names = "--split-by", description = "random (stratified) or speaker (speech: whole voices held out)")
        String splitBy;

        @Option(names = "--time", description = "print the load time to stderr")
        boolean time;

        @Override
        public Integer call() throws DatasetException {
            if (!Datasets.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown dataset '" + name + "'; known: "
                        + String.join(", ", Datasets.NAMES));
            }
            if (trainLimit < 0 || valLimit < 0) {
                throw new IllegalArgumentException("limits must be >= 0");
            }
            DataSpec d = Datasets.defaultSpec(name).withLimits(trainLimit, valLimit);
            if (dataDir != null) d = d.withDataDir(dataDir.toString());
            if (samples != null) d = d.withSamples(samples, d.noise());
            if (mels != null || frames != null) {
                d = d.withSpectrogram(mels == null ? DataSpec.DEFAULT_MELS : mels,
                        frames == null ? DataSpec.DEFAULT_FRAMES : frames);
            }
            if (topics != null) d = d.withTopics(topics);
            if (labelColumn != null) d = d.withLabelColumn(labelColumn);
            if (minDf != null || maxTerms != null) d = d.withVocabulary(minDf, maxTerms);
            if (splitBy != null) d = d.withSplitBy(splitBy);
            long cpu0 = processCpuMs();
            long t0 = System.nanoTime();
            Dataset ds = Datasets.load(d, seed, LoadProgress.NONE);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long cpuMs = processCpuMs() - cpu0;
            ObjectNode o = ConfigJson.mapper().createObjectNode();
            o.put("name", ds.name());
            o.put("train", ds.train().size());
            o.put("val", ds.val().size());
            ArrayNode shape = o.putArray("input_shape");
            for (int s : ds.inputShape()) shape.add(s);
            o.put("classes", ds.classes());
            o.put("multi_label", ds.multiLabel());
            ArrayNode names = o.putArray("class_names");
            ds.classNames().forEach(names::add);
            o.put("origin", ds.origin());
            PrintWriter out = spec.commandLine().getOut();
            out.println(ConfigJson.write(o));
            out.flush();
            if (time) {
                // CPU time of all threads (JIT and GC included) says what the load costs on a busy machine
                spec.commandLine().getErr().println("loaded " + ds.name() + " (" + (ds.train().size() + ds.val().size())
                        + " examples) in " + ms + " ms wall, " + cpuMs + " ms CPU on "
                        + Runtime.getRuntime().availableProcessors() + " core(s)");
                spec.commandLine().getErr().flush();
            }
            return 0;
        }
    }

    private static long processCpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Download a dataset into the user data folder (resumes, verifies the checksum).")
    static final class DownloadCommand implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "fashion-mnist, mnist, cifar10, speech-commands or rcv1")
        String name;

        @Override
        public Integer call() throws DatasetException {
            if (Datasets.remoteFiles(name).isEmpty()) {
                throw new IllegalArgumentException("'" + name + "' has no download; downloadable: fashion-mnist, "
                        + "mnist, cifar10, speech-commands, rcv1");
            }
            PrintWriter err = spec.commandLine().getErr();
            long[] last = {0};
            Path dir = Datasets.download(name, (phase, done, total) -> {
                long now = System.nanoTime();
                if (now - last[0] > 1_000_000_000L) {
                    last[0] = now;
                    err.printf(Locale.ROOT, "%s: %.1f MB%s%n", phase, done / 1e6,
                            total > 0 ? String.format(Locale.ROOT, " of %.1f MB", total / 1e6) : "");
                    err.flush();
                }
            });
            spec.commandLine().getOut().println(name + ": ready in " + dir);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
