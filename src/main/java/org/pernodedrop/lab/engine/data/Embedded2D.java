package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic 2-D sets of the TensorFlow-Playground kind, in the Playground's coordinates (points
 * inside about [-6, 6]^2, radius 5). Two classes, {@code samples / 2} each (xor: by quadrant).
 * {@code noise} is the standard deviation of isotropic Gaussian noise as a fraction of half the radius
 * ({@code sigma = noise * 2.5}), so noise 0.1 is a clean set and 0.5 a hard one.
 */
final class Embedded2D {

    static final List<String> NAMES = List.of("spiral", "circles", "xor", "gauss", "moons");
    static final double RADIUS = 5.0;

    private Embedded2D() {
    }

    static Dataset load(DataSpec spec, long seed) throws DatasetException {
        int n = spec.samples() > 0 ? spec.samples() : 500;
        if (n < 4) {
            throw new DatasetException(spec.name() + ": samples must be at least 4, got " + n);
        }
        if (n > 1_000_000) {
            throw new DatasetException(spec.name() + ": samples must be at most 1,000,000, got " + n);
        }
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + spec.name().hashCode());
        double sigma = spec.noise() * RADIUS / 2;
        float[] x = new float[2 * n];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            double px;
            double py;
            switch (spec.name()) {
                case "spiral" -> {
                    // arm `cls`, position t in [0, 1): radius grows linearly, 1.75 turns, arms half a turn apart
                    double t = (double) (i / 2) / ((n + 1) / 2);
                    double r = RADIUS * t;
                    double a = 1.75 * t * 2 * Math.PI + cls * Math.PI;
                    px = r * Math.sin(a);
                    py = r * Math.cos(a);
                }
                case "circles" -> {
                    // class 0 inside radius R/2, class 1 on the ring [0.7R, R]
                    double r = cls == 0 ? RADIUS * 0.5 * Math.sqrt(rnd.nextDouble())
                            : RADIUS * (0.7 + 0.3 * rnd.nextDouble());
                    double a = rnd.nextDouble() * 2 * Math.PI;
                    px = r * Math.sin(a);
                    py = r * Math.cos(a);
                }
                case "xor" -> {
                    // uniform on [-R, R]^2 away from the axes by 0.3; class = sign(x * y)
                    px = uniformAwayFromZero(rnd);
                    py = uniformAwayFromZero(rnd);
                    cls = px * py >= 0 ? 0 : 1;
                }
                case "gauss" -> {
                    // two blobs at (2, 2) and (-2, -2), unit variance before the noise
                    double c = cls == 0 ? 2 : -2;
                    px = c + gaussian(rnd);
                    py = c + gaussian(rnd);
                }
                case "moons" -> {
                    // two interleaved half circles (radius R/2), the lower one shifted right
                    double a = Math.PI * rnd.nextDouble();
                    double r = RADIUS / 2;
                    if (cls == 0) {
                        px = r * Math.cos(a) - r / 2;
                        py = r * Math.sin(a) - r / 4;
                    } else {
                        px = r - r * Math.cos(a) - r / 2;
                        py = -r * Math.sin(a) + r / 4;
                    }
                }
                default -> throw new DatasetException("unknown embedded dataset '" + spec.name() + "'");
            }
            x[2 * i] = (float) (px + sigma * gaussian(rnd));
            x[2 * i + 1] = (float) (py + sigma * gaussian(rnd));
            label[i] = cls;
        }
        return Splits.splitPool(spec.name(), new int[]{2}, List.of("0", "1"), false, new DenseExamples(x, 2),
                Splits.oneHot(label, 2), spec, seed, "embedded");
    }

    private static double uniformAwayFromZero(SplittableRandom rnd) {
        double v = 0.3 + (RADIUS - 0.3) * rnd.nextDouble();
        return rnd.nextBoolean() ? v : -v;
    }

    // Box-Muller; SplittableRandom has no nextGaussian on Java 17
    private static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
