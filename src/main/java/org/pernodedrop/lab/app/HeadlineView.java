package org.pernodedrop.lab.app;

import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Generalization;

import java.util.List;

/**
 * The numbers a class should read first, in large type above the views: validation accuracy beside the chance
 * level (has the network learned anything?), the generalization gap as a number and a small curve over the epochs
 * (is it overfitting?), and the epoch with the best validation loss (where early stopping would have kept it).
 * Updated with the loss chart, from the model's epoch history only.
 */
public final class HeadlineView extends HBox {

    static final int SPARK_WIDTH = 170;
    static final int SPARK_HEIGHT = 38;

    private final LabModel model;
    final Label accuracy = big("-");
    final Label chance = Cards.small("chance -");
    final Label gap = big("-");
    final Label accGap = Cards.small("accuracy gap -");
    final Label best = big("-");
    final Label bestDetail = Cards.small("");
    private final Canvas spark = new Canvas(SPARK_WIDTH, SPARK_HEIGHT);
    private final Label sparkCaption = Cards.small("gap over the epochs");

    public HeadlineView(LabModel model) {
        this.model = model;
        createView();
        model.lossRevisionProperty().addListener((obs, old, now) -> refresh());
        model.chanceAccuracyProperty().addListener((obs, old, now) -> refresh());
        refresh();
    }

    private static Label big(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("headline-value");
        return l;
    }

    private void createView() {
        getStyleClass().addAll("card", "headline");
        setId("headline");
        setSpacing(28);
        setAlignment(Pos.CENTER_LEFT);
        accuracy.setId("headline-accuracy");
        chance.setId("headline-chance");
        gap.setId("headline-gap");
        best.setId("headline-best");
        Region push = new Region();
        HBox.setHgrow(push, Priority.ALWAYS);
        getChildren().addAll(
                block("validation accuracy", accuracy, chance),
                block("generalization gap (val - train loss)", gap, accGap),
                new VBox(2, Cards.small("gap curve"), spark, sparkCaption),
                block("best validation loss", best, bestDetail),
                push);
        spark.setAccessibleText("The generalization gap, validation minus training loss, over the epochs");
    }

    private static VBox block(String title, Label value, Label detail) {
        Label t = Cards.small(title);
        t.getStyleClass().add("headline-title");
        VBox b = new VBox(0, t, value, detail);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    void refresh() {
        List<EpochMetrics> epochs = model.history().epochs();
        double ch = model.chanceAccuracyProperty().get();
        chance.setText(Double.isNaN(ch) ? "chance level: -" : Numbers.format("chance level %.0f %%", 100 * ch));
        if (epochs.isEmpty()) {
            accuracy.setText("-");
            gap.setText("-");
            accGap.setText("accuracy gap -");
            best.setText("-");
            bestDetail.setText("no epoch finished yet");
            drawSpark(epochs);
            return;
        }
        EpochMetrics last = epochs.get(epochs.size() - 1);
        accuracy.setText(Numbers.format("%.1f %%", 100 * last.valAcc()));
        gap.setText(Numbers.format("%+.3f", Generalization.lossGap(last)));
        accGap.setText(Numbers.format("accuracy gap %+.1f points (train %.1f %%)",
                100 * Generalization.accuracyGap(last), 100 * last.trainAcc()));
        EpochMetrics b = Generalization.best(epochs);
        if (b == null) {
            best.setText("-");
            bestDetail.setText("");
        } else {
            best.setText(Numbers.format("%.3f", b.valLoss()));
            int since = last.epoch() - b.epoch();
            bestDetail.setText(Numbers.format("at epoch %d%s", b.epoch(), since == 0 ? " (now)"
                    : Numbers.format(", %d epoch%s ago; now %.3f", since, since == 1 ? "" : "s",
                    last.valLoss())));
        }
        drawSpark(epochs);
    }

    /** The gap per epoch, scaled to its own range with zero marked; thinned to the canvas width. */
    private void drawSpark(List<EpochMetrics> epochs) {
        GraphicsContext g = spark.getGraphicsContext2D();
        double w = spark.getWidth();
        double h = spark.getHeight();
        g.clearRect(0, 0, w, h);
        if (epochs.size() < 2) return;
        double lo = 0;
        double hi = 0;
        for (EpochMetrics m : epochs) {
            double v = Generalization.lossGap(m);
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi - lo < 1e-9) hi = lo + 1e-9;
        double pad = 3;
        double zeroY = pad + (h - 2 * pad) * (hi - 0) / (hi - lo);
        g.setStroke(Color.web("#b0bec5"));
        g.setLineWidth(1);
        g.strokeLine(0, zeroY, w, zeroY);
        g.setStroke(Color.web("#37474f"));
        g.setLineWidth(1.8);
        g.beginPath();
        int n = epochs.size();
        int stride = Math.max(1, n / (int) w);
        boolean first = true;
        for (int i = 0; i < n; i += stride) {
            double v = Generalization.lossGap(epochs.get(i));
            if (!Double.isFinite(v)) continue;
            double x = w * i / (double) (n - 1);
            double y = pad + (h - 2 * pad) * (hi - v) / (hi - lo);
            if (first) g.moveTo(x, y);
            else g.lineTo(x, y);
            first = false;
        }
        g.stroke();
        sparkCaption.setText(Numbers.format("from %+.2f to %+.2f", Generalization.lossGap(epochs.get(0)),
                Generalization.lossGap(epochs.get(n - 1))));
    }
}
