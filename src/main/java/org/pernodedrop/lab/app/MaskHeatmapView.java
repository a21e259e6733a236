package org.pernodedrop.lab.app;

import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.pernodedrop.lab.engine.nn.MaskView;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * View 1: the mask one chosen sample of the current batch got in the regularized layer ({@code Din x Dout}, inputs
 * across, nodes down), and under it the batch strip ({@code B x Din}: per sample and input, the fraction of kept
 * connections). Identical strip rows mean the batch shares one mask; differing rows mean per-sample masks.
 */
public final class MaskHeatmapView extends VBox {

    private static final double LEFT = 58;
    private static final double BOTTOM = 22;
    private static final double TOP = 4;
    private static final double RIGHT = 8;

    private final LabModel model;
    private final ComboBox<Integer> sampleBox = new ComboBox<>();
    private final Slider zoom = new Slider(1, 16, 1);
    private final ScrollBar pan = new ScrollBar();
    private final Label sharing = Cards.small("");
    /** Says when the picture is not the noise the layer applied (the local-reparameterization path). */
    private final Label pathNote = Cards.small("");
    private final CanvasPane maskPane = new CanvasPane(this::redraw, 420, 200);
    private final CanvasPane stripPane = new CanvasPane(this::redraw, 420, 70);
    private final CanvasPane legendPane = new CanvasPane(this::redrawLegend, 420, 34);
    private final HeatmapRenderer maskRenderer = new HeatmapRenderer();
    private final HeatmapRenderer stripRenderer = new HeatmapRenderer();
    private ViewSnapshot current;
    private Palette maskPalette;
    private Palette stripPalette;
    private boolean updatingSamples;

    public MaskHeatmapView(LabModel model) {
        this.model = model;
        createView();
        initListeners();
    }

    private void createView() {
        getStyleClass().add("card");
        sampleBox.setTooltip(new Tooltip("Which sample (row) of the current mini-batch to show"));
        sampleBox.setPrefWidth(74);
        zoom.setPrefWidth(90);
        zoom.setTooltip(new Tooltip("Zoom along the inputs for wide layers; scroll with the bar below"));
        pan.setOrientation(Orientation.HORIZONTAL);
        pan.setVisible(false);
        pan.setManaged(false);
        Label sampleLabel = Cards.small("sample");
        Label zoomLabel = Cards.small("zoom");
        // what a screen reader says when TAB reaches them: the visible word alone ("sample", "zoom") is too little
        sampleBox.setAccessibleText("Mask of sample");
        zoom.setAccessibleText("Mask zoom along the inputs");
        getChildren().addAll(
                Cards.header("Masks", "one sample, this step", sampleLabel, sampleBox,
                        zoomLabel, zoom),
                pathNote, maskPane, pan,
                Cards.small("Batch strip: one row per sample, share of kept connections per input"),
                stripPane, sharing, legendPane);
        VBox.setVgrow(maskPane, Priority.ALWAYS);
        maskPane.getStyleClass().add("plot-area");
        // the legend keeps its height when the card is short: the mask plot gives way, not the legend's labels
        legendPane.setMinHeight(34);
        pathNote.setId("mask-path-note");
        pathNote.setWrapText(true);
        pathNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        maskPane.canvas().setAccessibleRole(javafx.scene.AccessibleRole.IMAGE_VIEW);
        stripPane.canvas().setAccessibleRole(javafx.scene.AccessibleRole.IMAGE_VIEW);
        legendPane.canvas().setAccessibleRole(javafx.scene.AccessibleRole.IMAGE_VIEW);
        legendPane.canvas().setAccessibleText("Colour scales: viridis, dark purple = dropped (0), "
                + "teal = kept at the expectation 1, yellow = the largest multiplier");
        updatePathNote();
    }

    /**
     * The default paths of pernode-gaussian and partial-Gaussian (local reparameterization, RegularizedDenseImpl's
     * LRT) sample the noise of the pre-activations and never form per-connection Gaussian values. For pernode-gaussian
     * the view draws an explicit mask of the same distribution, N(1, p/q) per connection; for partial-Gaussian the
     * gates are the ones the step applied and only the values on them are drawn for the view. Null where the view
     * shows the applied mask itself.
     */
    static String localReparameterizationNote(org.pernodedrop.lab.engine.config.RegularizerSpec r) {
        boolean lrt = r.target() == org.pernodedrop.lab.engine.config.RegularizerSpec.Target.CONNECTION
                && r.sharing() == org.pernodedrop.lab.engine.config.RegularizerSpec.Sharing.PER_SAMPLE
                && r.mode() == org.pernodedrop.lab.engine.config.RegularizerSpec.Mode.DYNAMIC
                && !r.explicitMask() && r.rate() > 0;
        if (lrt && "gaussian".equals(r.stir())) {
            return "A mask of the same distribution, N(1, p/q) per connection: this path samples the pre-activation "
                    + "noise directly (local reparameterization), so no per-connection mask is applied";
        }
        if (lrt && "partial-gaussian".equals(r.stir())) {
            return "Which connections get noise is what this step applied; their N(1, sigma^2) values are drawn for "
                    + "the view: given the gates, this path samples the pre-activation noise directly";
        }
        return null;
    }

    private void updatePathNote() {
        String note = localReparameterizationNote(model.config().regularizer());
        boolean lrt = note != null;
        pathNote.setText(lrt ? note : "");
        pathNote.setVisible(lrt);
        pathNote.setManaged(lrt);
    }

    private void initListeners() {
        model.snapshotProperty().addListener((obs, old, now) -> {
            current = now;
            updateSamples();
            redraw();
        });
        sampleBox.valueProperty().addListener((obs, old, now) -> {
            if (!updatingSamples) redraw();
        });
        zoom.valueProperty().addListener((obs, old, now) -> {
            boolean zoomed = now.doubleValue() > 1.01;
            pan.setVisible(zoomed);
            pan.setManaged(zoomed);
            redraw();
        });
        pan.valueProperty().addListener((obs, old, now) -> redraw());
        model.configProperty().addListener((obs, old, now) -> updatePathNote());
        Theme.darkProperty().addListener(o -> {
            legendDirty = true;
            redraw();
        });
    }

    private void updateSamples() {
        MaskView m = current == null ? null : current.masks();
        List<Integer> items = new ArrayList<>();
        if (m != null) for (int s : m.samples()) items.add(s);
        if (!items.equals(sampleBox.getItems())) {
            updatingSamples = true;
            Integer keep = sampleBox.getValue();
            sampleBox.getItems().setAll(items);
            sampleBox.setValue(keep != null && items.contains(keep) ? keep : items.isEmpty() ? null : items.get(0));
            updatingSamples = false;
        }
    }

    /** The mask picture with its axes and colour key, for export. */
    public ViewExport.Target maskTarget() {
        return ViewExport.of("mask", "mask of one sample", pathNote, maskPane, legendPane);
    }

    /** The batch strip with its sharing verdict and colour key, for export. */
    public ViewExport.Target stripTarget() {
        return ViewExport.of("batch-strip", "batch strip", stripPane, sharing, legendPane);
    }

    /** The mask image as drawn last (tests read its pixels); null before the first mask. */
    public WritableImage maskImage() {
        return maskRenderer.image();
    }

    public WritableImage stripImage() {
        return stripRenderer.image();
    }

    /** Redraws now (benchmarks). */
    void redrawForProbe() {
        redraw();
    }

    private void redraw() {
        Palette m = maskPalette;
        Palette st = stripPalette;
        drawMask();
        drawStrip();
        // the legend only changes with the value range
        if (!samePalette(m, maskPalette) || !samePalette(st, stripPalette) || legendDirty) {
            legendDirty = false;
            drawLegend();
        }
    }

    private boolean legendDirty = true;

    private static boolean samePalette(Palette a, Palette b) {
        return a == null ? b == null : b != null && a.lo() == b.lo() && a.mid() == b.mid() && a.hi() == b.hi();
    }

    private float[] selectedMask(MaskView m) {
        Integer s = sampleBox.getValue();
        int k = 0;
        if (s != null) {
            for (int i = 0; i < m.samples().length; i++) if (m.samples()[i] == s) k = i;
        }
        return m.masks()[k];
    }

    private double[] window(int din) {
        double z = zoom.getValue();
        double visible = Math.max(1, din / z);
        pan.setMin(0);
        pan.setMax(Math.max(0, din - visible));
        pan.setVisibleAmount(visible);
        double start = Math.min(pan.getValue(), din - visible);
        return new double[]{Math.max(0, start), visible};
    }

    private void drawMask() {
        Canvas c = maskPane.canvas();
        GraphicsContext g = c.getGraphicsContext2D();
        g.clearRect(0, 0, CanvasPane.width(c), CanvasPane.height(c));
        MaskView m = current == null ? null : current.masks();
        if (m == null || m.masks().length == 0) {
            message(g, c, current == null ? "Press play (Space) or step (S) to see the masks"
                    : "This regularizer puts no mask on the connections");
            return;
        }
        int din = m.din();
        int dout = m.dout();
        float[] mask = selectedMask(m);
        // image x = input i, y = node j: [dout][din] from the row-major [din][dout] mask
        float[] img = new float[din * dout];
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < din; i++) {
            for (int j = 0; j < dout; j++) {
                float v = mask[i * dout + j];
                img[j * din + i] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        maskPalette = Palette.viridis(Math.min(0.0, lo), 1.0, hi > 1.0001 ? hi : 2.0);
        maskRenderer.render(img, din, dout, maskPalette);
        double[] win = window(din);
        double w = CanvasPane.width(c) - LEFT - RIGHT;
        double h = CanvasPane.height(c) - TOP - BOTTOM;
        if (w <= 4 || h <= 4) return;
        maskRenderer.draw(g, win[0], win[1], LEFT, TOP, w, h);
        double cellW = w / win[1];
        double cellH = h / dout;
        g.setStroke(Color.rgb(255, 255, 255, 0.8));
        g.setLineWidth(1);
        if (cellW >= 7) {
            for (int i = 1; i < win[1]; i++) g.strokeLine(LEFT + i * cellW, TOP, LEFT + i * cellW, TOP + h);
        }
        if (cellH >= 7) {
            for (int j = 1; j < dout; j++) g.strokeLine(LEFT, TOP + j * cellH, LEFT + w, TOP + j * cellH);
        }
        g.setFill(Theme.text());
        g.setFont(Font.font(12));
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("inputs i  (Din = " + din + ")", LEFT + w / 2, TOP + h + 16);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("nodes", LEFT / 2 - 4, TOP + h / 2 - 2);
        g.fillText("j (" + dout + ")", LEFT / 2 - 4, TOP + h / 2 + 13);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText("0", LEFT - 4, TOP + Math.max(10, Math.min(cellH, 14) - 2));
        g.fillText(String.valueOf(dout - 1), LEFT - 4, TOP + h - 2);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(String.valueOf((int) win[0]), LEFT, TOP + h + 16);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(String.valueOf((int) Math.ceil(win[0] + win[1]) - 1), LEFT + w, TOP + h + 16);
        c.setAccessibleText(describeMask(mask, din, dout, sampleBox.getValue()));
    }

    /** What the mask picture shows, in words (screen readers). */
    static String describeMask(float[] mask, int din, int dout, Integer sample) {
        int zeros = 0;
        double sum = 0;
        for (float v : mask) {
            if (v == 0f) zeros++;
            sum += v;
        }
        return Numbers.format("Mask of sample %s: %d inputs across by %d nodes down; "
                        + "%d of %d connections dropped (%.0f%%), mean multiplier %.2f",
                sample == null ? "0" : sample, din, dout, zeros, mask.length, 100.0 * zeros / Math.max(1, mask.length),
                sum / Math.max(1, mask.length));
    }

    private void drawStrip() {
        Canvas c = stripPane.canvas();
        GraphicsContext g = c.getGraphicsContext2D();
        g.clearRect(0, 0, CanvasPane.width(c), CanvasPane.height(c));
        ViewSnapshot s = current;
        if (s == null || s.batchStrip() == null || s.slotIn() <= 0 || s.batchStrip().length < s.slotIn()) {
            sharing.setText("");
            return;
        }
        int din = s.slotIn();
        int batch = s.batchStrip().length / din;
        double q = 1.0 - model.config().regularizer().rate();
        double mid = q > 0.02 && q < 0.98 ? q : 0.5;
        stripPalette = Palette.viridis(0.0, mid, 1.0);
        stripRenderer.render(s.batchStrip(), din, batch, stripPalette);
        double[] win = window(din);
        double w = CanvasPane.width(c) - LEFT - RIGHT;
        double h = CanvasPane.height(c) - 2;
        if (w <= 4 || h <= 4) return;
        stripRenderer.draw(g, win[0], win[1], LEFT, 1, w, h);
        g.setFill(Theme.text());
        g.setFont(Font.font(12));
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText("B = " + batch, LEFT - 4, 1 + h / 2 + 4);
        sharing.setText(describeSharing(s.batchStrip(), din, batch, s.masks()));
        c.setAccessibleText("Batch strip: " + batch + " samples down by " + din + " inputs across, the share of "
                + "kept connections per input. " + sharing.getText());
    }

    /**
     * Reads the sharing off the strip: one distinct row means one mask for the batch, B distinct rows a mask per
     * sample, anything between groups (Masksembles). When nothing is dropped (Gaussian noise keeps every
     * connection, so every strip cell is 100%) the strip cannot tell, and the shown samples' masks are compared.
     */
    static String describeSharing(float[] strip, int din, int batch, MaskView shown) {
        if (batch < 2) return "one sample in the batch";
        boolean allKept = true;
        for (int k = 0; k < batch * din; k++) allKept &= strip[k] == 1f;
        if (allKept && shown != null && shown.masks().length >= 2) {
            int n = shown.masks().length;
            int distinct = distinct(shown.masks());
            String tail = " (none dropped)";
            return distinct == 1 ? "All " + n + " shown samples share one mask" + tail
                    : distinct == n ? "Each of the " + n + " shown samples has its own mask" + tail
                    : distinct + " distinct masks among " + n + " shown samples" + tail;
        }
        float[][] rows = new float[batch][];
        for (int b = 0; b < batch; b++) rows[b] = java.util.Arrays.copyOfRange(strip, b * din, (b + 1) * din);
        int distinct = distinct(rows);
        if (distinct == 1) return "All " + batch + " rows alike: the batch shares one mask";
        if (distinct == batch) return "All " + batch + " rows differ: each sample has its own mask";
        return distinct + " distinct rows among " + batch + ": samples of a group share a mask";
    }

    private static int distinct(float[][] rows) {
        java.util.List<float[]> seen = new java.util.ArrayList<>();
        for (float[] r : rows) {
            if (seen.stream().noneMatch(x -> java.util.Arrays.equals(x, r))) seen.add(r);
        }
        return seen.size();
    }

    private void redrawLegend() {
        legendDirty = true;
        redraw();
    }

    private void drawLegend() {
        Canvas c = legendPane.canvas();
        GraphicsContext g = c.getGraphicsContext2D();
        g.clearRect(0, 0, CanvasPane.width(c), CanvasPane.height(c));
        double half = (CanvasPane.width(c) - LEFT - RIGHT - 20) / 2;
        if (half < 40) return;
        if (maskPalette != null) legendBar(g, maskPalette, LEFT, half, "mask value", false);
        if (stripPalette != null) legendBar(g, stripPalette, LEFT + half + 20, half, "kept share", true);
    }

    private static void legendBar(GraphicsContext g, Palette p, double x, double w, String name, boolean percent) {
        int n = Palette.SHADES;
        for (int k = 0; k < n; k++) {
            g.setFill(argb(p.argb(p.valueAt((k + 0.5) / n))));
            g.fillRect(x + w * k / n, 2, w / n + 0.5, 10);
        }
        g.setFill(Theme.text());
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(fmt(p.lo(), percent), x, 26);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(fmt(p.mid(), percent) + "  " + name, x + w / 2, 26);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(fmt(p.hi(), percent), x + w, 26);
    }

    private static String fmt(double v, boolean percent) {
        return percent ? Math.round(v * 100) + "%" : Numbers.format("%.2f", v);
    }

    static Color argb(int c) {
        return Color.rgb((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF);
    }

    static void message(GraphicsContext g, Canvas c, String text) {
        g.setFill(Theme.muted());
        g.setFont(Font.font(14));
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(text, CanvasPane.width(c) / 2, CanvasPane.height(c) / 2);
    }
}
