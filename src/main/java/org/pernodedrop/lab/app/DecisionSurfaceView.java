package org.pernodedrop.lab.app;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.Split;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

/**
 * View 4, for 2-D sets: the network's class-1 probability on a grid as a heatmap (class 0's colour, grey undecided,
 * class 1's colour; the colour bar under it is the key), with the data on top: training points as filled discs with a
 * darker rim, validation points as open squares - told apart by shape, not only by fill. Axes with values.
 */
public final class DecisionSurfaceView extends VBox {

    private static final double PAD = 10;
    /** Room for the y axis' values and name on the left, the x axis' below. */
    private static final double AXIS_LEFT = 44;
    private static final double AXIS_BOTTOM = 30;

    private final LabModel model;
    private final CanvasPane pane = new CanvasPane(this::redraw, 320, 320);
    private final HeatmapRenderer renderer = new HeatmapRenderer();
    private final Palette palette = new Palette(0.0, 0.5, 1.0);
    private ViewSnapshot current;
    private final ColourBar key = new ColourBar(palette, "P(class 1)", "0: class 0", "0.5", "1: class 1");

    public DecisionSurfaceView(LabModel model) {
        this.model = model;
        createView();
        initListeners();
    }

    private void createView() {
        getStyleClass().add("card");
        getChildren().addAll(Cards.header("Decision surface", "\u25CF training   \u25A1 validation"), pane, key);
        VBox.setVgrow(pane, Priority.ALWAYS);
        key.setId("surface-key");
        pane.canvas().setAccessibleRole(javafx.scene.AccessibleRole.IMAGE_VIEW);
    }

    private void initListeners() {
        model.snapshotProperty().addListener((obs, old, now) -> {
            if (now == null || now.surface() != null || current == null) {
                current = now;
                redraw();
            }
        });
        model.surfaceDataProperty().addListener((obs, old, now) -> {
            updateKey(now);
            redraw();
        });
        Theme.darkProperty().addListener(o -> redraw());
    }

    /** The colour bar names the two classes of the set shown. */
    private void updateKey(Dataset d) {
        String c0 = className(d, 0);
        String c1 = className(d, 1);
        key.set(palette, "P(" + c1 + ")", "0: " + c0, "0.5", "1: " + c1);
    }

    /** "class k" for sets whose classes are just numbered, else the class's name. */
    static String className(Dataset d, int k) {
        java.util.List<String> names = d == null ? java.util.List.of() : d.classNames();
        if (k >= names.size() || names.get(k).equals(Integer.toString(k))) return "class " + k;
        return names.get(k);
    }

    /** Redraws now (benchmarks). */
    void redrawForProbe() {
        redraw();
    }

    private void redraw() {
        Canvas c = pane.canvas();
        GraphicsContext g = c.getGraphicsContext2D();
        g.clearRect(0, 0, CanvasPane.width(c), CanvasPane.height(c));
        Dataset data = model.surfaceDataProperty().get();
        ViewSnapshot.DecisionSurface surface = current == null ? null : current.surface();
        if (data == null && surface == null) {
            MaskHeatmapView.message(g, c, DatasetCatalog.isTwoD(model.config().data().name())
                    ? "Loading the points..." : "Drawn for 2-D datasets only");
            return;
        }
        double[] b = bounds(surface, data);
        // a square plot (equal scales) right of the y axis and above the x axis
        double side = Math.min(CanvasPane.width(c) - AXIS_LEFT - PAD, CanvasPane.height(c) - AXIS_BOTTOM - PAD);
        if (side < 20) return;
        double ox = AXIS_LEFT + (CanvasPane.width(c) - AXIS_LEFT - PAD - side) / 2;
        double oy = PAD / 2 + (CanvasPane.height(c) - AXIS_BOTTOM - PAD - side) / 2;
        double sx = side / (b[1] - b[0]);
        double sy = side / (b[3] - b[2]);
        int px = (int) Math.round(side);
        // at the screen's scale (HiDPI): n device pixels across the px layout units
        Raster raster = new Raster(px, px, pane.outputScale());
        int n = raster.width;
        double ds = raster.scale;
        if (surface != null) {
            // nearest-neighbour upscale of the grid; grid row 0 is yMin, the screen's top is yMax
            int w = surface.width();
            int h = surface.height();
            float[] v = surface.values();
            // one colour per grid cell and one grid column per screen column, computed once: the per-pixel loop is
            // then two array reads (this redraw runs on the FX thread at every snapshot)
            int[] cell = new int[w * h];
            for (int k = 0; k < cell.length; k++) cell[k] = palette.argb(v[k]);
            int[] column = new int[n];
            for (int xx = 0; xx < n; xx++) {
                double wx = b[0] + (xx + 0.5) / (sx * ds);
                column[xx] = (int) Math.floor((wx - surface.xMin()) / (surface.xMax() - surface.xMin()) * w);
            }
            for (int yy = 0; yy < raster.height; yy++) {
                double wy = b[3] - (yy + 0.5) / (sy * ds);
                int gy = (int) Math.floor((wy - surface.yMin()) / (surface.yMax() - surface.yMin()) * h);
                int row = yy * n;
                for (int xx = 0; xx < n; xx++) {
                    int gx = column[xx];
                    raster.argb[row + xx] = gx < 0 || gy < 0 || gx >= w || gy >= h ? 0xFFECEFF1
                            : cell[gy * w + gx];
                }
            }
        } else {
            raster.fill(0xFFECEFF1);
        }
        if (data != null) {
            double r = Math.max(2.5, Math.min(4.5, side / 110));
            points(raster, data.train(), b, sx, sy, r, true);
            points(raster, data.val(), b, sx, sy, r, false);
        }
        renderer.renderArgb(raster.argb, raster.width, raster.height);
        renderer.draw(g, 0, raster.width, ox, oy, px, px);
        g.setStroke(Color.web("#b0bec5"));
        g.setLineWidth(1);
        g.strokeRect(ox + 0.5, oy + 0.5, px - 1, px - 1);
        axes(g, b, ox, oy, px);
        c.setAccessibleText(describe(data, surface, b));
        if (surface == null) {
            g.setFill(Theme.muted());
            g.setFont(Font.font(13));
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText("the surface appears once training starts", CanvasPane.width(c) / 2, oy + 18);
        }
    }

    /** Ticks at "nice" steps (1, 2 or 5 times a power of ten, about five of them) with their values. */
    private static void axes(GraphicsContext g, double[] b, double ox, double oy, double side) {
        g.setStroke(Theme.muted());
        g.setFill(Theme.text());
        g.setLineWidth(1);
        g.setFont(Font.font(11));
        double step = niceStep(b[1] - b[0], 5);
        g.setTextAlign(TextAlignment.CENTER);
        for (double v = Math.ceil(b[0] / step) * step; v <= b[1] + 1e-9; v += step) {
            double x = ox + (v - b[0]) / (b[1] - b[0]) * side;
            g.strokeLine(x, oy + side, x, oy + side + 4);
            g.fillText(tick(v, step), x, oy + side + 15);
        }
        g.fillText("x\u2081", ox + side / 2, oy + side + 27);
        step = niceStep(b[3] - b[2], 5);
        g.setTextAlign(TextAlignment.RIGHT);
        for (double v = Math.ceil(b[2] / step) * step; v <= b[3] + 1e-9; v += step) {
            double y = oy + side - (v - b[2]) / (b[3] - b[2]) * side;
            g.strokeLine(ox - 4, y, ox, y);
            g.fillText(tick(v, step), ox - 6, y + 4);
        }
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("x\u2082", 2, oy + 10);
    }

    /** The smallest of 1, 2, 5 x 10^k that cuts {@code span} into at most {@code max} steps. */
    static double niceStep(double span, int max) {
        if (!(span > 0)) return 1;
        double raw = span / max;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }

    static String tick(double v, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        double r = Math.abs(v) < step * 1e-6 ? 0 : v;
        return Numbers.format("%." + decimals + "f", r);
    }

    /** The picture in words, for screen readers. */
    static String describe(Dataset data, ViewSnapshot.DecisionSurface surface, double[] b) {
        StringBuilder sb = new StringBuilder(Numbers.format(
                "Decision surface over x1 from %.2f to %.2f and x2 from %.2f to %.2f. ", b[0], b[1], b[2], b[3]));
        if (surface != null) {
            int one = 0;
            for (float v : surface.values()) if (v >= 0.5f) one++;
            sb.append(Numbers.format("The network gives class 1 to %.0f%% of the plane. ",
                    100.0 * one / Math.max(1, surface.values().length)));
        } else {
            sb.append("No surface yet. ");
        }
        if (data != null) {
            sb.append(data.train().size()).append(" training points as filled discs, ").append(data.val().size())
                    .append(" validation points as open squares.");
        }
        return sb.toString();
    }

    private static double[] bounds(ViewSnapshot.DecisionSurface s, Dataset d) {
        if (s != null) return new double[]{s.xMin(), s.xMax(), s.yMin(), s.yMax()};
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        float[] row = new float[2];
        for (Split sp : new Split[]{d.train(), d.val()}) {
            for (int k = 0; k < sp.size(); k++) {
                sp.features().copyRow(k, row, 0);
                x0 = Math.min(x0, row[0]);
                x1 = Math.max(x1, row[0]);
                y0 = Math.min(y0, row[1]);
                y1 = Math.max(y1, row[1]);
            }
        }
        double half = Math.max(x1 - x0, y1 - y0) * 0.55 + 1e-6;
        double cx = (x0 + x1) / 2;
        double cy = (y0 + y1) / 2;
        return new double[]{cx - half, cx + half, cy - half, cy + half};
    }

    private static void points(Raster raster, Split split, double[] b, double sx, double sy, double r,
                               boolean train) {
        float[] row = new float[2];
        for (int k = 0; k < split.size(); k++) {
            split.features().copyRow(k, row, 0);
            double px = (row[0] - b[0]) * sx;
            double py = (b[3] - row[1]) * sy;
            int col = classArgb(split.label(k), split.classes());
            if (train) {
                // a filled disc with a darker rim: on a background of its own class's colour it still reads as a disc
                raster.ring(px, py, r + 1, 1.3, darker(col), col);
            } else {
                // an open square of about the disc's area: shape, not only fill, tells the two sets apart
                raster.squareRing(px, py, r, 2, darker(col), 0xFFFFFFFF);
            }
        }
    }

    /** The category colour of a class (Okabe-Ito, see {@link Palette#CLASS}), the same as the surface's ends. */
    static int classArgb(int cls, int classes) {
        return Palette.classColour(cls);
    }

    private static int darker(int c) {
        int r = (int) (((c >> 16) & 0xFF) * 0.75);
        int g = (int) (((c >> 8) & 0xFF) * 0.75);
        int b = (int) ((c & 0xFF) * 0.75);
        return 0xFF000000 | (r << 16) | (g << 8) | b;
    }

    static Color classColor(int cls, int classes) {
        return Palette.fx(classArgb(cls, classes));
    }
}
