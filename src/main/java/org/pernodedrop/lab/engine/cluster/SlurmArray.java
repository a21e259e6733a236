package org.pernodedrop.lab.engine.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An sbatch script that runs a planned sweep as a Slurm array job: one array task per cell, task {@code i} running
 * {@code sweep run-cell --index i} into the cell's own folder (so tasks never share a file). The sweep folder must be
 * on a file system every node sees. GPUs: with {@code gpu} every task asks for one ({@code --gres=gpu:1}), which the
 * CUDA build uses; the CPU build needs none.
 *
 * @param jobName     Slurm job name
 * @param sweepDir    the planned sweep folder (absolute, as the nodes see it)
 * @param cells       number of cells (array indices 0..cells-1)
 * @param maxParallel at most this many tasks at once ({@code %N}); 0 for no limit
 * @param cpusPerTask cores per task; the trainer's native threads follow it through OMP_NUM_THREADS
 * @param gpu         request one GPU per task
 * @param timeLimit   Slurm time limit per task (e.g. {@code 02:00:00}), or null for the partition's default
 * @param partition   partition, or null for the default
 * @param launcher    the command that starts the lab on a node, split into words (e.g. java, -jar, the jar)
 */
public record SlurmArray(String jobName, Path sweepDir, int cells, int maxParallel, int cpusPerTask, boolean gpu,
                         String timeLimit, String partition, List<String> launcher) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TIME = Pattern.compile("(\\d+-)?\\d{1,3}(:\\d{2}){0,2}");

    public SlurmArray {
        if (!NAME.matcher(jobName).matches()) {
            throw new IllegalArgumentException("Slurm job name '" + jobName + "': use 1-64 letters, digits, . _ -");
        }
        if (!sweepDir.isAbsolute()) throw new IllegalArgumentException("the sweep folder must be absolute: " + sweepDir);
        if (cells < 1) throw new IllegalArgumentException("a Slurm array needs at least one cell, got " + cells);
        if (maxParallel < 0) throw new IllegalArgumentException("--max-parallel must be >= 0, got " + maxParallel);
        if (cpusPerTask < 1) throw new IllegalArgumentException("--cpus-per-task must be >= 1, got " + cpusPerTask);
        if (timeLimit != null && !TIME.matcher(timeLimit).matches()) {
            throw new IllegalArgumentException("Slurm time limit '" + timeLimit + "': use minutes, HH:MM:SS or D-HH:MM");
        }
        if (partition != null && !NAME.matcher(partition).matches()) {
            throw new IllegalArgumentException("Slurm partition '" + partition + "': use letters, digits, . _ -");
        }
        if (launcher.isEmpty()) throw new IllegalArgumentException("the launcher command is empty");
        launcher = List.copyOf(launcher);
    }

    /** The script text; {@code sbatch} reads the {@code #SBATCH} lines before the first command. */
    public String script() {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("# PerNodeDrop Lab sweep as a Slurm array: one task per cell (sweep run-cell --index i).\n");
        s.append("# Submit: sbatch ").append(quote(sweepDir.resolve("slurm").resolve("sweep.sbatch").toString()))
                .append("; when every task has ended: ").append(String.join(" ", quoteAll(launcher)))
                .append(" sweep merge --dir ").append(quote(sweepDir.toString())).append('\n');
        s.append("#SBATCH --job-name=").append(jobName).append('\n');
        s.append("#SBATCH --array=0-").append(cells - 1).append(maxParallel > 0 ? "%" + maxParallel : "").append('\n');
        s.append("#SBATCH --ntasks=1\n");
        s.append("#SBATCH --cpus-per-task=").append(cpusPerTask).append('\n');
        // %A the array's job id, %a the task index: one log per cell beside the sweep
        s.append("#SBATCH --output=").append(sweepDir.resolve("slurm").resolve("%A_%a.out")).append('\n');
        if (gpu) s.append("#SBATCH --gres=gpu:1\n");
        if (timeLimit != null) s.append("#SBATCH --time=").append(timeLimit).append('\n');
        if (partition != null) s.append("#SBATCH --partition=").append(partition).append('\n');
        s.append("set -euo pipefail\n");
        s.append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-").append(cpusPerTask).append("}\"\n");
        s.append(String.format(Locale.ROOT, "exec %s sweep run-cell --dir %s --index \"$SLURM_ARRAY_TASK_ID\"%n",
                String.join(" ", quoteAll(launcher)), quote(sweepDir.toString())));
        return s.toString();
    }

    private static List<String> quoteAll(List<String> words) {
        return words.stream().map(SlurmArray::quote).toList();
    }

    /** A word for bash: as it is when it holds only safe characters, else in single quotes. */
    static String quote(String w) {
        if (!w.isEmpty() && w.matches("[A-Za-z0-9_@%+=:,./-]+")) return w;
        return "'" + w.replace("'", "'\\''") + "'";
    }
}
