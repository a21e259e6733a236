package org.pernodedrop.lab.engine.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sbatch script's directives as sbatch(1) documents them; the real submission is src/scripts/slurm-e2e.sh. */
class SlurmArrayTest {

    @Test
    void oneArrayTaskPerCellAndAGpuOnlyWhenAsked() {
        String cpu = new SlurmArray("moons", Path.of("/shared/moons"), 12, 3, 2, false, "01:30:00", null,
                List.of("/opt/pernodedrop-lab/bin/PerNodeDropLab")).script();
        List<String> lines = cpu.lines().toList();
        assertThat(lines.get(0)).isEqualTo("#!/bin/bash");
        // 12 cells are indices 0..11; %3 caps the tasks that run at once
        assertThat(lines).contains("#SBATCH --array=0-11%3", "#SBATCH --cpus-per-task=2", "#SBATCH --time=01:30:00",
                "#SBATCH --output=/shared/moons/slurm/%A_%a.out");
        assertThat(cpu).doesNotContain("--gres");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("exec /opt/pernodedrop-lab/bin/PerNodeDropLab sweep "
                + "run-cell --dir /shared/moons --index \"$SLURM_ARRAY_TASK_ID\"");
        // sbatch stops reading directives at the first command: every #SBATCH line comes before it
        int firstCommand = lines.indexOf("set -euo pipefail");
        assertThat(lines.subList(firstCommand, lines.size())).noneMatch(l -> l.startsWith("#SBATCH"));
        String gpu = new SlurmArray("moons", Path.of("/shared/moons"), 1, 0, 1, true, null, "gpu",
                List.of("java", "-jar", "/opt/my lab/lab.jar")).script();
        assertThat(gpu.lines()).contains("#SBATCH --gres=gpu:1", "#SBATCH --array=0-0", "#SBATCH --partition=gpu");
        assertThat(gpu).contains("exec java -jar '/opt/my lab/lab.jar' sweep run-cell");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new SlurmArray("a b", Path.of("/s"), 1, 0, 1, false, null, null, List.of("x")))
                .hasMessageContaining("Slurm job name 'a b'");
        assertThatThrownBy(() -> new SlurmArray("a", Path.of("rel"), 1, 0, 1, false, null, null, List.of("x")))
                .hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> new SlurmArray("a", Path.of("/s"), 1, 0, 1, false, "soon", null, List.of("x")))
                .hasMessageContaining("time limit 'soon'");
        assertThat(SlurmArray.quote("it's")).isEqualTo("'it'\\''s'");
    }
}
