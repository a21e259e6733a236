package org.pernodedrop.lab.app;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;

/** Makes the run behind a press of play. {@code data} is the already loaded dataset, or null to let the run load it. */
@FunctionalInterface
public interface RunFactory {
    RunControl create(ExperimentConfig config, Dataset data);
}
