package org.pernodedrop.lab.engine.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.DataSpec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** IDX, CIFAR-10 and image folders round-trip through fixtures written here; bad files name file and offset. */
class VisionLoadersTest {

    @TempDir
    Path tmp;

    private static float[] row(Examples x, int r) {
        float[] out = new float[x.featureCount()];
        x.copyRow(r, out, 0);
        return out;
    }

    @Test
    void idxRoundTripsGzippedAndPlain() throws IOException, DatasetException {
        for (boolean gz : new boolean[]{true, false}) {
            Path dir = tmp.resolve(gz ? "gz" : "plain");
            Fixtures.writeIdxSet(dir, 50, 20, 3, 4, gz, 5);
            IdxLoader.Images raw = IdxLoader.readImages(IdxLoader.find(dir, "train-images-idx3-ubyte"), LoadProgress.NONE);
            assertThat(raw.count()).isEqualTo(50);
            Dataset d = Datasets.load(DataSpec.named("mnist").withDataDir(dir.toString()), 1);
            assertThat(d.inputShape()).containsExactly(1, 3, 4);
            assertThat(d.train().size()).isEqualTo(50);
            assertThat(d.val().size()).isEqualTo(20);
            assertThat(d.classNames()).hasSize(10);
            // every loaded row is one of the written images, scaled by 1/255, with its label i % 10
            java.util.Map<String, Integer> written = new java.util.HashMap<>();
            for (int i = 0; i < 50; i++) {
                StringBuilder k = new StringBuilder();
                for (int j = 0; j < 12; j++) k.append(raw.pixels()[i * 12 + j] & 0xff).append(',');
                written.put(k.toString(), i % 10);
            }
            for (int r = 0; r < 50; r++) {
                float[] v = row(d.train().features(), r);
                StringBuilder k = new StringBuilder();
                for (float f : v) {
                    assertThat(f).isBetween(0f, 1f);
                    k.append(Math.round(f * 255)).append(',');
                }
                assertThat(written).containsKey(k.toString());
                assertThat(d.train().label(r)).isEqualTo(written.get(k.toString()));
            }
        }
    }

    @Test
    void limitsKeepClassesBalanced() throws IOException, DatasetException {
        Fixtures.writeIdxSet(tmp, 200, 100, 2, 2, false, 9);
        Dataset d = Datasets.load(DataSpec.named("mnist").withDataDir(tmp.toString()).withLimits(30, 20), 4);
        assertThat(d.train().size()).isEqualTo(30);
        assertThat(d.val().size()).isEqualTo(20);
        int[] counts = new int[10];
        for (int r = 0; r < 30; r++) counts[d.train().label(r)]++;
        for (int c : counts) assertThat(c).isEqualTo(3);
    }

    @Test
    void idxErrorsNameFileAndOffset() throws IOException {
        Fixtures.writeIdxSet(tmp, 20, 10, 2, 2, false, 1);
        Path img = tmp.resolve("train-images-idx3-ubyte");
        byte[] good = Files.readAllBytes(img);
        Files.write(img, java.util.Arrays.copyOf(good, good.length - 5));
        assertThatThrownBy(() -> Datasets.load(DataSpec.named("mnist").withDataDir(tmp.toString())))
                .isInstanceOf(DatasetException.class).hasMessageContaining(img.toString())
                .hasMessageContaining("truncated at byte " + (good.length - 5));
        byte[] bad = good.clone();
        bad[3] = 0x02;
        Files.write(img, bad);
        assertThatThrownBy(() -> Datasets.load(DataSpec.named("mnist").withDataDir(tmp.toString())))
                .hasMessageContaining(img + " at byte 0").hasMessageContaining("magic");
        Files.write(img, good);
        Path lab = tmp.resolve("train-labels-idx1-ubyte");
        byte[] labels = Files.readAllBytes(lab);
        labels[8 + 7] = 12;
        Files.write(lab, labels);
        assertThatThrownBy(() -> Datasets.load(DataSpec.named("mnist").withDataDir(tmp.toString())))
                .hasMessageContaining(lab + " at byte 15").hasMessageContaining("label 12");
    }

    @Test
    void cifarLoadsFromFolderAndFromTarGz() throws IOException, DatasetException {
        Path folder = tmp.resolve("cifar-10-batches-bin");
        Files.createDirectories(folder);
        byte[][] batches = new byte[6][];
        for (int i = 0; i < 5; i++) {
            batches[i] = Fixtures.cifarBatch(20, i);
            Files.write(folder.resolve("data_batch_" + (i + 1) + ".bin"), batches[i]);
        }
        batches[5] = Fixtures.cifarBatch(10, 99);
        Files.write(folder.resolve("test_batch.bin"), batches[5]);
        Path tgz = tmp.resolve("cifar-10-binary.tar.gz");
        try (OutputStream o = Files.newOutputStream(tgz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(o))) {
            for (int i = 0; i < 6; i++) {
                String n = i < 5 ? "data_batch_" + (i + 1) + ".bin" : "test_batch.bin";
                TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/" + n);
                e.setSize(batches[i].length);
                tar.putArchiveEntry(e);
                tar.write(batches[i]);
                tar.closeArchiveEntry();
            }
        }
        for (Path where : new Path[]{tmp, tgz}) {
            Dataset d = Datasets.load(DataSpec.named("cifar10").withDataDir(where.toString()), 3);
            assertThat(d.inputShape()).containsExactly(3, 32, 32);
            assertThat(d.train().size()).isEqualTo(100);
            assertThat(d.val().size()).isEqualTo(10);
            // the val rows are the test batch's records: find record r by its label-independent first pixels
            for (int r = 0; r < 10; r++) {
                float[] v = row(d.val().features(), r);
                int rec = -1;
                for (int k = 0; k < 10; k++) {
                    if (Math.round(v[0] * 255) == (batches[5][k * 3073 + 1] & 0xff)
                            && Math.round(v[1023] * 255) == (batches[5][k * 3073 + 1024] & 0xff)
                            && Math.round(v[3071] * 255) == (batches[5][k * 3073 + 3072] & 0xff)) rec = k;
                }
                assertThat(rec).isGreaterThanOrEqualTo(0);
                assertThat(d.val().label(r)).isEqualTo(rec % 10);
                // channel planes R, G, B in record order, [3, 32, 32]
                for (int j = 0; j < 3072; j += 97) {
                    assertThat(v[j]).isCloseTo((batches[5][rec * 3073 + 1 + j] & 0xff) / 255f, within(1e-6f));
                }
            }
        }
        Path test = folder.resolve("test_batch.bin");
        Files.write(test, java.util.Arrays.copyOf(batches[5], 3073 * 3 + 100));
        assertThatThrownBy(() -> Datasets.load(DataSpec.named("cifar10").withDataDir(tmp.toString())))
                .hasMessageContaining(test.toString()).hasMessageContaining("truncated at byte " + (3073 * 3 + 100));
    }

    @Test
    void imageFolderLoadsGreyAndColour() throws IOException, DatasetException {
        for (String c : new String[]{"a", "b"}) {
            Files.createDirectories(tmp.resolve("grey").resolve(c));
            Files.createDirectories(tmp.resolve("rgb").resolve(c));
            for (int k = 0; k < 5; k++) {
                BufferedImage g = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
                g.getRaster().setSample(1, 2, 0, c.equals("a") ? 200 : 10 * k);
                ImageIO.write(g, "png", tmp.resolve("grey").resolve(c).resolve(k + ".png").toFile());
                BufferedImage rgb = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
                rgb.setRGB(3, 0, 0x102030 + k);
                ImageIO.write(rgb, "png", tmp.resolve("rgb").resolve(c).resolve(k + ".png").toFile());
            }
        }
        Dataset g = Datasets.load(DataSpec.named("image-folder").withDataDir(tmp.resolve("grey").toString()), 2);
        assertThat(g.inputShape()).containsExactly(1, 3, 4);
        assertThat(g.classNames()).containsExactly("a", "b");
        assertThat(g.train().size() + g.val().size()).isEqualTo(10);
        for (int r = 0; r < g.train().size(); r++) {
            float v = row(g.train().features(), r)[2 * 4 + 1];
            if (g.train().label(r) == 0) assertThat(v).isCloseTo(200 / 255f, within(1e-6f));
        }
        Dataset c = Datasets.load(DataSpec.named("image-folder").withDataDir(tmp.resolve("rgb").toString()), 2);
        assertThat(c.inputShape()).containsExactly(3, 3, 4);
        float[] v = row(c.train().features(), 0);
        // pixel (x 3, y 0): R plane index 3, G plane 12 + 3, B plane 24 + 3
        assertThat(v[3]).isCloseTo(0x10 / 255f, within(1e-6f));
        assertThat(v[15]).isCloseTo(0x20 / 255f, within(1e-6f));
        Path broken = tmp.resolve("grey").resolve("a").resolve("0.png");
        Files.write(broken, java.util.Arrays.copyOf(Files.readAllBytes(broken), 30));
        assertThatThrownBy(() -> Datasets.load(DataSpec.named("image-folder").withDataDir(tmp.resolve("grey").toString())))
                .isInstanceOf(DatasetException.class).hasMessageContaining(broken.toString()).hasMessageContaining("byte");
    }

    @Test
    void missingDataSaysWhereItLookedAndWhatToDo() {
        System.setProperty(DataLocations.DATA_PROPERTY, tmp.resolve("user").toString());
        try {
            assertThatThrownBy(() -> Datasets.load(DataSpec.named("cifar10").withDataDir(tmp.toString())))
                    .isInstanceOf(DatasetException.class).hasMessageContaining("not found")
                    .hasMessageContaining("datasets download cifar10").hasMessageContaining("--data-dir");
        } finally {
            System.clearProperty(DataLocations.DATA_PROPERTY);
        }
    }
}
