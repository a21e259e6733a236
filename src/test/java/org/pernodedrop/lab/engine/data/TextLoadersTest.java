package org.pernodedrop.lab.engine.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SVMlight (single/multi-label), RCV1 (vectors + qrels), CSV. */
class TextLoadersTest {

    @TempDir
    Path tmp;

    private static float[] row(Examples x, int r) {
        float[] out = new float[x.featureCount()];
        x.copyRow(r, out, 0);
        return out;
    }

    @Test
    void svmlightRoundTripsSparseRows() throws IOException, DatasetException {
        Random rnd = new Random(2);
        StringBuilder sb = new StringBuilder("# a comment line\n");
        Map<String, float[]> want = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            float[] dense = new float[12];
            StringBuilder line = new StringBuilder(i % 3 == 0 ? "cat" : i % 3 == 1 ? "dog" : "emu");
            for (int k = 1; k <= 12; k++) {
                if (rnd.nextInt(3) == 0) {
                    float v = (i + 1) * 0.001f + k;
                    dense[k - 1] = v;
                    line.append(' ').append(k).append(':').append(v);
                }
            }
            dense[11] = dense[11] == 0 ? 0 : dense[11];
            line.append(" # trailing comment");
            sb.append(line).append('\n');
            want.put(java.util.Arrays.toString(dense), dense);
        }
        sb.append("emu 12:1.5\n");   // makes feature 12 exist
        Path f = tmp.resolve("d.svm");
        Files.writeString(f, sb);
        Dataset d = Datasets.load(DataSpec.named("svmlight").withDataDir(f.toString()), 3);
        assertThat(d.multiLabel()).isFalse();
        assertThat(d.classNames()).containsExactly("cat", "dog", "emu");
        assertThat(d.inputShape()).containsExactly(12);
        assertThat(d.train().features()).isInstanceOf(SparseExamples.class);
        assertThat(d.train().size() + d.val().size()).isEqualTo(61);
        int found = 0;
        for (Split s : new Split[]{d.train(), d.val()}) {
            for (int r = 0; r < s.size(); r++) {
                if (want.containsKey(java.util.Arrays.toString(row(s.features(), r)))) found++;
            }
        }
        assertThat(found).isEqualTo(60);
    }

    @Test
    void svmlightMultiLabel() throws IOException, DatasetException {
        Path f = tmp.resolve("m.svm");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) sb.append(i % 2 == 0 ? "1,3" : "2").append(" 1:1 ").append(2 + i % 3).append(":0.5\n");
        Files.writeString(f, sb);
        Dataset d = Datasets.load(DataSpec.named("svmlight").withDataDir(f.toString()), 1);
        assertThat(d.multiLabel()).isTrue();
        assertThat(d.classNames()).containsExactly("1", "2", "3");
        for (Split s : new Split[]{d.train(), d.val()}) {
            for (int r = 0; r < s.size(); r++) {
                float[] t = java.util.Arrays.copyOfRange(s.targets(), 3 * r, 3 * r + 3);
                assertThat(t).satisfiesAnyOf(x -> assertThat(x).containsExactly(1, 0, 1),
                        x -> assertThat(x).containsExactly(0, 1, 0));
            }
        }
    }

    @Test
    void svmlightErrorsNameTheLine() throws IOException {
        Path f = tmp.resolve("bad.svm");
        Files.writeString(f, "1 1:0.5 3:1\n0 2:1 2:4\n");
        assertThatThrownBy(() -> Datasets.load(DataSpec.named("svmlight").withDataDir(f.toString())))
                .isInstanceOf(DatasetException.class).hasMessageContaining(f + " line 2")
                .hasMessageContaining("not greater than the previous id 2");
        Files.writeString(f, "1 1:0.5\n0 2:abc\n");
        assertThatThrownBy(() -> Datasets.load(DataSpec.named("svmlight").withDataDir(f.toString())))
                .hasMessageContaining(f + " line 2").hasMessageContaining("2:abc");
    }

    @Test
    void rcv1KeepsTheKMostFrequentTopicsAsMultiLabelTargets() throws IOException, DatasetException {
        // 40 documents; topic T0 on all, T1 on even ids, T2 on every third, T3 on doc 5 only
        StringBuilder vec = new StringBuilder();
        StringBuilder qrels = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            int doc = 2286 + i;
            vec.append(doc).append(" 7:0.6 47236:0.8\n");
            qrels.append("T0 ").append(doc).append(" 1\n");
            if (i % 2 == 0) qrels.append("T1 ").append(doc).append(" 1\n");
            if (i % 3 == 0) qrels.append("T2 ").append(doc).append(" 1\n");
            if (i == 5) qrels.append("T3 ").append(doc).append(" 1\n");
        }
        qrels.append("T9 999999 1\n");   // a document not in the vectors file is ignored
        Files.write(tmp.resolve("lyrl2004_vectors_train.dat.gz"), Fixtures.gzip(vec.toString().getBytes()));
        Files.write(tmp.resolve("rcv1-v2.topics.qrels.gz"), Fixtures.gzip(qrels.toString().getBytes()));
        Dataset d = Datasets.load(Datasets.defaultSpec("rcv1").withDataDir(tmp.toString()).withTopics(3), 5);
        assertThat(d.multiLabel()).isTrue();
        assertThat(d.classNames()).containsExactly("T0", "T1", "T2");
        assertThat(d.inputShape()).containsExactly(SvmLightLoader.RCV1_FEATURES);
        assertThat(d.train().size()).isEqualTo(32);   // 80/20 of 40, stratified by first label
        assertThat(d.val().size()).isEqualTo(8);
        int t1 = 0;
        for (Split s : new Split[]{d.train(), d.val()}) {
            for (int r = 0; r < s.size(); r++) {
                assertThat(s.targets()[3 * r]).isEqualTo(1f);
                t1 += (int) s.targets()[3 * r + 1];
                float[] x = row(s.features(), r);
                assertThat(x[6]).isEqualTo(0.6f);
                assertThat(x[47235]).isEqualTo(0.8f);
            }
        }
        assertThat(t1).isEqualTo(20);
    }

    @Test
    void csvWithHeaderNamedLabelColumnAndErrors() throws IOException, DatasetException {
        Path f = tmp.resolve("t.csv");
        StringBuilder sb = new StringBuilder("kind,a,b\n");
        for (int i = 0; i < 30; i++) sb.append(i % 2 == 0 ? "even" : "odd").append(',').append(i).append(",\"").append(-i).append("\"\n");
        Files.writeString(f, sb);
        Dataset d = Datasets.load(DataSpec.named("csv").withDataDir(f.toString()).withLabelColumn("kind"), 2);
        assertThat(d.classNames()).containsExactly("even", "odd");
        assertThat(d.inputShape()).containsExactly(2);
        for (int r = 0; r < d.train().size(); r++) {
            float[] x = row(d.train().features(), r);
            assertThat(x[1]).isEqualTo(-x[0]);
            assertThat(d.train().label(r)).isEqualTo((int) x[0] % 2);
        }
        Files.writeString(f, "1,2,a\n3,x,b\n");
        assertThatThrownBy(() -> Datasets.load(DataSpec.named("csv").withDataDir(f.toString())))
                .hasMessageContaining(f + " line 2").hasMessageContaining("'x' is not a finite number");
        Files.writeString(f, "1,2,a\n3,b\n");
        assertThatThrownBy(() -> Datasets.load(DataSpec.named("csv").withDataDir(f.toString())))
                .hasMessageContaining(f + " line 2").hasMessageContaining("2 fields, expected 3");
    }

    @Test
    void textFolderFitsTfIdfOnTheTrainingSplitOnly() throws IOException, DatasetException {
        String[] cls = {"sport", "politics", "finance"};
        String[][] words = {{"goal", "team"}, {"vote", "senate"}, {"stock", "bond"}};
        for (int c = 0; c < 3; c++) {
            Files.createDirectories(tmp.resolve(cls[c]));
            for (int k = 0; k < 10; k++) {
                // word a twice, word b once; "news" is in every document (idf ln(N/N) = 0, dropped) and
                // each document has a unique word (df 1, below the minimum of 2, dropped)
                String text = "News: " + words[c][0] + " " + words[c][1] + ", " + words[c][0].toUpperCase()
                        + " unique" + c + "x" + k + " news";
                Files.writeString(tmp.resolve(cls[c]).resolve("d" + k + ".txt"), text);
            }
        }
        Dataset d = Datasets.load(DataSpec.named("text-folder").withDataDir(tmp.toString()), 6);
        assertThat(d.classNames()).containsExactly("finance", "politics", "sport");
        assertThat(d.train().size()).isEqualTo(21);
        assertThat(d.val().size()).isEqualTo(9);
        assertThat(d.inputShape()).containsExactly(6);
        // by hand: in training every class word has df 7 of N 21, idf ln 3; tf 2 and 1 give
        // (1 + ln 2) ln 3 and ln 3, then unit length: the idf cancels
        double a = 1 + Math.log(2);
        double wa = a / Math.sqrt(a * a + 1);
        double wb = 1 / Math.sqrt(a * a + 1);
        for (Split s : new Split[]{d.train(), d.val()}) {
            for (int r = 0; r < s.size(); r++) {
                float[] x = row(s.features(), r);
                float[] nz = new float[x.length];
                int m = 0;
                for (float v : x) if (v != 0) nz[m++] = v;
                assertThat(m).isEqualTo(2);
                float hi = Math.max(nz[0], nz[1]);
                float lo = Math.min(nz[0], nz[1]);
                assertThat((double) hi).isCloseTo(wa, org.assertj.core.api.Assertions.within(1e-6));
                assertThat((double) lo).isCloseTo(wb, org.assertj.core.api.Assertions.within(1e-6));
            }
        }
    }

    @Test
    void bundledTextSamplesLoad() throws DatasetException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("samples", "svmlight")));
        assertThat(Datasets.load(DataSpec.named("svmlight")).classes()).isEqualTo(5);
        assertThat(Datasets.load(DataSpec.named("csv")).classes()).isEqualTo(3);
        assertThat(Datasets.load(DataSpec.named("image-folder")).inputShape()).containsExactly(1, 16, 16);
        assertThat(Datasets.load(DataSpec.named("text-folder")).classes()).isEqualTo(4);
    }
}
