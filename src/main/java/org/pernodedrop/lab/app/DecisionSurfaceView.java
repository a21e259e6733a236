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
 * View 4, for 2-D sets: the network's class-1 probability on a grid as a heatmap (orange class 0, blue class 1,
 * grey undecided), with the data on top: training points filled with a white rim, validation points as rings.
 */
public final class DecisionSurfaceView extends VBox {

    private static final double PAD = 10;

    private final LabModel model;
    private final CanvasPane pane = new CanvasPane(this::redraw, 320, 320);
    private final HeatmapRenderer renderer = new HeatmapRenderer();
    private final Palette palette = new Palette(0.0, 0.5, 1.0);
    private ViewSnapshot current;

    public DecisionSurfaceView(LabModel model) {
        this.model = model;
        createView();
        initListeners();
    }

    private void createView() {
        getStyleClass().add("card");
        getChildren().addAll(Cards.header("Decision surface", "\u25CF training   \u25CB validation"), pane);
        VBox.setVgrow(pane, Priority.ALWAYS);
    }

    private void initListeners() {
        model.snapshotProperty().addListener((obs, old, now) -> {
            if (now == null || now.surface() != null || current == null) {
                current = now;
                redraw();
            }
        });
        model.pointsProperty().addListener((obs, old, now) -> redraw());
    }

    /** Redraws now (benchmarks). */
    void redrawForProbe() {
        redraw();
    }

    private void redraw() {
        Canvas c = pane.canvas();
        GraphicsContext g = c.getGraphicsContext2D();
        g.clearRect(0, 0, c.getWidth(), c.getHeight());
        Dataset data = model.pointsProperty().get();
        ViewSnapshot.DecisionSurface surface = current == null ? null : current.surface();
        if (data == null && surface == null) {
            MaskHeatmapView.message(g, c, DatasetCatalog.isTwoD(model.config().data().name())
                    ? "Loading the points..." : "Drawn for 2-D datasets only");
            return;
        }
        double[] b = bounds(surface, data);
        double side = Math.min(c.getWidth(), c.getHeight()) - 2 * PAD;
        if (side < 20) return;
        double ox = (c.getWidth() - side) / 2;
        double oy = (c.getHeight() - side) / 2;
        double sx = side / (b[1] - b[0]);
        double sy = side / (b[3] - b[2]);
        int px = (int) Math.round(side);
        Raster raster = new Raster(px, px);
        if (surface != null) {
            // nearest-neighbour upscale of the grid; grid row 0 is yMin, the screen's top is yMax
            int w = surface.width();
            int h = surface.height();
            float[] v = surface.values();
            // one colour per grid cell and one grid column per screen column, computed once: the per-pixel loop is
            // then two array reads (this redraw runs on the FX thread at every snapshot)
            int[] cell = new int[w * h];
            for (int k = 0; k < cell.length; k++) cell[k] = palette.argb(v[k]);
            int[] column = new int[px];
            for (int xx = 0; xx < px; xx++) {
                double wx = b[0] + (xx + 0.5) / sx;
                column[xx] = (int) Math.floor((wx - surface.xMin()) / (surface.xMax() - surface.xMin()) * w);
            }
            for (int yy = 0; yy < px; yy++) {
                double wy = b[3] - (yy + 0.5) / sy;
                int gy = (int) Math.floor((wy - surface.yMin()) / (surface.yMax() - surface.yMin()) * h);
                int row = yy * px;
                for (int xx = 0; xx < px; xx++) {
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
        renderer.renderArgb(raster.argb, px, px);
        renderer.draw(g, 0, px, ox, oy, px, px);
        g.setStroke(Color.web("#b0bec5"));
        g.setLineWidth(1);
        g.strokeRect(ox + 0.5, oy + 0.5, px - 1, px - 1);
        if (surface == null) {
            g.setFill(Color.web("#546e7a"));
            g.setFont(Font.font(13));
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText("the surface appears once training starts", c.getWidth() / 2, oy + 18);
        }
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
                raster.ring(px, py, r + 1, 1.2, 0xFFFFFFFF, col);
            } else {
                raster.ring(px, py, r + 0.5, 2, darker(col), 0xFFFFFFFF);
            }
        }
    }

    static int classArgb(int cls, int classes) {
        if (classes <= 2) return cls == 0 ? 0xFFE8710A : 0xFF0561A0;
        Color c = Color.hsb(360.0 * cls / classes, 0.8, 0.8);
        return 0xFF000000 | ((int) (c.getRed() * 255) << 16) | ((int) (c.getGreen() * 255) << 8)
                | (int) (c.getBlue() * 255);
    }

    private static int darker(int c) {
        int r = (int) (((c >> 16) & 0xFF) * 0.75);
        int g = (int) (((c >> 8) & 0xFF) * 0.75);
        int b = (int) ((c & 0xFF) * 0.75);
        return 0xFF000000 | (r << 16) | (g << 8) | b;
    }

    static Color classColor(int cls, int classes) {
        if (classes <= 2) return cls == 0 ? Color.web("#e8710a") : Color.web("#0561a0");
        return Color.hsb(360.0 * cls / classes, 0.8, 0.8);
    }
}
