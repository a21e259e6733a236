package org.pernodedrop.lab.app;

import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;

/**
 * A pane whose canvas follows its size and asks for a redraw whenever it changes.
 *
 * <p>Exports at a scale are drawn again, not enlarged: a canvas keeps only its pixels once drawn, so a snapshot at
 * 2x would blow up a 1x picture (soft lines and text). {@link #freezeAt} has the view draw itself once more into an
 * off-screen canvas of {@code scale} times the pixels, with the drawing scaled by {@code scale}, and shows that
 * picture in place of the canvas until {@link #unfreeze}, so a snapshot of any node around it at that scale maps
 * one picture pixel to one output pixel. Views therefore read their drawing size through {@link #width(Canvas)} and
 * {@link #height(Canvas)} (layout units, whatever canvas they are given) and draw on {@link #canvas()}.
 */
final class CanvasPane extends Pane {

    private static final String SCALE_KEY = "pernodedrop.drawScale";

    private final Canvas canvas = new Canvas();
    private final Runnable redraw;
    private Canvas target = canvas;
    private double exportScale;
    private ImageView frozen;

    CanvasPane(Runnable redraw, double prefWidth, double prefHeight) {
        this.redraw = redraw;
        getChildren().add(canvas);
        setPrefSize(prefWidth, prefHeight);
        setMinSize(40, 20);
    }

    /** The canvas to draw on now: the one on screen, or the off-screen one while an export draws. */
    Canvas canvas() {
        return target;
    }

    /** The drawing width of {@code c} in layout units (its pixel width over the scale it is drawn at). */
    static double width(Canvas c) {
        return c.getWidth() / drawScale(c);
    }

    /** The drawing height of {@code c} in layout units. */
    static double height(Canvas c) {
        return c.getHeight() / drawScale(c);
    }

    private static double drawScale(Canvas c) {
        Object s = c.getProperties().get(SCALE_KEY);
        return s instanceof Double d ? d : 1.0;
    }

    /**
     * Device pixels per layout unit the view is drawn at: while an export draws, its scale; otherwise that of the
     * window this pane shows in (2 on a HiDPI screen at 200 %), 1 when not shown. JavaFX already backs every canvas
     * at the screen's scale; views that rasterize into an image of their own make it this many times larger, so it
     * is not blown up.
     */
    double outputScale() {
        if (exportScale > 0) return exportScale;
        if (getScene() == null || getScene().getWindow() == null) return 1.0;
        double s = getScene().getWindow().getOutputScaleX();
        return s > 0 ? s : 1.0;
    }

    /** The view drawn again at {@code scale} times its size (FX thread); transparent where the view draws nothing. */
    WritableImage renderAt(double scale) {
        double w = canvas.getWidth(), h = canvas.getHeight();
        Canvas off = new Canvas(Math.ceil(w * scale), Math.ceil(h * scale));
        off.getProperties().put(SCALE_KEY, scale);
        off.getGraphicsContext2D().scale(scale, scale);
        target = off;
        exportScale = scale;
        try {
            redraw.run();
        } finally {
            target = canvas;
            exportScale = 0;
        }
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.TRANSPARENT);
        return off.snapshot(p, new WritableImage((int) off.getWidth(), (int) off.getHeight()));
    }

    /** Shows the view drawn at {@code scale} in place of the canvas, for a snapshot at that scale (FX thread). */
    void freezeAt(double scale) {
        unfreeze();
        frozen = new ImageView(renderAt(scale));
        frozen.setFitWidth(canvas.getWidth());
        frozen.setFitHeight(canvas.getHeight());
        frozen.relocate(canvas.getLayoutX(), canvas.getLayoutY());
        frozen.setManaged(false);
        canvas.setVisible(false);
        getChildren().add(frozen);
    }

    /** Back to the live canvas after {@link #freezeAt}. */
    void unfreeze() {
        if (frozen == null) return;
        getChildren().remove(frozen);
        frozen = null;
        canvas.setVisible(true);
    }

    /** The canvas panes in {@code node}'s subtree (an export freezes them all). */
    static java.util.List<CanvasPane> within(javafx.scene.Node node) {
        java.util.List<CanvasPane> out = new java.util.ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(javafx.scene.Node n, java.util.List<CanvasPane> out) {
        if (n instanceof CanvasPane p) out.add(p);
        if (n instanceof javafx.scene.Parent parent) {
            for (javafx.scene.Node c : parent.getChildrenUnmodifiable()) collect(c, out);
        }
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth() - snappedLeftInset() - snappedRightInset());
        double h = Math.floor(getHeight() - snappedTopInset() - snappedBottomInset());
        canvas.relocate(snappedLeftInset(), snappedTopInset());
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(Math.max(0, w));
            canvas.setHeight(Math.max(0, h));
            redraw.run();
        }
    }

}
