package org.pernodedrop.lab.engine.search;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Proposes the next point of a search from the trials so far. Samplers are pure functions of (space, history,
 * trial index, seed): the random stream of trial {@code i} is {@link #rng(long, int)}, so a search that resumes after
 * an interruption proposes exactly what the uninterrupted search would have.
 */
public interface Sampler {

    /**
     * A finished trial as samplers see it: its point, its objective (lower is better), and how far it got - the index
     * of the last ASHA rung it passed ({@code Integer.MAX_VALUE} for a trial that trained to the end), so a trial
     * stopped early ranks below every trial that went further, whatever its value (as Optuna ranks pruned trials).
     */
    record Observation(int index, double[] x, double value, int reached) {
        public Observation {
            x = x.clone();
        }

        public double[] x() {
            return x.clone();
        }

        /** Coordinate {@code d} of the point, without a copy. */
        public double at(int d) {
            return x[d];
        }

        /** Better first: further, then lower value (NaN last). */
        static int compare(Observation a, Observation b) {
            if (a.reached != b.reached) return Integer.compare(b.reached, a.reached);
            boolean an = Double.isNaN(a.value);
            boolean bn = Double.isNaN(b.value);
            if (an || bn) return Boolean.compare(an, bn);
            return Double.compare(a.value, b.value);
        }
    }

    double[] next(List<Dim> space, List<Observation> history, int trial);

    /** The random stream of one trial: independent across trials, the same on every run. */
    static SplittableRandom rng(long seed, int trial) {
        // golden-ratio stride keeps the streams of (seed, trial) and (seed + 1, trial - k) apart
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + trial * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
    }

    /** A uniform point (log-uniform on log dimensions, uniform over categories). */
    static double[] uniform(List<Dim> space, SplittableRandom rng) {
        double[] x = new double[space.size()];
        for (int d = 0; d < x.length; d++) {
            Dim dim = space.get(d);
            if (dim instanceof Dim.Categorical c) {
                x[d] = rng.nextInt(c.choices().size());
            } else if (dim instanceof Dim.Int i) {
                // integers: uniform over the range they own, so the end values get full weight
                x[d] = dim.fromModel(i.ownedLow() + (i.ownedHigh() - i.ownedLow()) * rng.nextDouble());
            } else {
                x[d] = dim.fromModel(dim.low() + (dim.high() - dim.low()) * rng.nextDouble());
            }
        }
        return x;
    }
}
