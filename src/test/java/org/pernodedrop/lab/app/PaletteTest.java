package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaletteTest {

    @Test
    void endsAreOrangeAndBlueAndTheMidpointGrey() {
        Palette p = new Palette(0, 1, 2);
        assertThat(p.position(0)).isEqualTo(0.0);
        assertThat(p.position(1)).isEqualTo(0.5);
        assertThat(p.position(2)).isEqualTo(1.0);
        assertThat(p.position(-5)).isEqualTo(0.0);
        assertThat(p.position(9)).isEqualTo(1.0);
        // the shade at the ends is the first/last of 30, i.e. 1/60 of the way from the end colour
        assertThat(p.argb(0)).isEqualTo(Palette.mix(Palette.ORANGE, Palette.GREY, (0.5 / 30) / 0.5));
        assertThat(p.argb(2)).isEqualTo(Palette.mix(Palette.GREY, Palette.BLUE, (29.5 / 30 - 0.5) / 0.5));
    }

    @Test
    void itIsQuantisedToThirtyShades() {
        Palette p = new Palette(-1, 0, 1);
        java.util.Set<Integer> shades = new java.util.HashSet<>();
        for (int k = 0; k <= 10_000; k++) shades.add(p.argb(-1 + 2.0 * k / 10_000));
        assertThat(shades).hasSize(Palette.SHADES);
    }

    @Test
    void piecewiseScaleKeepsAnAsymmetricMidpointGrey() {
        Palette p = new Palette(0, 0.2, 1);
        assertThat(p.position(0.1)).isEqualTo(0.25);
        assertThat(p.position(0.6)).isEqualTo(0.75);
        assertThatThrownBy(() -> new Palette(1, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sharingIsReadOffTheStrip() {
        float[] shared = {0.5f, 1f, 0.5f, 1f, 0.5f, 1f};
        float[] own = {0.5f, 1f, 0.25f, 1f, 0.75f, 1f};
        float[] groups = {0.5f, 1f, 0.25f, 1f, 0.5f, 1f};
        assertThat(MaskHeatmapView.describeSharing(shared, 2, 3, null)).contains("shares one mask");
        assertThat(MaskHeatmapView.describeSharing(own, 2, 3, null)).contains("each sample has its own");
        assertThat(MaskHeatmapView.describeSharing(groups, 2, 3, null)).contains("2 distinct rows among 3");
        // Gaussian noise: nothing dropped, so the shown masks decide
        float[] ones = {1f, 1f, 1f, 1f, 1f, 1f};
        org.pernodedrop.lab.engine.nn.MaskView perSample = new org.pernodedrop.lab.engine.nn.MaskView("g", 1, 3, 2,
                1, new int[]{0, 1}, new float[][]{{1.2f, 0.7f}, {0.9f, 1.1f}});
        org.pernodedrop.lab.engine.nn.MaskView same = new org.pernodedrop.lab.engine.nn.MaskView("g", 1, 3, 2,
                1, new int[]{0, 1}, new float[][]{{1.2f, 0.7f}, {1.2f, 0.7f}});
        assertThat(MaskHeatmapView.describeSharing(ones, 2, 3, perSample)).contains("has its own mask");
        assertThat(MaskHeatmapView.describeSharing(ones, 2, 3, same)).contains("share one mask");
    }
}
