package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * MaskSource beyond the Bernoulli rates (BernoulliRateTest): the SplitMix64 words against the generator's published
 * outputs, the uniform and normal draws and every stir's mask elements against their distributions (statistics of
 * many draws, tolerances of 5 standard errors), the packed 8-bit compare, the word counts per row, the threshold
 * clamps, and the identity/mean/sd the layer reads.
 */
class MaskSourceTest {

    private static final int N = 200_000;

    @AfterEach
    void unregister() {
        StirRegistry.unregister("test-u");
        StirRegistry.unregister("test-z");
        StirRegistry.unregister("test-uz");
        StirRegistry.unregister("test-p");
    }

    @Test
    void wordsAreSplitMix64() {
        // SplitMix64 (Steele, Lea, Flood 2014; Vigna's splitmix64.c) from state 0 outputs 0xE220A8397B1DCDAF,
        // 0x6E789E6AA1B965F4, 0x06C45D188009454F: the state advances by the golden gamma, then mix64. word(0, k) is
        // the k-th output.
        assertThat(MaskSource.word(0, 1)).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(MaskSource.word(0, 2)).isEqualTo(0x6E789E6AA1B965F4L);
        assertThat(MaskSource.word(0, 3)).isEqualTo(0x06C45D188009454FL);
        assertThat(MaskSource.mix64(0)).isZero();
        // keys: fixed masks do not depend on the step, dynamic ones do, and both depend on the seed
        assertThat(MaskSource.fixedKey(5)).isEqualTo(MaskSource.fixedKey(5)).isNotEqualTo(MaskSource.fixedKey(6));
        assertThat(MaskSource.stepKey(5, 1)).isNotEqualTo(MaskSource.stepKey(5, 2))
                .isNotEqualTo(MaskSource.stepKey(6, 1));
    }

    private static double[] moments(double[] v) {
        double s = 0;
        double s2 = 0;
        for (double x : v) {
            s += x;
            s2 += x * x;
        }
        double mean = s / v.length;
        return new double[]{mean, s2 / v.length - mean * mean};
    }

    @Test
    void uniformsAreUniformOnTheOpenUnitInterval() {
        long key = MaskSource.stepKey(3, 1);
        double[] u = new double[N];
        int below = 0;
        for (int k = 0; k < N; k++) {
            u[k] = MaskSource.uniform(key, k);
            assertThat(u[k]).isGreaterThan(0.0).isLessThan(1.0);
            if (u[k] < 0.25) below++;
        }
        double[] m = moments(u);
        // U(0, 1): mean 1/2 (se sqrt(1/12 / N)), variance 1/12 (se sqrt(1/180 / N)), P(u < 1/4) = 1/4
        assertThat(m[0]).isCloseTo(0.5, offset(5 * Math.sqrt(1.0 / 12 / N)));
        assertThat(m[1]).isCloseTo(1.0 / 12, offset(5 * Math.sqrt(1.0 / 180 / N)));
        assertThat((double) below / N).isCloseTo(0.25, offset(5 * Math.sqrt(0.25 * 0.75 / N)));
    }

    @Test
    void normalsHaveTheMomentsOfAStandardNormal() {
        long key = MaskSource.stepKey(4, 1);
        double[] z = new double[N];
        double s3 = 0;
        double s4 = 0;
        int tail = 0;
        for (int k = 0; k < N; k++) {
            z[k] = MaskSource.normal(key, k);
            s3 += z[k] * z[k] * z[k];
            s4 += z[k] * z[k] * z[k] * z[k];
            if (z[k] > 1.959964) tail++;
        }
        double[] m = moments(z);
        // N(0, 1): mean 0 (se 1/sqrt N), variance 1 (se sqrt(2/N)), E z^3 = 0 (se sqrt(15/N)), E z^4 = 3
        // (se sqrt(96/N)), P(z > 1.96) = 0.025
        assertThat(m[0]).isCloseTo(0.0, offset(5 / Math.sqrt(N)));
        assertThat(m[1]).isCloseTo(1.0, offset(5 * Math.sqrt(2.0 / N)));
        assertThat(s3 / N).isCloseTo(0.0, offset(5 * Math.sqrt(15.0 / N)));
        assertThat(s4 / N).isCloseTo(3.0, offset(5 * Math.sqrt(96.0 / N)));
        assertThat((double) tail / N).isCloseTo(0.025, offset(5 * Math.sqrt(0.025 * 0.975 / N)));
        // the local-reparameterization noise is another stream of standard normals, indexed by [b, j]
        double[] eps = new double[N];
        for (int k = 0; k < N; k++) eps[k] = MaskSource.lrtEps(key, k / 100, k % 100, 100);
        double[] e = moments(eps);
        assertThat(e[0]).isCloseTo(0.0, offset(5 / Math.sqrt(N)));
        assertThat(e[1]).isCloseTo(1.0, offset(5 * Math.sqrt(2.0 / N)));
        assertThat(MaskSource.lrtEps(key, 2, 3, 100)).isNotEqualTo(MaskSource.normal(key, 203));
    }

    /** N mask elements of one stir, as rows of 100. */
    private static double[] elements(MaskSource src) {
        double[] all = src.block(MaskSource.stepKey(8, 2), 0, N / 100, 100);
        assertThat(all).hasSize(N);
        return all;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.3, 0.7})
    void gaussianElementsAreOnePlusNoiseOfVariancePOverQ(double p) {
        MaskSource src = new MaskSource("gaussian", p, 1);
        double var = p / (1 - p);
        assertThat(src.gaussianSd()).isCloseTo(Math.sqrt(var), offset(1e-15));
        double[] m = moments(elements(src));
        assertThat(m[0]).isCloseTo(1.0, offset(5 * Math.sqrt(var / N)));
        assertThat(m[1]).isCloseTo(var, offset(5 * var * Math.sqrt(2.0 / N)));
    }

    @Test
    void partialGaussianPerturbsAFractionPWithSigma() {
        double p = 0.3;
        double sigma = 0.5;
        double[] v = elements(new MaskSource("partial-gaussian", p, sigma));
        int untouched = 0;
        for (double x : v) if (x == 1.0) untouched++;
        // a fraction 1 - p is exactly 1; the rest 1 + sigma z: mean 1, variance p sigma^2
        assertThat((double) untouched / N).isCloseTo(1 - p, offset(5 * Math.sqrt(p * (1 - p) / N)));
        double[] m = moments(v);
        double var = p * sigma * sigma;
        assertThat(m[0]).isCloseTo(1.0, offset(5 * Math.sqrt(var / N)));
        // Var[(m - 1)^2] = E[(m-1)^4] - var^2 = 3 p sigma^4 - var^2
        assertThat(m[1]).isCloseTo(var, offset(5 * Math.sqrt((3 * p * Math.pow(sigma, 4) - var * var) / N)));
    }

    @Test
    void customStirsGetAUniformAnIndependentNormalAndTheRate() {
        StirRegistry.register("test-u", (u, z, p) -> u, p -> 0.5);
        StirRegistry.register("test-z", (u, z, p) -> z, p -> 0.0);
        StirRegistry.register("test-uz", (u, z, p) -> (u - 0.5) * z, p -> 0.0);
        StirRegistry.register("test-p", (u, z, p) -> p, p -> 2 * p);
        double[] u = moments(elements(new MaskSource("test-u", 0.3, 1)));
        assertThat(u[0]).isCloseTo(0.5, offset(5 * Math.sqrt(1.0 / 12 / N)));
        assertThat(u[1]).isCloseTo(1.0 / 12, offset(5 * Math.sqrt(1.0 / 180 / N)));
        double[] z = moments(elements(new MaskSource("test-z", 0.3, 1)));
        assertThat(z[0]).isCloseTo(0.0, offset(5 / Math.sqrt(N)));
        assertThat(z[1]).isCloseTo(1.0, offset(5 * Math.sqrt(2.0 / N)));
        // independent u and z: E[(u - 1/2) z] = 0 with variance E[(u-1/2)^2] E[z^2] = 1/12
        double[] uz = moments(elements(new MaskSource("test-uz", 0.3, 1)));
        assertThat(uz[0]).isCloseTo(0.0, offset(5 * Math.sqrt(1.0 / 12 / N)));
        MaskSource rate = new MaskSource("test-p", 0.3, 1);
        for (double x : elements(rate)) assertThat(x).isEqualTo(0.3);
        assertThat(rate.mean()).isEqualTo(0.6);
        assertThat(rate.effectiveRate()).isEqualTo(0.3);
        // a custom stir is never skipped, even at rate 0 (its function may not be the identity there)
        assertThat(new MaskSource("test-p", 0.0, 1).isIdentity()).isFalse();
    }

    @Test
    void builtInsAreTheIdentityOnlyAtRateZeroAndHaveMeanOne() {
        for (String stir : StirRegistry.BUILT_IN) {
            assertThat(new MaskSource(stir, 0.0, 1).isIdentity()).as(stir).isTrue();
            assertThat(new MaskSource(stir, 0.0, 1).effectiveRate()).isZero();
            assertThat(new MaskSource(stir, 0.2, 1).isIdentity()).as(stir).isFalse();
            assertThat(new MaskSource(stir, 0.2, 1).mean()).isEqualTo(1.0);
        }
        // sd sqrt(p / q) is 0, not infinite, at p = 1
        assertThat(new MaskSource("gaussian", 1.0, 1).gaussianSd()).isZero();
    }

    @Test
    void wordsPerRowFollowTheBitsPerElement() {
        // 1 bit: 64 a word; 8 bits: 8 a word; 16 bits: 4 a word
        MaskSource one = new MaskSource("bernoulli", 0.5, 1);
        MaskSource eight = new MaskSource("bernoulli", 0.25, 1);
        MaskSource sixteen = new MaskSource("bernoulli", 0.3, 1);
        assertThat(new int[]{one.bitWords(1), one.bitWords(64), one.bitWords(65)}).containsExactly(1, 1, 2);
        assertThat(new int[]{eight.bitWords(1), eight.bitWords(8), eight.bitWords(9)}).containsExactly(1, 1, 2);
        assertThat(new int[]{sixteen.bitWords(1), sixteen.bitWords(4), sixteen.bitWords(5)}).containsExactly(1, 1, 2);
    }

    @Test
    void thresholdsAtTheEdgesOfEachWidth() {
        // q = 1/256 and 255/256 are the narrowest and widest 8-bit thresholds
        assertThat(new MaskSource("bernoulli", 1 - 1.0 / 256, 1).bitsPerElement).isEqualTo(8);
        assertThat(new MaskSource("bernoulli", 1 - 1.0 / 256, 1).keepRate()).isEqualTo(1.0 / 256);
        assertThat(new MaskSource("bernoulli", 1.0 / 256, 1).bitsPerElement).isEqualTo(8);
        assertThat(new MaskSource("bernoulli", 1.0 / 256, 1).keepRate()).isEqualTo(255.0 / 256);
        assertThat(new MaskSource("bernoulli", 1.0 / 256, 1).keptValue()).isEqualTo(256.0 / 255);
        // q = 1/512 is not a multiple of 1/256: 16 bits, threshold 128
        assertThat(new MaskSource("bernoulli", 1 - 1.0 / 512, 1).bitsPerElement).isEqualTo(16);
        assertThat(new MaskSource("bernoulli", 1 - 1.0 / 512, 1).keepRate()).isEqualTo(128.0 / 65536);
        // beyond 16 bits the threshold is clamped to [1, 65535]: q = 1e-6 keeps 1/65536, q = 1 - 1e-6 keeps 65535/65536
        assertThat(new MaskSource("bernoulli", 1 - 1e-6, 1).keepRate()).isEqualTo(1.0 / 65536);
        assertThat(new MaskSource("bernoulli", 1 - 1e-6, 1).keptValue()).isEqualTo(65536.0);
        assertThat(new MaskSource("bernoulli", 1e-6, 1).keepRate()).isEqualTo(65535.0 / 65536);
    }

    @Test
    void eightBitMasksCompareEachByteWithTheThreshold() {
        // q = 0.25: threshold 64; element j is byte j & 7 of word row * ceil(width / 8) + j / 8
        MaskSource src = new MaskSource("bernoulli", 0.75, 1);
        int width = 70;
        long key = MaskSource.stepKey(2, 3);
        long[] bits = new long[2];
        double[] vals = new double[width];
        long[] scratch = new long[2];
        for (int row = 0; row < 40; row++) {
            src.bits(key, row, width, bits);
            src.fill(key, row, width, vals, scratch);
            for (int j = 0; j < width; j++) {
                long word = MaskSource.word(key, (long) row * 9 + j / 8);
                boolean keep = ((word >>> (8 * (j & 7))) & 0xFF) < 64;
                assertThat(((bits[j >>> 6] >>> (j & 63)) & 1L) != 0).as("row %d element %d", row, j).isEqualTo(keep);
                assertThat(vals[j]).isEqualTo(keep ? 4.0 : 0.0);
            }
            assertThat(bits[1] >>> (width & 63)).as("bits past the row are clear").isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "partial-gaussian", "test-u", "test-z"})
    void valueMasksAreKeyedByTheirRowMajorPosition(String stir) {
        // element j of row r of a width-w mask is the element at position r w + j: three rows of 7 are one row of 21
        StirRegistry.register("test-u", (u, z, p) -> u, p -> 0.5);
        StirRegistry.register("test-z", (u, z, p) -> z, p -> 0.0);
        MaskSource src = new MaskSource(stir, 0.3, 0.5);
        long key = MaskSource.stepKey(12, 3);
        double[] rows = src.block(key, 0, 3, 7);
        double[] one = new double[21];
        src.fill(key, 0, 21, one, new long[1]);
        assertThat(rows).containsExactly(one);
        // the local-reparameterization noise likewise: [b, j] of a [B, 5] layout is [0, 5 b + j]
        for (int b = 0; b < 3; b++) {
            for (int j = 0; j < 5; j++) {
                assertThat(MaskSource.lrtEps(key, b, j, 5)).isEqualTo(MaskSource.lrtEps(key, 0, 5 * b + j, 100));
            }
        }
    }

    @Test
    void eightBitRowsOfWholeWordsFillExactlyTheirWords() {
        // width 64 at q = 0.25: 8 words of 8 bytes fill one 64-bit word of keep bits, nothing past it
        MaskSource src = new MaskSource("bernoulli", 0.75, 1);
        long key = MaskSource.stepKey(6, 2);
        long[] bits = new long[1];
        for (int row = 0; row < 20; row++) {
            src.bits(key, row, 64, bits);
            for (int j = 0; j < 64; j++) {
                long word = MaskSource.word(key, (long) row * 8 + j / 8);
                boolean keep = ((word >>> (8 * (j & 7))) & 0xFF) < 64;
                assertThat(((bits[0] >>> j) & 1L) != 0).as("row %d element %d", row, j).isEqualTo(keep);
            }
        }
    }

    @Test
    void sixteenBitRowsOfWholeWordsFillExactlyTheirWords() {
        // width 64 at q = 0.7: 16 words of 4 lanes fill one 64-bit word of keep bits, nothing past it
        MaskSource src = new MaskSource("bernoulli", 0.3, 1);
        long key = MaskSource.stepKey(6, 1);
        long[] bits = new long[1];
        for (int row = 0; row < 20; row++) {
            src.bits(key, row, 64, bits);
            for (int j = 0; j < 64; j++) {
                long word = MaskSource.word(key, (long) row * 16 + j / 4);
                boolean keep = ((word >>> (16 * (j & 3))) & 0xFFFF) < 45875; // round(0.7 * 65536)
                assertThat(((bits[0] >>> j) & 1L) != 0).as("row %d element %d", row, j).isEqualTo(keep);
            }
        }
    }

    @Test
    void oneBitMasksAreTheRawWords() {
        MaskSource src = new MaskSource("bernoulli", 0.5, 1);
        long key = MaskSource.stepKey(9, 9);
        long[] bits = new long[2];
        src.bits(key, 3, 100, bits);
        // row 3 of a 100-wide mask starts at word 3 * ceil(100 / 64) = 6
        assertThat(bits[0]).isEqualTo(MaskSource.word(key, 6));
        assertThat(bits[1] & ((1L << 36) - 1)).isEqualTo(MaskSource.word(key, 7) & ((1L << 36) - 1));
        double[] vals = new double[100];
        src.fill(key, 3, 100, vals, new long[2]);
        for (int j = 0; j < 100; j++) {
            boolean keep = ((bits[j >>> 6] >>> (j & 63)) & 1L) != 0;
            assertThat(vals[j]).isEqualTo(keep ? 2.0 : 0.0);
        }
    }

    @Test
    void blockIsItsRowsOneAfterAnother() {
        MaskSource src = new MaskSource("gaussian", 0.3, 1);
        long key = MaskSource.stepKey(1, 1);
        double[] block = src.block(key, 5, 3, 7);
        double[] row = new double[7];
        for (int r = 0; r < 3; r++) {
            src.fill(key, 5 + r, 7, row, new long[1]);
            for (int j = 0; j < 7; j++) assertThat(block[r * 7 + j]).isEqualTo(row[j]);
        }
    }
}
