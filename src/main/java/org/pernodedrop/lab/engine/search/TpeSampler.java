package org.pernodedrop.lab.engine.search;

import org.apache.commons.math3.special.Erf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tree-structured Parzen estimator (Bergstra, Bardenet, Bengio and Kegl, "Algorithms for Hyper-Parameter
 * Optimization", NeurIPS 2011), univariate as Optuna's default {@code TPESampler}, whose defaults are the anchor:
 *
 * <ul>
 *   <li>the first {@code startup} (10) trials are uniform random;</li>
 *   <li>then the trials are ranked (further ASHA rung first, then lower value) and split: the best
 *       {@code gamma(n) = min(ceil(0.1 n), 25)} form the "good" set, the rest the "bad" set;</li>
 *   <li>each dimension gets two Parzen densities, l(x) over the good points and g(x) over the bad ones: a mixture of
 *       one truncated Gaussian per point plus a prior component (centre of the range, sigma = the range's width,
 *       weight 1); the bandwidth of a point is the larger distance to its sorted neighbours, clipped to
 *       [width / min(100, 1 + n), width]; log-scale dimensions are modelled in ln x;</li>
 *   <li>categorical dimensions: l(c) proportional to 1/k (the prior) plus the weights of the good points with choice
 *       c, g likewise;</li>
 *   <li>points' weights: 1 for the newest 25, a ramp 1/n..1 for older ones (old trials count less);</li>
 *   <li>{@code candidates} (24) values are drawn from l and the one with the largest l(x)/g(x) is taken - the
 *       expected-improvement maximiser under the TPE model (EI is monotone in l/g, paper eq. 5).</li>
 * </ul>
 */
public record TpeSampler(long seed, int startup, int candidates, double priorWeight) implements Sampler {

    public static final int OPTUNA_STARTUP = 10;
    public static final int OPTUNA_CANDIDATES = 24;

    public TpeSampler {
        if (startup < 1) throw new IllegalArgumentException("TPE startup trials must be >= 1, got " + startup);
        if (candidates < 1) throw new IllegalArgumentException("TPE candidates must be >= 1, got " + candidates);
        if (!(priorWeight > 0)) throw new IllegalArgumentException("TPE prior weight must be > 0, got " + priorWeight);
    }

    /** Optuna's defaults: 10 startup trials, 24 candidates, prior weight 1. */
    public static TpeSampler optunaDefaults(long seed) {
        return new TpeSampler(seed, OPTUNA_STARTUP, OPTUNA_CANDIDATES, 1.0);
    }

    /** Size of the good set: Optuna's default gamma, min(ceil(0.1 n), 25). */
    public static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    /** Optuna's default weights for n points in trial order: a ramp 1/n..1 for all but the newest 25, then ones. */
    static double[] weights(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        if (n < 25) return w;
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++) w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1);
        return w;
    }

    @Override
    public double[] next(List<Dim> space, List<Observation> history, int trial) {
        SplittableRandom rng = Sampler.rng(seed, trial);
        if (history.size() < startup) return Sampler.uniform(space, rng);
        List<Observation> ranked = new ArrayList<>(history);
        ranked.sort(Observation::compare);
        int nGood = Math.max(1, gamma(ranked.size()));
        List<Observation> good = byIndex(ranked.subList(0, nGood));
        List<Observation> bad = byIndex(ranked.subList(nGood, ranked.size()));
        double[] x = new double[space.size()];
        for (int d = 0; d < space.size(); d++) {
            Dim dim = space.get(d);
            if (dim instanceof Dim.Categorical c) {
                x[d] = categorical(c, d, good, bad, rng);
            } else if (dim.fixed()) {
                x[d] = dim.fromModel(dim.low());
            } else {
                x[d] = numeric(dim, d, good, bad, rng);
            }
        }
        return x;
    }

    private static List<Observation> byIndex(List<Observation> obs) {
        List<Observation> out = new ArrayList<>(obs);
        out.sort(Comparator.comparingInt(Observation::index));
        return out;
    }

    private double categorical(Dim.Categorical c, int d, List<Observation> good, List<Observation> bad,
                               SplittableRandom rng) {
        int k = c.choices().size();
        double[] l = categoryMass(k, d, good);
        double[] g = categoryMass(k, d, bad);
        double best = Double.NEGATIVE_INFINITY;
        int pick = 0;
        for (int s = 0; s < candidates; s++) {
            int cand = draw(l, rng);
            double score = Math.log(l[cand]) - Math.log(g[cand]);
            if (score > best) {
                best = score;
                pick = cand;
            }
        }
        return pick;
    }

    private double[] categoryMass(int k, int d, List<Observation> obs) {
        double[] m = new double[k];
        Arrays.fill(m, priorWeight / k);
        double[] w = weights(obs.size());
        for (int i = 0; i < obs.size(); i++) m[(int) obs.get(i).at(d)] += w[i];
        double sum = Arrays.stream(m).sum();
        for (int i = 0; i < k; i++) m[i] /= sum;
        return m;
    }

    private static int draw(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (u < acc) return i;
        }
        return p.length - 1;
    }

    /** A truncated Gaussian mixture on [a, b]: means, sigmas, normalised weights. */
    record Parzen(double a, double b, double[] mu, double[] sigma, double[] weight) {

        double logDensity(double t) {
            double p = 0;
            for (int i = 0; i < mu.length; i++) {
                double z = (t - mu[i]) / sigma[i];
                double mass = cdf((b - mu[i]) / sigma[i]) - cdf((a - mu[i]) / sigma[i]);
                p += weight[i] * Math.exp(-0.5 * z * z) / (sigma[i] * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
            }
            return Math.log(Math.max(p, 1e-300));
        }

        double sample(SplittableRandom rng) {
            int i = draw(weight, rng);
            for (int tries = 0; tries < 100; tries++) {
                double t = mu[i] + sigma[i] * gaussian(rng);
                if (t >= a && t <= b) return t;
            }
            return Math.max(a, Math.min(b, mu[i])); // a component almost outside the range: its clamped centre
        }
    }

    /** The Parzen estimator of one numeric dimension over {@code obs} (in trial order), in model coordinates. */
    Parzen parzen(Dim dim, int d, List<Observation> obs) {
        double a = dim.low();
        double b = dim.high();
        if (dim instanceof Dim.Int i) { // integers own [v - 0.5, v + 0.5]
            a = i.ownedLow();
            b = i.ownedHigh();
        }
        int n = obs.size();
        double[] mus = new double[n + 1];
        double[] w = new double[n + 1];
        double[] ow = weights(n);
        for (int i = 0; i < n; i++) {
            mus[i] = dim.toModel(obs.get(i).at(d));
            w[i] = ow[i];
        }
        double width = b - a;
        mus[n] = (a + b) / 2; // the prior component
        w[n] = priorWeight;
        // bandwidths from the sorted centres: the larger gap to a neighbour (one side at the ends)
        Integer[] order = new Integer[n + 1];
        for (int i = 0; i <= n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> mus[i]));
        double[] sigma = new double[n + 1];
        for (int r = 0; r <= n; r++) {
            double left = r > 0 ? mus[order[r]] - mus[order[r - 1]] : 0;
            double right = r < n ? mus[order[r + 1]] - mus[order[r]] : 0;
            sigma[order[r]] = Math.max(left, right);
        }
        double minSigma = width / Math.min(100.0, 1.0 + (n + 1));
        for (int i = 0; i <= n; i++) sigma[i] = Math.max(minSigma, Math.min(width, sigma[i]));
        sigma[n] = width; // the prior is wide
        double sum = Arrays.stream(w).sum();
        for (int i = 0; i <= n; i++) w[i] /= sum;
        return new Parzen(a, b, mus, sigma, w);
    }

    private double numeric(Dim dim, int d, List<Observation> good, List<Observation> bad, SplittableRandom rng) {
        Parzen l = parzen(dim, d, good);
        Parzen g = parzen(dim, d, bad);
        double best = Double.NEGATIVE_INFINITY;
        double pick = l.mu()[0];
        for (int s = 0; s < candidates; s++) {
            double t = l.sample(rng);
            double score = l.logDensity(t) - g.logDensity(t);
            if (score > best) {
                best = score;
                pick = t;
            }
        }
        return dim.fromModel(pick);
    }

    static double cdf(double z) {
        return 0.5 * (1 + Erf.erf(z / Math.sqrt(2)));
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller from the trial's own stream (SplittableRandom has no nextGaussian in Java 17)
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
