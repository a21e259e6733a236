package org.pernodedrop.lab.engine.data;

/**
 * Log-mel spectrogram with the librosa recipe ({@code librosa.feature.melspectrogram} then
 * {@code power_to_db(ref=1, amin=1e-10, top_db=80)}):
 * <ul>
 * <li>frames centred: the clip is padded with {@code nFft/2} zeros on both sides ("constant" padding),
 *     frame {@code t} covers padded samples {@code [t*hop, t*hop + nFft)};</li>
 * <li>periodic Hann window {@code w[n] = 0.5 - 0.5 cos(2 pi n / nFft)}; power spectrum {@code |X[k]|^2},
 *     {@code k = 0..nFft/2};</li>
 * <li>Slaney mel scale (linear below 1 kHz at 200/3 Hz per mel, logarithmic above with step ln(6.4)/27),
 *     {@code nMels + 2} points evenly spaced in mel from 0 Hz to sr/2, triangular filters with Slaney's
 *     area normalisation {@code 2 / (f[m+2] - f[m])};</li>
 * <li>{@code 10 log10(max(1e-10, S))} floored at (max - 80 dB).</li>
 * </ul>
 * The hop is the largest that still gives {@code frames} frames for {@code samples} samples:
 * {@code hop = floor(samples / (frames - 1))}; librosa then yields {@code 1 + floor(samples / hop)}
 * frames (129 for 16000 samples and 128 frames) and the first {@code frames} are kept.
 * Output layout {@code [mels, frames]} row-major, i.e. {@code out[m * frames + t]}.
 */
public final class LogMel {

    public static final double AMIN = 1e-10;
    public static final double TOP_DB = 80.0;
    private static final double DB_PER_NEPER = 10 / Math.log(10);

    private final int nFft;
    private final int hop;
    private final int mels;
    private final int frames;
    private final int bins;
    private final double[] window;
    private final double[][] filters;   // [mels][bins]
    private final int[] lo;             // first non-zero bin of each filter
    private final int[] hi;             // one past the last
    private final Fft fft;

    public LogMel(int sampleRate, int samples, int nFft, int mels, int frames) {
        if (Integer.bitCount(nFft) != 1 || nFft < 16) {
            throw new IllegalArgumentException("n_fft must be a power of two >= 16, got " + nFft);
        }
        this.nFft = nFft;
        this.hop = samples / (frames - 1);
        if (hop < 1) {
            throw new IllegalArgumentException(frames + " frames do not fit " + samples + " samples");
        }
        this.mels = mels;
        this.frames = frames;
        this.bins = nFft / 2 + 1;
        this.window = new double[nFft];
        for (int n = 0; n < nFft; n++) window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / nFft);
        this.filters = melFilterBank(sampleRate, nFft, mels);
        this.lo = new int[mels];
        this.hi = new int[mels];
        for (int m = 0; m < mels; m++) {
            int a = 0;
            while (a < bins && filters[m][a] == 0) a++;
            int z = bins;
            while (z > a && filters[m][z - 1] == 0) z--;
            lo[m] = a;
            hi[m] = z;
        }
        this.fft = new Fft(nFft);
    }

    public int hop() {
        return hop;
    }

    public static double hzToMel(double hz) {
        double fsp = 200.0 / 3;
        if (hz < 1000) return hz / fsp;
        return 1000 / fsp + Math.log(hz / 1000) / (Math.log(6.4) / 27);
    }

    public static double melToHz(double mel) {
        double fsp = 200.0 / 3;
        double minLogMel = 1000 / fsp;
        if (mel < minLogMel) return mel * fsp;
        return 1000 * Math.exp((Math.log(6.4) / 27) * (mel - minLogMel));
    }

    /** Slaney-normalised triangular mel filters {@code [mels][nFft/2 + 1]} from 0 Hz to sr/2. */
    public static double[][] melFilterBank(int sampleRate, int nFft, int mels) {
        int bins = nFft / 2 + 1;
        double[] fft = new double[bins];
        for (int k = 0; k < bins; k++) fft[k] = (double) sampleRate * k / nFft;
        double maxMel = hzToMel(sampleRate / 2.0);
        double[] f = new double[mels + 2];
        for (int i = 0; i < mels + 2; i++) f[i] = melToHz(maxMel * i / (mels + 1));
        double[][] w = new double[mels][bins];
        for (int m = 0; m < mels; m++) {
            double norm = 2.0 / (f[m + 2] - f[m]);
            for (int k = 0; k < bins; k++) {
                double rise = (fft[k] - f[m]) / (f[m + 1] - f[m]);
                double fall = (f[m + 2] - fft[k]) / (f[m + 2] - f[m + 1]);
                w[m][k] = Math.max(0, Math.min(rise, fall)) * norm;
            }
        }
        return w;
    }

    /** The log-mel dB values {@code [mels * frames]} of a clip (not standardised). */
    public float[] decibels(float[] clip) {
        int pad = nFft / 2;
        int n = clip.length;
        double[] re = new double[nFft];
        double[] im = new double[nFft];
        double[] powA = new double[bins];
        double[] powB = new double[bins];
        double[] s = new double[mels * frames];
        // two real frames per complex FFT: a in the real part, b in the imaginary part
        for (int t = 0; t < frames; t += 2) {
            boolean two = t + 1 < frames;
            int a0 = t * hop - pad;
            int b0 = a0 + hop;
            if (two && a0 >= 0 && b0 + nFft <= n) {
                // interior frames: no zero padding to check
                for (int j = 0; j < nFft; j++) {
                    re[j] = clip[a0 + j] * window[j];
                    im[j] = clip[b0 + j] * window[j];
                }
            } else {
                for (int j = 0; j < nFft; j++) {
                    int ia = a0 + j;
                    int ib = b0 + j;
                    re[j] = (ia >= 0 && ia < n ? clip[ia] : 0) * window[j];
                    im[j] = two && ib >= 0 && ib < n ? clip[ib] * window[j] : 0;
                }
            }
            fft.transform(re, im);
            for (int k = 0; k < bins; k++) {
                int nk = (nFft - k) & (nFft - 1);
                // A[k] = (Z[k] + conj(Z[N-k])) / 2,  B[k] = (Z[k] - conj(Z[N-k])) / (2i)
                double ar = (re[k] + re[nk]) / 2;
                double ai = (im[k] - im[nk]) / 2;
                double br = (im[k] + im[nk]) / 2;
                double bi = (re[nk] - re[k]) / 2;
                powA[k] = ar * ar + ai * ai;
                powB[k] = br * br + bi * bi;
            }
            applyFilters(powA, s, t);
            if (two) applyFilters(powB, s, t + 1);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            s[i] = DB_PER_NEPER * Math.log(Math.max(AMIN, s[i]));
            max = Math.max(max, s[i]);
        }
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) out[i] = (float) Math.max(s[i], max - TOP_DB);
        return out;
    }

    /** Decibels standardised per clip to zero mean and unit (population) variance; a constant clip gives zeros. */
    public float[] features(float[] clip) {
        float[] d = decibels(clip);
        double mean = 0;
        for (float v : d) mean += v;
        mean /= d.length;
        double var = 0;
        for (float v : d) var += (v - mean) * (v - mean);
        double sd = Math.sqrt(var / d.length);
        double inv = sd > 1e-6 ? 1 / sd : 0;
        for (int i = 0; i < d.length; i++) d[i] = (float) ((d[i] - mean) * inv);
        return d;
    }

    private void applyFilters(double[] pow, double[] s, int t) {
        for (int m = 0; m < mels; m++) {
            double acc = 0;
            double[] w = filters[m];
            for (int k = lo[m]; k < hi[m]; k++) acc += w[k] * pow[k];
            s[m * frames + t] = acc;
        }
    }

    /**
     * In-place iterative radix-2 complex FFT, {@code X[k] = sum_n x[n] e^{-2 pi i k n / N}}. The twiddles of
     * each stage (half-length {@code h}: {@code e^{-i pi k / h}}, {@code k < h}) are stored contiguously from
     * offset {@code h - 1}, so the inner loop reads them sequentially; the first stage (all twiddles 1) is
     * done separately.
     */
    static final class Fft {
        private final int n;
        private final int[] rev;
        private final double[] twRe;
        private final double[] twIm;

        Fft(int n) {
            this.n = n;
            int bits = Integer.numberOfTrailingZeros(n);
            rev = new int[n];
            for (int i = 0; i < n; i++) rev[i] = Integer.reverse(i) >>> (32 - bits);
            twRe = new double[n];
            twIm = new double[n];
            for (int h = 1; h < n; h <<= 1) {
                for (int k = 0; k < h; k++) {
                    twRe[h - 1 + k] = Math.cos(Math.PI * k / h);
                    twIm[h - 1 + k] = -Math.sin(Math.PI * k / h);
                }
            }
        }

        void transform(double[] re, double[] im) {
            for (int i = 0; i < n; i++) {
                int j = rev[i];
                if (j > i) {
                    double t = re[i];
                    re[i] = re[j];
                    re[j] = t;
                    t = im[i];
                    im[i] = im[j];
                    im[j] = t;
                }
            }
            for (int a = 0; a < n; a += 2) {
                double xr = re[a + 1];
                double xi = im[a + 1];
                re[a + 1] = re[a] - xr;
                im[a + 1] = im[a] - xi;
                re[a] += xr;
                im[a] += xi;
            }
            for (int h = 2; h < n; h <<= 1) {
                stage(re, im, h);
            }
        }

        private void stage(double[] re, double[] im, int h) {
            int len = h << 1;
            int off = h - 1;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < h; k++) {
                    double wr = twRe[off + k];
                    double wi = twIm[off + k];
                    int a = start + k;
                    int b = a + h;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
