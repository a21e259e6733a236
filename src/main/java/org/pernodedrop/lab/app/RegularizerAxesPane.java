package org.pernodedrop.lab.app;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.pernodedrop.lab.engine.config.RegularizerDocs;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Mode;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Sharing;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Target;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The single run's regularizer choice: a named preset, or any point of the space by its four axes (target, sharing,
 * mode, stir; docs/regularizers.md), with the preset's summary and formulas from {@link RegularizerDocs}. The drop
 * rate and the parameters (sigma, Masksembles n and s) are fields of the config editor. Choosing a preset sets its
 * axes; changing an axis names the point after the preset that has exactly these axes, else {@code custom}.
 */
final class RegularizerAxesPane extends VBox {

    static final List<String> STIRS = java.util.stream.Stream.concat(java.util.stream.Stream.of("none"),
            org.pernodedrop.lab.engine.nn.StirRegistry.BUILT_IN.stream()).toList();

    final ComboBox<String> preset = new ComboBox<>();
    private final Label presetHelp = Cards.small("");
    final ComboBox<Target> target = new ComboBox<>();
    final ComboBox<Sharing> sharing = new ComboBox<>();
    final ComboBox<Mode> mode = new ComboBox<>();
    final ComboBox<String> stir = new ComboBox<>();
    private boolean updating;

    /** {@code change} receives how to turn the current regularizer into the chosen one. */
    RegularizerAxesPane(java.util.function.Consumer<UnaryOperator<RegularizerSpec>> change) {
        super(6);
        preset.setId("preset");
        preset.getItems().setAll(RegularizerSpec.PRESETS);
        preset.getItems().add(RegularizerSpec.CUSTOM);
        preset.setMaxWidth(Double.MAX_VALUE);
        preset.setTooltip(Cards.tip("A named point of the regularizer space; change an axis below for any other point"));
        presetHelp.setWrapText(true);
        target.getItems().setAll(Target.values());
        sharing.getItems().setAll(Sharing.values());
        mode.getItems().setAll(Mode.values());
        stir.getItems().setAll(STIRS);
        target.setId("target");
        sharing.setId("sharing");
        mode.setId("mode");
        stir.setId("stir");
        target.setTooltip(Cards.tip("target: 'unit' masks the layer's inputs, M[b, i] ([B, Din]); 'connection' "
                + "masks each input-to-node connection, M[b, i, j] ([B, Din, Dout]): z[b, j] = sum_i x[b, i] "
                + "W[i, j] M[b, i, j] + b[j]"));
        sharing.setTooltip(Cards.tip("sharing: 'per-sample' draws an independent mask for every example; 'per-batch' "
                + "one mask shared by the whole mini-batch (framework DropConnect); 'group' splits the batch into n "
                + "groups (Masksembles)"));
        mode.setTooltip(Cards.tip("mode: 'dynamic' draws a new mask every step and switches it off at inference; "
                + "'fixed' draws one mask from the seed and keeps it for the run and at inference; "
                + "'fixed-per-sample' gives example k the mask keyed by (seed, k)"));
        stir.setTooltip(Cards.tip("stir: 'bernoulli' M ~ Bernoulli(q) / q; 'gaussian' M ~ N(1, sigma^2) with "
                + "sigma^2 = p / q; 'partial-gaussian' with probability p M ~ N(1, sigma^2), else 1"));
        for (ComboBox<?> c : List.of(target, sharing, mode, stir)) c.setMaxWidth(Double.MAX_VALUE);
        target.setConverter(new AxisName<>());
        sharing.setConverter(new AxisName<>());
        mode.setConverter(new AxisName<>());

        GridPane axes = new GridPane();
        axes.setHgap(8);
        axes.setVgap(4);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(84);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        c1.setFillWidth(true);
        axes.getColumnConstraints().addAll(c0, c1);
        String[] names = {"target", "sharing", "mode", "stir"};
        List<ComboBox<?>> boxes = List.of(target, sharing, mode, stir);
        for (int k = 0; k < names.length; k++) {
            Label l = new Label(names[k]);
            l.getStyleClass().add("field-label");
            l.setLabelFor(boxes.get(k));
            boxes.get(k).setAccessibleText(names[k]);
            axes.add(l, 0, k);
            axes.add(boxes.get(k), 1, k);
        }
        preset.setAccessibleText("regularizer preset");
        getChildren().addAll(preset, presetHelp, axes);

        preset.valueProperty().addListener((obs, old, now) -> {
            if (updating || now == null || now.equals(RegularizerSpec.CUSTOM)) return;
            change.accept(r -> RegularizerSpec.of(now, r.rate()).withSigma(r.sigma())
                    .withMasksembles(r.masks(), r.scale()));
        });
        for (ComboBox<?> b : boxes) {
            b.valueProperty().addListener((obs, old, now) -> {
                if (updating) return;
                Target t = target.getValue();
                Sharing s = sharing.getValue();
                Mode m = mode.getValue();
                String st = stir.getValue();
                String name = matchingPreset(t, s, m, st);
                change.accept(r -> (name != null ? RegularizerSpec.of(name, r.rate())
                        : RegularizerSpec.custom(t, s, m, st, r.rate())).withSigma(r.sigma())
                        .withMasksembles(r.masks(), r.scale()));
            });
        }
    }

    /** Shows a regularizer without reporting changes. */
    void show(RegularizerSpec r) {
        updating = true;
        try {
            preset.setValue(r.preset());
            // one source for what a regularizer is, shared with the explain panel and the reports
            presetHelp.setText(RegularizerDocs.summary(r));
            preset.setTooltip(Cards.tip(String.join("\n", RegularizerDocs.formulas(r))));
            target.setValue(r.target());
            sharing.setValue(r.sharing());
            mode.setValue(r.mode());
            stir.setValue(r.stir());
        } finally {
            updating = false;
        }
    }

    /** The named preset at exactly these axes, or null (then the point is {@code custom}). */
    static String matchingPreset(Target t, Sharing s, Mode m, String stir) {
        for (String p : RegularizerSpec.PRESETS) {
            RegularizerSpec r = RegularizerSpec.of(p, 0.0);
            if (r.target() == t && r.sharing() == s && r.mode() == m && r.stir().equals(stir)) return p;
        }
        return null;
    }

    /** Axis values by their JSON names ("per-sample", "fixed"), as the docs and the CLI spell them. */
    static final class AxisName<E extends Enum<E>> extends javafx.util.StringConverter<E> {
        @Override
        public String toString(E e) {
            return e == null ? "" : org.pernodedrop.lab.engine.config.RegularizerDocs.name(e);
        }

        @Override
        public E fromString(String s) {
            throw new UnsupportedOperationException("axes are chosen, not typed");
        }
    }
}
