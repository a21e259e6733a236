package org.pernodedrop.lab.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeCommandTest {

    @Test
    void trainsRealStepsAndNamesTheBackend() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "smoke", "--steps", "5");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("backend: CPU").contains("trained 5 steps").contains("ok");
    }

    @Test
    void impossibleStepCountIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = LabCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "smoke",
                "--steps", "0");
        assertThat(code).isEqualTo(LabCommand.EXIT_USAGE);
        assertThat(err.toString()).startsWith("error:").contains("--steps");
    }
}
