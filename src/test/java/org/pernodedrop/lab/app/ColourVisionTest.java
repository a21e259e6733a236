package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The palette seen through a simulated colour-vision deficiency. Simulation: Machado, Oliveira and Fernandes (2009),
 * "A Physiologically-based Model for Simulation of Color Vision Deficiency", the severity-1.0 matrices of their
 * Table 1, applied to linear RGB (sRGB decoded), clipped to [0, 1]. Difference: CIE76 delta E in CIE L*a*b* (D65).
 * Threshold: {@link #DISTINCT} = 15 - about six times the just-noticeable 2.3, the margin asked of category colours
 * that must be told apart at a glance on a projector.
 */
class ColourVisionTest {

    static final double DISTINCT = 15.0;

    static final double[][] DEUTERANOPIA = {
            {0.367322, 0.860646, -0.227968},
            {0.280085, 0.672501, 0.047413},
            {-0.011820, 0.042940, 0.968881}};
    static final double[][] PROTANOPIA = {
            {0.152286, 1.052583, -0.204868},
            {0.114503, 0.786281, 0.099216},
            {-0.003882, -0.048116, 1.051998}};
    static final double[][] NORMAL = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    @Test
    void everyPairOfCategoryColoursStaysApartForDeuteranopes() {
        double min = minPairwise(Palette.OKABE_ITO, DEUTERANOPIA);
        // measured: 17.0 (orange vs yellow); with normal vision the closest pair is 26.4 (sky blue vs blue)
        assertThat(min).isGreaterThan(DISTINCT);
        assertThat(minPairwise(Palette.OKABE_ITO, PROTANOPIA)).isGreaterThan(DISTINCT);
    }

    @Test
    void theColoursOfOnePictureStayApart() {
        // loss chart: mini-batch (grey), training, validation, best-epoch marker (black)
        int[] curves = {Palette.CURVE_BATCH, Palette.CURVE_TRAIN, Palette.CURVE_VAL, Palette.OI_BLACK};
        assertThat(minPairwise(curves, DEUTERANOPIA)).isGreaterThan(DISTINCT);
        // classes of a 2-D set, the weight signs, and the two ends of the mask map
        assertThat(minPairwise(Palette.CLASS, DEUTERANOPIA)).isGreaterThan(DISTINCT);
        assertThat(deltaE(Palette.WEIGHT_NEG, Palette.WEIGHT_POS, DEUTERANOPIA)).isGreaterThan(DISTINCT);
        assertThat(deltaE(Palette.at(Palette.Map.VIRIDIS, 0), Palette.at(Palette.Map.VIRIDIS, 0.5), DEUTERANOPIA))
                .isGreaterThan(DISTINCT);
    }

    @Test
    void theSimulationCollapsesTheClassicRedGreenPair() {
        // the check can fail: matplotlib's tab10 red and green, 120 apart for normal vision, fall to about 7
        int red = 0xFFD62728, green = 0xFF2CA02C;
        assertThat(deltaE(red, green, NORMAL)).isGreaterThan(100);
        assertThat(deltaE(red, green, DEUTERANOPIA)).isLessThan(DISTINCT);
    }

    @Test
    void theMaskMapIsPerceptuallyOrderedAndEvenInLightness() {
        // viridis' L* rises in near-equal steps (measured 8.9 .. 10.8 per eighth), for normal vision and deuteranopes
        for (double[][] m : new double[][][]{NORMAL, DEUTERANOPIA}) {
            double[] l = new double[9];
            for (int k = 0; k < 9; k++) l[k] = lab(simulate(Palette.at(Palette.Map.VIRIDIS, k / 8.0), m))[0];
            double mean = (l[8] - l[0]) / 8;
            for (int k = 1; k < 9; k++) {
                assertThat(l[k] - l[k - 1]).as("L* step %d", k).isBetween(0.8 * mean, 1.2 * mean);
            }
        }
        // between the control points too: strictly increasing L* over 200 samples
        double prev = -1;
        for (int k = 0; k <= 200; k++) {
            double l = lab(simulate(Palette.at(Palette.Map.VIRIDIS, k / 200.0), NORMAL))[0];
            assertThat(l).isGreaterThan(prev);
            prev = l;
        }
    }

    static double minPairwise(int[] colours, double[][] m) {
        double min = Double.POSITIVE_INFINITY;
        for (int a = 0; a < colours.length; a++) {
            for (int b = a + 1; b < colours.length; b++) min = Math.min(min, deltaE(colours[a], colours[b], m));
        }
        return min;
    }

    static double deltaE(int a, int b, double[][] m) {
        double[] x = lab(simulate(a, m));
        double[] y = lab(simulate(b, m));
        return Math.sqrt(sq(x[0] - y[0]) + sq(x[1] - y[1]) + sq(x[2] - y[2]));
    }

    /** Linear RGB of an sRGB colour after the simulation matrix, clipped to [0, 1]. */
    static double[] simulate(int argb, double[][] m) {
        double[] lin = {decode((argb >> 16) & 0xFF), decode((argb >> 8) & 0xFF), decode(argb & 0xFF)};
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int j = 0; j < 3; j++) s += m[i][j] * lin[j];
            out[i] = Math.max(0, Math.min(1, s));
        }
        return out;
    }

    /** The sRGB transfer function's inverse (IEC 61966-2-1). */
    static double decode(int c8) {
        double c = c8 / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** CIE L*a*b* (D65 white) of linear sRGB. */
    static double[] lab(double[] rgb) {
        double x = 0.4124564 * rgb[0] + 0.3575761 * rgb[1] + 0.1804375 * rgb[2];
        double y = 0.2126729 * rgb[0] + 0.7151522 * rgb[1] + 0.0721750 * rgb[2];
        double z = 0.0193339 * rgb[0] + 0.1191920 * rgb[1] + 0.9503041 * rgb[2];
        double fx = f(x / 0.95047), fy = f(y), fz = f(z / 1.08883);
        return new double[]{116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        double d = 6.0 / 29;
        return t > d * d * d ? Math.cbrt(t) : t / (3 * d * d) + 4.0 / 29;
    }

    private static double sq(double v) {
        return v * v;
    }
}
