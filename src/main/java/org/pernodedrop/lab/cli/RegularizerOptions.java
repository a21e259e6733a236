package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.config.RegularizerSpec;
import picocli.CommandLine.Option;

/** The regularizer's optional parameters, shared by {@code masks} and {@code bench}. */
final class RegularizerOptions {

    @Option(names = "--rate", description = "drop rate p in [0, 1) (default: ${DEFAULT-VALUE})", defaultValue = "0.5")
    double rate;

    @Option(names = "--sigma", description = "partial-gaussian sigma (default: ${DEFAULT-VALUE})", defaultValue = "1.0")
    double sigma;

    @Option(names = "--masks", description = "Masksembles: number of masks n (default: ${DEFAULT-VALUE})", defaultValue = "4")
    int masks;

    @Option(names = "--scale", description = "Masksembles: scale s in (1, 6], used when --rate is 0 (default: ${DEFAULT-VALUE})",
            defaultValue = "2.0")
    double scale;

    @Option(names = "--fixed-per-sample", description = "fixed presets: one mask per training example instead of per model")
    boolean fixedPerSample;

    @Option(names = "--explicit-mask", description = "pernode-gaussian, pernode-partial-gaussian: explicit per-connection mask path instead of local reparameterization")
    boolean explicitMask;

    RegularizerSpec spec(String preset) {
        RegularizerSpec s = RegularizerSpec.of(preset, rate).withSigma(sigma).withMasksembles(masks, scale)
                .withExplicitMask(explicitMask);
        if (fixedPerSample) {
            if (s.mode() != RegularizerSpec.Mode.FIXED_PER_MODEL || s.sharing() == RegularizerSpec.Sharing.GROUP) {
                throw new IllegalArgumentException("--fixed-per-sample applies to the fixed pernode presets, not '"
                        + preset + "'");
            }
            s = s.withMode(RegularizerSpec.Mode.FIXED_PER_SAMPLE);
        }
        return s;
    }
}
