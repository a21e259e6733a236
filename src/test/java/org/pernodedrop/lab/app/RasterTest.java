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

    @Test
    void aScaledRasterDrawsTheSameShapesInMorePixels() {
        // 10 x 10 layout units at scale 2: 20 x 20 pixels; a square of half side 2 at (5, 5) covers layout
        // [3, 7], that is pixels 6..13 fully (centres 6.5 .. 13.5 are within 4 + 0.5 - 1 of the centre 10)
        Raster r = new Raster(10, 10, 2.0);
        assertThat(r.width).isEqualTo(20);
        assertThat(r.height).isEqualTo(20);
        r.fill(0xFFFFFFFF);
        r.square(5, 5, 2, 0xFF000000, 1);
        assertThat(red(r, 6, 10)).isZero();
        assertThat(red(r, 13, 10)).isZero();
        // pixel 5 (centre 5.5): distance 4.5 from 10, coverage 4 + 0.5 - 4.5 = 0 -> untouched
        assertThat(red(r, 5, 10)).isEqualTo(255);
        // the same square at scale 1 covers pixels 3..6 (centres 3.5 .. 6.5): half the pixels, the same layout box
        Raster one = new Raster(10, 10);
        one.fill(0xFFFFFFFF);
        one.square(5, 5, 2, 0xFF000000, 1);
        assertThat(red(one, 3, 5)).isZero();
        assertThat(red(one, 6, 5)).isZero();
        assertThat(red(one, 2, 5)).isEqualTo(255);
    }
}
