package org.pernodedrop.lab.engine.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network ready to train. {@code slotLayerIndex} is the index of the regularized dense layer (the slot);
 * {@code inferenceReplicas} > 1 means each input must be replicated that many times at inference and the
 * outputs averaged (Masksembles).
 */
public record BuiltNetwork(MultiLayerNetwork network, int slotLayerIndex, int inferenceReplicas,
                           int trainBatchMultiple, String description) {
}
