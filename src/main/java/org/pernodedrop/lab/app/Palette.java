package org.pernodedrop.lab.app;

/**
 * The lab's colours, one meaning each (issue 12):
 * <ul>
 *   <li><b>categories</b> (classes, curves): the Okabe-Ito palette (Okabe and Ito 2008, "Color Universal Design"),
 *       chosen to stay apart for the common colour-vision deficiencies - classes take {@link #CLASS} in order, the
 *       curves take {@link #CURVE_TRAIN} and {@link #CURVE_VAL}, which no class of a 2-D set uses;</li>
 *   <li><b>mask values</b>: viridis (van der Walt and Smith, matplotlib 2.0), a perceptually uniform sequential map,
 *       linearly interpolated between its nine published control points at 0, 1/8, ..., 1;</li>
 *   <li><b>weight sign</b>: a brown - white - teal diverging map (ColorBrewer BrBG ends), which no category uses;</li>
 *   <li><b>class probability</b> (2-D decision surface): class-0 colour - light grey - class-1 colour, so the
 *       surface speaks the same colours as the points on it.</li>
 * </ul>
 * A {@code Palette} object maps values to one of {@link #SHADES} colours of one map. Values are mapped
 * piecewise-linearly, [lo, mid] and [mid, hi] each to half of the shades, so the midpoint (e.g. a mask's expectation
 * 1) always sits at the map's centre. Colours are opaque ARGB.
 */
public final class Palette {

    public static final int SHADES = 30;

    // Okabe-Ito, in the published order's names
    public static final int OI_ORANGE = 0xFFE69F00;
    public static final int OI_SKY_BLUE = 0xFF56B4E9;
    public static final int OI_BLUISH_GREEN = 0xFF009E73;
    public static final int OI_YELLOW = 0xFFF0E442;
    public static final int OI_BLUE = 0xFF0072B2;
    public static final int OI_VERMILLION = 0xFFD55E00;
    public static final int OI_REDDISH_PURPLE = 0xFFCC79A7;
    public static final int OI_BLACK = 0xFF000000;
    /** All eight Okabe-Ito colours (the colour-blindness test checks every pair). */
    public static final int[] OKABE_ITO = {OI_BLACK, OI_ORANGE, OI_SKY_BLUE, OI_BLUISH_GREEN, OI_YELLOW, OI_BLUE,
            OI_VERMILLION, OI_REDDISH_PURPLE};
    /** Class k's colour is {@code CLASS[k % CLASS.length]}. */
    public static final int[] CLASS = {OI_ORANGE, OI_BLUE, OI_SKY_BLUE, OI_REDDISH_PURPLE, OI_YELLOW, OI_BLACK};
    public static final int CURVE_TRAIN = OI_VERMILLION;
    public static final int CURVE_VAL = OI_BLUISH_GREEN;
    /**
     * Mini-batch losses are a noisy version of the training curve, not a category of their own: grey, dark enough
     * to stay 32 CIE76 units from the validation green under deuteranopia (#546E7A was only 23 and looked alike).
     */
    public static final int CURVE_BATCH = 0xFF37474F;
    public static final int CURVE_BATCH_RAW = 0xFFB0BEC5;

    /** Weight sign: negative brown, positive teal (BrBG's ends), zero near white. */
    public static final int WEIGHT_NEG = 0xFF8C510A;
    public static final int WEIGHT_ZERO = 0xFFF5F5F5;
    public static final int WEIGHT_POS = 0xFF01665E;

    /** The class-probability map's centre (p = 0.5). */
    public static final int GREY = 0xFFE8EAEB;
    /** Class 0 and class 1 of the two-class probability map. */
    public static final int ORANGE = OI_ORANGE;
    public static final int BLUE = OI_BLUE;

    /** viridis at t = 0, 1/8, ..., 1 (matplotlib's published table sampled at nine points). */
    static final int[] VIRIDIS = {0xFF440154, 0xFF472D7B, 0xFF3B528B, 0xFF2C728E, 0xFF21918C, 0xFF28AE80,
            0xFF5EC962, 0xFFADDC30, 0xFFFDE725};

    /** Which map a palette draws from. */
    public enum Map {
        /** Mask values: viridis. */
        VIRIDIS,
        /** Weight sign: brown - white - teal. */
        WEIGHT,
        /** Class probability of a two-class surface: class-0 colour - grey - class-1 colour. */
        CLASS_PROBABILITY
    }

    private final double lo;
    private final double mid;
    private final double hi;
    private final Map map;
    private final int[] shades = new int[SHADES];

    /** The class-probability map (the decision surface's). */
    public Palette(double lo, double mid, double hi) {
        this(lo, mid, hi, Map.CLASS_PROBABILITY);
    }

    public Palette(double lo, double mid, double hi, Map map) {
        if (!(lo < mid && mid < hi)) {
            throw new IllegalArgumentException("palette needs lo < mid < hi, got " + lo + ", " + mid + ", " + hi);
        }
        this.lo = lo;
        this.mid = mid;
        this.hi = hi;
        this.map = map;
        for (int k = 0; k < SHADES; k++) {
            // centre of shade k on the 0..1 scale
            shades[k] = at(map, (k + 0.5) / SHADES);
        }
    }

    /** Viridis for mask values, with {@code mid} (the mask's expectation) at its centre. */
    public static Palette viridis(double lo, double mid, double hi) {
        return new Palette(lo, mid, hi, Map.VIRIDIS);
    }

    /** The colour of a map at {@code t} in [0, 1] (clamped), unquantised: legends and tests. */
    public static int at(Map map, double t) {
        t = Math.max(0, Math.min(1, t));
        return switch (map) {
            case VIRIDIS -> {
                double x = t * (VIRIDIS.length - 1);
                int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(x));
                yield mix(VIRIDIS[i], VIRIDIS[i + 1], x - i);
            }
            case WEIGHT -> t < 0.5 ? mix(WEIGHT_NEG, WEIGHT_ZERO, t / 0.5) : mix(WEIGHT_ZERO, WEIGHT_POS, (t - 0.5) / 0.5);
            case CLASS_PROBABILITY -> t < 0.5 ? mix(ORANGE, GREY, t / 0.5) : mix(GREY, BLUE, (t - 0.5) / 0.5);
        };
    }

    /** The colour of class {@code k} (categories repeat after {@link #CLASS}'s length). */
    public static int classColour(int k) {
        return CLASS[Math.floorMod(k, CLASS.length)];
    }

    public Map map() {
        return map;
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

    /** The value at scale position {@code t} (inverse of {@link #position} inside [lo, hi]). */
    public double valueAt(double t) {
        return t < 0.5 ? lo + (mid - lo) * t / 0.5 : mid + (hi - mid) * (t - 0.5) / 0.5;
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

    /** As a JavaFX colour. */
    public static javafx.scene.paint.Color fx(int argb) {
        return javafx.scene.paint.Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF);
    }

    /** As an AWT colour (JFreeChart). */
    public static java.awt.Color awt(int argb) {
        return new java.awt.Color(argb & 0xFFFFFF);
    }
}
