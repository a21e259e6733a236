package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RasterTest {

    /** Red channel of a pixel. */
    private static int red(Raster r, int x, int y) {
        return (r.argb[y * r.width + x] >> 16) & 0xFF;
    }

    @Test
    void squareCoverageFallsWithChebyshevDistance() {
        // black square of half side 1.75 at (5, 5) on white; pixel centres at k + 0.5
        Raster r = new Raster(10, 10);
        r.fill(0xFFFFFFFF);
        r.square(5, 5, 1.75, 0xFF000000, 1);
        // centre (5.5, 5.5): distance 0.5, coverage 1.75 -> black
        assertThat(red(r, 5, 5)).isZero();
        // (3.5, 5.5): distance 1.5, coverage 1.75 + 0.5 - 1.5 = 0.75 -> 255 * 0.25 = 63.75, rounded 64
        assertThat(red(r, 3, 5)).isEqualTo(64);
        // (3.5, 3.5): a corner, Chebyshev distance 1.5 as well (a disc would leave it lighter)
        assertThat(red(r, 3, 3)).isEqualTo(64);
        // (2.5, 5.5): distance 2.5, no coverage
        assertThat(red(r, 2, 5)).isEqualTo(255);
    }

    @Test
    void anOpenSquareKeepsItsInsideFill() {
        Raster r = new Raster(20, 20);
        r.fill(0xFF808080);
        r.squareRing(10, 10, 5, 2, 0xFF000000, 0xFFFFFFFF);
        assertThat(red(r, 10, 10)).isEqualTo(255); // inside: the fill
        assertThat(red(r, 5, 10)).isZero();        // (5.5, 10.5): distance 4.5 from the centre, in the rim
        assertThat(red(r, 2, 10)).isEqualTo(128);  // outside: untouched
    }
}
