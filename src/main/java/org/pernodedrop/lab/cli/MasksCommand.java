package org.pernodedrop.lab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.nn.MaskProbe;
import org.pernodedrop.lab.engine.nn.MaskView;
import org.pernodedrop.lab.engine.nn.Regularizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code masks}: prints the multipliers one training step applies, as
 * {@code {"regularizer", "rate", "effective_rate", "step", "shape": [B, I, O], "mask": [[[...]]]}} with
 * {@code effective_rate} the drop rate the masks really have and {@code mask[b][i][j]}
 * the multiplier of connection i -> j for sample b (unit targets repeat across j; pernode-gaussian shows an
 * explicit mask of the same distribution as its local reparameterization; pernode-partial-gaussian shows the gates
 * the step applied, with N(1, sigma^2) values drawn on the gated connections).
 */
@Command(name = "masks", mixinStandardHelpOptions = true,
        description = "Print the masks of one training step of a regularizer as JSON.")
public final class MasksCommand implements Callable<Integer> {

    /** More elements than this would print hundreds of MB of JSON. */
    static final long MAX_ELEMENTS = 5_000_000L;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--regularizer", required = true, description = "preset name")
    String regularizer;

    @Option(names = "--batch", required = true, description = "batch size B")
    int batch;

    @Option(names = "--din", required = true, description = "inputs I")
    int din;

    @Option(names = "--dout", required = true, description = "nodes O")
    int dout;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--step", defaultValue = "0", description = "training step n (default: ${DEFAULT-VALUE})")
    long step;

    @Mixin
    RegularizerOptions options = new RegularizerOptions();

    @Override
    public Integer call() throws JsonProcessingException {
        if (batch < 1 || din < 1 || dout < 1) {
            throw new IllegalArgumentException("--batch, --din and --dout must be >= 1, got " + batch + ", " + din
                    + ", " + dout);
        }
        if (step < 0 || step > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--step must be in [0, " + Integer.MAX_VALUE + "], got " + step);
        }
        if ((long) batch * din * dout > MAX_ELEMENTS) {
            throw new IllegalArgumentException("B x I x O = " + ((long) batch * din * dout) + " is over the "
                    + MAX_ELEMENTS + " elements this command prints");
        }
        RegularizerSpec reg = options.spec(regularizer);
        checkBatch(reg, batch);
        Layer slot = slot(reg, batch, din, dout, seed, (int) step);
        MaskView view = MaskProbe.lastMasks(slot, rows(batch));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("regularizer", reg.preset());
        out.put("rate", reg.rate());
        // the rate the masks really have (Bernoulli threshold rounding, Masksembles' realised dropped fraction)
        out.put("effective_rate", MaskProbe.effectiveRate(slot));
        out.put("step", step);
        out.put("shape", new int[]{batch, din, dout});
        float[][][] mask = new float[batch][din][dout];
        if (view != null) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < din; i++) System.arraycopy(view.masks()[b], i * dout, mask[b][i], 0, dout);
            }
        } else {
            for (float[][] rows : mask) for (float[] r : rows) java.util.Arrays.fill(r, 1f);
        }
        out.put("mask", mask);
        spec.commandLine().getOut().println(ConfigJson.mapper().writer()
                .without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static void checkBatch(RegularizerSpec reg, int batch) {
        if (reg.sharing() == RegularizerSpec.Sharing.GROUP && batch % reg.masks() != 0) {
            throw new IllegalArgumentException("masksembles splits the batch into " + reg.masks()
                    + " groups: batch " + batch + " is not a multiple of " + reg.masks());
        }
    }

    /** Runs one training forward pass of a slot at {@code step} and reads its masks back. */
    static MaskView masks(RegularizerSpec reg, int batch, int din, int dout, long seed, int step) {
        return MaskProbe.lastMasks(slot(reg, batch, din, dout, seed, step), rows(batch));
    }

    private static int[] rows(int batch) {
        int[] rows = new int[batch];
        for (int b = 0; b < batch; b++) rows[b] = b;
        return rows;
    }

    /** The slot layer after one training forward pass at {@code step}. */
    static Layer slot(RegularizerSpec reg, int batch, int din, int dout, long seed, int step) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).updater(new NoOp()).list()
                .layer(0, Regularizers.slot(reg, din, dout, Activation.IDENTITY, seed))
                .layer(1, new OutputLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).nIn(dout).nOut(1).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        Layer slot = net.getLayer(0);
        MaskProbe.setExampleIds(slot, rows(batch));
        slot.setIterationCount(step);
        slot.activate(Nd4j.ones(DataType.FLOAT, batch, din), true, LayerWorkspaceMgr.noWorkspaces());
        return slot;
    }
}
