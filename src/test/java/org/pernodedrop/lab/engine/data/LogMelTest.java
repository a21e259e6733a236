package org.pernodedrop.lab.engine.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The log-mel features against an independent numpy computation of the librosa recipe
 * (src/test/resources/.../logmel_reference.py; the files beside it are its output).
 */
class LogMelTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = LogMelTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void slaneyMelScaleMatchesItsDefinition() {
        // linear part: 200/3 Hz per mel; 1 kHz is mel 15; log part: 27 mels per factor 6.4
        assertThat(LogMel.hzToMel(200.0 / 3)).isCloseTo(1.0, within(1e-12));
        assertThat(LogMel.hzToMel(1000)).isCloseTo(15.0, within(1e-12));
        assertThat(LogMel.hzToMel(6400)).isCloseTo(15.0 + 27, within(1e-9));
        for (double hz : new double[]{0, 50, 999, 1000, 2500, 8000}) {
            assertThat(LogMel.melToHz(LogMel.hzToMel(hz))).isCloseTo(hz, within(1e-9));
        }
    }

    @Test
    void filterBankMatchesTheIndependentReference() throws IOException {
        double[][] w = LogMel.melFilterBank(16000, 2048, 128);
        double[][] ref = new double[128][1025];
        int nonZero = 0;
        for (String line : resource("melbank-16000-2048-128.txt").split("\n")) {
            String[] t = line.trim().split(" ");
            ref[Integer.parseInt(t[0])][Integer.parseInt(t[1])] = Double.parseDouble(t[2]);
            nonZero++;
        }
        assertThat(nonZero).isGreaterThan(1000);
        for (int m = 0; m < 128; m++) {
            for (int k = 0; k < 1025; k++) {
                assertThat(w[m][k]).as("mel %d bin %d", m, k).isCloseTo(ref[m][k], within(1e-9 + 1e-7 * ref[m][k]));
            }
        }
    }

    @Test
    void filterAreasFollowSlaneyNormalisation() {
        // Slaney norm makes each triangle's area in Hz equal 1 (height 2/(f[m+2]-f[m]) times half the base);
        // the sum over bins times the bin width approximates it for the wide high-frequency filters
        double[][] w = LogMel.melFilterBank(16000, 2048, 128);
        double binHz = 16000.0 / 2048;
        for (int m = 60; m < 127; m++) {
            double area = 0;
            for (double v : w[m]) area += v * binHz;
            assertThat(area).as("mel %d", m).isCloseTo(1.0, within(0.02));
        }
    }

    @Test
    void spectrogramMatchesTheIndependentReference() throws Exception {
        Path wav = Files.createTempFile("clip", ".wav");
        try (InputStream in = LogMelTest.class.getResourceAsStream("speech-test-clip.wav")) {
            Files.write(wav, in.readAllBytes());
        }
        float[] clip = SpeechCommandsLoader.clip(wav);
        LogMel mel = new LogMel(16000, 16000, 2048, 128, 128);
        assertThat(mel.hop()).isEqualTo(125);
        float[] db = mel.decibels(clip);
        String[] rows = resource("logmel-16000-2048-128x128.txt").split("\n");
        assertThat(rows).hasSize(128);
        double maxErr = 0;
        for (int m = 0; m < 128; m++) {
            String[] v = rows[m].trim().split(" ");
            assertThat(v).hasSize(128);
            for (int t = 0; t < 128; t++) {
                double err = Math.abs(db[m * 128 + t] - Double.parseDouble(v[t]));
                maxErr = Math.max(maxErr, err);
            }
        }
        // float32 output of a float64 computation; dB values span 80 dB
        assertThat(maxErr).isLessThan(2e-3);
        Files.delete(wav);
    }

    @Test
    void fftMatchesTheDirectDft() {
        Random rnd = new Random(3);
        int n = 64;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = rnd.nextGaussian();
            im[i] = rnd.nextGaussian();
        }
        double[] r0 = re.clone();
        double[] i0 = im.clone();
        new LogMel.Fft(n).transform(re, im);
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * k * j / n;
                sr += r0[j] * Math.cos(a) - i0[j] * Math.sin(a);
                si += r0[j] * Math.sin(a) + i0[j] * Math.cos(a);
            }
            assertThat(re[k]).isCloseTo(sr, within(1e-9));
            assertThat(im[k]).isCloseTo(si, within(1e-9));
        }
    }

    @Test
    void featuresAreStandardisedAndFlooredAt80Db() {
        float[] clip = new float[16000];
        for (int i = 0; i < clip.length; i++) clip[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 16000.0));
        LogMel mel = new LogMel(16000, 16000, 2048, 64, 32);
        float[] db = mel.decibels(clip);
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float v : db) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertThat(max - min).isLessThanOrEqualTo(80.0001f);
        float[] f = mel.features(clip);
        double mean = 0;
        double sq = 0;
        for (float v : f) {
            mean += v;
            sq += v * v;
        }
        assertThat(mean / f.length).isCloseTo(0, within(1e-5));
        assertThat(sq / f.length).isCloseTo(1, within(1e-4));
        // a silent clip is constant: all zeros, not NaN
        for (float v : mel.features(new float[16000])) assertThat(v).isEqualTo(0f);
    }
}
