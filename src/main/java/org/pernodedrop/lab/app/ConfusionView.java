package org.pernodedrop.lab.app;

import javafx.scene.AccessibleRole;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.pernodedrop.lab.engine.train.ConfusionMatrix;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.util.List;

/**
 * Per-class accuracy and the confusion matrix of the latest epoch (validation set; the training set when there is
 * none), for any labelled data: images, audio, text. Rows are the true classes, columns the predicted ones; a cell
 * shows its share of the row (so the diagonal is each class's accuracy, its recall) in a grey ramp - a share is not a
 * category and not a mask value, so it takes neither of those colours - and the count. Beside it, one bar per class:
 * its accuracy. Multi-label data (a label is not one class) has no matrix: only the per-label accuracies show.
 */
public final class ConfusionView extends VBox {

    private static final double PAD = 6;

    private final CanvasPane pane = new CanvasPane(this::redraw, 420, 240);
    private ConfusionMatrix matrix;
    private float[] perClass;
    private List<String> names = List.of();

    public ConfusionView(LabModel model) {
        this();
        model.snapshotProperty().addListener((obs, old, now) -> onSnapshot(now));
        model.configProperty().addListener((obs, old, now) -> {
            if (!old.data().equals(now.data())) show(null, null);
        });
    }

    /** A view that shows what {@link #show} gives it (tests, exports). */
    public ConfusionView() {
        getStyleClass().add("card");
        getChildren().addAll(Cards.header("Classes", "per-class accuracy and confusion, latest epoch"), pane);
        VBox.setVgrow(pane, Priority.ALWAYS);
        pane.getStyleClass().add("plot-area");
        pane.canvas().setAccessibleRole(AccessibleRole.IMAGE_VIEW);
        Theme.darkProperty().addListener(o -> redraw());
        setMinSize(0, 0);
    }

    private void onSnapshot(ViewSnapshot s) {
        if (s == null) {
            if (matrix != null || perClass != null) show(null, null);
        } else if (s.confusion() != null) {
            if (!s.confusion().equals(matrix)) show(s.confusion(), s.perClassAccuracy());
        } else if (s.perClassAccuracy() != null && !java.util.Arrays.equals(s.perClassAccuracy(), perClass)) {
            show(null, s.perClassAccuracy());
        }
    }

    /** Shows a matrix (null for multi-label or none yet) and the per-class accuracies (null: from the matrix). */
    public void show(ConfusionMatrix m, float[] perClassAccuracy) {
        matrix = m;
        perClass = perClassAccuracy;
        if (m != null) {
            names = m.labels();
        } else if (perClassAccuracy != null) {
            String[] n = new String[perClassAccuracy.length];
            for (int k = 0; k < n.length; k++) n[k] = Integer.toString(k);
            names = List.of(n);
        } else {
            names = List.of();
        }
        redraw();
    }

    /** Accuracy of class k as shown: the matrix's recall, else the trainer's per-class accuracy. */
    public double accuracy(int k) {
        if (matrix != null) return matrix.recall(k);
        return perClass == null || k >= perClass.length ? Double.NaN : perClass[k];
    }

    /** The text a cell shows: its share of the row in percent, then the count. */
    public String cellText(int truth, int predicted) {
        if (matrix == null) return "";
        double share = matrix.rowShare(truth, predicted);
        return (Double.isNaN(share) ? "-" : percent(share)) + "\n" + matrix.count(truth, predicted);
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "-" : Numbers.format("%.0f%%", 100 * v);
    }

    /** Where cell (truth, predicted) is drawn: {x, y, w, h} in canvas units (tests read its pixels). */
    public double[] cellBounds(int truth, int predicted) {
        double[] l = geometry();
        if (l == null) return null;
        return new double[]{l[0] + predicted * l[2], l[1] + truth * l[2], l[2], l[2]};
    }

    public Canvas canvas() {
        return pane.canvas();
    }

    /** {left, top, cell, barsLeft, barsWidth} of the current size, or null when there is nothing to draw. */
    private double[] geometry() {
        int k = names.size();
        if (k == 0) return null;
        Canvas c = pane.canvas();
        double labelW = Math.max(44, Math.min(110, 12 + 7 * names.stream().mapToInt(String::length).max().orElse(1)));
        double top = PAD + 30;
        double barsW = Math.max(110, CanvasPane.width(c) * 0.3);
        double avail = Math.min(CanvasPane.width(c) - labelW - barsW - 3 * PAD, CanvasPane.height(c) - top - PAD - 36);
        if (matrix == null) avail = 0;
        double cell = Math.max(0, avail / k);
        return new double[]{PAD + labelW, top, cell, PAD + labelW + cell * k + 2 * PAD,
                CanvasPane.width(c) - (PAD + labelW + cell * k + 3 * PAD)};
    }

    private void redraw() {
        Canvas c = pane.canvas();
        GraphicsContext g = c.getGraphicsContext2D();
        g.clearRect(0, 0, CanvasPane.width(c), CanvasPane.height(c));
        double[] l = geometry();
        if (l == null) {
            MaskHeatmapView.message(g, c, "Per-class accuracy shows after the first epoch");
            c.setAccessibleText("No class accuracies yet: they show after the first epoch");
            return;
        }
        int k = names.size();
        double left = l[0], top = l[1], cell = l[2];
        Color text = Theme.text();
        g.setFont(Font.font(11));
        if (matrix != null && cell >= 4) {
            g.setFill(text);
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText("predicted class \u2192", left + cell * k / 2, PAD + 10);
            for (int p = 0; p < k; p++) {
                if (cell >= 14) g.fillText(shortName(p, cell), left + (p + 0.5) * cell, top - 6);
            }
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("true \u2193", PAD, PAD + 10);
            for (int t = 0; t < k; t++) {
                g.setFill(text);
                g.setTextAlign(TextAlignment.RIGHT);
                if (cell >= 10) g.fillText(names.get(t), left - 4, top + (t + 0.5) * cell + 4);
                for (int p = 0; p < k; p++) {
                    double share = matrix.rowShare(t, p);
                    Color fill = shareColour(share);
                    g.setFill(fill);
                    g.fillRect(left + p * cell, top + t * cell, cell - 1, cell - 1);
                    if (cell >= 30) {
                        g.setFill(fill.getBrightness() < 0.55 ? Color.WHITE : Color.web("#263238"));
                        g.setTextAlign(TextAlignment.CENTER);
                        g.setFont(Font.font(cell >= 44 ? 12 : 10));
                        g.fillText(percent(share), left + (p + 0.5) * cell, top + (t + 0.5) * cell - 1);
                        if (cell >= 44) {
                            g.fillText(Long.toString(matrix.count(t, p)), left + (p + 0.5) * cell,
                                    top + (t + 0.5) * cell + 13);
                        }
                        g.setFont(Font.font(11));
                    }
                }
            }
            g.setFill(text);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(Numbers.format(
                    "share of each true class's row; accuracy %s of %d", percent(matrix.accuracy()), matrix.total()),
                    left, top + cell * k + 14);
            // the key of the grey ramp
            double ky = top + cell * k + 20, kw = Math.min(120, Math.max(60, cell * k * 0.5));
            for (int i = 0; i < 24; i++) {
                g.setFill(shareColour((i + 0.5) / 24));
                g.fillRect(left + 28 + kw * i / 24, ky, kw / 24 + 0.5, 9);
            }
            g.setFill(text);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText("0%", left + 24, ky + 9);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("100% of the row", left + 32 + kw, ky + 9);
        }
        drawBars(g, l[3], top, l[4], Math.max(1, Math.min(matrix != null && cell >= 4 ? cell * k : 1e9,
                CanvasPane.height(c) - top - PAD - 36)), k);
        c.setAccessibleText(describe());
    }

    private void drawBars(GraphicsContext g, double x, double top, double w, double h, int k) {
        if (w < 60) return;
        double labelW = matrix != null ? 0 : Math.min(90, 10 + 7 * names.stream().mapToInt(String::length).max()
                .orElse(1));
        double barX = x + labelW + 4;
        double barW = Math.max(10, w - labelW - 44);
        double rowH = h / k;
        Color text = Theme.text();
        g.setFill(text);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Font.font(11));
        g.fillText("accuracy per class", x, PAD + 10);
        for (int t = 0; t < k; t++) {
            double acc = accuracy(t);
            double y = top + t * rowH;
            double bh = Math.max(1, Math.min(rowH - 2, 22));
            g.setFill(Theme.dark() ? Color.web("#2b353b") : Color.web("#eceff1"));
            g.fillRect(barX, y + (rowH - bh) / 2, barW, bh);
            if (!Double.isNaN(acc)) {
                g.setFill(Theme.dark() ? Color.web("#b0bec5") : Color.web("#455a64"));
                g.fillRect(barX, y + (rowH - bh) / 2, barW * acc, bh);
            }
            if (rowH >= 9) {
                g.setFill(text);
                g.setTextAlign(TextAlignment.LEFT);
                g.fillText(percent(acc), barX + barW + 4, y + rowH / 2 + 4);
                if (labelW > 0) {
                    g.setTextAlign(TextAlignment.RIGHT);
                    g.fillText(names.get(t), barX - 4, y + rowH / 2 + 4);
                }
            }
        }
    }

    private String shortName(int p, double cell) {
        String n = names.get(p);
        int max = Math.max(1, (int) (cell / 7));
        return n.length() <= max ? n : n.substring(0, Math.max(1, max - 1)) + "\u2026";
    }

    /**
     * Paper (0) to ink (1): on the light theme white to dark blue-grey, on the dark theme the other way round, so a
     * large share always stands out from the card; lightness alone carries it, so it reads in any colour vision.
     */
    static Color shareColour(double share) {
        if (Double.isNaN(share)) return Color.web("#cfd8dc");
        double s = Math.max(0, Math.min(1, share));
        Color lo = Color.web(Theme.dark() ? "#2b353b" : "#f5f7f8");
        Color hi = Color.web(Theme.dark() ? "#e0e6e9" : "#263238");
        return lo.interpolate(hi, Math.pow(s, 0.7));
    }

    /** The view in words: accuracy, then each class's accuracy and its most frequent confusion. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (matrix != null) {
            sb.append("Confusion matrix of ").append(matrix.total()).append(" examples, accuracy ")
                    .append(percent(matrix.accuracy())).append(". ");
        } else {
            sb.append("Per-label accuracy (multi-label data has no confusion matrix). ");
        }
        for (int t = 0; t < names.size(); t++) {
            sb.append(names.get(t)).append(": ").append(percent(accuracy(t)));
            if (matrix != null) {
                int worst = -1;
                for (int p = 0; p < names.size(); p++) {
                    if (p != t && matrix.count(t, p) > 0 && (worst < 0 || matrix.count(t, p) > matrix.count(t, worst))) {
                        worst = p;
                    }
                }
                if (worst >= 0) sb.append(", most often taken for ").append(names.get(worst));
            }
            sb.append("; ");
        }
        return sb.toString().trim();
    }
}
