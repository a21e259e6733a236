package org.pernodedrop.lab.app;

/**
 * A diverging palette quantised to {@link #SHADES} steps, orange below the midpoint, grey at it, blue above
 * (the TensorFlow Playground's colours). Values are mapped piecewise-linearly, [lo, mid] and [mid, hi] each to
 * half of the shades, so the midpoint (e.g. a mask's expectation 1) always sits on grey. Colours are opaque ARGB.
 */
public final class Palette {

    public static final int SHADES = 30;
    public static final int ORANGE = 0xFFF59322;
    public static final int GREY = 0xFFE8EAEB;
    public static final int BLUE = 0xFF0877BD;

    private final double lo;
    private final double mid;
    private final double hi;
    private final int[] shades = new int[SHADES];

    public Palette(double lo, double mid, double hi) {
        if (!(lo < mid && mid < hi)) {
            throw new IllegalArgumentException("palette needs lo < mid < hi, got " + lo + ", " + mid + ", " + hi);
        }
        this.lo = lo;
        this.mid = mid;
        this.hi = hi;
        for (int k = 0; k < SHADES; k++) {
            // centre of shade k on a 0..1 scale; 0 = orange end, 0.5 = grey, 1 = blue end
            double t = (k + 0.5) / SHADES;
            shades[k] = t < 0.5 ? mix(ORANGE, GREY, t / 0.5) : mix(GREY, BLUE, (t - 0.5) / 0.5);
        }
    }

    public double lo() {
        return lo;
    }

    public double mid() {
        return mid;
    }

    public double hi() {
        return hi;
    }

    /** Position of {@code v} on the 0..1 colour scale (clamped); NaN maps to the midpoint. */
    public double position(double v) {
        if (Double.isNaN(v)) return 0.5;
        if (v <= mid) return Math.max(0.0, 0.5 * (v - lo) / (mid - lo));
        return Math.min(1.0, 0.5 + 0.5 * (v - mid) / (hi - mid));
    }

    public int argb(double v) {
        int k = (int) (position(v) * SHADES);
        return shades[Math.min(SHADES - 1, Math.max(0, k))];
    }

    static int mix(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - t) + ((b >> 16) & 0xFF) * t);
        int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - t) + ((b >> 8) & 0xFF) * t);
        int bl = (int) Math.round((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
        return 0xFF000000 | (r << 16) | (g << 8) | bl;
    }
}
