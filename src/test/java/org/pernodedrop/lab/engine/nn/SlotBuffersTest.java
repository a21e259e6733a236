package org.pernodedrop.lab.engine.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slot's copies between ND4J and Java, checked element by element against INDArray.getFloat: row-major copies of
 * arrays that do and do not start their own buffer, W taken out of a column-major view of a larger parameter vector
 * (as DL4J lays W out), and the transposes, small and large enough to be split over the cores; the weight gradient
 * written into a flat gradient vector in DL4J's column-major layout and in {@link RowMajorParams}' row-major one;
 * each both reading and writing arrays' memory directly (the CPU backend) and through ND4J (other backends).
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

    @ParameterizedTest(name = "reading and writing memory directly: {0}")
    @ValueSource(booleans = {true, false})
    void copiesOutRowMajorFromOwnBuffersViewsAndColumnMajorW(boolean direct) {
        SlotBuffers kept = new SlotBuffers(direct);
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

    @ParameterizedTest(name = "reading and writing memory directly: {0}")
    @ValueSource(booleans = {true, false})
    void theWeightGradientLandsInEitherLayoutOfTheParameterVectorAndNowhereElse(boolean direct) {
        int din = 6;
        int dout = 3;
        float[] dw = new float[din * dout];
        for (int k = 0; k < dw.length; k++) dw[k] = k + 0.5f;
        for (boolean rowMajor : new boolean[]{false, true}) {
            SlotBuffers kept = new SlotBuffers(direct);
            // W's gradient after 2 other values and before 5 more in a flat gradient vector, as DL4J lays them out
            INDArray flat = Nd4j.zeros(DataType.FLOAT, 1, 2 + din * dout + 5).subi(7f);
            INDArray f = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(2, 2 + din * dout)).reshape('f', din, dout);
            INDArray wGrad = rowMajor ? RowMajorParams.rowMajorView(f, false) : f;
            kept.weightGradientInto(dw, wGrad);
            for (int i = 0; i < din; i++) {
                for (int j = 0; j < dout; j++) {
                    assertThat(wGrad.getFloat(i, j)).as("row-major %s [%d, %d]", rowMajor, i, j).isEqualTo(dw[i * dout + j]);
                    // and in the flat vector where that layout keeps [i, j]
                    int at = 2 + (rowMajor ? i * dout + j : j * din + i);
                    assertThat(flat.getFloat(0, at)).isEqualTo(dw[i * dout + j]);
                }
            }
            for (int k : new int[]{0, 1, 2 + din * dout, 6 + din * dout}) assertThat(flat.getFloat(0, k)).isEqualTo(-7f);
            // the row-major W view is copied out straight from the vector, with the same values
            if (rowMajor) assertRowMajor(wGrad, kept.rowMajor(wGrad, SlotBuffers.Java.W));
        }
    }

    @ParameterizedTest(name = "reading and writing memory directly: {0}")
    @ValueSource(booleans = {true, false})
    void copyIntoFillsARowMajorViewAndAnyOtherArray(boolean direct) {
        SlotBuffers kept = new SlotBuffers(direct);
        float[] v = {1, 2, 3, 4, 5, 6};
        INDArray big = Nd4j.zeros(DataType.FLOAT, 4, 3);
        INDArray rows = big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        kept.copyInto(v, rows, SlotBuffers.Native.DX);
        assertThat(big.toFloatMatrix()).isDeepEqualTo(new float[][]{{0, 0, 0}, {1, 2, 3}, {4, 5, 6}, {0, 0, 0}});
        // a column-major array and a double one go through a native copy
        INDArray f = Nd4j.create(DataType.FLOAT, new long[]{2, 3}, 'f');
        kept.copyInto(v, f, SlotBuffers.Native.DX);
        assertThat(f.toFloatMatrix()).isDeepEqualTo(new float[][]{{1, 2, 3}, {4, 5, 6}});
        INDArray d = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        kept.copyInto(v, d, SlotBuffers.Native.DX);
        assertThat(d.toDoubleMatrix()).isDeepEqualTo(new double[][]{{1, 2, 3}, {4, 5, 6}});
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
