package org.pernodedrop.lab.engine.train;

/** Receives trainer events on the trainer thread; must return quickly. */
@FunctionalInterface
public interface TrainingListener {
    void onEvent(TrainingEvent event);
}
