package org.pernodedrop.lab.engine.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BatchOrderTest {

    @Test
    void isAPermutationThatDependsOnSeedAndEpochOnly() {
        int[] p = BatchOrder.permutation(42, 3, 1000);
        assertThat(Arrays.stream(p).sorted().toArray()).isEqualTo(IntStream.range(0, 1000).toArray());
        assertThat(BatchOrder.permutation(42, 3, 1000)).isEqualTo(p);
        assertThat(BatchOrder.permutation(42, 4, 1000)).isNotEqualTo(p);
        assertThat(BatchOrder.permutation(43, 3, 1000)).isNotEqualTo(p);
    }

    @Test
    void firstPositionIsUniform() {
        // 20,000 shuffles of 5 items: each item lands first with probability 1/5. Pearson chi2 with 4 degrees of
        // freedom stays below 18.47 with probability 0.999.
        int n = 5;
        int draws = 20_000;
        long[] count = new long[n];
        for (int s = 0; s < draws; s++) count[BatchOrder.permutation(s, 1, n)[0]]++;
        double expected = draws / (double) n;
        double chi2 = 0;
        for (long c : count) chi2 += (c - expected) * (c - expected) / expected;
        assertThat(chi2).isLessThan(18.47);
    }
}
