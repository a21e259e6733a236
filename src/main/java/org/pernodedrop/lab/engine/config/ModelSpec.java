package org.pernodedrop.lab.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The backbone around the regularizer slot (paper Sec. V-VI).
 *
 * <ul>
 *   <li>{@code auto}: chosen from the data (2-D sets: mlp, images/spectrograms: cnn, sparse text: dense).</li>
 *   <li>{@code mlp}: {@code hidden} Dense ReLU layers, then the slot of width {@code units}, then the output.</li>
 *   <li>{@code cnn}: two conv+pool blocks with {@code channels} filters, flatten, the slot, Dense 64, softmax.</li>
 *   <li>{@code dense}: {@code hidden} layers (paper: 1024, 256) then the slot (paper: 128), sigmoid or softmax out.</li>
 * </ul>
 */
@JsonPropertyOrder({"backbone", "units", "hidden", "channels"})
public record ModelSpec(
        @JsonProperty("backbone") String backbone,
        @JsonProperty("units") int units,
        @JsonProperty("hidden") List<Integer> hidden,
        @JsonProperty("channels") List<Integer> channels) {

    public static final List<String> BACKBONES = List.of("auto", "mlp", "cnn", "dense");

    public ModelSpec {
        if (backbone == null || !BACKBONES.contains(backbone)) {
            throw new IllegalArgumentException("unknown backbone '" + backbone + "' (known: "
                    + String.join(", ", BACKBONES) + ")");
        }
        if (units < 1) {
            throw new IllegalArgumentException("units must be >= 1, got " + units);
        }
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        channels = channels == null ? List.of() : List.copyOf(channels);
        for (int h : hidden) {
            if (h < 1) throw new IllegalArgumentException("hidden layer widths must be >= 1, got " + h);
        }
        for (int c : channels) {
            if (c < 1) throw new IllegalArgumentException("conv channels must be >= 1, got " + c);
        }
    }

    /** The default for 2-D sets: 2 -> 16 -> slot(16) -> classes. */
    public static ModelSpec small() {
        return new ModelSpec("auto", 16, List.of(16), List.of(32, 64));
    }

    public ModelSpec withUnits(int newUnits) {
        return new ModelSpec(backbone, newUnits, hidden, channels);
    }

    public ModelSpec withHidden(List<Integer> widths) {
        return new ModelSpec(backbone, units, widths, channels);
    }

    public ModelSpec withBackbone(String newBackbone) {
        return new ModelSpec(newBackbone, units, hidden, channels);
    }
}
