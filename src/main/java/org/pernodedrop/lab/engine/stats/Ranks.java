package org.pernodedrop.lab.engine.stats;

import java.util.Arrays;
import java.util.Comparator;

/** Ranking with average ranks for ties, the convention of the Friedman test and of Table V. */
public final class Ranks {

    private Ranks() {
    }

    /**
     * 1-based ascending ranks of {@code values} (the smallest value gets rank 1); a run of equal values shares
     * the mean of the ranks it occupies, e.g. {@code [0.3, 0.1, 0.3, 0.2]} gives {@code [3.5, 1, 3.5, 2]}.
     * The rank sum is always {@code n (n + 1) / 2}. Values must be finite (NaN has no place in an order).
     */
    public static double[] average(double[] values) {
        int n = values.length;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("cannot rank a non-finite value (" + values[i] + " at index "
                        + i + ")");
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) j++;
            // positions i..j (0-based) hold ranks i+1..j+1; their mean is (i + j) / 2 + 1
            double shared = (i + j) / 2.0 + 1.0;
            for (int m = i; m <= j; m++) ranks[order[m]] = shared;
            i = j + 1;
        }
        return ranks;
    }
}
