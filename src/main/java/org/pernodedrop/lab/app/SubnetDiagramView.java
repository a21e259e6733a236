package org.pernodedrop.lab.app;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.nn.MaskSource;
import org.pernodedrop.lab.engine.nn.MaskView;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

/**
 * View 2, after the paper's Fig. 1: a slice of the regularized layer ({@link #INPUTS} inputs to {@link #NODES}
 * nodes) for {@link #SAMPLES} samples of the batch. Top row: batch-shared DropConnect, one mask for all samples.
 * Bottom row: the chosen regularizer's real masks from the snapshot. A kept connection is drawn with width and
 * colour by its effective weight {@code W[i, j] * M[b, i, j]} (the weight-sign map: teal positive, brown negative);
 * a dropped one ({@code M = 0}) is a faint line. The key under the diagram ({@link DiagramLegend}) says so.
 */
public final class SubnetDiagramView extends VBox {

    public static final int INPUTS = 8;
    public static final int NODES = 6;
    public static final int SAMPLES = 4;

    private final LabModel model;
    private final CanvasPane pane = new CanvasPane(this::redraw, 420, 320);
    private final HeatmapRenderer renderer = new HeatmapRenderer();
    private ViewSnapshot current;
    private float[][] bottomRow = new float[0][];
    private final DiagramLegend legend = new DiagramLegend();

    public SubnetDiagramView(LabModel model) {
        this.model = model;
        createView();
        initListeners();
    }

    private void createView() {
        getStyleClass().add("card");
        getChildren().addAll(Cards.header("Subnetworks", "8 inputs to 6 nodes, 4 samples of the batch"), pane,
                legend);
        VBox.setVgrow(pane, Priority.ALWAYS);
        pane.canvas().setAccessibleRole(javafx.scene.AccessibleRole.IMAGE_VIEW);
    }

    private void initListeners() {
        model.snapshotProperty().addListener((obs, old, now) -> {
            current = now;
            redraw();
        });
        model.configProperty().addListener((obs, old, now) -> redraw());
        Theme.darkProperty().addListener(o -> redraw());
    }

    /** The bottom row's mask slices as drawn last ({@code [sample][i * NODES + j]}), for tests. */
    public float[][] bottomRowMasks() {
        float[][] copy = new float[bottomRow.length][];
        for (int k = 0; k < bottomRow.length; k++) copy[k] = bottomRow[k].clone();
        return copy;
    }

    /**
     * The batch-shared DropConnect mask of the top row for the first {@code rows} inputs ({@code [rows * dout]}):
     * one keep/drop per connection per step, the same for every sample, regenerated with the engine's own
     * counter-based mask source keyed by (seed, step) and scaled by the kept value 1/q (REGULARIZERS.md
     * "Batch-shared DropConnect"). It is drawn for comparison with the layer's real weights; the network trains
     * with the bottom row's regularizer.
     */
    static double[] dropConnect(long seed, long step, int rows, int dout, double rate) {
        if (rate <= 0.0) {
            double[] ones = new double[rows * dout];
            java.util.Arrays.fill(ones, 1.0);
            return ones;
        }
        MaskSource source = new MaskSource("bernoulli", rate, RegularizerSpec.DEFAULT_SIGMA);
        return source.block(MaskSource.stepKey(seed, step), 0, rows, dout);
    }

    /** Redraws now (benchmarks). */
    void redrawForProbe() {
        redraw();
    }

    private void redraw() {
        Canvas c = pane.canvas();
        GraphicsContext g = c.getGraphicsContext2D();
        g.clearRect(0, 0, CanvasPane.width(c), CanvasPane.height(c));
        ViewSnapshot s = current;
        if (s == null || s.slotWeights() == null || s.slotIn() <= 0 || s.slotOut() <= 0) {
            bottomRow = new float[0][];
            MaskHeatmapView.message(g, c, "The subnetworks appear with the first training step");
            return;
        }
        RegularizerSpec reg = model.config().regularizer();
        int din = s.slotIn();
        int dout = s.slotOut();
        int ni = Math.min(INPUTS, din);
        int nj = Math.min(NODES, dout);
        MaskView m = s.masks();
        int samples = m == null ? SAMPLES : Math.min(SAMPLES, m.masks().length);
        float[][] top = new float[samples][ni * nj];
        float[][] bottom = new float[samples][ni * nj];
        double[] shared = dropConnect(model.config().seed(), s.step(), ni, dout, reg.isNone() ? 0.5 : reg.rate());
        for (int k = 0; k < samples; k++) {
            for (int i = 0; i < ni; i++) {
                for (int j = 0; j < nj; j++) {
                    top[k][i * nj + j] = (float) shared[i * dout + j];
                    bottom[k][i * nj + j] = m == null ? 1f : m.masks()[k][i * dout + j];
                }
            }
        }
        bottomRow = bottom;
        // one scale for both rows so widths compare: the largest |W * M| drawn
        double maxEff = 1e-12;
        for (int k = 0; k < samples; k++) {
            for (int i = 0; i < ni; i++) {
                for (int j = 0; j < nj; j++) {
                    double w = s.slotWeights()[i * dout + j];
                    maxEff = Math.max(maxEff, Math.abs(w * top[k][i * nj + j]));
                    maxEff = Math.max(maxEff, Math.abs(w * bottom[k][i * nj + j]));
                }
            }
        }
        double rowH = (CanvasPane.height(c) - 8) / 2;
        double colW = CanvasPane.width(c) / samples;
        // at the screen's scale: sharp lines on HiDPI screens (layout coordinates, scaled by the raster)
        Raster raster = new Raster((int) CanvasPane.width(c), (int) CanvasPane.height(c), pane.outputScale());
        raster.fill(Theme.dark() ? 0xFF232B30 : 0xFFFFFFFF);
        raster.line(8, rowH + 4, CanvasPane.width(c) - 8, rowH + 4, 1, Theme.dark() ? 0xFF3D4C55 : 0xFFCFD8DC, 1);
        for (int k = 0; k < samples; k++) {
            panel(raster, k * colW, 22, colW, rowH - 26, s.slotWeights(), dout, ni, nj, top[k], maxEff);
            panel(raster, k * colW, rowH + 30, colW, rowH - 26, s.slotWeights(), dout, ni, nj, bottom[k], maxEff);
        }
        renderer.renderArgb(raster.argb, raster.width, raster.height);
        renderer.draw(g, 0, raster.width, 0, 0, (int) CanvasPane.width(c), (int) CanvasPane.height(c));
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(Theme.text());
        g.fillText("Same weights, DropConnect: one mask shared by the batch", 8, 16);
        g.fillText(rowTitle(reg), 8, rowH + 8 + 16);
        g.setFill(Theme.muted());
        g.setFont(Font.font(12));
        g.setTextAlign(TextAlignment.CENTER);
        for (int k = 0; k < samples; k++) {
            int sample = m == null ? k : m.samples()[k];
            g.fillText("sample " + sample, k * colW + colW / 2, 22 + rowH - 26 - 2);
            g.fillText("sample " + sample, k * colW + colW / 2, rowH + 30 + rowH - 26 - 2);
        }
        c.setAccessibleText(describe(reg, top, bottom, samples));
    }

    /** The diagram in words: what each row is and how many of the drawn connections each sample keeps. */
    static String describe(RegularizerSpec reg, float[][] top, float[][] bottom, int samples) {
        if (samples == 0) return "Subnetworks: no sample to draw";
        StringBuilder sb = new StringBuilder("Subnetworks of " + samples + " samples, " + INPUTS + " inputs to "
                + NODES + " nodes. Top row, the same weights under one DropConnect mask shared by the batch: ");
        sb.append(kept(top[0])).append(" of ").append(top[0].length).append(" connections kept in every sample. ");
        sb.append("Bottom row, ").append(rowTitle(reg)).append(": kept ");
        for (int k = 0; k < samples; k++) {
            sb.append(kept(bottom[k])).append(k < samples - 1 ? ", " : "");
        }
        return sb.append(" of ").append(bottom.length == 0 ? 0 : bottom[0].length).append(".").toString();
    }

    private static int kept(float[] m) {
        int n = 0;
        for (float v : m) if (v != 0f) n++;
        return n;
    }

    static String rowTitle(RegularizerSpec reg) {
        if (reg.isNone()) return "No regularizer: every connection kept";
        String sharing = switch (reg.sharing()) {
            case PER_SAMPLE -> "own mask per sample";
            case PER_BATCH -> "one mask for the batch";
            case GROUP -> "one mask per group";
            default -> "";
        };
        String mode = switch (reg.mode()) {
            case DYNAMIC -> "new every step";
            case FIXED_PER_MODEL -> "fixed for the run";
            case FIXED_PER_SAMPLE -> "fixed per example";
            default -> "";
        };
        return reg.preset() + ": " + sharing + ", " + mode;
    }

    /** One sample's slice: inputs on the left, nodes on the right, connections by effective weight. */
    private static void panel(Raster r, double x, double y, double w, double h, float[] weights, int dout,
                              int ni, int nj, float[] mask, double maxEff) {
        double padX = Math.max(14, w * 0.14);
        double x0 = x + padX;
        double x1 = x + w - padX;
        double top = y + 10;
        double bottom = y + h - 18;
        double rad = Math.max(3, Math.min(7, (bottom - top) / (ni * 2.6)));
        // dropped connections first, so kept ones are drawn over them
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < ni; i++) {
                double yi = ypos(top, bottom, i, ni);
                for (int j = 0; j < nj; j++) {
                    double yj = ypos(top, bottom, j, nj);
                    float mv = mask[i * nj + j];
                    if ((mv == 0f) != (pass == 0)) continue;
                    if (mv == 0f) {
                        r.line(x0, yi, x1, yj, 0.8, 0xFF78909C, 0.28);
                    } else {
                        double eff = weights[i * dout + j] * mv;
                        double a = Math.min(1.0, Math.abs(eff) / maxEff);
                        r.line(x0, yi, x1, yj, 0.6 + 4.4 * a, eff >= 0 ? Palette.WEIGHT_POS : Palette.WEIGHT_NEG,
                                0.35 + 0.65 * a);
                    }
                }
            }
        }
        for (int i = 0; i < ni; i++) r.ring(x0, ypos(top, bottom, i, ni), rad, 1.3, 0xFF455A64, 0xFFFFFFFF);
        for (int j = 0; j < nj; j++) r.ring(x1, ypos(top, bottom, j, nj), rad + 1, 1.3, 0xFF455A64, 0xFFFFFFFF);
    }

    private static double ypos(double top, double bottom, int k, int n) {
        return n == 1 ? (top + bottom) / 2 : top + (bottom - top) * k / (n - 1);
    }

}
