package org.pernodedrop.lab.engine.experiment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.train.TrainingEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Faults while a sweep writes: the disk fills up, or the output folder turns read-only, in the middle of a run. The
 * sweep must stop with an {@link IOException} that names the file and the reason; runs.csv must still parse, holding
 * exactly the epochs recorded before the fault; and a later resume must end with every epoch of every run exactly
 * once, the finished ones unchanged.
 *
 * <p>Where the fault shows: runs.csv is appended in place, so on a full disk an epoch's line still fits in the free
 * end of the file's last page and the run records all its epochs; the first write that needs a new page is the
 * run's status.json. A read-only file system refuses the very next append, to runs.csv.
 *
 * <p>A real full disk needs a small filesystem: the test mounts a 2 MB tmpfs (root, as in CI). Where mounting is not
 * allowed it is skipped, saying so. The read-only case remounts that tmpfs read-only, or without root makes the
 * folder unwritable with chmod (which root ignores).
 */
@Timeout(300)
class SweepWriteFaultTest {

    @TempDir
    Path tmp;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) run("umount", "-l", mounted.toString());
    }

    private static boolean run(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** A 2 MB tmpfs at {@code tmp/disk}, or the test is skipped with the reason. */
    private Path smallDisk() throws Exception {
        Path mp = tmp.resolve("disk");
        Files.createDirectories(mp);
        boolean ok = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mp.toString());
        Assumptions.assumeTrue(ok, "skipped: cannot mount a 2 MB tmpfs here (needs root and mount); the full-disk "
                + "case runs in CI as root");
        mounted = mp;
        return mp;
    }

    /** Fills the filesystem of {@code dir} until not one more 4 KB page fits. */
    private static void fill(Path dir) {
        byte[] chunk = new byte[1 << 16];
        Path filler = dir.resolve("filler.bin");
        try (OutputStream o = Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (true) o.write(chunk);
        } catch (IOException full) {
            // the disk is full
        }
        try (OutputStream o = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
            while (true) {
                o.write(chunk, 0, 512);
                o.flush();
            }
        } catch (IOException full) {
            // not even a page left
        }
    }

    /** (run id, epoch) of every line, and the lines themselves, of a runs.csv that must parse. */
    private static List<RunRecord> records(Path csv) throws IOException {
        return RunsCsv.read(csv);
    }

    private static Set<String> keys(List<RunRecord> rs) {
        return rs.stream().map(r -> r.runId() + "#" + r.epoch()).collect(Collectors.toSet());
    }

    /**
     * Runs the sweep until {@code fault} is applied after epoch 1 of the second run, then resumes it. The sweep must
     * fail writing {@code faultFile} (a file name) after the second run recorded {@code secondRunEpochs} epochs.
     */
    private void faultThenResume(Path out, Runnable fault, Runnable repair, String reason, String faultFile,
                                 int secondRunEpochs) throws Exception {
        SweepSpec spec = SweepTest.tiny(3);
        Dataset data = Datasets.load(spec.base().data());
        Sweep sweep = new Sweep(spec, out);
        Sweep.Plan plan = sweep.prepare(false);
        List<SweepSpec.Cell> cells = plan.todo();
        String second = cells.get(1).runId();
        Throwable t = catchThrowable(() -> sweep.run(data, plan, new Sweep.Listener() {
            @Override
            public void event(SweepSpec.Cell cell, TrainingEvent e) {
                if (e instanceof TrainingEvent.EpochCompleted ec && cell.runId().equals(second)
                        && ec.metrics().epoch() == 1) {
                    fault.run();
                }
            }
        }));
        Path csv = out.resolve(Sweep.RUNS_CSV);
        assertThat(t).isInstanceOf(IOException.class);
        assertThat(t.getMessage()).contains(faultFile).contains(reason);
        if (faultFile.equals(Sweep.RUNS_CSV)) {
            assertThat(t.getMessage()).contains(csv.toString()).contains("keeps its previous content");
        }
        // runs.csv is whole: the three epochs of the first run and those the second recorded, nothing torn
        List<RunRecord> before = records(csv);
        List<String> expectedBefore = new ArrayList<>();
        for (int e = 1; e <= 3; e++) expectedBefore.add(cells.get(0).runId() + "#" + e);
        for (int e = 1; e <= secondRunEpochs; e++) expectedBefore.add(second + "#" + e);
        assertThat(keys(before)).containsExactlyInAnyOrderElementsOf(expectedBefore);
        assertThat(Files.readString(csv)).endsWith("\n");
        try (var left = Files.list(out)) {
            // no temporary file of a rewrite is left (the empty .runs.csv.lock that writers lock stays)
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        repair.run();
        Sweep again = new Sweep(spec, out);
        Sweep.Plan resumed = again.prepare(true);
        assertThat(resumed.done()).extracting(SweepSpec.Cell::runId).containsExactly(cells.get(0).runId());
        assertThat(resumed.droppedRows()).isEqualTo(secondRunEpochs);
        Sweep.Result r = again.run(data, resumed, new Sweep.Listener() {
        });
        assertThat(r.finished()).isEqualTo(3);
        List<RunRecord> after = records(csv);
        Set<String> expected = new HashSet<>();
        for (SweepSpec.Cell c : spec.cells()) for (int e = 1; e <= 3; e++) expected.add(c.runId() + "#" + e);
        assertThat(after).hasSize(expected.size());
        assertThat(keys(after)).isEqualTo(expected);
        // the finished run's epochs are the very lines written before the fault
        List<RunRecord> firstBefore = new ArrayList<>(before.stream()
                .filter(x -> x.runId().equals(cells.get(0).runId())).toList());
        assertThat(after.stream().filter(x -> x.runId().equals(cells.get(0).runId())).toList())
                .isEqualTo(firstBefore);
    }

    @Test
    void aFullDiskStopsTheSweepCleanlyAndResumeLosesNoEpoch() throws Exception {
        Path disk = smallDisk();
        Path out = disk.resolve("sweep");
        faultThenResume(out, () -> fill(disk), () -> {
            try {
                Files.delete(disk.resolve("filler.bin"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "No space left on device", RunFolder.STATUS, 3);
    }

    @Test
    void aReadOnlyOutputFolderStopsTheSweepCleanlyAndResumeLosesNoEpoch() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Path disk = smallDisk();
            Path out = disk.resolve("sweep");
            faultThenResume(out, () -> remount(disk, "ro"), () -> remount(disk, "rw"), "Read-only file system",
                    Sweep.RUNS_CSV, 1);
        } else {
            // the folder and its runs.csv: an append in place needs only the file writable
            Path out = tmp.resolve("sweep");
            Path csv = out.resolve(Sweep.RUNS_CSV);
            faultThenResume(out, () -> {
                out.toFile().setWritable(false, false);
                csv.toFile().setWritable(false, false);
            }, () -> {
                out.toFile().setWritable(true, false);
                csv.toFile().setWritable(true, false);
            }, "permission denied", Sweep.RUNS_CSV, 1);
        }
    }

    private static void remount(Path disk, String mode) {
        try {
            if (!run("mount", "-o", "remount," + mode, disk.toString())) {
                throw new IllegalStateException("cannot remount " + disk + " " + mode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
