package org.pernodedrop.lab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
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
 * {@code dropout} in the same round, and the slot's mask working memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time one CNN training step per regularizer variant, interleaved, against dropout.")
public final class BenchCommand implements Callable<Integer> {

    static final int SIDE = 28;
    static final int POOLED = 7;
    static final int FIRST_CHANNELS = 32;
    static final int CLASSES = 10;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--variants", required = true, split = ",", description = "presets to time, comma separated")
    List<String> variants;

    @Option(names = "--din", defaultValue = "3136", description = "flattened conv features, a multiple of 49 (default: ${DEFAULT-VALUE})")
    int din;

    @Option(names = "--dout", defaultValue = "128", description = "slot width (default: ${DEFAULT-VALUE})")
    int dout;

    @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--rounds", defaultValue = "10", description = "timed rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "3", description = "untimed steps per variant first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print JSON")
    boolean json;

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
    public Integer call() throws JsonProcessingException {
        if (din < 1 || din % (POOLED * POOLED) != 0) {
            throw new IllegalArgumentException("--din must be channels x 7 x 7 (28x28 input after two 2x2 pools), got "
                    + din + "; e.g. 3136 = 64 x 49");
        }
        if (dout < 1 || batch < 1 || rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--dout, --batch and --rounds must be >= 1 and --warmup >= 0");
        }
        List<String> names = new ArrayList<>();
        for (String v : variants) {
            String n = v.trim().toLowerCase(Locale.ROOT);
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
        err.println("bench: Bernoulli kernel " + MaskProbe.kernel() + "; batch " + batch + ", din " + din
                + ", dout " + dout + ", " + rounds + " rounds, " + Runtime.getRuntime().availableProcessors() + " cores");
        err.flush();
        List<Result> results = run(names, specs, err);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Result r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.name());
                m.put("median_ms", r.medianMs());
                m.put("ratio_to_dropout", r.ratioToDropout());
                m.put("mask_mem_mb", r.maskMemMb());
                m.put("median_cpu_ms", r.medianCpuMs());
                m.put("cpu_ratio_to_dropout", r.cpuRatioToDropout());
                rows.add(m);
            }
            out.println(ConfigJson.write(Map.of("variants", rows)));
        } else {
            out.printf(Locale.ROOT, "%-28s %12s %18s %12s %12s %10s%n", "variant", "median ms", "ratio to dropout",
                    "mask MB", "cpu ms", "cpu ratio");
            for (Result r : results) {
                out.printf(Locale.ROOT, "%-28s %12.2f %18.3f %12.3f %12.2f %10.3f%n", r.name(), r.medianMs(),
                        r.ratioToDropout(), r.maskMemMb(), r.medianCpuMs(), r.cpuRatioToDropout());
            }
        }
        out.flush();
        return 0;
    }

    private List<Result> run(List<String> names, List<RegularizerSpec> specs, PrintWriter err) {
        int k = names.size();
        ModelSpec model = new ModelSpec("cnn", dout, List.of(), List.of(FIRST_CHANNELS, din / (POOLED * POOLED)));
        MultiLayerNetwork[] nets = new MultiLayerNetwork[k];
        double[] maskMb = new double[k];
        for (int v = 0; v < k; v++) {
            BuiltNetwork built = Backbones.build(model, specs.get(v), new int[]{1, SIDE, SIDE}, CLASSES, false, 1e-3, seed);
            nets[v] = built.network();
            maskMb[v] = MaskProbe.maskBytes(nets[v].getLayer(built.slotLayerIndex()), batch) / (1024.0 * 1024.0);
        }
        Random rnd = new Random(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, SIDE * SIDE);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, CLASSES);
        for (int b = 0; b < batch; b++) y.putScalar(b, rnd.nextInt(CLASSES), 1.0);
        for (int w = 0; w < warmup; w++) {
            for (int v = 0; v < k; v++) nets[v].fit(x, y);
        }
        double[][] ms = new double[k][rounds];
        double[][] cpu = new double[k][rounds];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int o = 0; o < k; o++) {
                int v = (o + r) % k;
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                nets[v].fit(x, y);
                ms[v][r] = (System.nanoTime() - t0) / 1e6;
                cpu[v][r] = (os.getProcessCpuTime() - c0) / 1e6;
            }
            err.printf(Locale.ROOT, "round %d/%d done%n", r + 1, rounds);
            err.flush();
        }
        int base = names.indexOf("dropout");
        List<Result> results = new ArrayList<>();
        for (int v = 0; v < k; v++) {
            double[] ratios = new double[rounds];
            double[] cpuRatios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = ms[v][r] / ms[base][r];
                cpuRatios[r] = cpu[v][r] / cpu[base][r];
            }
            results.add(new Result(names.get(v), median(ms[v]), median(ratios), maskMb[v], median(cpu[v]),
                    median(cpuRatios)));
        }
        return results;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
