package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.cluster.IndexedJob;
import org.pernodedrop.lab.engine.cluster.SlurmArray;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.experiment.Sweep;
import org.pernodedrop.lab.engine.experiment.SweepCells;
import org.pernodedrop.lab.engine.experiment.SweepSpec;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The sweep as cells, for schedulers: {@code plan}, {@code run-cell}, {@code merge}, and the job files of Slurm
 * ({@code slurm}) and Kubernetes ({@code k8s}). Layout and guarantees: {@link SweepCells}.
 */
final class SweepCellCommands {

    private SweepCellCommands() {
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Write the cells of a sweep into --out (sweep.json, cells.csv, runs/<id>/config.json) "
                    + "without running them.")
    static final class Plan implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        BaseConfigOptions baseOptions;
        @CommandLine.Mixin
        GridOptions grid;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep's folder.")
        Path out;

        @Override
        public Integer call() throws Exception {
            ExperimentConfig base = baseOptions.baseConfig();
            SweepSpec s = grid.spec(base, baseOptions.config != null);
            // the same check a local sweep makes before writing: a Masksembles cell its width cannot draw is refused
            Dataset data = Datasets.load(base.data(), base.seed());
            new Sweep(s, out).checkCells(data, s.cells());
            List<SweepSpec.Cell> cells = SweepCells.plan(s, out);
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "plan: %d cells in %s (index -> run in %s)%n", cells.size(), out,
                    out.resolve(SweepCells.CELLS_CSV));
            o.printf(Locale.ROOT, "run one with: sweep run-cell --dir %s --index I   (I = 0..%d); then: sweep merge "
                    + "--dir %s%n", out, cells.size() - 1, out);
            o.flush();
            return 0;
        }
    }

    @Command(name = "run-cell", mixinStandardHelpOptions = true,
            description = {"Run one cell of a planned sweep into its run folder (its own runs.csv; nothing else is "
                    + "written), as one array task does.",
                    "Without --index the index comes from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or "
                            + "SLURM_ARRAY_TASK_ID (Slurm array)."})
    static final class RunCell implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The planned sweep's folder.")
        Path dir;
        @Option(names = "--index", paramLabel = "I", description = "The cell (0-based, see cells.csv).")
        Integer index;

        @Override
        public Integer call() throws Exception {
            int i = index != null ? index : indexFromEnvironment(System.getenv());
            PrintWriter err = spec.commandLine().getErr();
            ProgressBar bar = new ProgressBar(err);
            RunFolder.Status status = SweepCells.runCell(dir, i, new Sweep.Listener() {
                @Override
                public void cellStarted(SweepSpec.Cell cell, int idx, int total) {
                    bar.println(String.format(Locale.ROOT, "[cell %d of 0..%d] %s", idx, total - 1, cell.runId()));
                }

                @Override
                public void event(SweepSpec.Cell cell, TrainingEvent e) {
                    if (e instanceof TrainingEvent.StepCompleted s) {
                        int epochs = cell.config().training().epochs();
                        bar.update(((s.epoch() - 1) + (double) s.stepInEpoch() / s.stepsPerEpoch()) / epochs,
                                String.format(Locale.ROOT, "epoch %d/%d loss %.4f", s.epoch(), epochs, s.batchLoss()));
                    }
                }
            });
            if (status == null) throw new CliErrors.RunFailedException("cell " + i + " was stopped before it ended");
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "run-cell %d: %s, %d epochs%s%n", i, status.state(), status.epochs(),
                    status.reason() == null ? "" : ": " + status.reason());
            o.flush();
            if (status.state().equals(RunFolder.Status.FAILED)) {
                throw new CliErrors.RunFailedException("cell " + i + " failed: " + status.reason());
            }
            return 0;
        }

        /** The array index a scheduler gave this process: Kubernetes' first, then Slurm's. */
        static int indexFromEnvironment(java.util.Map<String, String> env) {
            for (String name : new String[]{"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"}) {
                String v = env.get(name);
                if (v == null || v.isBlank()) continue;
                try {
                    return Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + "='" + v + "' is not a cell index");
                }
            }
            throw new IllegalArgumentException("give --index I (or run as an array task: JOB_COMPLETION_INDEX or "
                    + "SLURM_ARRAY_TASK_ID sets it)");
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Gather the cells' run folders into the sweep's runs.csv (spec order, idempotent); names "
                    + "the cells that have not ended and refuses cells recorded twice.")
    static final class Merge implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The sweep's folder.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Sweep sweep = new Sweep(SweepCells.readSpec(dir), dir);
            SweepCells.Merge m;
            try {
                m = SweepCells.merge(sweep);
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println(CliErrors.line(e.getMessage()));
                spec.commandLine().getErr().flush();
                return LabCommand.EXIT_DATA;
            }
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "merge: %d of %d cells, %d rows in %s%s%n", m.merged(), m.cells(), m.rows(),
                    sweep.runsCsv(), m.rewritten() ? "" : " (unchanged)");
            for (String stray : SweepCells.strayFolders(sweep)) {
                o.println("note: runs/" + stray + " is no cell of this sweep; left out");
            }
            o.flush();
            if (!m.complete()) {
                List<String> idx = new ArrayList<>();
                List<String> cells = new ArrayList<>();
                for (SweepCells.MissingCell c : m.missing()) {
                    idx.add(Integer.toString(c.index()));
                    cells.add(c.index() + " " + c.runId());
                }
                throw new CliErrors.RunFailedException(m.missing().size() + " cells have not ended (index run_id: "
                        + String.join(", ", cells) + "); run them with: sweep run-cell --dir " + dir
                        + " --index I for I in " + String.join(" ", idx) + ", then merge again");
            }
            return 0;
        }
    }

    /** The command that starts this lab: the jpackage launcher, this jar with this Java, or the plain name. */
    static List<String> currentLauncher() {
        String app = System.getProperty("jpackage.app-path");
        if (app != null && !app.isBlank()) return List.of(app);
        try {
            Path src = Path.of(LabCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (src.toString().endsWith(".jar")) {
                return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--add-modules", "jdk.incubator.vector", "-jar", src.toAbsolutePath().toString());
            }
        } catch (Exception ignored) {
            // no code source (tests run from classes/): fall through to the name on the PATH
        }
        return List.of("pernodedrop-lab");
    }

    @Command(name = "slurm", mixinStandardHelpOptions = true,
            description = "Write <dir>/slurm/sweep.sbatch: a Slurm array job with one task per cell of the planned "
                    + "sweep (submit it with sbatch, then run sweep merge).")
    static final class Slurm implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, paramLabel = "DIR",
                description = "The planned sweep's folder, on a file system every node mounts.")
        Path dir;
        @Option(names = "--job-name", defaultValue = "pernodedrop-sweep", paramLabel = "NAME")
        String jobName;
        @Option(names = "--max-parallel", defaultValue = "0", paramLabel = "N",
                description = "At most N tasks at once (default: no limit).")
        int maxParallel;
        @Option(names = "--cpus-per-task", defaultValue = "1", paramLabel = "N")
        int cpus;
        @Option(names = "--cuda", description = "Ask for one GPU per task (--gres=gpu:1): for the CUDA build "
                + "(mvn -Pcuda).")
        boolean cuda;
        @Option(names = "--time", paramLabel = "LIMIT", description = "Time limit per task, e.g. 01:30:00.")
        String time;
        @Option(names = "--partition", paramLabel = "NAME")
        String partition;
        @Option(names = "--launcher", paramLabel = "CMD", description = "How a node starts the lab, e.g. "
                + "'/opt/pernodedrop-lab/bin/PerNodeDropLab' (default: this Java and jar).")
        String launcher;

        @Override
        public Integer call() throws Exception {
            SweepSpec s = SweepCells.readSpec(dir);
            List<String> cmd = launcher == null ? currentLauncher() : List.of(launcher.trim().split("\\s+"));
            SlurmArray a = new SlurmArray(jobName, dir.toAbsolutePath().normalize(), s.cells().size(), maxParallel,
                    cpus, cuda, time, partition, cmd);
            Path f = dir.resolve("slurm").resolve("sweep.sbatch");
            Files.createDirectories(f.getParent());
            Files.writeString(f, a.script());
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "slurm: %s (%d array tasks%s); submit with: sbatch %s%n", f, s.cells().size(),
                    cuda ? ", one GPU each" : "", f);
            o.flush();
            return 0;
        }
    }

    @Command(name = "k8s", mixinStandardHelpOptions = true,
            description = "Write <dir>/k8s/indexed-job.json: a Kubernetes Indexed Job with one completion per cell "
                    + "(kubectl apply -f it, then run sweep merge).")
    static final class Kube implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The planned sweep's folder here.")
        Path dir;
        @Option(names = "--image", required = true, paramLabel = "IMAGE",
                description = "Container image built from the app-image (docs/clusters.md).")
        String image;
        @Option(names = "--claim", defaultValue = "pernodedrop-sweeps", paramLabel = "PVC",
                description = "PersistentVolumeClaim holding the sweep folders (default: ${DEFAULT-VALUE}).")
        String claim;
        @Option(names = "--mount-path", defaultValue = "/sweeps", paramLabel = "PATH",
                description = "Where pods mount the claim (default: ${DEFAULT-VALUE}).")
        String mountPath;
        @Option(names = "--dir-in-pod", paramLabel = "PATH",
                description = "The sweep folder as pods see it (default: <mount-path>/<name of --dir>).")
        String dirInPod;
        @Option(names = "--name", paramLabel = "NAME", description = "Job name (default: from the folder's name).")
        String name;
        @Option(names = "--parallelism", defaultValue = "4", paramLabel = "N")
        int parallelism;
        @Option(names = "--cpus-per-task", defaultValue = "1", paramLabel = "N")
        int cpus;
        @Option(names = "--memory-gi", defaultValue = "4", paramLabel = "GI")
        int memoryGi;
        @Option(names = "--cuda", description = "Ask for one nvidia.com/gpu per pod (the CUDA build's image).")
        boolean cuda;
        @Option(names = "--command", defaultValue = "/opt/pernodedrop-lab/bin/PerNodeDropLab", paramLabel = "CMD",
                description = "The lab's launcher in the image (default: ${DEFAULT-VALUE}).")
        String command;

        @Override
        public Integer call() throws Exception {
            SweepSpec s = SweepCells.readSpec(dir);
            String folder = dir.toAbsolutePath().normalize().getFileName().toString();
            String jobName = name != null ? name : jobName(folder);
            String inPod = dirInPod != null ? dirInPod : (mountPath.endsWith("/") ? mountPath : mountPath + "/") + folder;
            IndexedJob job = new IndexedJob(jobName, image, command, inPod, s.cells().size(), parallelism, claim,
                    mountPath, cpus, memoryGi, cuda);
            Path f = dir.resolve("k8s").resolve("indexed-job.json");
            Files.createDirectories(f.getParent());
            Files.writeString(f, job.text());
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "k8s: %s (%d completions, %d at once); apply with: kubectl apply -f %s%n", f,
                    s.cells().size(), Math.min(parallelism, s.cells().size()), f);
            o.flush();
            return 0;
        }

        /** A DNS-1123 label from a folder name: lower case, other characters as '-', at most 63. */
        static String jobName(String folder) {
            String n = ("pndlab-" + folder.toLowerCase(Locale.ROOT)).replaceAll("[^a-z0-9-]+", "-")
                    .replaceAll("-+", "-");
            if (n.length() > 63) n = n.substring(0, 63);
            return n.replaceAll("-+$", "");
        }
    }
}
