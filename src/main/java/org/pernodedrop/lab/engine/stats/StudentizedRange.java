package org.pernodedrop.lab.engine.stats;

import org.apache.commons.math3.special.Erf;

/**
 * The studentized range distribution with infinite degrees of freedom: the range of k independent standard normal
 * variables. Its quantiles divided by sqrt(2) are the Nemenyi test's q_alpha (Demšar 2006, Table 5).
 * <pre>
 *   P(R <= q) = k * integral over z of phi(z) [Phi(z) - Phi(z - q)]^(k-1) dz
 * </pre>
 * (any of the k values may be the largest, at z; the range is at most q when the other k - 1 lie in
 * (z - q, z]). The integral is evaluated by composite Simpson's rule on [-9, 9 + q]; outside
 * that range the integrand is below 1e-18.
 */
public final class StudentizedRange {

    // Simpson's error falls as h^4; with h = (18 + q) / 1200 < 0.02 it is far below 1e-10 for this smooth integrand.
    private static final int INTERVALS = 1200;

    private StudentizedRange() {
    }

    /** P(R <= q) for the range R of k independent N(0, 1) variables. */
    public static double cdf(double q, int k) {
        if (k < 2) throw new IllegalArgumentException("the range needs at least two variables, got k = " + k);
        if (!(q > 0)) return 0.0;
        double lo = -9.0, hi = 9.0 + q;
        double h = (hi - lo) / INTERVALS;
        double sum = 0;
        for (int i = 0; i <= INTERVALS; i++) {
            double z = lo + i * h;
            double w = i == 0 || i == INTERVALS ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += w * integrand(z, q, k);
        }
        double p = k * sum * h / 3.0;
        return Math.min(1.0, Math.max(0.0, p));
    }

    /** The q with P(R <= q) = 1 - alpha, by bisection (cdf is increasing in q). */
    public static double quantile(double alpha, int k) {
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        double lo = 0, hi = 1;
        // Bounded loops: termination never depends on cdf behaving (q is below 2^4 for any practical k and alpha;
        // 100 halvings shrink even a 2^64 bracket below 1e-10).
        for (int i = 0; i < 64 && cdf(hi, k) < 1 - alpha; i++) hi *= 2;
        for (int it = 0; it < 100 && hi - lo > 1e-10; it++) {
            double mid = (lo + hi) / 2;
            if (cdf(mid, k) < 1 - alpha) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    private static double integrand(double z, double q, int k) {
        // z is the largest value; the other k - 1 fall in (z - q, z]
        double inside = phiCdf(z) - phiCdf(z - q);
        return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * Math.pow(inside, k - 1);
    }

    private static double phiCdf(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }
}
