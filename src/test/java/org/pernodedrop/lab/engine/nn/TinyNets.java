package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.util.Random;

/** Small networks around one slot for the tests: slot [din -> dout] then a softmax output. */
final class TinyNets {

    private TinyNets() {
    }

    static MultiLayerNetwork mln(RegularizerSpec spec, int din, int dout, int classes, Activation act,
                                 DataType type, IUpdater updater, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(type).updater(updater).weightInit(WeightInit.XAVIER).list()
                .layer(0, Regularizers.slot(spec, din, dout, act, seed))
                .layer(1, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(dout).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        return net;
    }

    /**
     * dense [din -> hidden, tanh] then the slot [hidden -> dout, tanh] then softmax: the slot is layer 1, so a
     * gradient check of the dense layer's parameters also checks the slot's dx.
     */
    static MultiLayerNetwork mlnDenseBefore(RegularizerSpec spec, int din, int hidden, int dout, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(0, new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(din).nOut(hidden)
                        .activation(Activation.TANH).build())
                .layer(1, Regularizers.slot(spec, hidden, dout, Activation.TANH, seed))
                .layer(2, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(dout).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        return net;
    }

    /**
     * The same network (configuration and seed, so the same starting matrices) with its slot storing W in DL4J's
     * column-major layout, as models saved before {@link RowMajorParams} do.
     */
    static MultiLayerNetwork withColumnMajorSlot(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        for (int l = 0; l < conf.getConfs().size(); l++) {
            if (conf.getConf(l).getLayer() instanceof RegularizedDense slot) slot.setRowMajorWeights(false);
        }
        MultiLayerNetwork other = new MultiLayerNetwork(conf);
        other.init();
        other.initGradientsView();
        return other;
    }

    static MultiLayerNetwork mlnDouble(RegularizerSpec spec, int din, int dout, long seed) {
        return mln(spec, din, dout, 3, Activation.TANH, DataType.DOUBLE, new NoOp(), seed);
    }

    /** A single slot layer with identity activation followed by nothing useful: for direct layer tests. */
    static MultiLayerNetwork identitySlot(RegularizerSpec spec, int din, int dout, DataType type, long seed) {
        return mln(spec, din, dout, 2, Activation.IDENTITY, type, new NoOp(), seed);
    }

    static ComputationGraph graphDouble(RegularizerSpec spec, int din, int dout, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .addLayer("slot", Regularizers.slot(spec, din, dout, Activation.TANH, seed), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(dout).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "slot")
                .setOutputs("out")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static INDArray randn(int rows, int cols, long seed, DataType type) {
        Random r = new Random(seed);
        double[] v = new double[rows * cols];
        for (int k = 0; k < v.length; k++) v[k] = r.nextGaussian();
        return Nd4j.create(v, new long[]{rows, cols}, 'c').castTo(type);
    }

    static INDArray oneHot(int rows, int classes, long seed, DataType type) {
        Random r = new Random(seed);
        INDArray y = Nd4j.zeros(type, rows, classes);
        for (int b = 0; b < rows; b++) y.putScalar(b, r.nextInt(classes), 1.0);
        return y;
    }

    /**
     * One training step of a lone slot layer, read back in double: its output z (row-major), dW and dx for the
     * upstream gradient {@code up}, the mask view of every batch row, and x, W, b and {@code up} as matrices.
     */
    record SlotStep(double[] out, double[] dW, double[] dx, MaskView masks, double[][] x, double[][] w, double[] bias,
                    double[][] up) {
    }

    static SlotStep trainStep(org.deeplearning4j.nn.api.Layer layer, INDArray x, INDArray up) {
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr ws = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr
                .noWorkspaces();
        double[] out = layer.activate(x, true, ws).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        org.nd4j.common.primitives.Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> g =
                layer.backpropGradient(up, ws);
        double[] dW = g.getFirst().getGradientFor("W").castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] dx = g.getSecond().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int batch = (int) x.size(0);
        int[] rows = new int[batch];
        for (int b = 0; b < batch; b++) rows[b] = b;
        return new SlotStep(out, dW, dx, MaskProbe.lastMasks(layer, rows), x.castTo(DataType.DOUBLE).toDoubleMatrix(),
                layer.getParam("W").castTo(DataType.DOUBLE).toDoubleMatrix(),
                layer.getParam("b").castTo(DataType.DOUBLE).toDoubleVector(),
                up.castTo(DataType.DOUBLE).toDoubleMatrix());
    }
}
