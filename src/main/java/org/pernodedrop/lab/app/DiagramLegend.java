package org.pernodedrop.lab.app;

import javafx.scene.AccessibleRole;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The key of the subnetwork diagram: line colour is the sign of the effective weight {@code W[i, j] M[b, i, j]}
 * (the weight-sign map, not a class or a curve colour), line width its size, a faint line a dropped connection;
 * and a sentence saying what the two rows compare - the same weights, under one batch-shared DropConnect mask on
 * top and under the chosen regularizer's masks below.
 */
final class DiagramLegend extends VBox {

    static final String ROWS = "Both rows draw the same weights W of this step: on top under one DropConnect mask "
            + "shared by the whole batch (all four samples alike), below under the chosen regularizer's own masks.";

    private final Canvas canvas = new Canvas();
    private final Pane holder = new Pane(canvas) {
        @Override
        protected void layoutChildren() {
            double w = Math.floor(getWidth());
            if (w != canvas.getWidth()) {
                canvas.setWidth(w);
                draw();
            }
        }
    };

    DiagramLegend() {
        canvas.setHeight(20);
        holder.setMinHeight(20);
        holder.setPrefHeight(20);
        holder.setMaxHeight(20);
        holder.setPrefWidth(400);
        canvas.setAccessibleRole(AccessibleRole.IMAGE_VIEW);
        canvas.setAccessibleText("Key: teal line, positive effective weight; brown line, negative; wider line, "
                + "larger weight; faint grey line, a dropped connection (mask 0)");
        Label rows = Cards.small(ROWS);
        rows.setWrapText(true);
        rows.setId("diagram-rows-note");
        rows.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        setSpacing(2);
        getChildren().addAll(holder, rows);
        Theme.darkProperty().addListener(o -> draw());
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        g.clearRect(0, 0, w, canvas.getHeight());
        if (w < 60) return;
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.LEFT);
        double x = 2;
        x = sample(g, x, Palette.WEIGHT_POS, 3, 1, "W\u00b7M > 0");
        x = sample(g, x, Palette.WEIGHT_NEG, 3, 1, "W\u00b7M < 0");
        // width grows with |W M|: a thin and a thick stroke side by side
        g.setStroke(Theme.text());
        g.setLineWidth(0.8);
        g.strokeLine(x, 10, x + 10, 10);
        g.setLineWidth(4.5);
        g.strokeLine(x + 14, 10, x + 26, 10);
        g.setFill(Theme.text());
        g.fillText("width \u221d |W\u00b7M|", x + 30, 14);
        x += 30 + 82;
        sample(g, x, 0xFF78909C, 0.8, 0.4, "dropped (M = 0)");
    }

    private double sample(GraphicsContext g, double x, int argb, double width, double opacity, String text) {
        g.setStroke(Palette.fx(argb).deriveColor(0, 1, 1, opacity));
        g.setLineWidth(width);
        g.strokeLine(x, 10, x + 22, 10);
        g.setFill(Theme.text());
        g.fillText(text, x + 26, 14);
        return x + 26 + 7 * text.length() + 10;
    }
}
