package org.pernodedrop.lab.app.config;

import javafx.scene.control.CheckBox;
import javafx.geometry.Pos;
import javafx.scene.layout.TilePane;
import org.pernodedrop.lab.app.Cards;
import org.pernodedrop.lab.engine.config.RegularizerDocs;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grid of regularizer presets to run side by side: one tick box per preset a place offers, each with the
 * preset's one-line summary from {@link RegularizerDocs} as its tooltip.
 */
public final class VariantPicker extends TilePane {

    private final Map<String, CheckBox> boxes = new LinkedHashMap<>();

    /** {@code columns}: how many tiles a row asks room for (the pane wraps to the width it gets). */
    public VariantPicker(String idPrefix, List<String> presets, int columns) {
        super(12, 4);
        // tiles as wide as the longest name: a column in a side panel, an aligned grid in a wide place
        setTileAlignment(Pos.CENTER_LEFT);
        setPrefColumns(columns);
        setId(idPrefix + ConfigField.VARIANTS.id);
        getStyleClass().add("variant-picker");
        for (String p : presets) {
            CheckBox c = new CheckBox(p);
            c.setId(idPrefix + "variant-" + p);
            c.setTooltip(Cards.tip(RegularizerDocs.summary(RegularizerSpec.of(p, 0.5))));
            boxes.put(p, c);
            getChildren().add(c);
        }
    }

    /** Every tick box by preset name, in the offered order. */
    public Map<String, CheckBox> boxes() {
        return Collections.unmodifiableMap(boxes);
    }

    /** The ticked presets, in the offered order. */
    public List<String> selected() {
        List<String> out = new ArrayList<>();
        boxes.forEach((p, c) -> {
            if (c.isSelected()) out.add(p);
        });
        return out;
    }

    /** Ticks exactly these presets; names this place does not offer are refused. */
    public void select(Collection<String> presets) {
        for (String p : presets) {
            if (!boxes.containsKey(p)) {
                throw new IllegalArgumentException("variants: '" + p + "' is not offered here (offered: "
                        + String.join(", ", boxes.keySet()) + ")");
            }
        }
        boxes.forEach((p, c) -> c.setSelected(presets.contains(p)));
    }
}
