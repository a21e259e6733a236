package org.pernodedrop.lab.engine.nn;

/**
 * The multipliers the slot applied in one training step, regenerated for chosen samples.
 * {@code masks[k]} belongs to batch row {@code samples[k]} and is {@code [din * dout]} row-major
 * ({@code i * dout + j} is connection i -> j). Unit-target presets repeat their {@code din} mask across j.
 */
public record MaskView(String regularizer, long step, int batch, int din, int dout, int[] samples, float[][] masks) {
}
