package org.pernodedrop.lab.app.jobs;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.pernodedrop.lab.engine.train.NativeThreads;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The training jobs of the window - the single run, a comparison, a sweep, Monte Carlo inference, a sweep's time
 * estimate - and the rule that only one of them trains at a time (by default): when a job starts or resumes, every
 * other running job is paused and {@link #messageProperty()} says which and why. Two jobs training at once on a
 * laptop's few cores each run at half speed or worse (their native threads oversubscribe the CPU), and an estimate
 * timed beside another job is wrong.
 *
 * <p>The coordinator also owns the process-wide native thread budget ({@link NativeThreads#shareAmong}): it is set
 * once when a job starts or resumes, to the number of jobs that train at once (1 unless {@link #parallelProperty()}
 * allows more), and jobs do not reset it themselves.
 *
 * <p>FX thread only. A model registers itself with {@link #begin}, and tells the coordinator when it pauses
 * ({@link Job#paused}), resumes ({@link Job#running}) and ends ({@link Job#end}); the coordinator pauses it through
 * its {@link Control}.
 */
public final class JobCoordinator {

    public enum State { RUNNING, PAUSED }

    /** How the coordinator (and the jobs list) pauses and resumes a job; called on the FX thread. */
    public interface Control {
        void pause();

        void resume();

        /** Whether the job can wait paused; one that cannot (an estimate) is stopped instead. */
        default boolean canPause() {
            return true;
        }
    }

    /** One registered job. */
    public final class Job {
        private final String name;
        private final Control control;
        private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.RUNNING);

        private Job(String name, Control control) {
            this.name = name;
            this.control = control;
        }

        public String name() {
            return name;
        }

        public ReadOnlyObjectProperty<State> stateProperty() {
            return state.getReadOnlyProperty();
        }

        public State state() {
            return state.get();
        }

        /** Whether the coordinator still lists the job (one that cannot pause is dropped when another starts). */
        public boolean isRegistered() {
            return jobs.contains(this);
        }

        /** The job trains again (the user resumed it): the others pause. */
        public void running() {
            if (jobs.contains(this)) activate(this);
        }

        /** The job paused itself (its Pause button, a stepped epoch). */
        public void paused() {
            if (jobs.contains(this)) {
                state.set(State.PAUSED);
                revision.set(revision.get() + 1);
            }
        }

        /** The job finished, failed or was stopped. */
        public void end() {
            if (jobs.remove(this)) {
                updateBudget();
                revision.set(revision.get() + 1);
            }
        }

        /** Asks the job to pause (from the jobs list). */
        public void pause() {
            if (state.get() == State.RUNNING) control.pause();
        }

        /**
         * Resumes the job (from the jobs list) and makes it the running one: the others pause. The coordinator
         * does this itself rather than wait for the model to report {@link #running}, which a model may not do for
         * a resume it did not start (the Search view did not, and then trained beside another job).
         */
        public void resume() {
            if (state.get() != State.PAUSED) return;
            control.resume();
            if (jobs.contains(this)) activate(this);
        }

        @Override
        public String toString() {
            return name + " (" + (state.get() == State.RUNNING ? "running" : "paused") + ")";
        }
    }

    private final ObservableList<Job> jobs = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanProperty parallel = new SimpleBooleanProperty(false);
    private final javafx.beans.property.ReadOnlyIntegerWrapper revision = new javafx.beans.property.ReadOnlyIntegerWrapper();

    public JobCoordinator() {
        parallel.addListener((o, a, b) -> updateBudget());
    }

    /** Registers a job that starts training now; with one job at a time, every other running job pauses. */
    public Job begin(String name, Control control) {
        Job j = new Job(Objects.requireNonNull(name), Objects.requireNonNull(control));
        jobs.add(j);
        activate(j);
        return j;
    }

    private void activate(Job j) {
        List<String> paused = new ArrayList<>();
        if (!parallel.get()) {
            for (Job o : List.copyOf(jobs)) {
                if (o == j || o.state.get() != State.RUNNING) continue;
                o.control.pause();
                if (o.control.canPause()) {
                    o.state.set(State.PAUSED);
                    paused.add(o.name + " paused");
                } else {
                    jobs.remove(o);
                    paused.add(o.name + " stopped");
                }
            }
        }
        j.state.set(State.RUNNING);
        updateBudget();
        message.set(paused.isEmpty() ? j.name + " running"
                : String.join(", ", paused) + ": " + j.name + " runs alone (one training job at a time; resume from "
                + "the Jobs menu)");
        revision.set(revision.get() + 1);
    }

    /** Ticks on every change of the list or of a job's state. */
    public javafx.beans.property.ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** The native threads each training job gets: all cores over the jobs that train at once. */
    private void updateBudget() {
        long running = jobs.stream().filter(x -> x.state.get() == State.RUNNING).count();
        NativeThreads.shareAmong((int) Math.max(1, parallel.get() ? running : 1));
    }

    /** The registered jobs, oldest first. */
    public ObservableList<Job> jobs() {
        return FXCollections.unmodifiableObservableList(jobs);
    }

    /** The running job's name, or null. */
    public String runningName() {
        return jobs.stream().filter(x -> x.state.get() == State.RUNNING).map(Job::name).findFirst().orElse(null);
    }

    /** What the coordinator last did, in words (shown in the status bars). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Let jobs train at the same time (off by default); the thread budget is then shared between them. */
    public BooleanProperty parallelProperty() {
        return parallel;
    }
}
