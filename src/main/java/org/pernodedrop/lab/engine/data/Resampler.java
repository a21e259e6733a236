package org.pernodedrop.lab.engine.data;

/**
 * Band-limited resampling by a Hann-windowed sinc: output sample {@code j} sits at input position
 * {@code p = j * rateIn / rateOut} and is {@code sum_i x[i] h(p - i)} with
 * {@code h(d) = (2 fc / rateIn) sinc(2 fc d / rateIn) w(d)}, cutoff {@code fc = 0.475 min(rateIn, rateOut)}
 * (5% guard band below the lower Nyquist frequency, so downsampling does not alias), and a Hann window
 * {@code w} spanning {@link #ZERO_CROSSINGS} zero crossings of the sinc on each side.
 */
public final class Resampler {

    static final int ZERO_CROSSINGS = 16;

    private Resampler() {
    }

    /** The first {@code maxOut} (or fewer, if the input is shorter) samples of {@code x} at {@code rateOut}. */
    public static float[] resample(float[] x, int rateIn, int rateOut, int maxOut) {
        if (rateIn == rateOut) return java.util.Arrays.copyOf(x, Math.min(maxOut, x.length));
        double fc = 0.475 * Math.min(rateIn, rateOut);
        double scale = 2 * fc / rateIn;            // filter cutoff in cycles per input sample, times 2
        double half = ZERO_CROSSINGS / scale;      // window half-width in input samples
        int n = (int) Math.min(maxOut, (long) Math.floor((double) x.length * rateOut / rateIn));
        float[] y = new float[n];
        double step = (double) rateIn / rateOut;
        for (int j = 0; j < n; j++) {
            double p = j * step;
            int lo = Math.max(0, (int) Math.ceil(p - half));
            int hi = Math.min(x.length - 1, (int) Math.floor(p + half));
            double acc = 0;
            for (int i = lo; i <= hi; i++) {
                double d = p - i;
                double a = Math.PI * scale * d;
                double sinc = Math.abs(a) < 1e-9 ? 1 : Math.sin(a) / a;
                double w = 0.5 + 0.5 * Math.cos(Math.PI * d / half);
                acc += x[i] * scale * sinc * w;
            }
            y[j] = (float) acc;
        }
        return y;
    }
}
