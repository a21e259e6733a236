package org.pernodedrop.lab.app;

import java.util.Arrays;

/**
 * A tiny software rasterizer into an ARGB int buffer: antialiased thick line segments and discs, alpha-blended.
 * The diagram and the scatter draw here and hand the buffer to an image in one {@code setPixels}, because the
 * JavaFX software pipeline takes ~100 ms to stroke a few hundred antialiased canvas lines (measured under Xvfb),
 * while this touches only a band of pixels around each shape (~1-2 ms for the whole diagram).
 */
final class Raster {

    final int width;
    final int height;
    final int[] argb;
    /**
     * Device pixels per layout unit: the drawing methods take layout coordinates and sizes and multiply them by it,
     * so a view draws the same shapes on a 2x (HiDPI) screen into a buffer of twice the width and height.
     */
    final double scale;

    Raster(int width, int height) {
        this(width, height, 1.0);
    }

    /** A {@code width x height} layout-unit raster of {@code round(width * scale) x round(height * scale)} pixels. */
    Raster(int width, int height, double scale) {
        if (!(scale > 0)) throw new IllegalArgumentException("raster scale must be > 0, got " + scale);
        this.scale = scale;
        this.width = Math.max(1, (int) Math.round(width * scale));
        this.height = Math.max(1, (int) Math.round(height * scale));
        this.argb = new int[this.width * this.height];
    }

    void fill(int colour) {
        Arrays.fill(argb, colour);
    }

    /** Blends {@code colour} (opaque RGB) into pixel (x, y) with coverage {@code a} in [0, 1]. */
    private void blend(int x, int y, int colour, double a) {
        if (x < 0 || y < 0 || x >= width || y >= height || a <= 0) return;
        if (a > 1) a = 1;
        int k = y * width + x;
        int d = argb[k];
        int r = (int) (((colour >> 16) & 0xFF) * a + ((d >> 16) & 0xFF) * (1 - a) + 0.5);
        int g = (int) (((colour >> 8) & 0xFF) * a + ((d >> 8) & 0xFF) * (1 - a) + 0.5);
        int b = (int) ((colour & 0xFF) * a + (d & 0xFF) * (1 - a) + 0.5);
        argb[k] = 0xFF000000 | (r << 16) | (g << 8) | b;
    }

    /**
     * A segment of stroke width {@code w} with round ends: coverage of a pixel centre at distance {@code d} from the
     * segment is {@code clamp(w/2 + 0.5 - d, 0, 1)}, times {@code opacity}. Only the bounding box of the stroke
     * is visited, and for long diagonal lines only the band around it (row by row).
     */
    void line(double x0, double y0, double x1, double y1, double w, int colour, double opacity) {
        x0 *= scale;
        y0 *= scale;
        x1 *= scale;
        y1 *= scale;
        w *= scale;
        double half = w / 2 + 0.5;
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len2 = dx * dx + dy * dy;
        int yMin = (int) Math.floor(Math.min(y0, y1) - half);
        int yMax = (int) Math.ceil(Math.max(y0, y1) + half);
        for (int y = Math.max(0, yMin); y <= Math.min(height - 1, yMax); y++) {
            double py = y + 0.5;
            // x range of the band on this row: where the infinite line crosses py, widened by the stroke
            int xa;
            int xb;
            if (Math.abs(dy) < 1e-9) {
                xa = (int) Math.floor(Math.min(x0, x1) - half);
                xb = (int) Math.ceil(Math.max(x0, x1) + half);
            } else {
                double xc = x0 + dx * (py - y0) / dy;
                double spread = half * Math.sqrt(len2) / Math.abs(dy) + 1;
                xa = (int) Math.floor(Math.max(Math.min(x0, x1) - half, xc - spread));
                xb = (int) Math.ceil(Math.min(Math.max(x0, x1) + half, xc + spread));
            }
            for (int x = Math.max(0, xa); x <= Math.min(width - 1, xb); x++) {
                double px = x + 0.5;
                double t = len2 == 0 ? 0 : ((px - x0) * dx + (py - y0) * dy) / len2;
                t = t < 0 ? 0 : t > 1 ? 1 : t;
                double ex = px - (x0 + t * dx);
                double ey = py - (y0 + t * dy);
                double d = Math.sqrt(ex * ex + ey * ey);
                double cov = half - d;
                if (cov > 0) blend(x, y, colour, Math.min(1, cov) * opacity);
            }
        }
    }

    /** A filled disc of radius {@code r}, antialiased at its edge. */
    void disc(double cx, double cy, double r, int colour, double opacity) {
        cx *= scale;
        cy *= scale;
        r *= scale;
        int x0 = (int) Math.floor(cx - r - 1);
        int x1 = (int) Math.ceil(cx + r + 1);
        int y0 = (int) Math.floor(cy - r - 1);
        int y1 = (int) Math.ceil(cy + r + 1);
        for (int y = Math.max(0, y0); y <= Math.min(height - 1, y1); y++) {
            for (int x = Math.max(0, x0); x <= Math.min(width - 1, x1); x++) {
                double ex = x + 0.5 - cx;
                double ey = y + 0.5 - cy;
                double cov = r + 0.5 - Math.sqrt(ex * ex + ey * ey);
                if (cov > 0) blend(x, y, colour, Math.min(1, cov) * opacity);
            }
        }
    }

    /** A ring: a disc in {@code rim} colour with a smaller disc of {@code fill} inside. */
    void ring(double cx, double cy, double r, double rimWidth, int rim, int fill) {
        disc(cx, cy, r, rim, 1);
        disc(cx, cy, Math.max(0, r - rimWidth), fill, 1);
    }

    /**
     * A filled axis-aligned square of half side {@code half}, antialiased at its edge: the coverage of a pixel centre
     * at Chebyshev distance {@code d} from the centre is {@code clamp(half + 0.5 - d, 0, 1)}.
     */
    void square(double cx, double cy, double half, int colour, double opacity) {
        cx *= scale;
        cy *= scale;
        half *= scale;
        int x0 = (int) Math.floor(cx - half - 1);
        int x1 = (int) Math.ceil(cx + half + 1);
        int y0 = (int) Math.floor(cy - half - 1);
        int y1 = (int) Math.ceil(cy + half + 1);
        for (int y = Math.max(0, y0); y <= Math.min(height - 1, y1); y++) {
            for (int x = Math.max(0, x0); x <= Math.min(width - 1, x1); x++) {
                double d = Math.max(Math.abs(x + 0.5 - cx), Math.abs(y + 0.5 - cy));
                double cov = half + 0.5 - d;
                if (cov > 0) blend(x, y, colour, Math.min(1, cov) * opacity);
            }
        }
    }

    /** An open square: a square in {@code rim} colour with a smaller square of {@code fill} inside. */
    void squareRing(double cx, double cy, double half, double rimWidth, int rim, int fill) {
        square(cx, cy, half, rim, 1);
        square(cx, cy, Math.max(0, half - rimWidth), fill, 1);
    }
}
