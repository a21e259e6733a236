package org.pernodedrop.lab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's side of issue 17: which copy of the data was used, and bad data as one readable error line. */
class DataErrorLinesTest {

    @TempDir
    Path dir;

    @Test
    void trainSaysWhichFileItLoadedInItsLineAndProvenance() throws Exception {
        Path csv = dir.resolve("points.csv");
        StringBuilder sb = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 40; i++) sb.append(i % 7).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        Files.writeString(csv, sb);
        Path out = dir.resolve("run");
        Cli r = Cli.run("train", "--dataset", "csv", "--data-dir", csv.toString(), "--epochs", "1", "--batch", "10",
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("data from " + csv);
        assertThat(Files.readString(out.resolve("provenance.json"))).contains("\"data_origin\" : \"" + csv + "\"");
    }

    @Test
    void aNulBlockInTheDataIsOneEscapedErrorLine() throws Exception {
        Path svm = dir.resolve("crashed.svm");
        byte[] good = "1 1:0.5\n2 2:1\n1 1:1\n2 2:0.5\n".getBytes(StandardCharsets.UTF_8);
        Files.write(svm, Arrays.copyOf(good, good.length + 1000));
        Cli r = Cli.run("train", "--dataset", "svmlight", "--data-dir", svm.toString(), "--out",
                dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.errorLines()).isEqualTo(1);
        assertThat(r.err()).contains(svm + " line 5").contains("\\0\\0").doesNotContain("\0").doesNotContain("\tat ");
    }

    @Test
    void errorLinesEscapeControlCharactersAndNameIoFailures() {
        assertThat(CliErrors.line("bad \u001b[2J label\0")).isEqualTo("error: bad \\x1b[2J label\\0");
        assertThat(CliErrors.line(null)).isEqualTo("error: failed without a message");
        assertThat(CliErrors.ioMessage(new java.nio.file.AccessDeniedException("/out/runs.csv")))
                .isEqualTo("/out/runs.csv: permission denied");
        assertThat(CliErrors.ioMessage(new java.nio.file.FileSystemException("/out/runs", null,
                "Read-only file system"))).isEqualTo("/out/runs: Read-only file system");
        assertThat(CliErrors.ioMessage(new java.io.EOFException())).isEqualTo("the data ends too early");
    }
}
