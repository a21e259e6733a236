package org.pernodedrop.lab.engine.data;

/** Row-major dense features: {@code values[row * featureCount + k]}. */
public final class DenseExamples implements Examples {

    private final float[] values;
    private final int featureCount;

    public DenseExamples(float[] values, int featureCount) {
        if (featureCount < 1 || values.length % featureCount != 0) {
            throw new IllegalArgumentException("values length " + values.length
                    + " is not a multiple of featureCount " + featureCount);
        }
        this.values = values;
        this.featureCount = featureCount;
    }

    @Override
    public int size() {
        return values.length / featureCount;
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    @Override
    public void copyRow(int row, float[] dst, int offset) {
        System.arraycopy(values, row * featureCount, dst, offset, featureCount);
    }

    public float get(int row, int feature) {
        return values[row * featureCount + feature];
    }

    /** A new table holding the given rows in the given order. */
    public DenseExamples select(int[] rows) {
        float[] out = new float[rows.length * featureCount];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * featureCount, out, i * featureCount, featureCount);
        }
        return new DenseExamples(out, featureCount);
    }
}
