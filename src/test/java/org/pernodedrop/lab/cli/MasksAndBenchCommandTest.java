package org.pernodedrop.lab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pernodedrop.lab.engine.config.ConfigJson;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MasksAndBenchCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LabCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static JsonNode json(String s) throws Exception {
        return ConfigJson.mapper().readTree(s);
    }

    @Test
    void masksPrintsPernodeBernoulliMultipliers() throws Exception {
        Run r = run("masks", "--regularizer", "pernode-bernoulli", "--rate", "0.5", "--batch", "3", "--din", "20",
                "--dout", "30", "--seed", "4", "--step", "2");
        assertThat(r.code()).isZero();
        JsonNode j = json(r.out());
        assertThat(j.get("regularizer").asText()).isEqualTo("pernode-bernoulli");
        assertThat(j.get("rate").asDouble()).isEqualTo(0.5);
        assertThat(j.get("step").asLong()).isEqualTo(2);
        assertThat(j.get("shape").toString()).isEqualTo("[3,20,30]");
        int kept = 0;
        for (JsonNode b : j.get("mask")) {
            for (JsonNode i : b) {
                assertThat(i.size()).isEqualTo(30);
                for (JsonNode v : i) {
                    assertThat(v.asDouble()).isIn(0.0, 2.0);
                    if (v.asDouble() > 0) kept++;
                }
            }
        }
        // 1800 Bernoulli(1/2) draws: 5 standard errors of sqrt(1800 / 4)
        assertThat((double) kept).isCloseTo(900, org.assertj.core.data.Offset.offset(5 * Math.sqrt(450)));
        // same arguments, same masks; another step, other masks
        assertThat(run("masks", "--regularizer", "pernode-bernoulli", "--rate", "0.5", "--batch", "3", "--din", "20",
                "--dout", "30", "--seed", "4", "--step", "2").out()).isEqualTo(r.out());
        assertThat(run("masks", "--regularizer", "pernode-bernoulli", "--rate", "0.5", "--batch", "3", "--din", "20",
                "--dout", "30", "--seed", "4", "--step", "3").out()).isNotEqualTo(r.out());
    }

    @Test
    void masksReportTheEffectiveRate() throws Exception {
        // p = 0.01: q_eff = round(0.99 * 65536) / 65536 = 64881 / 65536, so p_eff = 655 / 65536
        JsonNode j = json(run("masks", "--regularizer", "pernode-bernoulli", "--rate", "0.01", "--batch", "2",
                "--din", "4", "--dout", "5").out());
        assertThat(j.get("rate").asDouble()).isEqualTo(0.01);
        assertThat(j.get("effective_rate").asDouble()).isEqualTo(655.0 / 65536);
        // Masksembles: the realised dropped fraction of its masks, counted from the printed masks of the 4 groups
        JsonNode m = json(run("masks", "--regularizer", "masksembles", "--rate", "0.3", "--batch", "4", "--din", "20",
                "--dout", "2").out());
        int zeros = 0;
        for (JsonNode b : m.get("mask")) for (JsonNode i : b) if (i.get(0).asDouble() == 0.0) zeros++;
        assertThat(m.get("effective_rate").asDouble()).isCloseTo(zeros / 80.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(zeros).isPositive();
    }

    @Test
    void masksOfUnitPresetsRepeatAcrossNodes() throws Exception {
        Run r = run("masks", "--regularizer", "dropout", "--rate", "0.25", "--batch", "2", "--din", "5", "--dout", "4");
        assertThat(r.code()).isZero();
        for (JsonNode b : json(r.out()).get("mask")) {
            for (JsonNode i : b) {
                for (JsonNode v : i) {
                    assertThat(v.asDouble()).isEqualTo(i.get(0).asDouble());
                    assertThat(v.asDouble() == 0.0 || Math.abs(v.asDouble() - 4.0 / 3.0) < 1e-6).isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "masks --regularizer dropout --rate 1.0 --batch 2 --din 3 --dout 2|drop rate must be in [0, 1)",
            "masks --regularizer dropout --rate -0.1 --batch 2 --din 3 --dout 2|drop rate must be in [0, 1)",
            "masks --regularizer masksembles --batch 4 --din 5 --dout 2|at least 10 channels",
            "masks --regularizer masksembles --batch 6 --din 12 --dout 2|not a multiple of 4",
            "masks --regularizer nope --batch 2 --din 3 --dout 2|unknown regularizer preset 'nope'",
            "masks --regularizer dropout --batch 0 --din 3 --dout 2|must be >= 1",
            "masks --regularizer dropout --batch 2 --din 3|--dout",
            "bench --variants pernode-bernoulli --din 100 --rounds 1|--din must be channels x 7 x 7",
            "bench --variants masksembles --batch 6 --din 49 --dout 4 --rounds 1|not a multiple of 4",
            "bench --variants what --din 49 --rounds 1|unknown regularizer preset 'what'",
            "bench --slot --din 49 --rounds 1 --peer true|cannot be combined with --slot",
            "bench --slot --din 49 --rounds 1 --zero-inputs 1|--zero-inputs must be in [0, 1)",
            "bench --din 49 --rounds 1 --zero-inputs 0.5|it needs --slot"})
    void badArgumentsExitTwoWithOneErrorLine(String args, String message) {
        Run r = run(args.split(" "));
        assertThat(r.code()).isEqualTo(2);
        String[] lines = r.err().strip().split("\\R");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith("error:").contains(message);
    }

    @Test
    void benchReportsEveryVariantAgainstDropout() throws Exception {
        Run r = run("bench", "--variants", "pernode-bernoulli,pernode-gaussian,masksembles", "--din", "196", "--dout", "16",
                "--batch", "8", "--rounds", "2", "--warmup", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode v = json(r.out()).get("variants");
        assertThat(v.size()).isEqualTo(4);
        assertThat(v.get(0).get("name").asText()).isEqualTo("dropout");
        assertThat(v.get(0).get("ratio_to_dropout").asDouble()).isEqualTo(1.0);
        for (JsonNode row : v) {
            assertThat(row.get("median_ms").asDouble()).isPositive();
            assertThat(row.get("ratio_to_dropout").asDouble()).isPositive();
            assertThat(row.get("mask_mem_mb").asDouble()).isBetween(0.0, 16.0);
        }
    }
    @Test
    void benchTimesTheSlotAloneOnAnyWidth() throws Exception {
        // --slot takes din as the slot's input width, with no CNN in front: 100 is not channels x 7 x 7
        Run r = run("bench", "--slot", "--variants", "pernode-bernoulli,pernode-partial-gaussian", "--din", "100",
                "--dout", "16", "--batch", "8", "--rounds", "2", "--warmup", "1", "--zero-inputs", "0.8", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("the slot layer only");
        JsonNode v = json(r.out()).get("variants");
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.get(0).get("ratio_to_dropout").asDouble()).isEqualTo(1.0);
        for (JsonNode row : v) assertThat(row.get("median_ms").asDouble()).isPositive();
    }

    /** A stand-in peer that reports 100 ms wall and 50 ms CPU for every step: its row must carry exactly those. */
    @Test
    void benchInterleavesAPeerAndReportsDropoutOverPeer() throws Exception {
        String fake = "echo ready fake peer; while read l; do [ \"$l\" = step ] || exit 0; echo 100 50; done";
        Run r = run("bench", "--variants", "dropout", "--din", "49", "--dout", "8", "--batch", "4", "--rounds", "3",
                "--warmup", "1", "--json", "--peer", fake);
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode all = json(r.out());
        assertThat(all.get("peer").asText()).isEqualTo("fake peer");
        JsonNode v = all.get("variants");
        assertThat(v.size()).isEqualTo(2);
        JsonNode peer = v.get(1);
        assertThat(peer.get("name").asText()).isEqualTo("peer");
        assertThat(peer.get("median_ms").asDouble()).isEqualTo(100.0);
        assertThat(peer.get("median_cpu_ms").asDouble()).isEqualTo(50.0);
        // dropout / peer is the inverse of the median per-round ratio peer / dropout
        assertThat(all.get("dropout_to_peer").asDouble())
                .isCloseTo(1.0 / peer.get("ratio_to_dropout").asDouble(), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void benchRefusesAPeerThatDoesNotSayReady() {
        Run r = run("bench", "--variants", "dropout", "--din", "49", "--dout", "8", "--batch", "4", "--rounds", "1",
                "--peer", "echo nope");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("did not start").contains("'nope'");
    }
}
