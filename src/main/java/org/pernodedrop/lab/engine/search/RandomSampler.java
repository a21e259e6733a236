package org.pernodedrop.lab.engine.search;

import java.util.List;

/** Independent uniform draws (log-uniform on log dimensions): the baseline every other strategy must beat. */
public record RandomSampler(long seed) implements Sampler {

    @Override
    public double[] next(List<Dim> space, List<Observation> history, int trial) {
        return Sampler.uniform(space, Sampler.rng(seed, trial));
    }
}
