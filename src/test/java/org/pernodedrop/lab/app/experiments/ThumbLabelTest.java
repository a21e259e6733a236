package org.pernodedrop.lab.app.experiments;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Compare's thumbnail captions break only after hyphens of long names, and put the rate on its own line. */
class ThumbLabelTest {

    @Test
    void longNamesBreakAfterTheirHyphensNeverInsideAWord() {
        assertThat(CompareMasks.thumbLabel("pernode-bernoulli p=0.8")).isEqualTo("pernode-\nbernoulli\np = 0.8");
        assertThat(CompareMasks.thumbLabel("pernode-gaussian-fixed p=0.5"))
                .isEqualTo("pernode-\ngaussian-\nfixed\np = 0.5");
        assertThat(CompareMasks.thumbLabel("dropout p=0.5")).isEqualTo("dropout\np = 0.5");
        assertThat(CompareMasks.thumbLabel("dropconnect p=0.5")).isEqualTo("dropconnect\np = 0.5"); // 11 characters
        assertThat(CompareMasks.thumbLabel("none")).isEqualTo("none");
    }
}
