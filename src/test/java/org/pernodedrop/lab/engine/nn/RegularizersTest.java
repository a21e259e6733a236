package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Mode;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Sharing;
import org.pernodedrop.lab.engine.config.RegularizerSpec.Target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the axis space refuses (one message naming the impossible combination), the one-line descriptions written out
 * by hand from the preset table, the Masksembles scale a spec gets, and the registry of custom stirs.
 */
class RegularizersTest {

    @AfterEach
    void unregister() {
        StirRegistry.unregister("rt-stir");
    }

    @Test
    void impossibleCombinationsAreRefusedNamingThem() {
        assertThatThrownBy(() -> Regularizers.validate(RegularizerSpec.custom(Target.CONNECTION, Sharing.NONE,
                Mode.DYNAMIC, "bernoulli", 0.3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sharing and mode must be set").hasMessageContaining("sharing none");
        assertThatThrownBy(() -> Regularizers.validate(RegularizerSpec.custom(Target.CONNECTION, Sharing.PER_SAMPLE,
                Mode.NONE, "bernoulli", 0.3))).hasMessageContaining("mode none");
        assertThatThrownBy(() -> Regularizers.validate(RegularizerSpec.custom(Target.CONNECTION, Sharing.PER_SAMPLE,
                Mode.DYNAMIC, "no-such-stir", 0.3))).hasMessageContaining("unknown stir 'no-such-stir'");
        for (RegularizerSpec group : new RegularizerSpec[]{
                RegularizerSpec.custom(Target.CONNECTION, Sharing.GROUP, Mode.FIXED_PER_MODEL, "bernoulli", 0.3),
                RegularizerSpec.custom(Target.UNIT, Sharing.GROUP, Mode.DYNAMIC, "bernoulli", 0.3),
                RegularizerSpec.custom(Target.UNIT, Sharing.GROUP, Mode.FIXED_PER_MODEL, "gaussian", 0.3)}) {
            assertThatThrownBy(() -> Regularizers.validate(group)).hasMessageContaining("group sharing is Masksembles");
        }
        assertThatThrownBy(() -> Regularizers.validate(RegularizerSpec.custom(Target.CONNECTION, Sharing.PER_BATCH,
                Mode.FIXED_PER_SAMPLE, "bernoulli", 0.3))).hasMessageContaining("cannot be fixed per sample");
        // the refusals also stop the slot from being built
        assertThatThrownBy(() -> Regularizers.slot(RegularizerSpec.custom(Target.CONNECTION, Sharing.PER_BATCH,
                Mode.FIXED_PER_SAMPLE, "bernoulli", 0.3), 12, 4, Activation.RELU, 1))
                .hasMessageContaining("cannot be fixed per sample");
        // valid points pass: every preset at 0.3, a batch-shared dynamic mask, a per-sample fixed one
        for (String p : RegularizerSpec.PRESETS) Regularizers.validate(RegularizerSpec.of(p, 0.3));
        Regularizers.validate(RegularizerSpec.custom(Target.CONNECTION, Sharing.PER_BATCH, Mode.DYNAMIC, "gaussian", 0.3));
        Regularizers.validate(RegularizerSpec.of("pernode-bernoulli-fixed", 0.3).withMode(Mode.FIXED_PER_SAMPLE));
    }

    @Test
    void masksemblesSlotNeedsTenChannels() {
        assertThatThrownBy(() -> Regularizers.slot(RegularizerSpec.of("masksembles", 0.3), 9, 4, Activation.RELU, 1))
                .hasMessageContaining("at least 10 channels in its layer, got 9");
        RegularizedDense ten = Regularizers.slot(RegularizerSpec.of("masksembles", 0.3), 10, 4, Activation.RELU, 1);
        assertThat(ten.getScale()).isEqualTo(Regularizers.masksemblesScale(RegularizerSpec.of("masksembles", 0.3)));
    }

    @Test
    void masksemblesScaleComesFromTheRateOrElseTheSpec() {
        // rate 0.3, n = 4: the s with 1 - 1 / (s (1 - (1 - 1/s)^4)) = 0.3 is 1.441 (bisected by hand in double)
        assertThat(Regularizers.masksemblesScale(RegularizerSpec.of("masksembles", 0.3)))
                .isCloseTo(1.441, org.assertj.core.data.Offset.offset(5e-4));
        // rate 0 means no rate-driven scale: the spec's own (here 2.5)
        assertThat(Regularizers.masksemblesScale(RegularizerSpec.of("masksembles", 0.0).withMasksembles(4, 2.5)))
                .isEqualTo(2.5);
    }

    @Test
    void descriptionsSayWhatEachPresetIs() {
        assertThat(Regularizers.describe(RegularizerSpec.of("none", 0.0))).isEqualTo("none");
        assertThat(Regularizers.describe(RegularizerSpec.of("dropout", 0.3)))
                .isEqualTo("dropout (unit, per-sample, dynamic, bernoulli, p=0.3)");
        assertThat(Regularizers.describe(RegularizerSpec.of("dropconnect", 0.3)))
                .isEqualTo("dropconnect (connection, per-batch, dynamic, bernoulli, p=0.3)");
        assertThat(Regularizers.describe(RegularizerSpec.of("pernode-gaussian", 0.3)))
                .isEqualTo("pernode-gaussian (connection, per-sample, dynamic, gaussian, p=0.3, local reparameterization)");
        assertThat(Regularizers.describe(RegularizerSpec.of("pernode-gaussian", 0.3).withExplicitMask(true)))
                .isEqualTo("pernode-gaussian (connection, per-sample, dynamic, gaussian, p=0.3, explicit mask)");
        assertThat(Regularizers.describe(RegularizerSpec.of("gaussian-dropout", 0.3)))
                .isEqualTo("gaussian-dropout (unit, per-sample, dynamic, gaussian, p=0.3)");
        // fixed (per model) is one [Din, Dout] mask for every sample: a static rescaled pruning
        assertThat(Regularizers.describe(RegularizerSpec.of("pernode-bernoulli-fixed", 0.3)))
                .isEqualTo("pernode-bernoulli-fixed (connection, one mask for all samples, fixed per model: static "
                        + "rescaled pruning, bernoulli, p=0.3)");
        assertThat(Regularizers.describe(RegularizerSpec.of("pernode-bernoulli-fixed", 0.3)
                .withMode(Mode.FIXED_PER_SAMPLE)))
                .isEqualTo("pernode-bernoulli-fixed (connection, per-sample, fixed-per-sample, bernoulli, p=0.3)");
        assertThat(Regularizers.describe(RegularizerSpec.of("pernode-partial-gaussian", 0.3)))
                .isEqualTo("pernode-partial-gaussian (connection, per-sample, dynamic, partial-gaussian, p=0.3, sigma=1.0, "
                        + "local reparameterization)");
        assertThat(Regularizers.describe(RegularizerSpec.of("pernode-partial-gaussian", 0.3).withExplicitMask(true)))
                .isEqualTo("pernode-partial-gaussian (connection, per-sample, dynamic, partial-gaussian, p=0.3, sigma=1.0, "
                        + "explicit mask)");
        assertThat(Regularizers.describe(RegularizerSpec.of("masksembles", 0.3)))
                .isEqualTo("masksembles (unit, group, fixed-per-model, bernoulli, p=0.3, n=4, scale=1.441)");
    }

    @Test
    void customStirsAreRegisteredByNameAndBuiltInsCannotBeReplaced() {
        assertThat(StirRegistry.isKnown("bernoulli")).isTrue();
        assertThat(StirRegistry.isKnown("rt-stir")).isFalse();
        assertThatThrownBy(() -> StirRegistry.custom("rt-stir")).hasMessageContaining("unknown stir 'rt-stir'")
                .hasMessageContaining("bernoulli, gaussian, partial-gaussian");
        StirRegistry.register("rt-stir", (u, z, p) -> u, p -> 0.5);
        assertThat(StirRegistry.isKnown("rt-stir")).isTrue();
        assertThat(StirRegistry.custom("rt-stir").name()).isEqualTo("rt-stir");
        assertThat(StirRegistry.custom("rt-stir").mean().at(0.3)).isEqualTo(0.5);
        assertThatThrownBy(() -> StirRegistry.custom("other")).hasMessageContaining("registered: ")
                .hasMessageContaining("rt-stir");
        StirRegistry.unregister("rt-stir");
        assertThat(StirRegistry.isKnown("rt-stir")).isFalse();
        for (String bad : new String[]{"bernoulli", "gaussian", "partial-gaussian", "none"}) {
            assertThatThrownBy(() -> StirRegistry.register(bad, (u, z, p) -> u, p -> 0.5))
                    .hasMessageContaining("stir name '" + bad + "' is built in");
        }
        assertThatThrownBy(() -> StirRegistry.register(" ", (u, z, p) -> u, p -> 0.5)).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> StirRegistry.register(null, (u, z, p) -> u, p -> 0.5)).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> StirRegistry.register("x", null, p -> 0.5)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("function");
        assertThatThrownBy(() -> StirRegistry.register("x", (u, z, p) -> u, null)).hasMessageContaining("mean");
    }
}
