package org.pernodedrop.lab.engine.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.pernodedrop.lab.engine.config.DataSpec;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The real Fashion-MNIST of Debian's dataset-fashion-mnist (CI installs it), found without a data dir. */
class FashionMnistRealTest {

    static final Path SYSTEM = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void loadsTheOfficialSplitWithBalancedClassesAndUnitPixelRange() throws DatasetException {
        // CI installs the package, so there a missing copy is a failure, elsewhere a skip
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(Files.isDirectory(SYSTEM), "dataset-fashion-mnist is not installed");
        }
        Dataset d = Datasets.load(DataSpec.named("fashion-mnist"));
        assertThat(d.origin()).isEqualTo(SYSTEM.toString());
        assertThat(d.train().size()).isEqualTo(60_000);
        assertThat(d.val().size()).isEqualTo(10_000);
        assertThat(d.inputShape()).containsExactly(1, 28, 28);
        assertThat(d.classNames()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
        int[] train = new int[10];
        int[] val = new int[10];
        for (int r = 0; r < 60_000; r++) train[d.train().label(r)]++;
        for (int r = 0; r < 10_000; r++) val[d.val().label(r)]++;
        assertThat(train).containsOnly(6_000);
        assertThat(val).containsOnly(1_000);
        float min = 1;
        float max = 0;
        double sum = 0;
        float[] row = new float[784];
        for (int r = 0; r < 10_000; r++) {
            d.val().features().copyRow(r, row, 0);
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
        // Fashion-MNIST's published mean pixel is about 0.286
        assertThat(sum / (10_000 * 784.0)).isBetween(0.27, 0.30);
    }
}
