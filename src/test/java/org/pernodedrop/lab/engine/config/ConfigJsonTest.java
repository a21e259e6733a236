package org.pernodedrop.lab.engine.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigJsonTest {

    @Test
    void defaultConfigRoundTrips() {
        ExperimentConfig c = ExperimentConfig.defaults();
        String json = ConfigJson.write(c);
        assertThat(ConfigJson.read(json, ExperimentConfig.class)).isEqualTo(c);
    }

    @Test
    void everyPresetRoundTripsWithNonDefaultParameters() {
        for (String preset : RegularizerSpec.PRESETS) {
            RegularizerSpec r = RegularizerSpec.of(preset, 0.3).withSigma(0.7).withMasksembles(3, 2.5);
            ExperimentConfig c = ExperimentConfig.defaults().withRegularizer(r).withSeed(7)
                    .withModel(new ModelSpec("cnn", 64, List.of(8), List.of(16, 32)))
                    .withData(DataSpec.named("fashion-mnist").withLimits(1000, 200).withDataDir("/tmp/x"))
                    .withTraining(new TrainingSpec(3, 128, 1e-3));
            assertThat(ConfigJson.read(ConfigJson.write(c), ExperimentConfig.class)).as(preset).isEqualTo(c);
        }
    }

    @Test
    void jsonUsesStableLowerCaseNames() {
        String json = ConfigJson.write(ExperimentConfig.defaults()
                .withRegularizer(RegularizerSpec.of("pernode-gaussian-fixed", 0.2)));
        assertThat(json).contains("\"preset\" : \"pernode-gaussian-fixed\"", "\"sharing\" : \"per-sample\"",
                "\"mode\" : \"fixed\"", "\"target\" : \"connection\"", "\"batch_size\"", "\"schema_version\" : 1");
    }

    @Test
    void presetFillsOmittedAxes() {
        RegularizerSpec r = ConfigJson.read("{\"preset\": \"dropconnect\", \"rate\": 0.25}", RegularizerSpec.class);
        assertThat(r.sharing()).isEqualTo(RegularizerSpec.Sharing.PER_BATCH);
        assertThat(r.target()).isEqualTo(RegularizerSpec.Target.CONNECTION);
        assertThat(r.rate()).isEqualTo(0.25);
    }

    @Test
    void unknownKeyIsRejectedByName() {
        String json = ConfigJson.write(ExperimentConfig.defaults()).replace("\"seed\"", "\"seeed\" : 1, \"seed\"");
        assertThatThrownBy(() -> ConfigJson.read(json, ExperimentConfig.class))
                .isInstanceOf(ConfigJson.ConfigException.class).hasMessageContaining("seeed");
    }

    @Test
    void missingValueIsNamed() {
        String json = ConfigJson.write(ExperimentConfig.defaults()).replace("\"seed\" : 42,", "");
        assertThatThrownBy(() -> ConfigJson.read(json, ExperimentConfig.class))
                .isInstanceOf(ConfigJson.ConfigException.class).hasMessageContaining("seed");
    }

    @Test
    void impossibleSettingsAreRejectedWithTheirValue() {
        assertThatThrownBy(() -> RegularizerSpec.of("dropout", 1.0)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> RegularizerSpec.of("dropuot", 0.1)).hasMessageContaining("dropuot");
        String json = ConfigJson.write(ExperimentConfig.defaults()).replace("\"rate\" : 0.5", "\"rate\" : 1.5");
        assertThatThrownBy(() -> ConfigJson.read(json, ExperimentConfig.class)).hasMessageContaining("1.5");
    }
}
