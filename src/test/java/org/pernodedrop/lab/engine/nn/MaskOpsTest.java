package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vector and scalar kernels against the defining sums written out one connection at a time, for widths with
 * and without vector groups and tails, and the packed byte comparison against a per-byte loop.
 */
class MaskOpsTest {

    private static boolean keep(long[] bits, int row, int nw, int j) {
        return ((bits[row * nw + (j >>> 6)] >>> (j & 63)) & 1L) != 0;
    }

    /**
     * The pom runs this class again with narrower vectors (-XX:MaxVectorSize) and names the lane count they must give,
     * so the 8- and 4-lane code paths are checked on machines whose widest vectors have 16 lanes.
     */
    @org.junit.jupiter.api.Test
    void theVectorKernelsRunWithTheLaneCountThisRunAsksFor() {
        String expected = System.getProperty("lab.expectLanes");
        org.junit.jupiter.api.Assumptions.assumeTrue(expected != null, "a run at the machine's own vector width");
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        // a machine whose widest vectors are narrower than asked for (NEON, SSE) runs its own width instead
        org.junit.jupiter.api.Assumptions.assumeTrue(lanes >= Integer.parseInt(expected),
                "this machine's vectors have fewer lanes than " + expected);
        assertThat(new VectorMaskOps().name()).contains(", " + expected + " float lanes");
    }

    /**
     * Widths below, at and past one vector group (64 columns with 16 lanes, 32 with 8) and with scalar tails; the
     * reference is the defining sum in double, one connection at a time.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 16, 63, 64, 75, 128, 129, 200})
    void tileForwardOfBothImplementationsIsTheMaskedSum(int n) {
        Random r = new Random(n);
        int rows = 13;
        int nw = (n + 63) >>> 6;
        float[] x = new float[rows + 4];
        float[] w = new float[3 + rows * n];
        // zero inputs, which the vector kernel lists out, for the odd widths; none for the even ones (the vector
        // kernel's other loop)
        boolean zeros = n % 2 == 1;
        for (int k = 0; k < x.length; k++) x[k] = zeros && k % 5 == 2 ? 0f : (float) r.nextGaussian();
        for (int k = 0; k < w.length; k++) w[k] = (float) r.nextGaussian();
        long[] bits = new long[rows * nw];
        for (int k = 0; k < bits.length; k++) bits[k] = r.nextLong();
        float scale = 2f;
        for (MaskOps ops : new MaskOps[]{new ScalarMaskOps(), new VectorMaskOps()}) {
            float[] acc = new float[n + 2];
            for (int j = 0; j < acc.length; j++) acc[j] = 0.25f * j;
            ops.axpyTile(x, 4, scale, rows, w, 3, n, bits, acc, 2);
            assertThat(acc[0]).isEqualTo(0f);
            assertThat(acc[1]).isEqualTo(0.25f);
            for (int j = 0; j < n; j++) {
                double ref = 0.25 * (j + 2);
                for (int t = 0; t < rows; t++) {
                    if (keep(bits, t, nw, j)) ref += (double) x[4 + t] * scale * w[3 + t * n + j];
                }
                assertThat((double) acc[2 + j]).as("%s, column %d", ops.name(), j)
                        .isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(ref))));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 16, 63, 64, 75, 128, 200})
    void backwardRowOfBothImplementationsIsTheMaskedSums(int n) {
        Random r = new Random(100 + n);
        int batch = 9;
        int stride = 6;
        int col = 4;
        int nw = (n + 63) >>> 6;
        float[] x = new float[batch * stride];
        float[] w = new float[5 + n];
        float[] dz = new float[batch * n];
        for (int k = 0; k < x.length; k++) x[k] = k % 4 == 1 ? 0f : (float) r.nextGaussian();
        // samples 1, 4 and 7 have a zero input in the column (-0 for 4: a zero all the same)
        for (int b = 1; b < batch; b += 3) x[b * stride + col] = b == 4 ? -0f : 0f;
        for (int k = 0; k < w.length; k++) w[k] = (float) r.nextGaussian();
        for (int k = 0; k < dz.length; k++) dz[k] = (float) r.nextGaussian();
        long[] bits = new long[batch * nw];
        for (int k = 0; k < bits.length; k++) bits[k] = r.nextLong();
        float scale = 1.5f;
        int skippedNonZero = 0;
        for (MaskOps ops : new MaskOps[]{new ScalarMaskOps(), new VectorMaskOps()}) {
            for (boolean skip : new boolean[]{false, true}) {
                float[] dw = new float[5 + n];
                float[] dx = new float[batch * stride];
                java.util.Arrays.fill(dw, 9f);
                java.util.Arrays.fill(dx, 9f);
                ops.backRow(x, col, stride, scale, batch, w, 5, n, bits, dz, dw, dx, skip);
                for (int j = 0; j < n; j++) {
                    double ref = 0;
                    for (int b = 0; b < batch; b++) {
                        if (keep(bits, b, nw, j)) ref += (double) x[b * stride + col] * scale * dz[b * n + j];
                    }
                    assertThat((double) dw[5 + j]).as("%s, dW column %d", ops.name(), j)
                            .isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(ref))));
                }
                for (int b = 0; b < batch; b++) {
                    double ref = 0;
                    for (int j = 0; j < n; j++) if (keep(bits, b, nw, j)) ref += (double) w[5 + j] * dz[b * n + j];
                    ref *= scale;
                    // skipped: a zero input's gradient is left 0 (its caller multiplies it by zero)
                    if (skip && b % 3 == 1) ref = 0;
                    assertThat((double) dx[b * stride + col]).as("%s, skip %s, dx row %d", ops.name(), skip, b)
                            .isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(ref))));
                    if (b % 3 == 1 && !skip && ref != 0) skippedNonZero++;
                    // only column col of dx and entries wOff.. of dW are written
                    assertThat(dx[b * stride]).isEqualTo(9f);
                }
                assertThat(dw[4]).isEqualTo(9f);
            }
        }
        // the skipped samples' sums were not zero anyway (a single column may have been dropped for all three)
        if (n > 1) assertThat(skippedNonZero).isPositive();
        // an input that is zero in every sample: nothing to sum, every dx 0 and dW 0 with skipping
        for (int b = 0; b < batch; b++) x[b * stride + col] = 0f;
        for (MaskOps ops : new MaskOps[]{new ScalarMaskOps(), new VectorMaskOps()}) {
            float[] dw = new float[5 + n];
            float[] dx = new float[batch * stride];
            java.util.Arrays.fill(dw, 9f);
            java.util.Arrays.fill(dx, 9f);
            ops.backRow(x, col, stride, scale, batch, w, 5, n, bits, dz, dw, dx, true);
            for (int j = 0; j < n; j++) assertThat(dw[5 + j]).as("%s, dW column %d", ops.name(), j).isZero();
            for (int b = 0; b < batch; b++) assertThat(dx[b * stride + col]).as("%s, dx row %d", ops.name(), b).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 64, 256})
    void wordsOfBothImplementationsAreMaskSourceWords(int n) {
        Random r = new Random(7 + n);
        long key = MaskSource.stepKey(3, n);
        long[] start = new long[n];
        for (int k = 0; k < n; k++) start[k] = r.nextInt(1 << 30);
        for (MaskOps ops : new MaskOps[]{new ScalarMaskOps(), new VectorMaskOps()}) {
            long[] out = new long[n + 1];
            ops.words(key, start, 12345L, out, n);
            for (int k = 0; k < n; k++) {
                assertThat(out[k]).as("%s, word %d", ops.name(), k).isEqualTo(MaskSource.word(key, start[k] + 12345L));
            }
            assertThat(out[n]).isZero();
        }
        // and they are the one-bit rows of MaskSource.bits: row r of width 100 is words 2r and 2r + 1
        MaskSource half = new MaskSource("bernoulli", 0.5, 1);
        long[] bits = new long[2];
        half.bits(key, 77, 100, bits);
        assertThat(bits[0]).isEqualTo(MaskSource.word(key, 154));
        assertThat(bits[1]).isEqualTo(MaskSource.word(key, 155));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 64, 127, 128, 129, 200, 230, 255})
    void packedByteCompareMatchesPerByteCompare(int thr) {
        Random r = new Random(thr);
        long t = (thr & 0xFFL) * 0x0101010101010101L;
        for (int trial = 0; trial < 2000; trial++) {
            long x = r.nextLong();
            long bits = MaskSource.keepByteBits(x, t);
            for (int k = 0; k < 8; k++) {
                boolean keep = ((x >>> (8 * k)) & 0xFF) < thr;
                assertThat(((bits >>> k) & 1L) == 1L).isEqualTo(keep);
            }
            assertThat(bits >>> 8).isZero();
        }
    }
}
