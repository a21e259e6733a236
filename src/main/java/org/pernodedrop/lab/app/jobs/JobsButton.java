package org.pernodedrop.lab.app.jobs;

import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;

/**
 * The list of training jobs in a status bar: the button says how many run and what the coordinator last did; its
 * menu lists every job with Pause or Resume, and the switch that lets jobs train in parallel.
 */
public final class JobsButton extends MenuButton {

    private final JobCoordinator jobs;

    public JobsButton(JobCoordinator jobs) {
        this.jobs = jobs;
        getStyleClass().add("small");
        setId("jobs-button");
        setMinWidth(USE_PREF_SIZE);
        jobs.revisionProperty().addListener((o, a, b) -> update());
        update();
    }

    private void update() {
        long running = jobs.jobs().stream().filter(j -> j.state() == JobCoordinator.State.RUNNING).count();
        int n = jobs.jobs().size();
        setText(n == 0 ? "No jobs" : "Jobs: " + running + " running" + (n > running ? ", " + (n - running)
                + " paused" : ""));
        setTooltip(new Tooltip(jobs.messageProperty().get().isEmpty() ? "Training jobs of this window"
                : jobs.messageProperty().get()));
        getItems().clear();
        for (JobCoordinator.Job j : jobs.jobs()) {
            boolean on = j.state() == JobCoordinator.State.RUNNING;
            MenuItem m = new MenuItem(j.name() + (on ? ": running - pause" : ": paused - resume"));
            m.setOnAction(e -> {
                if (on) j.pause();
                else j.resume();
            });
            getItems().add(m);
        }
        if (n == 0) {
            MenuItem none = new MenuItem("(nothing trains)");
            none.setDisable(true);
            getItems().add(none);
        }
        getItems().add(new SeparatorMenuItem());
        CheckMenuItem parallel = new CheckMenuItem("Let jobs train at the same time (each gets a share of the cores)");
        parallel.setSelected(jobs.parallelProperty().get());
        parallel.selectedProperty().addListener((o, a, b) -> jobs.parallelProperty().set(b));
        getItems().add(parallel);
    }

    /** The coordinator's last message (what the status bar says). */
    public String message() {
        return jobs.messageProperty().get();
    }
}
