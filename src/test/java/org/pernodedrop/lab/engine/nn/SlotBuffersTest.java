package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slot's copies between ND4J and Java, checked element by element against INDArray.getFloat: row-major copies of
 * arrays that do and do not start their own buffer, W taken out of a column-major view of a larger parameter vector
 * (as DL4J lays W out), and the transposes, small and large enough to be split over the cores.
 */
class SlotBuffersTest {

    @Test
    void transposeMovesEveryElementHandCheckedAndLarge() {
        float[] src = {1, 2, 3, 4, 5, 6};
        float[] dst = new float[6];
        SlotBuffers.transpose(src, 2, 3, dst);
        assertThat(dst).containsExactly(1, 4, 2, 5, 3, 6);
        // 300 x 500 = 150,000 elements: split over the cores
        int rows = 300;
        int cols = 500;
        float[] big = new float[rows * cols];
        for (int k = 0; k < big.length; k++) big[k] = k;
        float[] t = new float[big.length];
        SlotBuffers.transpose(big, rows, cols, t);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) assertThat(t[c * rows + r]).isEqualTo(r * cols + c);
        }
    }

    @Test
    void copiesOutRowMajorFromOwnBuffersViewsAndColumnMajorW() {
        SlotBuffers kept = new SlotBuffers();
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 7);
        assertRowMajor(x, kept.copyOut(x, SlotBuffers.Java.X, SlotBuffers.Native.COPY_X));
        // a view into a larger array: rows 2..5 of a [6, 7]
        INDArray big = Nd4j.rand(DataType.FLOAT, 6, 7);
        INDArray view = big.get(NDArrayIndex.interval(2, 6), NDArrayIndex.all());
        assertRowMajor(view, kept.copyOut(view, SlotBuffers.Java.X, SlotBuffers.Native.COPY_X));
        // W [din, dout] column-major inside a flat parameter vector, after another parameter, as DL4J keeps it
        int din = 9;
        int dout = 4;
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, 3 + din * dout);
        INDArray w = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, 3 + din * dout))
                .reshape('f', din, dout);
        assertThat(w.ordering()).isEqualTo('f');
        assertRowMajor(w, kept.rowMajor(w, SlotBuffers.Java.W));
    }

    @Test
    void transposedInIsTheGradientLayout() {
        SlotBuffers kept = new SlotBuffers();
        int din = 6;
        int dout = 3;
        float[] dw = new float[din * dout];
        for (int k = 0; k < dw.length; k++) dw[k] = k + 0.5f;
        INDArray dW = kept.transposedIn(dw, din, dout).transpose();
        assertThat(dW.shape()).containsExactly(din, dout);
        for (int i = 0; i < din; i++) {
            for (int j = 0; j < dout; j++) assertThat(dW.getFloat(i, j)).isEqualTo(dw[i * dout + j]);
        }
        assertThat(dW.ordering()).isEqualTo('f');
    }

    private static void assertRowMajor(INDArray a, float[] copy) {
        int rows = (int) a.size(0);
        int cols = (int) a.size(1);
        assertThat(copy).hasSize(rows * cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                assertThat(copy[r * cols + c]).as("[%d, %d]", r, c).isEqualTo(a.getFloat(r, c));
            }
        }
    }
}
