package org.pernodedrop.lab.engine.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.pernodedrop.lab.engine.config.ModelSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

/**
 * Builds the paper's backbones around the regularizer slot.
 *
 * <p>INTERIM: an MLP with DL4J's Dropout in the slot, so trainer and app work can start in parallel;
 * the regularizer engine work replaces this with every backbone and every preset.
 */
public final class Backbones {

    private Backbones() {
    }

    public static BuiltNetwork build(ModelSpec model, RegularizerSpec reg, int[] inputShape, int classes,
                                     boolean multiLabel, double learningRate, long seed) {
        int nIn = 1;
        for (int d : inputShape) nIn *= d;
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed).updater(new Adam(learningRate)).weightInit(WeightInit.XAVIER).list();
        int layer = 0;
        int width = nIn;
        for (int h : model.hidden()) {
            b.layer(layer++, new DenseLayer.Builder().nIn(width).nOut(h).activation(Activation.RELU).build());
            width = h;
        }
        DenseLayer.Builder slot = new DenseLayer.Builder().nIn(width).nOut(model.units()).activation(Activation.RELU);
        if (!reg.isNone() && reg.rate() > 0) slot.dropOut(new Dropout(reg.keep()));
        int slotIndex = layer;
        b.layer(layer++, slot.build());
        b.layer(layer, new OutputLayer.Builder(multiLabel ? LossFunctions.LossFunction.XENT : LossFunctions.LossFunction.MCXENT)
                .nIn(model.units()).nOut(classes).activation(multiLabel ? Activation.SIGMOID : Activation.SOFTMAX).build());
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return new BuiltNetwork(net, slotIndex, 1, 1, "interim mlp");
    }
}
