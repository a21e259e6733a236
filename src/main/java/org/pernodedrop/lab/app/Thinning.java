package org.pernodedrop.lab.app;

/**
 * Which points of a growing curve a chart draws: at most {@code max}, every k-th one counted back from the newest
 * (k = ceil(n / max)), so the newest point is always drawn and the kept points do not jump about as the curve
 * grows by one.
 */
public final class Thinning {

    private Thinning() {
    }

    /** Indices into a curve of {@code n} points, ascending. */
    public static int[] kept(int n, int max) {
        if (max < 1) throw new IllegalArgumentException("max must be >= 1, got " + max);
        int stride = Math.max(1, (n + max - 1) / max);
        int count = n == 0 ? 0 : (n - 1) / stride + 1;
        int[] out = new int[count];
        for (int k = 0; k < count; k++) out[k] = n - 1 - (count - 1 - k) * stride;
        return out;
    }
}
