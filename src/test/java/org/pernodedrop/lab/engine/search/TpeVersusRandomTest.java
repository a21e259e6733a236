package org.pernodedrop.lab.engine.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TPE against random search on synthetic objectives whose optimum is known in closed form: how many trials until a
 * trial's true objective is within a tolerance of the optimum, over 24 seeds each. With noise, the sampler sees
 * f + N(0, sigma^2) and success is still judged on the true f (finding good settings, not lucky draws).
 * A search that never gets there within the cap counts as cap + 1 (which favours whichever fails more: only random
 * ever hit the cap here).
 */
class TpeVersusRandomTest {

    static final int SEEDS = 24;
    static final int CAP = 2000;

    /** The lab's space: 4 variants, rate in [0, 0.9], 4..256 units (log), lr 1e-4..1e-1 (log). */
    static final SearchSpace LAB = new SearchSpace(List.of("dropout", "pernode-bernoulli", "pernode-gaussian",
            "dropconnect"), 0.0, 0.9, 4, 256, 1e-4, 1e-1);

    /**
     * A bowl on the lab's space with its minimum 0 at (pernode-bernoulli, rate 0.35, 48 units, lr 0.003): a penalty
     * per variant plus quadratics in rate, ln(units) and ln(lr).
     */
    static double bowl(double[] x) {
        double[] variantPenalty = {0.3, 0.0, 0.15, 0.4};
        return variantPenalty[(int) x[0]] + 4 * sq(x[1] - 0.35) + 0.1 * sq(Math.log(x[2] / 48))
                + 0.15 * sq(Math.log(x[3] / 0.003));
    }

    /** Branin-Hoo on [-5, 10] x [0, 15]: three global minima, all 0.397887 (5/(4 pi) + ... ; Dixon and Szego). */
    static double branin(double[] x) {
        double a = 1, b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
        return a * sq(x[1] - b * x[0] * x[0] + c * x[0] - r) + s * (1 - t) * Math.cos(x[0]) + s;
    }

    static final double BRANIN_MIN = 0.39788735772973816;

    static double sq(double v) {
        return v * v;
    }

    /** Trials until the true objective of a proposed point is within {@code tol} of {@code fStar} (CAP + 1: never). */
    static int trialsToReach(Sampler sampler, List<Dim> dims, ToDoubleFunction<double[]> f, double fStar, double tol,
                             double noise, long seed) {
        Random rng = new Random(seed * 7919 + 13);
        List<Sampler.Observation> history = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            double[] x = sampler.next(dims, history, i);
            double truth = f.applyAsDouble(x);
            if (truth - fStar <= tol) return i + 1;
            history.add(new Sampler.Observation(i, x, truth + noise * rng.nextGaussian(), Integer.MAX_VALUE));
        }
        return CAP + 1;
    }

    record Comparison(double tpe, double random, int tpeWins, int randomAtCap, double tpeMedian, double randomMedian) {
    }

    static double median(List<Integer> v) {
        List<Integer> s = new ArrayList<>(v);
        s.sort(Integer::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    static Comparison compare(List<Dim> dims, ToDoubleFunction<double[]> f, double fStar, double tol, double noise) {
        double tpe = 0;
        double random = 0;
        int wins = 0;
        int capped = 0;
        List<Integer> ts = new ArrayList<>();
        List<Integer> rs = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            int t = trialsToReach(TpeSampler.optunaDefaults(seed), dims, f, fStar, tol, noise, seed);
            int r = trialsToReach(new RandomSampler(seed), dims, f, fStar, tol, noise, seed);
            tpe += t / (double) SEEDS;
            random += r / (double) SEEDS;
            if (t < r) wins++;
            if (r > CAP) capped++;
            ts.add(t);
            rs.add(r);
        }
        return new Comparison(tpe, random, wins, capped, median(ts), median(rs));
    }

    private static void print(String name, Comparison c) {
        System.out.printf(Locale.ROOT, "%s: trials to tolerance over %d seeds: mean TPE %.1f, random %.1f; median "
                + "TPE %.1f, random %.1f (TPE fewer on %d seeds; random capped at %d on %d)%n", name, SEEDS, c.tpe(),
                c.random(), c.tpeMedian(), c.randomMedian(), c.tpeWins(), CAP, c.randomAtCap());
    }

    @Test
    void tpeReachesTheBowlsOptimumInFewerTrialsThanRandom() {
        Comparison c = compare(LAB.dims(), TpeVersusRandomTest::bowl, 0.0, 0.05, 0.0);
        print("bowl (tol 0.05)", c);
        // Random search is geometric with p = the tolerance region's share of the space: the variant must be
        // pernode-bernoulli (1/4; the next best is 0.15 off) and (rate, ln units, ln lr) must fall in the ellipsoid
        // 4a^2 + 0.1b^2 + 0.15c^2 <= 0.05, volume 4/3 pi sqrt(0.05/4) sqrt(0.05/0.1) sqrt(0.05/0.15) = 0.1912, out of
        // 0.9 x ln(256.5/3.5) x ln(1000) = 26.68: p = 0.25 x 0.1912 / 26.68 = 0.00179, mean 558 trials. The mean of
        // 24 geometric draws has a standard error of about 558/sqrt(24) = 114: the harness must land near it.
        assertThat(c.random()).isBetween(558 - 3 * 114.0, 558 + 3 * 114.0);
        assertThat(c.tpe()).isLessThan(0.6 * c.random());
        assertThat(c.tpeWins()).isGreaterThanOrEqualTo(SEEDS * 2 / 3);
    }

    @Test
    void tpeReachesTheNoisyBowlsOptimumInFewerTrialsThanRandom() {
        // noise sigma 0.1: twice the tolerance, so single observations cannot be trusted
        Comparison c = compare(LAB.dims(), TpeVersusRandomTest::bowl, 0.0, 0.05, 0.1);
        print("noisy bowl (tol 0.05, sigma 0.1)", c);
        assertThat(c.tpe()).isLessThan(0.75 * c.random());
    }

    @Test
    void tpeReachesBraninsMinimumInFewerTrialsThanRandom() {
        List<Dim> dims = List.of(new Dim.Real("x1", -5, 10, false), new Dim.Real("x2", 0, 15, false));
        Comparison c = compare(dims, TpeVersusRandomTest::branin, BRANIN_MIN, 0.1, 0.0);
        print("Branin (tol 0.1)", c);
        assertThat(c.tpe()).isLessThan(0.6 * c.random());
        Comparison noisy = compare(dims, TpeVersusRandomTest::branin, BRANIN_MIN, 0.1, 0.5);
        print("noisy Branin (tol 0.1, sigma 0.5)", noisy);
        assertThat(noisy.tpe()).isLessThan(0.8 * noisy.random());
    }

    @Test
    void theOptimaAreWhereTheTestSaysTheyAre() {
        // independent checks of the references: the planted bowl minimum and Branin's three published minimisers
        assertThat(bowl(new double[]{1, 0.35, 48, 0.003})).isEqualTo(0.0);
        for (double[] p : new double[][]{{-Math.PI, 12.275}, {Math.PI, 2.275}, {9.42478, 2.475}}) {
            assertThat(branin(p)).isCloseTo(BRANIN_MIN, org.assertj.core.api.Assertions.within(1e-5));
        }
        // and a dense scan finds nothing lower
        double low = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 600; i++) for (int j = 0; j <= 600; j++) {
            low = Math.min(low, branin(new double[]{-5 + 15.0 * i / 600, 15.0 * j / 600}));
        }
        assertThat(low).isGreaterThanOrEqualTo(BRANIN_MIN - 1e-9);
    }

}
