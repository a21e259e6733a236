package org.pernodedrop.lab.app.jobs;

/**
 * A model's tie to the {@link JobCoordinator}: the model reports its state changes here (running, paused, ended)
 * and the link registers the job on its first run and drops it when it ends. Without a coordinator it does nothing,
 * so a model used on its own (tests, the CLI's lessons) needs none. FX thread.
 */
public final class JobLink {

    private final String name;
    private final JobCoordinator.Control control;
    private JobCoordinator jobs;
    private JobCoordinator.Job job;

    public JobLink(String name, JobCoordinator.Control control) {
        this.name = name;
        this.control = control;
    }

    /** A job the coordinator pauses and resumes through these two commands (FX thread). */
    public JobLink(String name, Runnable pause, Runnable resume) {
        this(name, new JobCoordinator.Control() {
            @Override
            public void pause() {
                pause.run();
            }

            @Override
            public void resume() {
                resume.run();
            }
        });
    }

    /**
     * Follows a model that says whether it runs and whether it is paused: running starts (or resumes) the job,
     * not running ends it, paused and unpaused while running pause and resume it.
     */
    public void follow(javafx.beans.value.ObservableBooleanValue isRunning,
                       javafx.beans.value.ObservableBooleanValue isPaused) {
        isRunning.addListener((o, a, b) -> {
            if (b) running();
            else ended();
        });
        isPaused.addListener((o, a, b) -> {
            if (!isRunning.get()) return;
            if (b) paused();
            else running();
        });
    }

    public void setCoordinator(JobCoordinator coordinator) {
        jobs = coordinator;
    }

    /** The job trains (it started or resumed): registers it, or makes it the running one. */
    public void running() {
        if (jobs == null) return;
        if (job == null || !job.isRegistered()) job = jobs.begin(name, control);
        else job.running();
    }

    public void paused() {
        if (job != null) job.paused();
    }

    public void ended() {
        if (job != null) job.end();
        job = null;
    }
}
