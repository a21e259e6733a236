package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vector and scalar inner loops against a plain reference, for widths with and without tails, and the
 * packed byte comparison against a per-byte loop.
 */
class MaskOpsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 63, 64, 75, 128, 200})
    void vectorAndScalarLoopsMatchTheReference(int n) {
        Random r = new Random(n);
        float[] w = new float[n + 3];
        float[] dz = new float[n + 5];
        for (int k = 0; k < w.length; k++) w[k] = (float) r.nextGaussian();
        for (int k = 0; k < dz.length; k++) dz[k] = (float) r.nextGaussian();
        long[] bits = new long[(n + 63) / 64];
        for (int k = 0; k < bits.length; k++) bits[k] = r.nextLong();
        for (MaskOps ops : new MaskOps[]{new ScalarMaskOps(), new VectorMaskOps()}) {
            float[] acc = new float[n + 2];
            float[] dw = new float[n + 3];
            ops.axpyMasked(0.7f, w, 3, bits, acc, 2, n);
            float dot = ops.backMasked(1.3f, w, dw, 3, bits, dz, 5, n);
            float dot2 = ops.dotMasked(w, 3, bits, dz, 5, n);
            double refDot = 0;
            for (int j = 0; j < n; j++) {
                boolean keep = ((bits[j >>> 6] >>> (j & 63)) & 1L) != 0;
                assertThat(acc[2 + j]).isCloseTo(keep ? 0.7f * w[3 + j] : 0f, org.assertj.core.data.Offset.offset(1e-6f));
                assertThat(dw[3 + j]).isCloseTo(keep ? 1.3f * dz[5 + j] : 0f, org.assertj.core.data.Offset.offset(1e-6f));
                if (keep) refDot += w[3 + j] * dz[5 + j];
            }
            assertThat((double) dot).as(ops.name()).isCloseTo(refDot, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(refDot))));
            assertThat((double) dot2).isCloseTo(refDot, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(refDot))));
        }
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
