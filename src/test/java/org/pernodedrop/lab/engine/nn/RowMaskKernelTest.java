package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The row-mask kernels without a network around them, against the sums that define them, written out with one mask
 * element at a time ({@link MaskSource#fill}, whose bits and statistics BernoulliRateTest and MaskSourceTest check):
 * <pre>
 *   z[b, j]  = bias[j] + sum_i x[b, i] W[i, j] M[b, i, j]
 *   dW[i, j] = sum_b x[b, i] M[b, i, j] dz[b, j]
 *   dx[b, i] = sum_j W[i, j] M[b, i, j] dz[b, j]
 * </pre>
 * and the backward pass against central finite differences of the forward one. Sizes straddle the kernel's tiles
 * (32 inputs) and the 64-bit words of a mask row; some inputs are exactly 0 (a ReLU's output), which the kernels
 * skip in the forward pass but must still give a dx for.
 */
class RowMaskKernelTest {

    private static final int BATCH = 5;
    private static final int DIN = 70;
    private static final int DOUT = 75;
    private static final long KEY = MaskSource.stepKey(21, 4);
    /** Non-contiguous example ids: the mask row of input i of sample b is sample[b] * din + i. */
    private static final long[] SAMPLE = {3, 0, 17, 4, 1000};

    private static double[] randn(int n, long seed, boolean zeros) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int k = 0; k < n; k++) a[k] = zeros && k % 7 == 3 ? 0.0 : r.nextGaussian();
        return a;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int k = 0; k < a.length; k++) f[k] = (float) a[k];
        return f;
    }

    /** M[b, i, j] from the mask source, one row at a time. */
    private static double[][][] masks(MaskSource src) {
        double[][][] m = new double[BATCH][DIN][DOUT];
        long[] scratch = new long[(DOUT + 63) >>> 6];
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < DIN; i++) src.fill(KEY, SAMPLE[b] * DIN + i, DOUT, m[b][i], scratch);
        }
        return m;
    }

    private static double[] forwardByHand(double[] x, double[] w, double[] bias, double[][][] m) {
        double[] z = new double[BATCH * DOUT];
        for (int b = 0; b < BATCH; b++) {
            for (int j = 0; j < DOUT; j++) {
                double s = bias[j];
                for (int i = 0; i < DIN; i++) s += x[b * DIN + i] * w[i * DOUT + j] * m[b][i][j];
                z[b * DOUT + j] = s;
            }
        }
        return z;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bernoulli", "gaussian", "partial-gaussian"})
    void doubleKernelsAreTheDefiningSums(String stir) {
        MaskSource src = new MaskSource(stir, 0.3, 0.5);
        double[] x = randn(BATCH * DIN, 1, true);
        double[] w = randn(DIN * DOUT, 2, false);
        double[] bias = randn(DOUT, 3, false);
        double[] dz = randn(BATCH * DOUT, 4, false);
        double[][][] m = masks(src);
        double[] z = new double[BATCH * DOUT];
        Arrays.fill(z, 99.0); // the forward pass overwrites z
        RowMaskKernel.forward(x, w, bias, BATCH, DIN, DOUT, src, KEY, SAMPLE, z);
        double[] ref = forwardByHand(x, w, bias, m);
        for (int k = 0; k < z.length; k++) assertThat(z[k]).as("z[%d]", k).isCloseTo(ref[k], offset(1e-12));

        double[] dw = new double[DIN * DOUT];
        double[] dx = new double[BATCH * DIN];
        Arrays.fill(dw, 7.0); // both are overwritten, not accumulated into
        Arrays.fill(dx, 7.0);
        RowMaskKernel.backward(x, w, dz, BATCH, DIN, DOUT, src, KEY, SAMPLE, dw, dx);
        for (int i = 0; i < DIN; i++) {
            for (int j = 0; j < DOUT; j++) {
                double s = 0;
                for (int b = 0; b < BATCH; b++) s += x[b * DIN + i] * m[b][i][j] * dz[b * DOUT + j];
                assertThat(dw[i * DOUT + j]).as("dW[%d, %d]", i, j).isCloseTo(s, offset(1e-12));
            }
        }
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < DIN; i++) {
                double s = 0;
                for (int j = 0; j < DOUT; j++) s += w[i * DOUT + j] * m[b][i][j] * dz[b * DOUT + j];
                assertThat(dx[b * DIN + i]).as("dx[%d, %d]", b, i).isCloseTo(s, offset(1e-12));
            }
        }
    }

    @Test
    void backwardIsTheGradientOfTheForwardByFiniteDifferences() {
        // L = sum z dz is linear in W and in x, so a central difference is exact up to rounding
        MaskSource src = new MaskSource("gaussian", 0.4, 1);
        double[] x = randn(BATCH * DIN, 5, true);
        double[] w = randn(DIN * DOUT, 6, false);
        double[] bias = randn(DOUT, 7, false);
        double[] dz = randn(BATCH * DOUT, 8, false);
        double[] dw = new double[DIN * DOUT];
        double[] dx = new double[BATCH * DIN];
        RowMaskKernel.backward(x, w, dz, BATCH, DIN, DOUT, src, KEY, SAMPLE, dw, dx);
        double h = 1e-3;
        Random pick = new Random(9);
        for (int t = 0; t < 40; t++) {
            int k = pick.nextInt(w.length);
            double[] wp = w.clone();
            double[] wm = w.clone();
            wp[k] += h;
            wm[k] -= h;
            double fd = (loss(x, wp, bias, dz, src) - loss(x, wm, bias, dz, src)) / (2 * h);
            assertThat(dw[k]).as("dW[%d]", k).isCloseTo(fd, offset(1e-7 * (1 + Math.abs(fd))));
            int q = pick.nextInt(x.length);
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[q] += h;
            xm[q] -= h;
            double fdx = (loss(xp, w, bias, dz, src) - loss(xm, w, bias, dz, src)) / (2 * h);
            assertThat(dx[q]).as("dx[%d]", q).isCloseTo(fdx, offset(1e-7 * (1 + Math.abs(fdx))));
        }
    }

    private static double loss(double[] x, double[] w, double[] bias, double[] dz, MaskSource src) {
        double[] z = new double[BATCH * DOUT];
        RowMaskKernel.forward(x, w, bias, BATCH, DIN, DOUT, src, KEY, SAMPLE, z);
        double l = 0;
        for (int k = 0; k < z.length; k++) l += z[k] * dz[k];
        return l;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.25, 0.3})
    void floatBernoulliKernelsAreTheDefiningSums(double p) {
        // p = 0.5: 1-bit masks; 0.25: 8-bit; 0.3: 16-bit (see MaskSource)
        MaskSource src = new MaskSource("bernoulli", p, 1);
        double[] xd = randn(BATCH * DIN, 11, true);
        double[] wd = randn(DIN * DOUT, 12, false);
        double[] bd = randn(DOUT, 13, false);
        double[] dzd = randn(BATCH * DOUT, 14, false);
        float[] x = toFloat(xd);
        float[] w = toFloat(wd);
        float[] bias = toFloat(bd);
        float[] dz = toFloat(dzd);
        double[][][] m = masks(src);
        float[] z = new float[BATCH * DOUT];
        Arrays.fill(z, 99f);
        RowMaskKernel.forwardBits(x, w, bias, BATCH, DIN, DOUT, src, KEY, SAMPLE, z);
        // the reference in double from the float inputs; float sums of 70 terms of size ~1/q agree to ~1e-4
        double[] ref = forwardByHand(toDouble(x), toDouble(w), toDouble(bias), m);
        for (int k = 0; k < z.length; k++) assertThat((double) z[k]).as("z[%d]", k).isCloseTo(ref[k], offset(2e-4));

        int zeros = 0;
        for (float v : x) zeros += v == 0f ? 1 : 0;
        assertThat(zeros).as("zero inputs, for the skipping backward").isBetween(x.length / 10, x.length - 1);
        // skipping the zero inputs leaves dW as it is and their dx 0
        for (boolean skip : new boolean[]{false, true}) {
            float[] dw = new float[DIN * DOUT];
            float[] dx = new float[BATCH * DIN];
            Arrays.fill(dw, 7f);
            Arrays.fill(dx, 7f);
            RowMaskKernel.backwardBits(x, w, dz, BATCH, DIN, DOUT, src, KEY, SAMPLE, dw, dx, skip);
            for (int i = 0; i < DIN; i++) {
                for (int j = 0; j < DOUT; j++) {
                    double s = 0;
                    for (int b = 0; b < BATCH; b++) s += (double) x[b * DIN + i] * m[b][i][j] * dz[b * DOUT + j];
                    assertThat((double) dw[i * DOUT + j]).as("skip %s: dW[%d, %d]", skip, i, j)
                            .isCloseTo(s, offset(2e-4));
                }
            }
            for (int b = 0; b < BATCH; b++) {
                for (int i = 0; i < DIN; i++) {
                    double s = 0;
                    for (int j = 0; j < DOUT; j++) s += (double) w[i * DOUT + j] * m[b][i][j] * dz[b * DOUT + j];
                    if (skip && x[b * DIN + i] == 0f) s = 0;
                    assertThat((double) dx[b * DIN + i]).as("skip %s: dx[%d, %d] (x = %s)", skip, b, i, x[b * DIN + i])
                            .isCloseTo(s, offset(2e-4));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "partial-gaussian"})
    void floatValueKernelsAreTheDefiningSums(String stir) {
        // the float network's kernels for real-valued masks: the same mask rows rounded to float, float sums
        MaskSource src = new MaskSource(stir, 0.3, 0.5);
        float[] x = toFloat(randn(BATCH * DIN, 21, true));
        float[] w = toFloat(randn(DIN * DOUT, 22, false));
        float[] bias = toFloat(randn(DOUT, 23, false));
        float[] dz = toFloat(randn(BATCH * DOUT, 24, false));
        double[][][] m = masks(src);
        float[] z = new float[BATCH * DOUT];
        Arrays.fill(z, 99f); // overwritten, not accumulated into
        RowMaskKernel.forwardValues(x, w, bias, BATCH, DIN, DOUT, src, KEY, SAMPLE, z);
        double[] ref = forwardByHand(toDouble(x), toDouble(w), toDouble(bias), m);
        // float sums of 70 products of size ~1 (masks ~1 +- 0.5): rounding well under 1e-4
        for (int k = 0; k < z.length; k++) assertThat((double) z[k]).as("z[%d]", k).isCloseTo(ref[k], offset(1e-4));

        float[] dw = new float[DIN * DOUT];
        float[] dx = new float[BATCH * DIN];
        Arrays.fill(dw, 7f);
        Arrays.fill(dx, 7f);
        RowMaskKernel.backwardValues(x, w, dz, BATCH, DIN, DOUT, src, KEY, SAMPLE, dw, dx);
        for (int i = 0; i < DIN; i++) {
            for (int j = 0; j < DOUT; j++) {
                double sum = 0;
                for (int b = 0; b < BATCH; b++) sum += (double) x[b * DIN + i] * m[b][i][j] * dz[b * DOUT + j];
                assertThat((double) dw[i * DOUT + j]).as("dW[%d, %d]", i, j).isCloseTo(sum, offset(1e-4));
            }
        }
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < DIN; i++) {
                double sum = 0;
                for (int j = 0; j < DOUT; j++) sum += (double) w[i * DOUT + j] * m[b][i][j] * dz[b * DOUT + j];
                assertThat((double) dx[b * DIN + i]).as("dx[%d, %d] (x = %s)", b, i, x[b * DIN + i])
                        .isCloseTo(sum, offset(1e-4));
            }
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int k = 0; k < a.length; k++) d[k] = a[k];
        return d;
    }

    @Test
    void maskMemoryIsATileOfBitRowsOrOneValueRowPerThread() {
        int threads = Runtime.getRuntime().availableProcessors();
        // bits: ceil(75 / 64) = 2 words of 8 bytes a row, for max(32 tile rows, batch) rows;
        // values: 75 doubles plus the 2 words of scratch bits
        assertThat(RowMaskKernel.maskBytes(75, 5, true)).isEqualTo(16L * 32 * threads);
        assertThat(RowMaskKernel.maskBytes(75, 128, true)).isEqualTo(16L * 128 * threads);
        assertThat(RowMaskKernel.maskBytes(75, 128, false)).isEqualTo((8L * 75 + 16) * threads);
        assertThat(RowMaskKernel.maskBytes(64, 1, true)).isEqualTo(8L * 32 * threads);
    }
}
