package org.pernodedrop.lab.app.experiments;

import javafx.geometry.Insets;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.pernodedrop.lab.app.ColourBar;
import org.pernodedrop.lab.app.HeatmapRenderer;
import org.pernodedrop.lab.app.Palette;
import org.pernodedrop.lab.engine.nn.MaskView;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compare's mask thumbnails: one per variant, sample 0 of its newest snapshot, in the single run's orientation
 * (inputs across, nodes down, so Dropout blanks whole columns in both), with one colour bar for all.
 */
final class CompareMasks extends VBox {

    static final int THUMB_SIZE = 96;
    private static final Palette MASK_PALETTE = Palette.viridis(0.0, 1.0, 2.0);

    private final FlowPane thumbs = new FlowPane(10, 10);
    private final Map<String, Canvas> canvases = new LinkedHashMap<>();
    private final Map<String, HeatmapRenderer> renderers = new LinkedHashMap<>();
    /** The snapshot each thumbnail shows now: a refresh without a new snapshot redraws nothing. */
    private final Map<String, ViewSnapshot> drawnSnapshots = new HashMap<>();

    CompareMasks() {
        super(4);
        thumbs.setId("compare-thumbs");
        thumbs.setPadding(new Insets(4));
        thumbs.setPrefWrapLength(3 * (THUMB_SIZE + 12));
        Label title = new Label("Masks, sample 0");
        title.getStyleClass().add("card-title");
        Label orientation = new Label("inputs \u2192 across, nodes \u2193 down");
        orientation.getStyleClass().add("small");
        ColourBar legend = new ColourBar(MASK_PALETTE, "mask value", "0 dropped", "1", "2 = 1/q kept (p = 0.5)");
        legend.setId("compare-mask-legend");
        getChildren().addAll(title, orientation, thumbs, legend);
        getStyleClass().add("card");
        setPrefWidth(3 * (THUMB_SIZE + 12) + 30);
        setMinWidth(3 * (THUMB_SIZE + 12) + 30);
    }

    /** One empty thumbnail per variant, in the order of {@code runs}. */
    void rebuild(List<CompareModel.VariantRun> runs) {
        canvases.clear();
        renderers.clear();
        drawnSnapshots.clear();
        thumbs.getChildren().clear();
        for (CompareModel.VariantRun l : runs) {
            Canvas c = new Canvas(THUMB_SIZE, THUMB_SIZE);
            canvases.put(l.runId, c);
            renderers.put(l.runId, new HeatmapRenderer());
            // long preset names break at their hyphens, never inside a word ("pernode-" / "bernoulli"): explicit
            // line breaks, because JavaFX's wrapping does not break at a zero-width space and cut "berno/ulli"
            Label name = new Label(thumbLabel(l.label));
            name.getStyleClass().add("thumb-label");
            name.setWrapText(false);
            name.setMaxWidth(THUMB_SIZE + 8);
            thumbs.getChildren().add(new VBox(2, name, c));
        }
    }

    /** Redraws the thumbnails whose variant has a new snapshot. */
    void update(List<CompareModel.VariantRun> runs) {
        for (CompareModel.VariantRun l : runs) {
            if (canvases.containsKey(l.runId)) draw(l);
        }
    }

    /** A variant's label for its thumbnail: the rate on its own line, names over 11 characters broken after '-'. */
    static String thumbLabel(String label) {
        int p = label.indexOf(" p=");
        String name = p < 0 ? label : label.substring(0, p);
        String rate = p < 0 ? "" : "\np = " + label.substring(p + 3);
        return (name.length() > 11 ? name.replace("-", "-\n") : name) + rate;
    }

    private void draw(CompareModel.VariantRun l) {
        if (drawnSnapshots.containsKey(l.runId) && drawnSnapshots.get(l.runId) == l.snapshot) return;
        drawnSnapshots.put(l.runId, l.snapshot);
        Canvas c = canvases.get(l.runId);
        GraphicsContext g = c.getGraphicsContext2D();
        MaskView m = l.snapshot == null ? null : l.snapshot.masks();
        if (m == null || m.masks().length == 0) {
            g.setFill(javafx.scene.paint.Color.web("#eceff1"));
            g.fillRect(0, 0, THUMB_SIZE, THUMB_SIZE);
            g.setFill(javafx.scene.paint.Color.web("#607d8b"));
            g.fillText(l.snapshot == null ? "waiting\u2026" : "no mask", 10, THUMB_SIZE / 2.0);
            return;
        }
        // the mask is row-major [din][dout]; drawn as the single run draws it, x = input i, y = node j
        float[] src = m.masks()[0];
        int din = m.din(), dout = m.dout();
        float[] img0 = new float[din * dout];
        for (int i = 0; i < din; i++) for (int j = 0; j < dout; j++) img0[j * din + i] = src[i * dout + j];
        HeatmapRenderer r = renderers.get(l.runId);
        WritableImage img = r.render(img0, din, dout, MASK_PALETTE);
        g.clearRect(0, 0, THUMB_SIZE, THUMB_SIZE);
        r.draw(g, 0, img.getWidth(), 0, 0, THUMB_SIZE, THUMB_SIZE);
    }

    /** The mask image of a variant's thumbnail (null before its first snapshot). */
    WritableImage image(String runId) {
        HeatmapRenderer r = renderers.get(runId);
        return r == null ? null : r.image();
    }
}
