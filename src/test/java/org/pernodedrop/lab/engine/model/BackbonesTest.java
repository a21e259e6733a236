package org.pernodedrop.lab.engine.model;

import org.assertj.core.data.Offset;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.pernodedrop.lab.engine.config.ModelSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.nn.MaskProbe;
import org.pernodedrop.lab.engine.nn.RegularizedDense;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackbonesTest {

    private static final ModelSpec MLP = new ModelSpec("auto", 16, List.of(16), List.of());

    @Test
    void everyPresetStartsFromTheSameWeightsAsAPlainDenseNetwork() {
        BuiltNetwork none = Backbones.build(MLP, RegularizerSpec.of("none", 0), new int[]{2}, 3, false, 0.01, 5);
        // the same architecture with DL4J's own DenseLayer in the slot
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(0, new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.RELU).build())
                .layer(1, new DenseLayer.Builder().nIn(16).nOut(16).activation(Activation.RELU).build())
                .layer(2, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork dense = new MultiLayerNetwork(conf);
        dense.init();
        assertThat(none.network().getLayer(1).paramTable().keySet()).containsExactly("W", "b");
        assertThat(none.network().getLayer(1).getParam("W").shape()).containsExactly(16, 16);
        assertThat(none.network().getLayer(1).getParam("W").ordering()).isEqualTo(dense.getLayer(1).getParam("W").ordering());
        assertThat(none.network().getLayer(1).getParam("b").shape()).isEqualTo(dense.getLayer(1).getParam("b").shape());
        assertThat(none.network().params()).isEqualTo(dense.params());
        for (String p : RegularizerSpec.PRESETS) {
            BuiltNetwork b = Backbones.build(MLP, RegularizerSpec.of(p, 0.5), new int[]{2}, 3, false, 0.01, 5);
            // the same matrices (presets trained by the Java kernels keep W row-major, so params() orders it otherwise)
            assertThat(b.network().paramTable()).as(p).isEqualTo(dense.paramTable());
            assertThat(b.slotLayerIndex()).isEqualTo(1);
        }
        BuiltNetwork other = Backbones.build(MLP, RegularizerSpec.of("dropout", 0.5), new int[]{2}, 3, false, 0.01, 6);
        assertThat(other.network().paramTable()).isNotEqualTo(dense.paramTable());
    }

    @Test
    void cnnFlattensTo3136For28x28WithSixtyFourChannels() {
        ModelSpec cnn = new ModelSpec("auto", 128, List.of(), List.of(32, 64));
        BuiltNetwork b = Backbones.build(cnn, RegularizerSpec.of("pernode-bernoulli", 0.5), new int[]{1, 28, 28}, 10,
                false, 1e-3, 1);
        RegularizedDense slot = (RegularizedDense) b.network().getLayer(b.slotLayerIndex()).conf().getLayer();
        assertThat(slot.getNIn()).isEqualTo(3136);
        assertThat(slot.getNOut()).isEqualTo(128);
        assertThat(b.description()).startsWith("cnn");
        assertThat(b.network().getnLayers()).isEqualTo(4 + 1 + 1 + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dropout", "pernode-bernoulli", "pernode-gaussian-fixed", "masksembles"})
    void smallCnnTrainsSavesAndRestores(String preset, @TempDir Path dir) throws Exception {
        ModelSpec cnn = new ModelSpec("cnn", 8, List.of(), List.of(2, 4));
        BuiltNetwork b = Backbones.build(cnn, RegularizerSpec.of(preset, 0.5), new int[]{1, 8, 8}, 3, false, 1e-2, 2);
        MultiLayerNetwork net = b.network();
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 64);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int r = 0; r < 8; r++) y.putScalar(r, r % 3, 1.0);
        net.fit(x, y);
        net.fit(x, y);
        assertThat(net.score()).isFinite();
        File f = dir.resolve("cnn.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertThat(restored.output(x)).isEqualTo(net.output(x));
        assertThat(MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson()))
                .isEqualTo(net.getLayerWiseConfigurations());
        RegularizedDense restoredSlot = (RegularizedDense) restored.getLayer(b.slotLayerIndex()).conf().getLayer();
        assertThat(restoredSlot.isReluInput()).as("a ReLU comes before the slot").isTrue();
        assertThat(restoredSlot.isRowMajorWeights()).as("W row-major").isEqualTo(preset.equals("pernode-bernoulli"));
        assertThat(b.trainBatchMultiple()).isEqualTo(preset.equals("masksembles") ? 4 : 1);
        assertThat(b.inferenceReplicas()).isEqualTo(preset.equals("masksembles") ? 4 : 1);
    }

    /**
     * The backbones put a ReLU before the slot and tell it so ({@code reluInput}); its Bernoulli backward then skips
     * the zero inputs and leaves their input gradient 0. Every parameter's gradient must be what it is without the
     * skipping: the ReLU (and a max pool of ReLUs) multiplies the gradient at those inputs by zero. A slot of 80 units
     * has whole vector column groups and a scalar tail for any vector width.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cnn", "mlp"})
    void skippingTheSlotsZeroInputsLeavesTheNetworksGradientsAsTheyAre(String backbone) {
        boolean cnn = backbone.equals("cnn");
        int units = 80;
        ModelSpec spec = cnn ? new ModelSpec("cnn", units, List.of(), List.of(2, 4))
                : new ModelSpec("mlp", units, List.of(16), List.of());
        int[] shape = cnn ? new int[]{1, 8, 8} : new int[]{5};
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, cnn ? 64 : 5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 3);
        for (int r = 0; r < 16; r++) y.putScalar(r, r % 3, 1.0);
        double[][] gradients = new double[2][];
        long[] nonZeroInputGradientAtZeroInputs = new long[2];
        for (int skip = 0; skip < 2; skip++) {
            BuiltNetwork b = Backbones.build(spec, RegularizerSpec.of("pernode-bernoulli", 0.5), shape, 3, false, 1e-2,
                    7);
            MultiLayerNetwork net = b.network();
            org.deeplearning4j.nn.api.Layer slotLayer = net.getLayer(b.slotLayerIndex());
            RegularizedDense slot = (RegularizedDense) slotLayer.conf().getLayer();
            assertThat(slot.isReluInput()).isTrue();
            slot.setReluInput(skip == 1);
            // the slot's input, flattened (activations[i] is layer i's input), has zeros to skip
            INDArray in = net.feedForward(x, false).get(b.slotLayerIndex()).reshape('c', 16, -1).dup();
            INDArray isZero = in.eq(0.0).castTo(DataType.FLOAT);
            assertThat(isZero.sumNumber().longValue()).as("zero inputs of the slot").isGreaterThanOrEqualTo(8);
            // the slot's own input gradient at them: the kernel's dx, which the skipping leaves 0
            net.initGradientsView();
            slotLayer.setInput(in, LayerWorkspaceMgr.noWorkspaces());
            INDArray dIn = slotLayer.backpropGradient(Nd4j.ones(DataType.FLOAT, 16, units),
                    LayerWorkspaceMgr.noWorkspaces()).getSecond();
            nonZeroInputGradientAtZeroInputs[skip] = dIn.mul(isZero).neq(0.0).castTo(DataType.INT32).sumNumber()
                    .longValue();
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
            gradients[skip] = net.gradient().gradient().toDoubleVector();
        }
        assertThat(nonZeroInputGradientAtZeroInputs[0]).as("without skipping").isPositive();
        assertThat(nonZeroInputGradientAtZeroInputs[1]).as("with skipping").isZero();
        assertThat(gradients[0]).hasSameSizeAs(gradients[1]);
        int nonZero = 0;
        for (int k = 0; k < gradients[0].length; k++) {
            // the skipped terms are exact zeros: the sums are the same to the bit (but for the sign of a zero)
            assertThat(gradients[1][k]).as("parameter %d", k).isCloseTo(gradients[0][k], Offset.offset(0.0));
            nonZero += gradients[0][k] != 0 ? 1 : 0;
        }
        assertThat(nonZero).isGreaterThan(gradients[0].length / 2);
    }

    @Test
    void aSlotOnTheDataItselfSkipsNothing() {
        // no layer before the slot: nothing multiplies its input gradient by zero
        BuiltNetwork b = Backbones.build(new ModelSpec("mlp", 8, List.of(), List.of()),
                RegularizerSpec.of("pernode-bernoulli", 0.5), new int[]{2}, 3, false, 1e-2, 7);
        assertThat(((RegularizedDense) b.network().getLayer(b.slotLayerIndex()).conf().getLayer()).isReluInput())
                .isFalse();
    }

    @Test
    void denseBackboneForTextWithSigmoidOutputs() {
        ModelSpec dense = new ModelSpec("dense", 128, List.of(), List.of());
        BuiltNetwork b = Backbones.build(dense, RegularizerSpec.of("pernode-bernoulli", 0.5), new int[]{300}, 25,
                true, 1e-3, 1);
        assertThat(b.slotLayerIndex()).isEqualTo(2);
        assertThat(b.description()).contains("dense1024").contains("dense256").contains("sigmoid25");
        INDArray out = b.network().output(Nd4j.rand(DataType.FLOAT, 2, 300));
        assertThat(out.shape()).containsExactly(2, 25);
        assertThat(out.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void autoPicksFromTheInputShape() {
        assertThat(Backbones.resolve("auto", new int[]{2})).isEqualTo("mlp");
        assertThat(Backbones.resolve("auto", new int[]{1, 28, 28})).isEqualTo("cnn");
        assertThat(Backbones.resolve("auto", new int[]{5000})).isEqualTo("dense");
    }

    @Test
    void mlpPassesExampleIdsForFixedPerSample() {
        BuiltNetwork b = Backbones.build(MLP, RegularizerSpec.of("pernode-bernoulli-fixed", 0.5)
                .withMode(RegularizerSpec.Mode.FIXED_PER_SAMPLE), new int[]{2}, 3, false, 0.01, 5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
        assertThatThrownBy(() -> b.network().fit(x, y)).hasMessageContaining("setExampleIds");
        MaskProbe.setExampleIds(b.network(), b.slotLayerIndex(), new int[]{0, 1, 2, 3});
        b.network().fit(x, y);
        assertThat(MaskProbe.lastMasks(b.network(), b.slotLayerIndex(), new int[]{3}).masks()[0]).hasSize(16 * 16);
    }

    @Test
    void badCombinationsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> Backbones.build(new ModelSpec("mlp", 16, List.of(4), List.of()),
                RegularizerSpec.of("masksembles", 0.5), new int[]{2}, 3, false, 0.01, 1))
                .hasMessageContaining("at least 10 channels");
        assertThatThrownBy(() -> Backbones.build(MLP, RegularizerSpec.custom(RegularizerSpec.Target.CONNECTION,
                RegularizerSpec.Sharing.GROUP, RegularizerSpec.Mode.FIXED_PER_MODEL, "bernoulli", 0.5),
                new int[]{2}, 3, false, 0.01, 1)).hasMessageContaining("group sharing is Masksembles");
        assertThatThrownBy(() -> Backbones.build(MLP, RegularizerSpec.custom(RegularizerSpec.Target.CONNECTION,
                RegularizerSpec.Sharing.PER_BATCH, RegularizerSpec.Mode.FIXED_PER_SAMPLE, "bernoulli", 0.5),
                new int[]{2}, 3, false, 0.01, 1)).hasMessageContaining("cannot be fixed per sample");
        assertThatThrownBy(() -> Backbones.build(MLP, RegularizerSpec.custom(RegularizerSpec.Target.UNIT,
                RegularizerSpec.Sharing.PER_SAMPLE, RegularizerSpec.Mode.DYNAMIC, "no-such-stir", 0.5),
                new int[]{2}, 3, false, 0.01, 1)).hasMessageContaining("unknown stir 'no-such-stir'");
        assertThatThrownBy(() -> Backbones.build(new ModelSpec("cnn", 8, List.of(), List.of(2, 4)),
                RegularizerSpec.of("none", 0), new int[]{64}, 3, false, 0.01, 1))
                .hasMessageContaining("[channels, height, width]");
    }
}
