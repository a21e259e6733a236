package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Reads the masks of the slot's last training step for chosen samples, without storing them.
 *
 * <p>INTERIM: returns null (no masks) until the regularizer engine work lands.
 */
public final class MaskProbe {

    private MaskProbe() {
    }

    /** The masks of the last training step of layer {@code slotIndex}, or null if it has none. */
    public static MaskView lastMasks(MultiLayerNetwork net, int slotIndex, int[] samples) {
        return null;
    }

    /**
     * Tells the slot which dataset rows the next training batch holds (fixed-per-sample masks are keyed by example).
     * INTERIM no-op, so the trainer can call it before the regularizer engine lands.
     */
    public static void setExampleIds(MultiLayerNetwork net, int slotIndex, int[] exampleIds) {
    }
}
