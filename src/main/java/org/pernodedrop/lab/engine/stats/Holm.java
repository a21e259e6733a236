package org.pernodedrop.lab.engine.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction for m simultaneous tests (Holm 1979), which controls the family-wise error rate
 * without assuming independence. With the p values sorted ascending, p_(1) <= ... <= p_(m):
 * <pre>
 *   adjusted p_(i) = max over j <= i of min(1, (m - j + 1) p_(j))
 * </pre>
 * and hypothesis i is rejected at level alpha when its adjusted p is below alpha, which is the same as stepping
 * down through p_(i) < alpha / (m - i + 1) and stopping at the first failure.
 */
public final class Holm {

    private Holm() {
    }

    /** Holm-adjusted p values, in the order of {@code p}. */
    public static double[] adjust(double[] p) {
        int m = p.length;
        for (int i = 0; i < m; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("p value " + (i + 1) + " is not in [0, 1]: " + p[i]);
            }
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adj = new double[m];
        double running = 0;
        for (int j = 0; j < m; j++) {
            double a = Math.min(1.0, (m - j) * p[order[j]]);
            running = Math.max(running, a);
            adj[order[j]] = running;
        }
        return adj;
    }
}
