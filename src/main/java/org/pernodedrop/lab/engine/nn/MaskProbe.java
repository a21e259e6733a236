package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Reads the masks of the slot's last training step for chosen samples (regenerated from the mask key, not
 * stored), and feeds the slot what it needs before a step.
 *
 * <p>Trainer contract: for a {@code fixed-per-sample} regularizer, call
 * {@link #setExampleIds(MultiLayerNetwork, int, int[])} with the dataset indices of the batch rows
 * (in row order) before every {@code fit} call; example {@code k} then always meets the mask keyed by
 * {@code (seed, k)}. Other regularizers ignore the ids, so calling it always is fine.
 */
public final class MaskProbe {

    private MaskProbe() {
    }

    /** The masks of the last training step of layer {@code slotIndex}, or null if it has none. */
    public static MaskView lastMasks(MultiLayerNetwork net, int slotIndex, int[] samples) {
        return lastMasks(net.getLayer(slotIndex), samples);
    }

    public static MaskView lastMasks(ComputationGraph graph, String layerName, int[] samples) {
        return lastMasks(graph.getLayer(layerName), samples);
    }

    /** Null for layers that are not a {@link RegularizedDense}, for {@code none}, and before any training step. */
    public static MaskView lastMasks(Layer layer, int[] samples) {
        return layer instanceof RegularizedDenseImpl r ? r.lastMasks(samples) : null;
    }

    /** The dataset indices of the rows of the next training batch (fixed-per-sample masks need them). */
    public static void setExampleIds(MultiLayerNetwork net, int slotIndex, int[] exampleIds) {
        setExampleIds(net.getLayer(slotIndex), exampleIds);
    }

    public static void setExampleIds(ComputationGraph graph, String layerName, int[] exampleIds) {
        setExampleIds(graph.getLayer(layerName), exampleIds);
    }

    public static void setExampleIds(Layer layer, int[] exampleIds) {
        if (layer instanceof RegularizedDenseImpl r) r.setExampleIds(exampleIds);
    }

    /**
     * Monte Carlo passes: the data index of each row of the next forward passes ({@code null} to clear), which keys
     * the row's dynamic mask instead of its batch position, so a pass does not depend on how the data is chunked.
     */
    public static void setMonteCarloIds(MultiLayerNetwork net, int slotIndex, int[] dataIndices) {
        if (net.getLayer(slotIndex) instanceof RegularizedDenseImpl r) r.setMonteCarloIds(dataIndices);
    }

    /** Peak bytes of mask state the slot uses in a training step of {@code batch} rows (0 if it has no mask). */
    public static long maskBytes(Layer layer, int batch) {
        return layer instanceof RegularizedDenseImpl r ? r.maskBytes(batch) : 0L;
    }

    /**
     * The drop rate the slot's masks really have ({@link RegularizedDenseImpl#effectiveRate}); 0 for a layer that is
     * not a {@link RegularizedDense}.
     */
    public static double effectiveRate(Layer layer) {
        return layer instanceof RegularizedDenseImpl r ? r.effectiveRate() : 0.0;
    }

    /** How the fused Bernoulli kernel runs here (vector API or the scalar fallback). */
    public static String kernel() {
        return MaskOps.INSTANCE.name();
    }
}
