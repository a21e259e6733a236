package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.util.List;
import java.util.Random;

/**
 * Entry point for loading any dataset by its {@link DataSpec}.
 *
 * <p>INTERIM: only a 2-D spiral is wired here so the trainer and app can be built in parallel;
 * the datasets work replaces this class body with the full registry.
 */
public final class Datasets {

    private Datasets() {
    }

    public static Dataset load(DataSpec spec) throws DatasetException {
        if (!spec.name().equals("spiral")) {
            throw new DatasetException("dataset '" + spec.name() + "' is not available yet");
        }
        int n = spec.samples() > 0 ? spec.samples() : 500;
        Random rnd = new Random(17);
        float[] x = new float[n * 2];
        float[] y = new float[n * 2];
        for (int k = 0; k < n; k++) {
            int cls = k % 2;
            double r = 5.0 * (k / 2) / (n / 2.0);
            double t = 1.75 * (k / 2) / (n / 2.0) * 2 * Math.PI + cls * Math.PI;
            x[2 * k] = (float) (r * Math.sin(t) + rnd.nextGaussian() * spec.noise());
            x[2 * k + 1] = (float) (r * Math.cos(t) + rnd.nextGaussian() * spec.noise());
            y[2 * k + cls] = 1f;
        }
        int nTrain = (int) Math.round(n * spec.trainRatio());
        float[] xt = java.util.Arrays.copyOfRange(x, 0, nTrain * 2);
        float[] yt = java.util.Arrays.copyOfRange(y, 0, nTrain * 2);
        float[] xv = java.util.Arrays.copyOfRange(x, nTrain * 2, n * 2);
        float[] yv = java.util.Arrays.copyOfRange(y, nTrain * 2, n * 2);
        return new Dataset("spiral", new int[]{2}, List.of("0", "1"), false,
                new Split(new DenseExamples(xt, 2), yt, 2), new Split(new DenseExamples(xv, 2), yv, 2), "embedded");
    }
}
