package org.pernodedrop.lab.engine.data;

/**
 * Images kept as their raw unsigned bytes (a quarter of the memory of floats; CIFAR-10 would be 737 MB
 * as floats) and scaled to [0, 1] when a row is copied: {@code value = (byte & 0xff) / 255}.
 * Row {@code r} is {@code bytes[r * featureCount .. (r + 1) * featureCount)}.
 */
public final class UnsignedByteExamples implements Examples {

    private static final float[] SCALE = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            SCALE[i] = i / 255f;
        }
    }

    private final byte[] bytes;
    private final int featureCount;

    public UnsignedByteExamples(byte[] bytes, int featureCount) {
        if (featureCount < 1 || bytes.length % featureCount != 0) {
            throw new IllegalArgumentException("bytes length " + bytes.length
                    + " is not a multiple of featureCount " + featureCount);
        }
        this.bytes = bytes;
        this.featureCount = featureCount;
    }

    @Override
    public int size() {
        return bytes.length / featureCount;
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    @Override
    public void copyRow(int row, float[] dst, int offset) {
        int base = row * featureCount;
        for (int k = 0; k < featureCount; k++) {
            dst[offset + k] = SCALE[bytes[base + k] & 0xff];
        }
    }

    /** The raw byte 0..255 of one pixel. */
    public int raw(int row, int feature) {
        return bytes[row * featureCount + feature] & 0xff;
    }

    /** A new table holding the given rows in the given order. */
    public UnsignedByteExamples select(int[] rows) {
        byte[] out = new byte[rows.length * featureCount];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(bytes, rows[i] * featureCount, out, i * featureCount, featureCount);
        }
        return new UnsignedByteExamples(out, featureCount);
    }
}
