package org.pernodedrop.lab.engine.data;

/**
 * A read-only table of {@link #size()} examples with {@link #featureCount()} features each.
 * Implementations may be dense or sparse; a batch is built by copying rows into a dense buffer.
 */
public interface Examples {

    int size();

    int featureCount();

    /** Writes row {@code row} densely into {@code dst[offset .. offset + featureCount())}. */
    void copyRow(int row, float[] dst, int offset);
}
