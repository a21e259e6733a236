package org.pernodedrop.lab.cli;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.ModelSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.model.Backbones;
import org.pernodedrop.lab.engine.model.BuiltNetwork;
import org.pernodedrop.lab.engine.nn.MaskProbe;
import org.pernodedrop.lab.engine.train.CpuNatives;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code bench}: times one training step of the paper's CNN (28x28x1 input, two conv+pool blocks whose
 * flattened output is {@code din} = channels * 7 * 7 features, the slot of width {@code dout}, Dense 64 ReLU,
 * softmax; synthetic data) for each variant, interleaved round by round in one JVM (the order rotates each
 * round), after warm-up steps. Reports the median step time, the median over rounds of the ratio to
 * {@code dropout} in the same round, and the slot's mask working memory. With {@code --slot}, only the slot layer's
 * forward and backward pass on a {@code [batch, din]} input are timed (what the variants differ in).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time one CNN training step per regularizer variant, interleaved, against dropout.")
public final class BenchCommand implements Callable<Integer> {

    static final int SIDE = 28;
    static final int POOLED = 7;
    static final int FIRST_CHANNELS = 32;
    static final int CLASSES = 10;
    static final String DEFAULT_VARIANTS = "dropout,pernode-bernoulli,pernode-gaussian,pernode-bernoulli-fixed,"
            + "pernode-gaussian-fixed,pernode-partial-gaussian,masksembles";
    /** Name of the peer's row. */
    static final String PEER = "peer";

    /**
     * The overhead each variant may have over dropout (issue 15; median of the per-round ratios), and how much slower
     * than the peer dropout may be.
     */
    static final Map<String, Double> TARGETS = Map.of("pernode-bernoulli", 1.10, "pernode-gaussian", 1.05,
            "pernode-bernoulli-fixed", 1.05, "pernode-gaussian-fixed", 1.05, "pernode-partial-gaussian", 1.25,
            "masksembles", 1.05);
    static final double PEER_TARGET = 1.5;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--variants", split = ",", defaultValue = DEFAULT_VARIANTS,
            description = "presets to time, comma separated (default: the issue-15 set, ${DEFAULT-VALUE})")
    List<String> variants;

    @Option(names = "--peer", description = "a command that times the same step in another framework, driven line by "
            + "line (see src/scripts/peer_pytorch.py --serve); its steps are interleaved with the variants' and its "
            + "ratio to dropout printed")
    String peer;

    @Option(names = "--din", defaultValue = "3136", description = "flattened conv features, a multiple of 49 (default: ${DEFAULT-VALUE})")
    int din;

    @Option(names = "--dout", defaultValue = "128", description = "slot width (default: ${DEFAULT-VALUE})")
    int dout;

    @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--rounds", defaultValue = "10", description = "timed rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed steps per variant first, so the JIT has compiled the mask kernels as in a real run (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--slot", description = "time only the slot layer's forward and backward pass on a [batch, din] "
            + "input, not the whole CNN step")
    boolean slotOnly;

    @Option(names = "--zero-inputs", defaultValue = "0", description = "with --slot: the fraction of the slot's "
            + "inputs that are zero, as after a ReLU (77-86 %% in Fashion-MNIST CNN training; "
            + "default: ${DEFAULT-VALUE})")
    double zeroInputs;

    @Mixin
    RegularizerOptions options = new RegularizerOptions();

    /**
     * Wall-clock median and paired ratio (what the targets mean), plus the same for the process CPU time of the
     * step, which is far less disturbed when other processes share the cores.
     */
    public record Result(String name, double medianMs, Double ratioToDropout, double maskMemMb, double medianCpuMs,
                         double cpuRatioToDropout) {
    }

    @Override
    public Integer call() throws IOException {
        if (din < 1 || (!slotOnly && din % (POOLED * POOLED) != 0)) {
            throw new IllegalArgumentException("--din must be channels x 7 x 7 (28x28 input after two 2x2 pools), got "
                    + din + "; e.g. 3136 = 64 x 49");
        }
        if (dout < 1 || batch < 1 || rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--dout, --batch and --rounds must be >= 1 and --warmup >= 0");
        }
        if (!(zeroInputs >= 0 && zeroInputs < 1)) {
            throw new IllegalArgumentException("--zero-inputs must be in [0, 1), got " + zeroInputs);
        }
        if (zeroInputs > 0 && !slotOnly) {
            throw new IllegalArgumentException("--zero-inputs sets the slot's input: it needs --slot (a CNN step's "
                    + "slot input comes from its convolutions)");
        }
        if (slotOnly && peer != null && !peer.isBlank()) {
            throw new IllegalArgumentException("--peer times a whole CNN step: it cannot be combined with --slot");
        }
        List<String> names = new ArrayList<>();
        for (String v : variants) {
            String n = v.trim().toLowerCase(Locale.ROOT);
            if (n.equals(PEER)) throw new IllegalArgumentException("'peer' is not a preset: use --peer COMMAND");
            if (!n.isEmpty() && !names.contains(n)) names.add(n);
        }
        if (names.isEmpty()) throw new IllegalArgumentException("--variants is empty");
        if (!names.contains("dropout")) names.add(0, "dropout");
        List<RegularizerSpec> specs = new ArrayList<>();
        for (String n : names) {
            RegularizerSpec s = options.spec(n);
            MasksCommand.checkBatch(s, batch);
            specs.add(s);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("bench: natives " + CpuNatives.describe() + ", OpenMP waits " + CpuNatives.waitPolicy()
                + ", OpenBLAS threads " + CpuNatives.blasWait() + ", oneDNN layer helpers "
                + (CpuNatives.layerHelpersOn() ? "on" : "off") + "; Bernoulli kernel " + MaskProbe.kernel()
                + "; batch " + batch + ", din " + din + ", dout " + dout + ", " + rounds + " rounds, "
                + Runtime.getRuntime().availableProcessors() + " cores" + (slotOnly ? "; the slot layer only" : "")
                + (zeroInputs > 0 ? String.format(Locale.ROOT, ", %.1f %% of its inputs zero", 100 * zeroInputs) : ""));
        err.flush();
        Peer p = null;
        if (peer != null && !peer.isBlank()) {
            p = Peer.start(peer);
            err.println("bench: peer " + p.description);
            err.flush();
        }
        List<Result> results;
        try {
            results = run(names, specs, p, err);
        } finally {
            if (p != null) p.close();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Result r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.name());
                m.put("median_ms", r.medianMs());
                m.put("ratio_to_dropout", r.ratioToDropout());
                m.put("target", target(r.name()));
                m.put("mask_mem_mb", r.maskMemMb());
                m.put("median_cpu_ms", r.medianCpuMs());
                m.put("cpu_ratio_to_dropout", r.cpuRatioToDropout());
                rows.add(m);
            }
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("natives", CpuNatives.describe());
            all.put("omp_wait_policy", CpuNatives.waitPolicy());
            all.put("openblas_idle_threads", CpuNatives.blasWait());
            all.put("rounds", rounds);
            all.put("variants", rows);
            if (p != null) {
                all.put("peer", p.description);
                all.put("dropout_to_peer", 1.0 / peerRatio(results));
            }
            out.println(ConfigJson.write(all));
        } else {
            out.printf(Locale.ROOT, "%-28s %12s %18s %8s %12s %12s %10s%n", "variant", "median ms", "ratio to dropout",
                    "target", "mask MB", "cpu ms", "cpu ratio");
            for (Result r : results) {
                Double t = target(r.name());
                String target = t == null ? "-" : (r.ratioToDropout() <= t ? "<=" : ">") + String.format(Locale.ROOT,
                        "%.2f", t);
                out.printf(Locale.ROOT, "%-28s %12.2f %18.3f %8s %12.3f %12.2f %10.3f%n", r.name(), r.medianMs(),
                        r.ratioToDropout(), target, r.maskMemMb(), r.medianCpuMs(), r.cpuRatioToDropout());
            }
            if (p != null) {
                double toPeer = 1.0 / peerRatio(results);
                out.printf(Locale.ROOT, "dropout step / peer step: %.2fx (median of %d interleaved rounds; target <= "
                        + "%.1fx) - peer: %s%n", toPeer, rounds, PEER_TARGET, p.description);
            }
        }
        out.flush();
        return 0;
    }

    /** The issue-15 target of a variant's ratio, or null: the targets are for the whole CNN step, not the slot. */
    private Double target(String name) {
        return slotOnly || name.equals(PEER) ? null : TARGETS.get(name);
    }

    /** The median over rounds of peer / dropout in the same round. */
    private static double peerRatio(List<Result> results) {
        for (Result r : results) if (r.name().equals(PEER)) return r.ratioToDropout();
        throw new IllegalStateException("no peer row");
    }

    private List<Result> run(List<String> names, List<RegularizerSpec> specs, Peer peerProc, PrintWriter err)
            throws IOException {
        int k = names.size();
        int slots = k + (peerProc != null ? 1 : 0);
        Runnable[] steps = new Runnable[k];
        double[] maskMb = new double[slots];
        INDArray[] batchXy = slotOnly ? null : cnnBatch();
        for (int v = 0; v < k; v++) {
            org.deeplearning4j.nn.api.Layer slot;
            if (slotOnly) {
                slot = slotAlone(specs.get(v));
                steps[v] = slotStep(slot);
            } else {
                ModelSpec model = new ModelSpec("cnn", dout, List.of(), List.of(FIRST_CHANNELS, din / (POOLED * POOLED)));
                BuiltNetwork built = Backbones.build(model, specs.get(v), new int[]{1, SIDE, SIDE}, CLASSES, false, 1e-3,
                        seed);
                MultiLayerNetwork net = built.network();
                slot = net.getLayer(built.slotLayerIndex());
                INDArray x = batchXy[0];
                INDArray y = batchXy[1];
                if (v == 0) {
                    // the slot's input (activations[i] is layer i's input): its zeros are work the masked kernels skip
                    INDArray in = net.feedForward(x, false).get(built.slotLayerIndex());
                    double zero = 1.0 - in.neq(0.0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
                    err.printf(Locale.ROOT, "bench: %.1f %% of the slot's inputs are zero at the start%n", 100 * zero);
                }
                steps[v] = () -> net.fit(x, y);
            }
            maskMb[v] = MaskProbe.maskBytes(slot, batch) / (1024.0 * 1024.0);
        }
        for (int w = 0; w < warmup; w++) {
            for (int v = 0; v < k; v++) steps[v].run();
        }
        double[][] ms = new double[slots][rounds];
        double[][] cpu = new double[slots][rounds];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int o = 0; o < slots; o++) {
                int v = (o + r) % slots;
                if (v == k) {
                    double[] t = peerProc.step();
                    ms[v][r] = t[0];
                    cpu[v][r] = t[1];
                    continue;
                }
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                steps[v].run();
                ms[v][r] = (System.nanoTime() - t0) / 1e6;
                cpu[v][r] = (os.getProcessCpuTime() - c0) / 1e6;
            }
            err.printf(Locale.ROOT, "round %d/%d done%n", r + 1, rounds);
            err.flush();
        }
        int base = names.indexOf("dropout");
        List<Result> results = new ArrayList<>();
        for (int v = 0; v < slots; v++) {
            double[] ratios = new double[rounds];
            double[] cpuRatios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = ms[v][r] / ms[base][r];
                cpuRatios[r] = cpu[v][r] / cpu[base][r];
            }
            results.add(new Result(v < k ? names.get(v) : PEER, median(ms[v]), median(ratios), maskMb[v],
                    median(cpu[v]), median(cpuRatios)));
        }
        return results;
    }

    /** The CNN step's batch {x [batch, 784], one-hot y}: random pixels and labels, the same for every seed. */
    private INDArray[] cnnBatch() {
        Random rnd = new Random(seed);
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, SIDE * SIDE);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, CLASSES);
        for (int b = 0; b < batch; b++) y.putScalar(b, rnd.nextInt(CLASSES), 1.0);
        return new INDArray[]{x, y};
    }

    /**
     * The slot layer of {@code spec}, [din -> dout] with ReLU, in a network of its own (followed by a softmax), set up
     * as in the CNN, whose slot input comes out of a ReLU ({@code --zero-inputs} stands for that ReLU's zeros).
     */
    private org.deeplearning4j.nn.api.Layer slotAlone(RegularizerSpec spec) {
        org.pernodedrop.lab.engine.nn.RegularizedDense slot = org.pernodedrop.lab.engine.nn.Regularizers.slot(spec, din,
                dout, org.nd4j.linalg.activations.Activation.RELU, seed);
        slot.setReluInput(true);
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration
                .Builder().seed(seed).dataType(DataType.FLOAT).updater(new org.nd4j.linalg.learning.config.NoOp())
                .weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER).list()
                .layer(0, slot)
                .layer(1, new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nIn(dout).nOut(CLASSES)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        return net.getLayer(0);
    }

    /** One training step of a lone slot: a new step key, the forward pass, the backward pass of a fixed dL/da. */
    private Runnable slotStep(org.deeplearning4j.nn.api.Layer slot) {
        // uniform in [0, 1), a fraction --zero-inputs of them zero
        Random rnd = new Random(seed);
        float[] xs = new float[batch * din];
        for (int k = 0; k < xs.length; k++) xs[k] = rnd.nextDouble() < zeroInputs ? 0f : rnd.nextFloat();
        INDArray x = Nd4j.create(xs, new long[]{batch, din}, 'c');
        INDArray dLda = Nd4j.rand(DataType.FLOAT, batch, dout);
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr ws = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr
                .noWorkspaces();
        return () -> {
            slot.setIterationCount(slot.getIterationCount() + 1);
            slot.activate(x, true, ws);
            slot.backpropGradient(dLda, ws);
        };
    }

    /**
     * Another framework's step, driven over stdin/stdout: it prints "ready DESCRIPTION" once built and warmed up,
     * then answers each line "step" with "WALL_MS CPU_MS" of one training step, timed inside the peer (so the pipe
     * and process start cost nothing).
     */
    static final class Peer implements AutoCloseable {
        final Process process;
        final BufferedReader in;
        final Writer toPeer;
        final String description;

        private Peer(Process process, BufferedReader in, Writer toPeer, String description) {
            this.process = process;
            this.in = in;
            this.toPeer = toPeer;
            this.description = description;
        }

        static Peer start(String command) throws IOException {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            // the idle-thread settings this process runs with, so both sides are alike
            pb.environment().putAll(CpuNatives.variablesSet());
            Process pr = pb.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(pr.getInputStream(), StandardCharsets.UTF_8));
            Writer w = new OutputStreamWriter(pr.getOutputStream(), StandardCharsets.UTF_8);
            String line = in.readLine();
            if (line == null || !line.startsWith("ready")) {
                pr.destroy();
                throw new IOException("--peer '" + command + "' did not start: expected a line 'ready ...', got "
                        + (line == null ? "end of output (see its error output above)" : "'" + line + "'"));
            }
            return new Peer(pr, in, w, line.substring("ready".length()).trim());
        }

        double[] step() throws IOException {
            toPeer.write("step\n");
            toPeer.flush();
            String line = in.readLine();
            String[] f = line == null ? new String[0] : line.trim().split("\\s+");
            if (f.length != 2) throw new IOException("peer answered '" + line + "' to a step, expected 'WALL_MS CPU_MS'");
            return new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[1])};
        }

        @Override
        public void close() {
            try {
                toPeer.write("quit\n");
                toPeer.close();
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // the peer is gone already; nothing to tidy
            } finally {
                process.destroy();
            }
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
