package org.pernodedrop.lab.engine.train;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pernodedrop.lab.engine.config.ModelSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.model.Backbones;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DL4J's oneDNN conv/pool helpers (switched on by CpuNatives and the Nd4jCpu probe shim) against DL4J's built-in
 * Java path as the reference: the same CNN, same weights and batch, must give the same output, score and
 * gradients. Runs in a child JVM that loads the oneDNN build of libnd4j (the test JVM has the generic one); skipped
 * where this CPU or build has no oneDNN variant.
 */
class OnednnHelperParityTest {

    @Test
    void onednnHelpersGiveDl4jsOwnConvolutionResults() throws Exception {
        String ext = CpuNatives.choose(System.getProperty("os.name"), System.getProperty("os.arch"),
                CpuNatives.cpuFlags(Files.exists(Path.of("/proc/cpuinfo")) ? Files.readString(Path.of("/proc/cpuinfo")) : ""),
                e -> e.contains("onednn") && getClass().getClassLoader()
                        .getResource(String.format(CpuNatives.RESOURCE, e)) != null);
        assumeTrue(!ext.isEmpty(), "no oneDNN build of libnd4j for this CPU on the classpath");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx1g",
                "-D" + CpuNatives.EXTENSION_PROPERTY + "=" + ext, "-cp", System.getProperty("java.class.path"),
                Child.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("helper on: MKLDNNConvHelper").contains("helper off: none");
    }

    /** Builds the CNN twice (helpers on, then off), copies the parameters across and compares. */
    public static final class Child {
        public static void main(String[] args) {
            MultiLayerNetwork on = build("false");
            MultiLayerNetwork off = build("true");
            System.out.println("helper on: " + helperName(on) + ", helper off: " + helperName(off));
            off.setParams(on.params().dup());
            INDArray x = Nd4j.rand(DataType.FLOAT, 16, 28 * 28);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
            for (int b = 0; b < 16; b++) y.putScalar(b, (b * 7) % 10, 1.0);
            double worst = 0;
            worst = Math.max(worst, relDiff(on.output(x, false), off.output(x, false)));
            on.setInput(x);
            on.setLabels(y);
            off.setInput(x);
            off.setLabels(y);
            on.computeGradientAndScore();
            off.computeGradientAndScore();
            worst = Math.max(worst, Math.abs(on.score() - off.score()) / Math.abs(off.score()));
            Gradient ga = on.gradient();
            Gradient gb = off.gradient();
            for (Map.Entry<String, INDArray> e : gb.gradientForVariable().entrySet()) {
                double d = relDiff(ga.getGradientFor(e.getKey()), e.getValue());
                System.out.printf("%s %.2e%n", e.getKey(), d);
                worst = Math.max(worst, d);
            }
            System.out.printf("worst relative difference %.2e%n", worst);
            // float32 sums in another order: agreement to 1e-4 of the largest magnitude
            System.exit(worst < 1e-4 && helperName(on).equals("MKLDNNConvHelper") && helperName(off).equals("none")
                    ? 0 : 1);
        }

        private static MultiLayerNetwork build(String disable) {
            System.setProperty("org.eclipse.deeplearning4j.helpers.disable", disable);
            return Backbones.build(new ModelSpec("cnn", 16, List.of(), List.of(8, 16)), RegularizerSpec.of("none", 0.0),
                    new int[]{1, 28, 28}, 10, false, 1e-3, 5).network();
        }

        private static String helperName(MultiLayerNetwork net) {
            Object h = ((ConvolutionLayer) net.getLayer(0)).getHelper();
            return h == null ? "none" : h.getClass().getSimpleName();
        }

        /** max |a - b| / max |b|. */
        private static double relDiff(INDArray a, INDArray b) {
            return a.sub(b).amaxNumber().doubleValue() / Math.max(1e-30, b.amaxNumber().doubleValue());
        }
    }
}
