package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one parser every settings editor uses: values, and one message naming the field and what was typed. */
class ConfigFieldsTest {

    @Test
    void wholeNumbers() {
        assertThat(ConfigFields.parseInt(" 12 ", "epochs")).isEqualTo(12);
        assertThat(ConfigFields.parseInt("-3", "seed")).isEqualTo(-3);
        assertThatThrownBy(() -> ConfigFields.parseInt("ten", "epochs"))
                .hasMessage("epochs: 'ten' is not a whole number");
        assertThatThrownBy(() -> ConfigFields.parseInt("2.5", "batch"))
                .hasMessage("batch: '2.5' is not a whole number");
        assertThatThrownBy(() -> ConfigFields.parseInt("0", "batch", 1)).hasMessage("batch must be >= 1, got 0");
        // 2^31 does not fit an int
        assertThatThrownBy(() -> ConfigFields.parseInt("2147483648", "units"))
                .hasMessage("units: '2147483648' is not a whole number");
    }

    @Test
    void decimals() {
        assertThat(ConfigFields.parseDouble("1e-3", "learning rate")).isEqualTo(0.001);
        assertThat(ConfigFields.parseDouble(" 0.5", "rate", 0, 1)).isEqualTo(0.5);
        assertThatThrownBy(() -> ConfigFields.parseDouble("fast", "learning rate"))
                .hasMessage("learning rate: 'fast' is not a number");
        assertThatThrownBy(() -> ConfigFields.parseDouble("NaN", "noise"))
                .hasMessage("noise: 'NaN' is not a finite number");
        assertThatThrownBy(() -> ConfigFields.parseDouble("1.5", "rate", 0, 1))
                .hasMessage("rate must be in [0.0, 1.0], got 1.5");
    }
}
