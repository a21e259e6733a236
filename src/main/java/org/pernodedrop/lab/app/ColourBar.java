package org.pernodedrop.lab.app;

import javafx.scene.AccessibleRole;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A horizontal colour bar for a {@link Palette}: the shades left to right, the low, middle and high values under it
 * and a caption, so every picture that uses a colour scale carries its key. Redraws when resized.
 */
public final class ColourBar extends Pane {

    /** Draws through a {@link CanvasPane}, so an export at 2x draws the bar and its texts again at 2x. */
    private final CanvasPane pane = new CanvasPane(this::draw, 260, 30);
    private Palette palette;
    private String[] labels;
    private String caption;

    /** {@code labels}: texts at lo, mid and hi (e.g. "0 dropped", "1", "1/q"). */
    public ColourBar(Palette palette, String caption, String lo, String mid, String hi) {
        getChildren().add(pane);
        setMinHeight(30);
        setPrefHeight(30);
        setMaxHeight(30);
        setPrefWidth(260);
        pane.canvas().setAccessibleRole(AccessibleRole.IMAGE_VIEW);
        set(palette, caption, lo, mid, hi);
        Theme.darkProperty().addListener(o -> draw());
    }

    public void set(Palette palette, String caption, String lo, String mid, String hi) {
        this.palette = palette;
        this.caption = caption;
        this.labels = new String[]{lo, mid, hi};
        pane.canvas().setAccessibleText("Colour scale, " + caption + ": " + lo + " at the left, " + mid + " in the middle, "
                + hi + " at the right");
        draw();
    }

    @Override
    protected void layoutChildren() {
        pane.resizeRelocate(0, 0, getWidth(), getHeight());
    }

    private void draw() {
        Canvas canvas = pane.canvas();
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = CanvasPane.width(canvas);
        g.clearRect(0, 0, w, CanvasPane.height(canvas));
        if (w < 40 || palette == null) return;
        int n = Palette.SHADES;
        for (int k = 0; k < n; k++) {
            g.setFill(Palette.fx(palette.argb(palette.valueAt((k + 0.5) / n))));
            g.fillRect(w * k / n, 1, w / n + 0.5, 10);
        }
        g.setFill(Theme.text());
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(labels[0], 0, 25);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(labels[1] + "   " + caption, w / 2, 25);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(labels[2], w, 25);
    }

    /** The bar's canvas (tests read its pixels). */
    Canvas canvas() {
        return pane.canvas();
    }
}
