package org.pernodedrop.lab.app;

import org.pernodedrop.lab.engine.config.ExperimentConfig;

import java.util.function.Function;

/** Which run source the UI tests drive. */
final class LabRuns {

    private LabRuns() {
    }

    static Function<ExperimentConfig, RunControl> forTests() {
        return cfg -> new FakeRunControl(cfg, 2);
    }
}
