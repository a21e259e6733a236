package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a fresh JVM, the first real-size pass of the fused kernels allocates hundreds of MB of vectors while they are
 * not yet compiled (the control, warm-up off); after {@link KernelWarmUp#run} it allocates its own small arrays
 * only: what the warm-up is for. Needs the Vector API (the JVM is started with it, like the lab).
 */
class KernelWarmUpTest {

    /** The probe's output line starting with {@code key}, as a number. */
    private static long probe(boolean warmUp, String key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a generous time limit: on a loaded machine the compiler needs longer than the lab's 3 s, and this
                // test is about what the warm-up achieves, not about how fast the compiler is
                "--add-modules", "jdk.incubator.vector", "-XX:+UseG1GC", "-Dpernodedrop.warmUp=" + warmUp,
                "-Dpernodedrop.warmUpMs=30000",
                "-cp", System.getProperty("java.class.path"), KernelWarmUpProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        String line = out.lines().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow(() ->
                new AssertionError("no '" + key + "' line in: " + out));
        return Long.parseLong(line.substring(key.length() + 1).trim());
    }

    private static long allocated(boolean warmUp) throws IOException, InterruptedException {
        return probe(warmUp, "allocated");
    }

    @Test
    void afterTheWarmUpTheFirstRealPassAllocatesOnlyItsArrays() throws Exception {
        long cold = allocated(false);
        long warm = allocated(true);
        // measured (caller and fork-join workers together): about 1.2 GB without the warm-up; after it about 4 KB in
        // the forward and 45 KB in the two backward passes (their per-task arrays), six runs of six. Before the
        // warm-up waited for a quiet round of every kind, 24-360 MB (a kernel still ran code compiled by C1)
        assertThat(cold).as("bytes allocated by the first real pass without the warm-up (control)")
                .isGreaterThan(200L << 20);
        assertThat(warm).as("bytes allocated by the first real pass after the warm-up").isLessThan(8L << 20);
    }

    @Test
    void theWarmUpEndsWithAFullCollectionThatGivesTheGrownHeapBack() throws Exception {
        // measured (memory-check runs): without it a Bernoulli run kept the heap its garbage had grown, 224 MB
        // committed against Dropout's 68, and peaked 1.3-1.4x Dropout's RSS; with it 0.9-1.0x
        assertThat(probe(true, "full collections")).isGreaterThanOrEqualTo(1);
        assertThat(probe(false, "full collections")).as("control: warm-up off").isZero();
    }
}
