package org.pernodedrop.lab.engine.report;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One colour and one marker shape per variant, the same in every chart of the report and the app, so a reader
 * who learnt "green diamond = pernode-bernoulli" in one figure can read the next one at a glance.
 *
 * <p>Colours are the Okabe-Ito colour-blind-safe set, extended by two; shapes differ too, so the charts stay
 * readable in greyscale print. Unknown variants get a colour and shape from the spare list by a stable hash.
 */
public final class VariantPalette {

    /** Marker size in chart units (pixels at scale 1). */
    public static final double SHAPE_SIZE = 10.0;

    /** The presets in the order tables and legends list them (RegularizerSpec.PRESETS plus masksembles). */
    public static final List<String> ORDER = List.of("none", "dropout", "gaussian-dropout", "dropconnect",
            "pernode-bernoulli", "pernode-gaussian", "pernode-bernoulli-fixed", "pernode-gaussian-fixed",
            "pernode-partial-gaussian", "masksembles");

    private static final Map<String, Color> COLORS = Map.of(
            "none", new Color(0x7F7F7F),
            "dropout", new Color(0x0072B2),
            "gaussian-dropout", new Color(0x56B4E9),
            "dropconnect", new Color(0xD55E00),
            "pernode-bernoulli", new Color(0x009E73),
            "pernode-gaussian", new Color(0xE69F00),
            "pernode-bernoulli-fixed", new Color(0xCC79A7),
            "pernode-gaussian-fixed", new Color(0x8C564B),
            "pernode-partial-gaussian", new Color(0x6A3D9A),
            "masksembles", new Color(0x000000));

    private static final List<Color> SPARE_COLORS = List.of(new Color(0x1F77B4), new Color(0xBCBD22),
            new Color(0x17BECF), new Color(0xD62728), new Color(0x2CA02C), new Color(0x9467BD));

    private VariantPalette() {
    }

    public static Color color(String variant) {
        Color c = COLORS.get(key(variant));
        return c != null ? c : SPARE_COLORS.get(Math.floorMod(key(variant).hashCode(), SPARE_COLORS.size()));
    }

    /** The variant's marker, centred on (0, 0). */
    public static Shape shape(String variant) {
        int i = ORDER.indexOf(key(variant));
        if (i < 0) i = ORDER.size() + Math.floorMod(key(variant).hashCode(), 4);
        return shapeNumber(i, SHAPE_SIZE);
    }

    /** Web colour, e.g. {@code #009E73}, for markdown and SVG legends. */
    public static String hex(String variant) {
        Color c = color(variant);
        return String.format(Locale.ROOT, "#%02X%02X%02X", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** Canonical preset order first, then any other variant alphabetically; duplicates removed. */
    public static List<String> sorted(Collection<String> variants) {
        List<String> out = new ArrayList<>(new LinkedHashSet<>(variants));
        out.sort(Comparator.comparingInt((String v) -> {
            int i = ORDER.indexOf(key(v));
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(v -> v));
        return out;
    }

    private static String key(String variant) {
        return variant == null ? "" : variant.toLowerCase(Locale.ROOT);
    }

    static Shape shapeNumber(int i, double s) {
        double h = s / 2;
        switch (i % 14) {
            case 0: return cross(h, 0.35);                                            // none: a plus
            case 1: return new Ellipse2D.Double(-h, -h, s, s);                        // dropout: circle
            case 2: return new Rectangle2D.Double(-h, -h, s, s);                      // gaussian-dropout: square
            case 3: return polygon(new double[]{0, h, -h}, new double[]{-h, h, h});   // dropconnect: triangle up
            case 4: return polygon(new double[]{0, h * 1.2, 0, -h * 1.2},
                    new double[]{-h * 1.2, 0, h * 1.2, 0});                            // pernode-bernoulli: diamond
            case 5: return polygon(new double[]{-h, h, 0}, new double[]{-h, -h, h});  // pernode-gaussian: triangle down
            case 6: return star(h * 1.25);                                             // bernoulli-fixed: star
            case 7: return new Rectangle2D.Double(-h * 1.3, -h * 0.6, s * 1.3, s * 0.6); // gaussian-fixed: bar
            case 8: return polygon(new double[]{-h, h, -h}, new double[]{-h, 0, h});  // partial-gaussian: triangle right
            case 9: return hexagon(h * 1.1);                                           // masksembles: hexagon
            case 10: return new Ellipse2D.Double(-h * 1.3, -h * 0.7, s * 1.3, s * 0.7);
            case 11: return polygon(new double[]{h, -h, h}, new double[]{-h, 0, h});
            case 12: return new Rectangle2D.Double(-h * 0.6, -h * 1.3, s * 0.6, s * 1.3);
            default: return cross(h, 0.2);
        }
    }

    private static Shape polygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) p.lineTo(xs[i], ys[i]);
        p.closePath();
        return p;
    }

    private static Shape cross(double h, double thickness) {
        double t = h * thickness;
        return polygon(new double[]{-t, t, t, h, h, t, t, -t, -t, -h, -h, -t},
                new double[]{-h, -h, -t, -t, t, t, h, h, t, t, -t, -t});
    }

    private static Shape star(double r) {
        double[] xs = new double[10], ys = new double[10];
        for (int i = 0; i < 10; i++) {
            double rad = i % 2 == 0 ? r : r * 0.45;
            double a = -Math.PI / 2 + i * Math.PI / 5;
            xs[i] = rad * Math.cos(a);
            ys[i] = rad * Math.sin(a);
        }
        return polygon(xs, ys);
    }

    private static Shape hexagon(double r) {
        double[] xs = new double[6], ys = new double[6];
        for (int i = 0; i < 6; i++) {
            xs[i] = r * Math.cos(i * Math.PI / 3);
            ys[i] = r * Math.sin(i * Math.PI / 3);
        }
        return polygon(xs, ys);
    }
}
