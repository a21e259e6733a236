package org.pernodedrop.lab.engine.data;

import java.util.Arrays;

/**
 * Sparse rows in compressed-sparse-row form (text stays sparse until a batch is built): row {@code r}
 * has entries {@code k in [rowStart[r], rowStart[r+1])} with column {@code columns[k]} (0-based, strictly
 * increasing within a row) and value {@code values[k]}; every other feature is 0.
 */
public final class SparseExamples implements Examples {

    private final int[] rowStart;
    private final int[] columns;
    private final float[] values;
    private final int featureCount;

    public SparseExamples(int[] rowStart, int[] columns, float[] values, int featureCount) {
        if (rowStart.length < 1 || rowStart[0] != 0 || rowStart[rowStart.length - 1] != columns.length
                || columns.length != values.length || featureCount < 1) {
            throw new IllegalArgumentException("inconsistent CSR arrays");
        }
        for (int r = 0; r + 1 < rowStart.length; r++) {
            int prev = -1;
            for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                if (columns[k] <= prev || columns[k] >= featureCount) {
                    throw new IllegalArgumentException("row " + r + ": column " + columns[k]
                            + " out of order or >= featureCount " + featureCount);
                }
                prev = columns[k];
            }
        }
        this.rowStart = rowStart;
        this.columns = columns;
        this.values = values;
        this.featureCount = featureCount;
    }

    @Override
    public int size() {
        return rowStart.length - 1;
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    @Override
    public void copyRow(int row, float[] dst, int offset) {
        Arrays.fill(dst, offset, offset + featureCount, 0f);
        for (int k = rowStart[row]; k < rowStart[row + 1]; k++) {
            dst[offset + columns[k]] = values[k];
        }
    }

    public int nonZeros(int row) {
        return rowStart[row + 1] - rowStart[row];
    }

    public int totalNonZeros() {
        return columns.length;
    }

    /** A new table holding the given rows in the given order. */
    public SparseExamples select(int[] rows) {
        int[] start = new int[rows.length + 1];
        for (int i = 0; i < rows.length; i++) {
            start[i + 1] = start[i] + nonZeros(rows[i]);
        }
        int[] cols = new int[start[rows.length]];
        float[] vals = new float[cols.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(columns, rowStart[rows[i]], cols, start[i], nonZeros(rows[i]));
            System.arraycopy(values, rowStart[rows[i]], vals, start[i], nonZeros(rows[i]));
        }
        return new SparseExamples(start, cols, vals, featureCount);
    }
}
