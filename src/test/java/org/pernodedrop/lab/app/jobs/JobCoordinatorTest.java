package org.pernodedrop.lab.app.jobs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One training job at a time, whoever resumes it: a model that does not report its own resume still counts. */
class JobCoordinatorTest {

    /** A model that only obeys: it never calls {@link JobCoordinator.Job#running} itself. */
    static final class Quiet implements JobCoordinator.Control {
        final List<String> calls = new ArrayList<>();

        @Override
        public void pause() {
            calls.add("pause");
        }

        @Override
        public void resume() {
            calls.add("resume");
        }
    }

    @Test
    void resumingFromTheJobsListPausesTheOtherJob() {
        JobCoordinator jobs = new JobCoordinator();
        Quiet a = new Quiet();
        Quiet b = new Quiet();
        JobCoordinator.Job ja = jobs.begin("Search", a);
        JobCoordinator.Job jb = jobs.begin("Compare", b);
        assertThat(ja.state()).isEqualTo(JobCoordinator.State.PAUSED);
        assertThat(a.calls).containsExactly("pause");

        ja.resume();
        assertThat(a.calls).containsExactly("pause", "resume");
        assertThat(ja.state()).isEqualTo(JobCoordinator.State.RUNNING);
        assertThat(jb.state()).as("the other job yields").isEqualTo(JobCoordinator.State.PAUSED);
        assertThat(b.calls).containsExactly("pause");
        assertThat(jobs.messageProperty().get()).contains("Compare paused").contains("Search runs alone");
    }
}
