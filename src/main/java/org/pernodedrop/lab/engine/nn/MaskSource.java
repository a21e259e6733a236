package org.pernodedrop.lab.engine.nn;

/**
 * The mask elements of one layer as a pure function of a key and a position: nothing is stored, so the
 * forward pass, the backward pass and {@link MaskProbe} regenerate exactly the same values.
 *
 * <p>Positions: a mask row is {@code row = sample * din + i} and has {@code width} elements (width = dout for
 * connection targets, 1 for unit targets). The key encodes seed, step and stream (see {@link #stepKey}).
 *
 * <p>Bernoulli keep bits. Each connection compares {@code b} random bits with an integer threshold
 * {@code thr = round(2^b q)} and is kept when its bits are below it, so the effective keep rate is
 * {@code q_eff = thr / 2^b} and the kept value is exactly its inverse {@code 2^b / thr} (E[m] = 1). The width b is
 * the narrowest of three that represents q exactly, else the widest:
 * <ul>
 *   <li>b = 1 at q = 1/2: one SplitMix64 word gives 64 connections (bit j&63 = keep);</li>
 *   <li>b = 8 when 256 q is an integer (0.25, 0.75, 0.125, ...): one byte a connection, 8 a word;</li>
 *   <li>b = 16 otherwise: one 16-bit lane a connection, 4 a word, so |q_eff - q| <= 2^-17, i.e. within 2^-16
 *       for every p in [0.001, 0.999] (thr is clamped to [1, 2^16 - 1], which only matters for p < 2^-17 or
 *       p > 1 - 2^-17).</li>
 * </ul>
 * {@link #effectiveRate()} is 1 - q_eff; runs record it next to the requested rate.
  */
public final class MaskSource {

    public enum Stir { BERNOULLI, GAUSSIAN, PARTIAL_GAUSSIAN, CUSTOM }

    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long H = 0x8080808080808080L;
    private static final long H16 = 0x8000800080008000L;
    /** Gathers the sign bits of four 16-bit lanes (moved to bits 0, 16, 32, 48) into bits 45..48. */
    private static final long GATHER16 = 1L | (1L << 15) | (1L << 30) | (1L << 45);
    static final long STREAM_NORMAL = 0x5851F42D4C957F2DL;
    static final long STREAM_UNIFORM = 0x14057B7EF767814FL;
    private static final long STREAM_EPS = 0x2545F4914F6CDD1DL;
    private static final long FIXED_STEP = 0x7F4A7C159E3779B9L;

    final Stir stir;
    final double p;
    final int thr;
    /** Random bits per connection: 1, 8 or 16. */
    final int bitsPerElement;
    final boolean oneBit;
    final double keptValue;
    final double sd;
    final double partialSigma;
    /** {@link #uniformBelow}(p): the partial-Gaussian gate as an integer threshold on 53 random bits. */
    final long gateBelow;
    final StirRegistry.Stir custom;

    public MaskSource(String stirName, double rate, double partialSigma) {
        this.p = rate;
        this.partialSigma = partialSigma;
        switch (stirName) {
            case "bernoulli" -> { stir = Stir.BERNOULLI; custom = null; }
            case "gaussian" -> { stir = Stir.GAUSSIAN; custom = null; }
            case "partial-gaussian" -> { stir = Stir.PARTIAL_GAUSSIAN; custom = null; }
            default -> { stir = Stir.CUSTOM; custom = StirRegistry.custom(stirName); }
        }
        double q = 1.0 - rate;
        if (q == 0.5) {
            bitsPerElement = 1;
            thr = 1;
        } else if (q * 256.0 == Math.rint(q * 256.0) && q * 256.0 >= 1.0 && q * 256.0 <= 255.0) {
            bitsPerElement = 8;
            thr = (int) (q * 256.0);
        } else {
            bitsPerElement = 16;
            thr = (int) Math.max(1, Math.min(65535, Math.round(q * 65536.0)));
        }
        oneBit = bitsPerElement == 1;
        keptValue = (double) (1 << bitsPerElement) / thr;
        sd = rate >= 1.0 ? 0.0 : Math.sqrt(rate / (1.0 - rate));
        gateBelow = uniformBelow(rate);
    }

    /** True when this stir at this rate is the identity (rate 0 for the built-ins): skip masking. */
    public boolean isIdentity() {
        return stir != Stir.CUSTOM && p == 0.0;
    }

    /** E[m]: what inference multiplies the plain weights by. */
    public double mean() {
        return stir == Stir.CUSTOM ? custom.mean().at(p) : 1.0;
    }

    /** Effective Bernoulli keep rate q_eff = thr / 2^b (exact in double: thr < 2^16). */
    public double keepRate() {
        return (double) thr / (1 << bitsPerElement);
    }

    /**
     * The drop rate the masks really have: 1 - q_eff for Bernoulli (within 2^-17 of the requested one, see the class
     * comment); the requested rate for the other stirs, whose draws use 53- or 32-bit uniforms.
     */
    public double effectiveRate() {
        if (isIdentity()) return 0.0;
        return stir == Stir.BERNOULLI ? 1.0 - keepRate() : p;
    }

    public double keptValue() {
        return keptValue;
    }

    /** Standard deviation of a Gaussian element, sqrt(p / q). */
    public double gaussianSd() {
        return sd;
    }

    // ---- keys -------------------------------------------------------------------------------------------

    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Key of dynamic training step {@code step}. */
    public static long stepKey(long seed, long step) {
        return mix64(mix64(seed) ^ mix64(step + GOLDEN));
    }

    /** Key of fixed masks: independent of the step. */
    public static long fixedKey(long seed) {
        return stepKey(seed, FIXED_STEP);
    }

    static long word(long key, long index) {
        return mix64(key + index * GOLDEN);
    }

    // ---- Bernoulli bits ---------------------------------------------------------------------------------

    /** Words per mask row for Bernoulli bits. */
    int bitWords(int width) {
        return switch (bitsPerElement) {
            case 1 -> (width + 63) >>> 6;
            case 8 -> (width + 7) >>> 3;
            default -> (width + 3) >>> 2;
        };
    }

    /** Keep bits of one row: bit (j & 63) of {@code out[j >>> 6]} is 1 when element j is kept. */
    public void bits(long key, long row, int width, long[] out) {
        bits(key, row, width, out, 0);
    }

    /**
     * {@link #bits(long, long, int, long[])} into {@code out[off .. off + ceil(width / 64))}, so that a kernel can
     * keep the rows of a whole tile in one array.
     */
    public void bits(long key, long row, int width, long[] out, int off) {
        int nOut = (width + 63) >>> 6;
        if (oneBit) {
            long base = row * nOut;
            for (int w = 0; w < nOut; w++) out[off + w] = word(key, base + w);
            return;
        }
        for (int w = 0; w < nOut; w++) out[off + w] = 0L;
        int words = bitWords(width);
        long base = row * words;
        if (bitsPerElement == 8) {
            long t = (thr & 0xFFL) * 0x0101010101010101L;
            for (int w = 0; w < words; w++) {
                out[off + (w >>> 3)] |= keepByteBits(word(key, base + w), t) << ((w & 7) << 3);
            }
        } else {
            long t = (thr & 0xFFFFL) * 0x0001000100010001L;
            for (int w = 0; w < words; w++) {
                out[off + (w >>> 4)] |= keepLaneBits16(word(key, base + w), t) << ((w & 15) << 2);
            }
        }
        if ((width & 63) != 0) out[off + nOut - 1] &= (1L << (width & 63)) - 1;
    }

    /**
     * Eight bits, bit k = (byte k of x) < (byte k of t), unsigned. (x|H) - (t&~H) compares the low 7 bits of
     * every byte without borrows between bytes; the high bits decide the rest; the multiply gathers the
     * eight high bits into one byte (all partial products land on distinct bit positions, so no carries).
     */
    static long keepByteBits(long x, long t) {
        long d = (x | H) - (t & ~H);
        long ge = ((x & ~t) | (~(x ^ t) & d)) & H;
        long keep = ~ge & H;
        return ((keep >>> 7) * 0x0102040810204080L) >>> 56;
    }

    /**
     * Four bits, bit k = (16-bit lane k of x) < (lane k of t), unsigned: the same borrow-free compare as
     * {@link #keepByteBits} on 16-bit lanes. The keep bits sit at 15, 31, 47, 63; shifted to 16k and multiplied by
     * 2^0 + 2^15 + 2^30 + 2^45, lane k's bit lands on 16k + 15(3 - k) = 45 + k. Partial product (k, m) lands on
     * 15(k + m) + k, so products with k + m = s fill 15s .. 15s + 3: disjoint for different s, no carries.
     */
    static long keepLaneBits16(long x, long t) {
        long d = (x | H16) - (t & ~H16);
        long ge = ((x & ~t) | (~(x ^ t) & d)) & H16;
        long keep = ~ge & H16;
        return (((keep >>> 15) * GATHER16) >>> 45) & 0xFL;
    }

    // ---- values -----------------------------------------------------------------------------------------

    static double uniform(long key, long index) {
        return uniformOf(word(key ^ STREAM_UNIFORM, index) >>> 11);
    }

    /** The uniform of a 53-bit integer k: (k + 0.5) 2^-53 in double (k + 0.5 rounds to even for k >= 2^52). */
    static double uniformOf(long k) {
        return (k + 0.5) * 0x1.0p-53;
    }

    /**
     * The number of 53-bit integers k with {@code uniformOf(k) < p}. uniformOf is non-decreasing in k, so
     * {@code uniform(key, e) < p} holds exactly when {@code (word(key ^ STREAM_UNIFORM, e) >>> 11) < uniformBelow(p)}:
     * the partial-Gaussian gate becomes one integer comparison with the same outcome. Binary search for the first k
     * whose uniform reaches p (2^53 if none does).
     */
    static long uniformBelow(double p) {
        long lo = 0;
        long hi = 1L << 53;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (uniformOf(mid) >= p) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /** Box-Muller from one 64-bit word: two 32-bit uniforms, u1 in (0, 1]. */
    static double normal(long key, long index) {
        long h = word(key, index);
        double u1 = ((h >>> 32) + 1.0) * 0x1.0p-32;
        double u2 = (h & 0xFFFFFFFFL) * 0x1.0p-32;
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** eps ~ N(0, 1) of the local-reparameterization path at [b, j] of a [B, Dout] pre-activation. */
    public static double lrtEps(long key, long b, int j, int dout) {
        return normal(key ^ STREAM_EPS, b * dout + j);
    }

    /** Fills {@code out[0..width)} with the mask elements of one row. */
    public void fill(long key, long row, int width, double[] out, long[] bitScratch) {
        long base = row * width;
        switch (stir) {
            case BERNOULLI -> {
                bits(key, row, width, bitScratch);
                for (int j = 0; j < width; j++) {
                    out[j] = ((bitScratch[j >>> 6] >>> (j & 63)) & 1L) != 0 ? keptValue : 0.0;
                }
            }
            case GAUSSIAN -> {
                for (int j = 0; j < width; j++) out[j] = 1.0 + sd * normal(key ^ STREAM_NORMAL, base + j);
            }
            case PARTIAL_GAUSSIAN -> MaskOps.INSTANCE.partialGaussianRow(key, base, width, gateBelow, partialSigma, out);
            case CUSTOM -> {
                for (int j = 0; j < width; j++) {
                    out[j] = custom.function().apply(uniform(key, base + j),
                            normal(key ^ STREAM_NORMAL, base + j), p);
                }
            }
        }
    }

    /** A whole [rows, width] block (row-major), rows {@code firstRow ..}. */
    public double[] block(long key, long firstRow, int rows, int width) {
        double[] all = new double[rows * width];
        double[] row = new double[width];
        long[] scratch = new long[(width + 63) >>> 6];
        for (int r = 0; r < rows; r++) {
            fill(key, firstRow + r, width, row, scratch);
            System.arraycopy(row, 0, all, r * width, width);
        }
        return all;
    }
}
