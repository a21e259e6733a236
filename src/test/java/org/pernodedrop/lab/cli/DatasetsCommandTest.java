package org.pernodedrop.lab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.data.DataLocations;
import org.pernodedrop.lab.engine.data.Datasets;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetsCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void userFolder() {
        System.setProperty(DataLocations.DATA_PROPERTY, tmp.resolve("user").toString());
    }

    @AfterEach
    void reset() {
        System.clearProperty(DataLocations.DATA_PROPERTY);
    }

    private int run(String... args) {
        return LabCommand.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void listShowsEverySourceWithItsAvailability() {
        assertThat(run("datasets", "list")).isZero();
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(Datasets.NAMES.size() + 1);
        for (String n : Datasets.NAMES) assertThat(out.toString()).containsPattern("(?m)^" + n + " ");
        assertThat(out.toString()).containsPattern("(?m)^spiral +2-d +embedded");
        assertThat(out.toString()).containsPattern("(?m)^cifar10 +vision +(downloadable|found)");
        out.getBuffer().setLength(0);
        assertThat(run("datasets", "list", "--json")).isZero();
        JsonNode a = ConfigJson.read(out.toString(), JsonNode.class);
        assertThat(a.size()).isEqualTo(Datasets.NAMES.size());
        assertThat(a.get(0).get("availability").asText()).isEqualTo("embedded");
    }

    @Test
    void inspectPrintsTheJsonOfARealLoad() {
        assertThat(run("datasets", "inspect", "moons", "--train-limit", "100")).isZero();
        JsonNode j = ConfigJson.read(out.toString(), JsonNode.class);
        assertThat(j.get("name").asText()).isEqualTo("moons");
        assertThat(j.get("train").asInt()).isEqualTo(100);
        assertThat(j.get("val").asInt()).isEqualTo(150);
        assertThat(j.get("input_shape").toString()).isEqualTo("[2]");
        assertThat(j.get("classes").asInt()).isEqualTo(2);
        assertThat(j.get("multi_label").asBoolean()).isFalse();
    }

    @Test
    void inspectOfAnIdxFolder() throws Exception {
        Path d = tmp.resolve("m");
        Files.createDirectories(d);
        byte[] img = ByteBuffer.allocate(16 + 20 * 4).putInt(0x803).putInt(20).putInt(2).putInt(2).array();
        byte[] lab = ByteBuffer.allocate(8 + 20).putInt(0x801).putInt(20).array();
        for (int i = 0; i < 20; i++) lab[8 + i] = (byte) (i % 10);
        for (String p : new String[]{"train", "t10k"}) {
            Files.write(d.resolve(p + "-images-idx3-ubyte"), img);
            Files.write(d.resolve(p + "-labels-idx1-ubyte"), lab);
        }
        assertThat(run("datasets", "inspect", "mnist", "--data-dir", d.toString(), "--train-limit", "10")).isZero();
        JsonNode j = ConfigJson.read(out.toString(), JsonNode.class);
        assertThat(j.get("train").asInt()).isEqualTo(10);
        assertThat(j.get("val").asInt()).isEqualTo(20);
        assertThat(j.get("input_shape").toString()).isEqualTo("[1,2,2]");
        assertThat(j.get("classes").asInt()).isEqualTo(10);
    }

    @Test
    void badArgumentsExit2() {
        assertThat(run("datasets", "inspect", "nosuchset")).isEqualTo(2);
        assertThat(err.toString().trim()).startsWith("error:").contains("nosuchset").doesNotContain("\tat ");
        err.getBuffer().setLength(0);
        assertThat(run("datasets", "inspect", "spiral", "--train-limit", "many")).isEqualTo(2);
        assertThat(err.toString().trim().split("\n")).hasSize(1);
        assertThat(run("datasets", "inspect")).isEqualTo(2);
    }

    @Test
    void badDataExit3WithOneLineNamingFileAndPosition() throws Exception {
        Path d = tmp.resolve("bad");
        Files.createDirectories(d);
        Path f = d.resolve("x.svm");
        Files.writeString(f, "1 1:0.5\n2 1:0.5\n1 4:x\n");
        assertThat(run("datasets", "inspect", "svmlight", "--data-dir", f.toString())).isEqualTo(3);
        String e = err.toString().trim();
        assertThat(e.split("\n")).hasSize(1);
        assertThat(e).startsWith("error: ").contains(f + " line 3");
        err.getBuffer().setLength(0);
        assertThat(run("datasets", "inspect", "mnist", "--data-dir", d.toString())).isEqualTo(3);
        assertThat(err.toString()).startsWith("error: ").contains("not found");
    }
}
