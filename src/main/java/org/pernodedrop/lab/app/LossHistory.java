package org.pernodedrop.lab.app;

import org.pernodedrop.lab.engine.train.EpochMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loss record of one run as plain arrays (FX thread only): every mini-batch loss with its position in epochs,
 * and the epoch-end metrics. Views ask for smoothed, thinned copies to draw; nothing here knows about charts.
 */
public final class LossHistory {

    private long[] steps = new long[1024];
    private double[] xs = new double[1024];
    private double[] losses = new double[1024];
    private int size;
    private final List<EpochMetrics> epochs = new ArrayList<>();

    void addBatches(long[] s, double[] x, double[] l) {
        int n = s.length;
        if (size + n > steps.length) {
            int cap = Math.max(size + n, steps.length * 2);
            steps = Arrays.copyOf(steps, cap);
            xs = Arrays.copyOf(xs, cap);
            losses = Arrays.copyOf(losses, cap);
        }
        System.arraycopy(s, 0, steps, size, n);
        System.arraycopy(x, 0, xs, size, n);
        System.arraycopy(l, 0, losses, size, n);
        size += n;
    }

    public void addBatch(long step, double x, double loss) {
        addBatches(new long[]{step}, new double[]{x}, new double[]{loss});
    }

    public void addEpoch(EpochMetrics m) {
        epochs.add(m);
    }

    public void clear() {
        size = 0;
        epochs.clear();
    }

    public int batchCount() {
        return size;
    }

    public List<EpochMetrics> epochs() {
        return List.copyOf(epochs);
    }

    /**
     * Exponential moving average with bias correction, as TensorBoard draws it:
     * {@code s_t = a s_(t-1) + (1 - a) l_t}, {@code s_0 = 0}, shown as {@code s_t / (1 - a^t)}; {@code a = 0} gives
     * the raw losses. Non-finite losses are passed through unsmoothed so a diverging run stays visible.
     */
    public static double[] smooth(double[] raw, int n, double alpha) {
        double[] out = new double[n];
        double s = 0.0;
        double weight = 0.0;
        for (int t = 0; t < n; t++) {
            double l = raw[t];
            if (!Double.isFinite(l)) {
                out[t] = l;
                continue;
            }
            s = alpha * s + (1.0 - alpha) * l;
            weight = alpha * weight + (1.0 - alpha);
            out[t] = s / weight;
        }
        return out;
    }

    /**
     * The smoothed mini-batch curve thinned to at most {@code maxPoints}: {@code [0]} x in epochs,
     * {@code [1]} smoothed loss. Thinning keeps every k-th point of the already smoothed curve (and the last one), so
     * its shape does not depend on the window size.
     */
    public double[][] smoothedCurve(double alpha, int maxPoints) {
        if (size == 0) return new double[2][0];
        double[] sm = smooth(losses, size, alpha);
        int stride = Math.max(1, (size + maxPoints - 1) / maxPoints);
        int count = (size - 1) / stride + 1;
        boolean lastIncluded = (size - 1) % stride == 0;
        int total = lastIncluded ? count : count + 1;
        double[][] out = new double[2][total];
        int k = 0;
        for (int t = 0; t < size; t += stride, k++) {
            out[0][k] = xs[t];
            out[1][k] = sm[t];
        }
        if (!lastIncluded) {
            out[0][k] = xs[size - 1];
            out[1][k] = sm[size - 1];
        }
        return out;
    }

    /** The index of the mini-batch point nearest to {@code x} (in epochs), or -1 when empty. */
    public int nearestBatch(double x) {
        if (size == 0) return -1;
        int i = Arrays.binarySearch(xs, 0, size, x);
        if (i >= 0) return i;
        int ins = -i - 1;
        if (ins == 0) return 0;
        if (ins >= size) return size - 1;
        return (x - xs[ins - 1] <= xs[ins] - x) ? ins - 1 : ins;
    }

    public long stepAt(int i) {
        return steps[i];
    }

    public double xAt(int i) {
        return xs[i];
    }

    public double lossAt(int i) {
        return losses[i];
    }

    public double smoothedAt(int i, double alpha) {
        return smooth(losses, i + 1, alpha)[i];
    }
}
