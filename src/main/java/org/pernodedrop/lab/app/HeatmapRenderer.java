package org.pernodedrop.lab.app;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * A grid of values drawn as a {@link WritableImage} at grid resolution (one pixel per cell, filled in one
 * {@code setPixels} call) and scaled onto a canvas with smoothing off, so cells stay crisp squares.
 */
public final class HeatmapRenderer {

    private WritableImage image;
    private int[] buffer = new int[0];

    /** Fills the image: {@code values[y * width + x]} coloured by {@code palette}. */
    public WritableImage render(float[] values, int width, int height, Palette palette) {
        ensure(width, height);
        int n = width * height;
        for (int k = 0; k < n; k++) buffer[k] = palette.argb(values[k]);
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), buffer, 0, width);
        return image;
    }

    /** Fills the image from an already coloured ARGB grid. */
    public WritableImage renderArgb(int[] argb, int width, int height) {
        ensure(width, height);
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        return image;
    }

    public WritableImage image() {
        return image;
    }

    private void ensure(int width, int height) {
        if (image == null || (int) image.getWidth() != width || (int) image.getHeight() != height) {
            image = new WritableImage(width, height);
        }
        if (buffer.length < width * height) buffer = new int[width * height];
    }

    /** Draws the source columns {@code [sx, sx + sw)} of the image into the given box, unsmoothed. */
    public void draw(GraphicsContext g, double sx, double sw, double dx, double dy, double dw, double dh) {
        if (image == null) return;
        boolean was = g.isImageSmoothing();
        g.setImageSmoothing(false);
        g.drawImage(image, sx, 0, sw, image.getHeight(), dx, dy, dw, dh);
        g.setImageSmoothing(was);
    }
}
