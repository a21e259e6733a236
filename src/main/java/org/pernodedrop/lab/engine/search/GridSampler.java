package org.pernodedrop.lab.engine.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A grid: every choice of each categorical dimension x {@code levels} evenly spaced values of each numeric one (in
 * model coordinates, so log dimensions get geometric steps; integers rounded and deduplicated). The points are
 * visited in an order shuffled with the seed, so a budget smaller than the grid covers it evenly instead of
 * exhausting the first variant; past the grid's size it starts over.
 */
public record GridSampler(long seed, int levels) implements Sampler {

    public GridSampler {
        if (levels < 1) throw new IllegalArgumentException("grid levels must be >= 1, got " + levels);
    }

    public List<double[]> points(List<Dim> space) {
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[space.size()]);
        for (int d = 0; d < space.size(); d++) {
            Dim dim = space.get(d);
            List<Double> values = new ArrayList<>();
            if (dim instanceof Dim.Categorical c) {
                for (int k = 0; k < c.choices().size(); k++) values.add((double) k);
            } else {
                int n = dim.fixed() ? 1 : levels;
                for (int k = 0; k < n; k++) {
                    double t = n == 1 ? (dim.low() + dim.high()) / 2 : dim.low() + (dim.high() - dim.low()) * k / (n - 1);
                    double v = dim.fromModel(t);
                    if (!values.contains(v)) values.add(v);
                }
            }
            List<double[]> next = new ArrayList<>();
            for (double[] p : pts) {
                for (double v : values) {
                    double[] q = p.clone();
                    q[d] = v;
                    next.add(q);
                }
            }
            pts = next;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = pts.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double[] t = pts.get(i);
            pts.set(i, pts.get(j));
            pts.set(j, t);
        }
        return pts;
    }

    @Override
    public double[] next(List<Dim> space, List<Observation> history, int trial) {
        List<double[]> pts = points(space);
        return pts.get(trial % pts.size()).clone();
    }
}
