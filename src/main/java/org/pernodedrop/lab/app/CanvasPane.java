package org.pernodedrop.lab.app;

import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Pane;

/** A pane whose canvas follows its size and asks for a redraw whenever it changes. */
final class CanvasPane extends Pane {

    private final Canvas canvas = new Canvas();
    private final Runnable redraw;

    CanvasPane(Runnable redraw, double prefWidth, double prefHeight) {
        this.redraw = redraw;
        getChildren().add(canvas);
        setPrefSize(prefWidth, prefHeight);
        setMinSize(40, 20);
    }

    Canvas canvas() {
        return canvas;
    }

    /**
     * Device pixels per layout unit of the window this pane shows in (2 on a HiDPI screen at 200 %), 1 when not
     * shown. JavaFX already backs every canvas at the screen's scale; views that rasterize into an image of their
     * own make it this many times larger, so it is not blown up on such screens.
     */
    double outputScale() {
        if (getScene() == null || getScene().getWindow() == null) return 1.0;
        double s = getScene().getWindow().getOutputScaleX();
        return s > 0 ? s : 1.0;
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
