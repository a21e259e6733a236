package org.pernodedrop.lab.engine.train;

import java.util.Arrays;
import java.util.List;

/**
 * Counts of (true class, predicted class) pairs of a single-label evaluation: {@code count(t, p)} examples of class
 * {@code t} were predicted as {@code p}. Row {@code t} sums to the number of examples of class t, so the per-class
 * accuracy (recall) of t is {@code count(t, t) / rowTotal(t)} and the overall accuracy is the trace over the total.
 * Immutable; {@link Counter} fills one.
 */
public final class ConfusionMatrix {

    private final List<String> labels;
    private final long[] counts; // [true * classes + predicted]

    /** {@code counts} row-major {@code [true][predicted]}, {@code labels.size()^2} entries, none negative. */
    public ConfusionMatrix(List<String> labels, long[] counts) {
        int k = labels.size();
        if (k < 1) throw new IllegalArgumentException("a confusion matrix needs at least one class");
        if (counts.length != k * k) {
            throw new IllegalArgumentException("a confusion matrix of " + k + " classes needs " + k * k
                    + " counts, got " + counts.length);
        }
        for (long c : counts) {
            if (c < 0) throw new IllegalArgumentException("confusion counts must be >= 0, got " + c);
        }
        this.labels = List.copyOf(labels);
        this.counts = counts.clone();
    }

    public int classes() {
        return labels.size();
    }

    public List<String> labels() {
        return labels;
    }

    public long count(int truth, int predicted) {
        return counts[truth * labels.size() + predicted];
    }

    /** Examples whose true class is {@code truth}. */
    public long rowTotal(int truth) {
        long s = 0;
        for (int p = 0; p < labels.size(); p++) s += count(truth, p);
        return s;
    }

    public long total() {
        long s = 0;
        for (long c : counts) s += c;
        return s;
    }

    /** Per-class accuracy (recall) of {@code truth}: NaN when the class has no examples. */
    public double recall(int truth) {
        long n = rowTotal(truth);
        return n == 0 ? Double.NaN : (double) count(truth, truth) / n;
    }

    /** Share of the row: {@code count(t, p) / rowTotal(t)}, NaN for an empty row. */
    public double rowShare(int truth, int predicted) {
        long n = rowTotal(truth);
        return n == 0 ? Double.NaN : (double) count(truth, predicted) / n;
    }

    /** Correct predictions over all examples (NaN when empty). */
    public double accuracy() {
        long n = total();
        if (n == 0) return Double.NaN;
        long hit = 0;
        for (int t = 0; t < labels.size(); t++) hit += count(t, t);
        return (double) hit / n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && m.labels.equals(labels) && Arrays.equals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.hashCode(counts);
    }

    /** Mutable tally, one {@link #add} per evaluated example. */
    public static final class Counter {
        private final List<String> labels;
        private final long[] counts;

        public Counter(List<String> labels) {
            this.labels = List.copyOf(labels);
            this.counts = new long[labels.size() * labels.size()];
        }

        public void add(int truth, int predicted) {
            int k = labels.size();
            if (truth < 0 || truth >= k || predicted < 0 || predicted >= k) {
                throw new IllegalArgumentException("class index out of range 0.." + (k - 1) + ": true " + truth
                        + ", predicted " + predicted);
            }
            counts[truth * k + predicted]++;
        }

        public ConfusionMatrix build() {
            return new ConfusionMatrix(labels, counts);
        }
    }
}
