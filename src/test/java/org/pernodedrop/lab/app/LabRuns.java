package org.pernodedrop.lab.app;


/** Which run source the UI tests drive. */
final class LabRuns {

    private LabRuns() {
    }

    static RunFactory fake() {
        return (cfg, data) -> new FakeRunControl(cfg, 2);
    }

    static RunFactory real() {
        return TrainerRunControl::new;
    }
}
