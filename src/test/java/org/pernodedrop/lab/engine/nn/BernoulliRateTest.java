package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The Bernoulli rate a run gets is the rate it asked for: the effective rate is within 2^-16 of the requested one
 * over [0.001, 0.999], the kept value is 1 / q_eff, and the kept fraction of many draws agrees with the requested
 * q within 5 binomial standard errors even at low rates (where 8-bit thresholds were 17-300 % off).
 */
class BernoulliRateTest {

    private static final double TOL = 0x1.0p-16;

    /** q_eff by the scheme's definition, written out independently of MaskSource: 1, 8 or 16 bits. */
    private static double expectedKeep(double p) {
        double q = 1 - p;
        if (q == 0.5) return 0.5;
        double q8 = q * 256;
        if (q8 == Math.rint(q8)) return q8 / 256;
        return Math.round(q * 65536) / 65536.0;
    }

    @Test
    void effectiveRateIsWithin2ToMinus16OfTheRequestedRateEverywhereIn0001To0999() {
        double worst = 0;
        for (int k = 1; k <= 999; k++) {
            double p = k / 1000.0;
            MaskSource src = new MaskSource("bernoulli", p, 1);
            assertThat(src.keepRate()).as("q_eff at p = %s", p).isEqualTo(expectedKeep(p));
            assertThat(Math.abs(src.effectiveRate() - p)).as("|p_eff - p| at p = %s", p).isLessThanOrEqualTo(TOL);
            assertThat(src.effectiveRate()).isEqualTo(1 - src.keepRate());
            assertThat(src.keptValue()).as("kept value at p = %s", p).isEqualTo(1 / src.keepRate());
            worst = Math.max(worst, Math.abs(src.effectiveRate() - p));
        }
        Random r = new Random(3);
        for (int k = 0; k < 5000; k++) {
            double p = 0.001 + 0.998 * r.nextDouble();
            assertThat(Math.abs(new MaskSource("bernoulli", p, 1).effectiveRate() - p)).as("p = %s", p)
                    .isLessThanOrEqualTo(TOL);
        }
        // the 16-bit rounding error is at most half a step, 2^-17
        assertThat(worst).isLessThanOrEqualTo(0x1.0p-17);
    }

    @Test
    void ratesOfTheOldFailuresAreNowTheRequestedOnes() {
        // 8-bit thresholds gave p = 0.01 -> 3/256 = 0.0117, p = 0.005 -> 1/256, p = 0.001 -> 1/256
        assertThat(new MaskSource("bernoulli", 0.01, 1).effectiveRate()).isCloseTo(0.01, offset(TOL));
        assertThat(new MaskSource("bernoulli", 0.005, 1).effectiveRate()).isCloseTo(0.005, offset(TOL));
        assertThat(new MaskSource("bernoulli", 0.001, 1).effectiveRate()).isCloseTo(0.001, offset(TOL));
        // exact rates keep the narrow paths: 1 bit at 0.5, 8 bits at multiples of 1/256
        assertThat(new MaskSource("bernoulli", 0.5, 1).bitsPerElement).isEqualTo(1);
        assertThat(new MaskSource("bernoulli", 0.75, 1).bitsPerElement).isEqualTo(8);
        assertThat(new MaskSource("bernoulli", 0.75, 1).effectiveRate()).isEqualTo(0.75);
        assertThat(new MaskSource("bernoulli", 0.3, 1).bitsPerElement).isEqualTo(16);
        // other stirs draw from 53- or 32-bit uniforms: their rate is the requested one
        assertThat(new MaskSource("gaussian", 0.3, 1).effectiveRate()).isEqualTo(0.3);
        assertThat(new MaskSource("bernoulli", 0.0, 1).effectiveRate()).isEqualTo(0.0);
    }

    /** Kept connections among rows x width draws, counted from the keep bits. */
    private static long kept(MaskSource src, long key, int rows, int width) {
        long[] bits = new long[(width + 63) >>> 6];
        long n = 0;
        for (int r = 0; r < rows; r++) {
            src.bits(key, r, width, bits);
            for (long w : bits) n += Long.bitCount(w);
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05})
    void lowRatesKeepTheRequestedFractionWithin5StandardErrors(double p) {
        int rows = 4000;
        int width = 1000; // 4e6 draws: at p = 0.001 one standard error is 1.6e-5, the old error was 2.9e-3
        long n = (long) rows * width;
        MaskSource src = new MaskSource("bernoulli", p, 1);
        long kept = kept(src, MaskSource.stepKey(11, 5), rows, width);
        double q = 1 - p;
        double se = Math.sqrt(p * q / n);
        double dropped = 1 - (double) kept / n;
        assertThat(dropped).as("dropped fraction at p = %s", p).isCloseTo(p, offset(5 * se));
    }

    @Test
    void highRateHasTheMaskVarianceOfTheRequestedRate() {
        // m = 1/q_eff with probability q_eff: Var[m] = 1/q_eff - 1 = p/q = 99 at p = 0.99 (8 bits gave 84.3)
        double p = 0.99;
        MaskSource src = new MaskSource("bernoulli", p, 1);
        int rows = 4000;
        int width = 1000;
        long n = (long) rows * width;
        double[] row = new double[width];
        long[] scratch = new long[(width + 63) >>> 6];
        double sum = 0;
        double sum2 = 0;
        long key = MaskSource.stepKey(5, 9);
        for (int r = 0; r < rows; r++) {
            src.fill(key, r, width, row, scratch);
            for (double v : row) {
                sum += v;
                sum2 += v * v;
            }
        }
        double mean = sum / n;
        double var = sum2 / n - mean * mean;
        double q = 1 - p;
        // standard errors: mean sqrt(Var/n); mean of m^2 (which dominates var) sqrt(Var[m^2]/n), Var[m^2] = (1-q)/q^3
        assertThat(mean).isCloseTo(1.0, offset(5 * Math.sqrt((p / q) / n)));
        assertThat(var).isCloseTo(p / q, offset(5 * Math.sqrt((1 - q) / (q * q * q) / n) + 1e-9));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 255, 256, 6554, 32767, 32768, 32769, 58982, 65470, 65535})
    void packed16BitCompareMatchesPerLaneCompare(int thr) {
        Random r = new Random(thr);
        long t = (thr & 0xFFFFL) * 0x0001000100010001L;
        for (int trial = 0; trial < 4000; trial++) {
            long x = r.nextLong();
            if (trial < 4) x = new long[]{0L, -1L, 0x8000800080008000L, 0x7FFF7FFF7FFF7FFFL}[trial];
            long bits = MaskSource.keepLaneBits16(x, t);
            for (int k = 0; k < 4; k++) {
                boolean keep = ((x >>> (16 * k)) & 0xFFFF) < thr;
                assertThat(((bits >>> k) & 1L) == 1L).as("thr %d x %x lane %d", thr, x, k).isEqualTo(keep);
            }
            assertThat(bits >>> 4).isZero();
        }
    }

    @Test
    void bitsAndValuesAgreeAndTheTailOfARowIsClear() {
        MaskSource src = new MaskSource("bernoulli", 0.3, 1);
        int width = 130; // 33 16-bit words: the last word is partly past the row
        long[] bits = new long[3];
        double[] vals = new double[width];
        long[] scratch = new long[3];
        long key = MaskSource.stepKey(1, 2);
        for (int row = 0; row < 50; row++) {
            src.bits(key, row, width, bits);
            src.fill(key, row, width, vals, scratch);
            for (int j = 0; j < width; j++) {
                boolean keep = ((bits[j >>> 6] >>> (j & 63)) & 1L) != 0;
                // element j is lane j & 3 of word row * 33 + j / 4, kept when below round(0.7 * 65536) = 45875
                long word = MaskSource.word(key, (long) row * 33 + j / 4);
                boolean ref = ((word >>> (16 * (j & 3))) & 0xFFFF) < 45875;
                assertThat(keep).as("row %d element %d", row, j).isEqualTo(ref);
                assertThat(vals[j]).isEqualTo(keep ? 65536.0 / 45875 : 0.0);
            }
            assertThat(bits[2] >>> (width & 63)).as("bits past the row are clear").isZero();
        }
    }
}
