package org.pernodedrop.lab.engine.report;

import org.pernodedrop.lab.engine.experiment.RunRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A paper-shaped sweep (variants x rates x epochs) with plausible loss curves, for report tests and samples. */
final class SyntheticSweep {

    static final List<String> PAPER_VARIANTS = List.of("pernode-gaussian", "pernode-bernoulli", "dropout",
            "gaussian-dropout", "pernode-gaussian-fixed", "pernode-bernoulli-fixed", "dropconnect", "masksembles");

    private SyntheticSweep() {
    }

    /**
     * Variant i has a floor 0.80 + 0.03 i at its best rate 0.2 + 0.07 i; validation loss falls with the epoch,
     * then creeps up as the net overfits (less so at high rates); training loss keeps falling.
     */
    static List<RunRecord> records(List<String> variants, double[] rates, int epochs, long seed) {
        Random rnd = new Random(seed);
        List<RunRecord> out = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            String v = variants.get(i);
            double floor = 0.80 + 0.03 * i, bestRate = 0.2 + 0.07 * i;
            for (double rate : rates) {
                String run = v + "-p" + rate;
                for (int e = 1; e <= epochs; e++) {
                    double train = 0.35 + rate * 0.5 + 1.2 * Math.exp(-e / 4.0) + 0.01 * rnd.nextGaussian();
                    double val = floor + 0.6 * (rate - bestRate) * (rate - bestRate) + 0.9 * Math.exp(-e / 3.0)
                            + 0.004 * (1 - rate) * e + 0.004 * rnd.nextGaussian();
                    double vacc = 0.95 - 0.3 * val + 0.005 * rnd.nextGaussian();
                    double tacc = 0.97 - 0.3 * train;
                    double secs = (v.startsWith("pernode") && !v.endsWith("fixed") ? 4.4 : 3.0)
                            + 0.25 * rnd.nextGaussian();
                    out.add(new RunRecord(run, "cifar10", v, rate, 128, 42, e, train + 0.05, train, tacc, val, vacc,
                            secs));
                }
            }
        }
        return out;
    }
}
