package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.SweepSpec;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The four axes of a sweep (variants x rates x widths x seeds), shared by {@code sweep} and {@code sweep plan}. */
final class GridOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--variants", split = ",", paramLabel = "A,B,...",
            description = "Regularizer presets, e.g. dropout,pernode-bernoulli.")
    List<String> variants;

    @Option(names = "--rates", paramLabel = "START:END:STEP", defaultValue = "0.0:0.9:0.1",
            description = "Drop rates, a range start:end:step (inclusive) or a list a,b,c (default: ${DEFAULT-VALUE}).")
    String rates;

    @Option(names = "--units", split = ",", paramLabel = "U,...", defaultValue = "16",
            description = "Slot widths (default: ${DEFAULT-VALUE}).")
    List<Integer> units;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1", description = "Seeds 1..N (default: ${DEFAULT-VALUE}).")
    int seeds;

    /** The sweep around {@code base}; with --config and no --units the config's own width. */
    SweepSpec spec(ExperimentConfig base, boolean fromConfigFile) {
        if (variants == null) throw new IllegalArgumentException("give --variants, e.g. --variants dropout,pernode-bernoulli");
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        List<Long> seedList = new ArrayList<>();
        for (long s = 1; s <= seeds; s++) seedList.add(s);
        List<Integer> widths = units;
        if (fromConfigFile && !mixee.commandLine().getParseResult().hasMatchedOption("--units")) {
            widths = List.of(base.model().units());
        }
        return new SweepSpec(base, variants, SweepSpec.parseRates(rates), widths, seedList);
    }
}
