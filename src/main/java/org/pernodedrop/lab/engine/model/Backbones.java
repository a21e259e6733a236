package org.pernodedrop.lab.engine.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.pernodedrop.lab.engine.config.ModelSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.nn.RegularizedDense;
import org.pernodedrop.lab.engine.nn.Regularizers;

import java.util.Arrays;
import java.util.List;

/**
 * Builds the paper's backbones (Sec. V-VI) around the regularizer slot. The slot is one
 * {@link org.pernodedrop.lab.engine.nn.RegularizedDense} layer (the regularizer then Dense(units, ReLU), or the
 * PerNodeDrop dense layer of the same width), so every preset has the same parameters and, for one seed, the
 * same initial weights.
 *
 * <ul>
 *   <li>{@code mlp}: hidden Dense ReLU layers, the slot, the output (2-D sets).</li>
 *   <li>{@code cnn}: input [C, H, W] (arriving flat), two blocks of 3x3 same-padded conv (ReLU) + 2x2 max pool
 *       with {@code channels} filters, flatten, the slot, Dense 64 ReLU, the output. 28x28x1 with channels
 *       [32, 64] flattens to 64 * 7 * 7 = 3136.</li>
 *   <li>{@code dense}: hidden layers (default 1024, 256), the slot (paper: 128), the output (sparse text).</li>
 *   <li>{@code auto}: cnn for a [C, H, W] input shape, mlp for at most 16 features, dense otherwise.</li>
 * </ul>
 * Output: softmax + categorical cross-entropy, or sigmoid + binary cross-entropy when {@code multiLabel};
 * Adam with the given learning rate; Xavier init.
 */
public final class Backbones {

    /** Features up to which {@code auto} picks the MLP. */
    public static final int MLP_MAX_FEATURES = 16;
    public static final int CNN_HEAD_UNITS = 64;
    public static final List<Integer> DENSE_DEFAULT_HIDDEN = List.of(1024, 256);
    public static final List<Integer> CNN_DEFAULT_CHANNELS = List.of(32, 64);

    private Backbones() {
    }

    public static BuiltNetwork build(ModelSpec model, RegularizerSpec reg, int[] inputShape, int classes,
                                     boolean multiLabel, double learningRate, long seed) {
        if (inputShape == null || inputShape.length == 0) {
            throw new IllegalArgumentException("input shape is missing");
        }
        for (int d : inputShape) {
            if (d < 1) throw new IllegalArgumentException("input shape must be positive, got " + Arrays.toString(inputShape));
        }
        if (classes < 1) throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        String backbone = resolve(model.backbone(), inputShape);
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).updater(new Adam(learningRate)).weightInit(WeightInit.XAVIER)
                .list();
        int layer = 0;
        int width;
        // whether the slot's input comes out of a ReLU (a conv block's pool, or a hidden Dense layer)
        boolean reluBefore;
        StringBuilder desc = new StringBuilder(backbone).append(": ");
        if (backbone.equals("cnn")) {
            if (inputShape.length != 3) {
                throw new IllegalArgumentException("the cnn backbone needs a [channels, height, width] input, got "
                        + Arrays.toString(inputShape));
            }
            List<Integer> channels = model.channels().isEmpty() ? CNN_DEFAULT_CHANNELS : model.channels();
            if (channels.size() != 2) {
                throw new IllegalArgumentException("the cnn backbone has two conv blocks: give 2 channel counts, got "
                        + channels);
            }
            int h = inputShape[1];
            int w = inputShape[2];
            for (int c : channels) {
                b.layer(layer++, new ConvolutionLayer.Builder(3, 3).nOut(c).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build());
                b.layer(layer++, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build());
                h /= 2;
                w /= 2;
                if (h < 1 || w < 1) {
                    throw new IllegalArgumentException("input " + Arrays.toString(inputShape) + " is too small for two 2x2 pools");
                }
                desc.append("conv").append(c).append("+pool, ");
            }
            width = channels.get(1) * h * w;
            reluBefore = true;
            b.setInputType(InputType.convolutionalFlat(inputShape[1], inputShape[2], inputShape[0]));
        } else {
            width = 1;
            for (int d : inputShape) width *= d;
            List<Integer> hidden = backbone.equals("dense") && model.hidden().isEmpty() ? DENSE_DEFAULT_HIDDEN : model.hidden();
            for (int hsz : hidden) {
                b.layer(layer++, new DenseLayer.Builder().nIn(width).nOut(hsz).activation(Activation.RELU).build());
                desc.append("dense").append(hsz).append(", ");
                width = hsz;
            }
            reluBefore = !hidden.isEmpty();
        }
        int slotIndex = layer;
        RegularizedDense slot = Regularizers.slot(reg, width, model.units(), Activation.RELU, seed);
        slot.setReluInput(reluBefore);
        b.layer(layer++, slot);
        desc.append("slot[").append(width).append("->").append(model.units()).append(", ")
                .append(Regularizers.describe(reg)).append("]");
        int outIn = model.units();
        if (backbone.equals("cnn")) {
            b.layer(layer++, new DenseLayer.Builder().nIn(outIn).nOut(CNN_HEAD_UNITS).activation(Activation.RELU).build());
            desc.append(", dense").append(CNN_HEAD_UNITS);
            outIn = CNN_HEAD_UNITS;
        }
        b.layer(layer, new OutputLayer.Builder(multiLabel ? LossFunctions.LossFunction.XENT : LossFunctions.LossFunction.MCXENT)
                .nIn(outIn).nOut(classes).activation(multiLabel ? Activation.SIGMOID : Activation.SOFTMAX).build());
        desc.append(", ").append(multiLabel ? "sigmoid" : "softmax").append(classes);
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        int groups = reg.sharing() == RegularizerSpec.Sharing.GROUP ? reg.masks() : 1;
        return new BuiltNetwork(net, slotIndex, groups, groups, desc.toString());
    }

    /** The backbone {@code auto} resolves to for an input shape. */
    public static String resolve(String backbone, int[] inputShape) {
        if (!backbone.equals("auto")) return backbone;
        if (inputShape.length == 3) return "cnn";
        int features = 1;
        for (int d : inputShape) features *= d;
        return features <= MLP_MAX_FEATURES ? "mlp" : "dense";
    }

}
