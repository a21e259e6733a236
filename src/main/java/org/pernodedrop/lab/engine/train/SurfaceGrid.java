package org.pernodedrop.lab.engine.train;

import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.DenseExamples;
import org.pernodedrop.lab.engine.data.Split;

/**
 * The grid of a 2-D decision surface: {@code size x size} points covering the data with a 10% margin, built once
 * per run so every snapshot evaluates the same points.
 */
final class SurfaceGrid {

    static final int DEFAULT_SIZE = 64;

    final int size;
    final double xMin;
    final double xMax;
    final double yMin;
    final double yMax;
    /** {@code [size * size * 2]}: point (gx, gy) at row {@code gy * size + gx}, cell centres. */
    private final DenseExamples points;

    private SurfaceGrid(int size, double xMin, double xMax, double yMin, double yMax) {
        this.size = size;
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
        float[] p = new float[size * size * 2];
        for (int gy = 0; gy < size; gy++) {
            for (int gx = 0; gx < size; gx++) {
                int row = gy * size + gx;
                p[2 * row] = (float) (xMin + (gx + 0.5) * (xMax - xMin) / size);
                p[2 * row + 1] = (float) (yMin + (gy + 0.5) * (yMax - yMin) / size);
            }
        }
        points = new DenseExamples(p, 2);
    }

    /** A grid over the training and validation points, or null when the data is not 2-D. */
    static SurfaceGrid forData(Dataset data, int size) {
        if (data.inputShape().length != 1 || data.inputShape()[0] != 2) return null;
        double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        float[] row = new float[2];
        for (Split s : new Split[]{data.train(), data.val()}) {
            for (int r = 0; r < s.size(); r++) {
                s.features().copyRow(r, row, 0);
                b[0] = Math.min(b[0], row[0]);
                b[1] = Math.max(b[1], row[0]);
                b[2] = Math.min(b[2], row[1]);
                b[3] = Math.max(b[3], row[1]);
            }
        }
        if (b[0] > b[1]) return new SurfaceGrid(size, -1, 1, -1, 1);
        double mx = Math.max(1e-6, 0.1 * (b[1] - b[0]));
        double my = Math.max(1e-6, 0.1 * (b[3] - b[2]));
        return new SurfaceGrid(size, b[0] - mx, b[1] + mx, b[2] - my, b[3] + my);
    }

    /**
     * One inference pass over the grid. Two classes: the class-1 probability; more: the argmax class divided by
     * {@code classes - 1}, so the value is in [0, 1] either way.
     */
    ViewSnapshot.DecisionSurface evaluate(TrainingRun run) {
        int n = size * size;
        int classes = run.data().classes();
        float[] p = run.predict(points, 0, n); // [n * classes]
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            if (classes == 2) {
                v[k] = p[k * 2 + 1];
            } else {
                int best = 0;
                for (int j = 1; j < classes; j++) if (p[k * classes + j] > p[k * classes + best]) best = j;
                v[k] = classes == 1 ? p[k] : (float) best / (classes - 1);
            }
        }
        return new ViewSnapshot.DecisionSurface(size, size, xMin, xMax, yMin, yMax, v);
    }
}
