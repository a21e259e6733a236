package org.pernodedrop.lab.engine.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.EnumMap;

/**
 * The large arrays a {@link RegularizedDenseImpl} keeps from step to step while their shapes hold, and the copies
 * between ND4J and the Java kernels. In the paper's CNN each is 1.6 MB: a fresh native array costs about 1 ms to
 * allocate, and a fresh Java array of that size is a humongous object for G1, both every step.
 *
 * <p>Rules, which the layer keeps: a training step's forward fills the arrays its backward reads before the next
 * forward (an inference forward takes fresh arrays, so it cannot overwrite them in between); the backward's own
 * arrays live within one backward pass.
 *
 * <p>Layouts, measured on the CPU backend: elementwise ops between arrays of different orders ('c' and 'f') are
 * 4-6x slower than between arrays of one order (1.7 against 0.3 ms for W.*W into a row-major array), so W-shaped
 * results are made in W's own order; DL4J keeps W [din, dout] and its gradient column-major, whose memory is
 * W^T [dout, din] row-major. The presets trained by the Java kernels keep both row-major ({@link RowMajorParams}), so
 * W and dW move between ND4J and Java as bulk copies.
 */
final class SlotBuffers {

    /** Native arrays by role. */
    enum Native {
        /** x.*x [B, din] (Gaussian LRT). */
        X2,
        /** W.*W [din, dout] in W's order (Gaussian LRT). */
        W2,
        /** dW^T [dout, din] row-major, i.e. dW in the gradient's column-major layout. */
        DW_T,
        /** dx [B, din] on its way into DL4J's array, when it cannot be written there directly. */
        DX,
        /** x.*U [B, din] (UNIT). */
        X_MASKED,
        /** W.*M [din, dout] in W's order (SHARED). */
        W_MASKED,
        /** U [B, din] (UNIT). */
        UNIT_MASK,
        /** Row-major copies of x-shaped and of W-shaped arrays on the way to Java arrays. */
        COPY_X,
        COPY_W
    }

    /** Java float arrays by role. */
    enum Java {
        /** The kernel's left operand [B, din]: x (ROWS) or x.*x (partial-Gaussian LRT). */
        KERNEL_X,
        /** The kernel's right operand [din, dout] row-major: W or W.*W. */
        KERNEL_W,
        /** x [B, din] and W [din, dout] row-major, for partial-Gaussian's backward. */
        X,
        W,
        /** The kernel's dW [din, dout] and dx [B, din]. */
        DW,
        DX,
        /** U [B, din] and a transposition's scratch. */
        UNIT_MASK,
        SCRATCH
    }

    /**
     * Whether ND4J's arrays live in host memory (the CPU backend), so that an array's direct buffer is the array
     * itself. On another backend (CUDA) it is only the host copy, which ND4J keeps in step with the device through its
     * own operations, so the copies below then go through ND4J instead.
     */
    static final boolean HOST_MEMORY = Nd4j.getEnvironment().isCPU();

    private final EnumMap<Native, INDArray> natives = new EnumMap<>(Native.class);
    private final EnumMap<Java, float[]> javas = new EnumMap<>(Java.class);
    /** Whether the copies read and write arrays' memory directly ({@link #HOST_MEMORY}, or a test's choice). */
    private final boolean direct;

    SlotBuffers() {
        this(HOST_MEMORY);
    }

    SlotBuffers(boolean direct) {
        this.direct = direct;
    }

    /** The kept native array of {@code role}, of this type, order and shape (its contents are left as they were). */
    INDArray array(Native role, DataType type, char order, long... shape) {
        INDArray b = natives.get(role);
        if (b == null || b.dataType() != type || b.ordering() != order || !java.util.Arrays.equals(b.shape(), shape)) {
            try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                b = Nd4j.createUninitialized(type, shape, order);
            }
            natives.put(role, b);
        }
        return b;
    }

    /** The kept Java array of {@code role}, of length n (contents left as they were). */
    float[] array(Java role, int n) {
        float[] a = javas.get(role);
        if (a == null || a.length != n) {
            a = new float[n];
            javas.put(role, a);
        }
        return a;
    }

    /**
     * The elements of the float array {@code a} in row-major order, in the kept Java array of {@code role}: read
     * straight from its memory when it is laid out row-major without gaps (see {@link #rowMajorBuffer}), else through
     * the kept native copy {@code via} (or, off host memory, through an ND4J copy).
     */
    float[] copyOut(INDArray a, Java role, Native via) {
        float[] dst = array(role, (int) a.length());
        FloatBuffer src = rowMajorBuffer(a);
        if (src == null && direct) src = rowMajorBuffer(array(via, DataType.FLOAT, 'c', a.shape()).assign(a));
        if (src != null) {
            src.get(dst, 0, dst.length);
        } else {
            System.arraycopy(a.castTo(DataType.FLOAT).dup('c').data().asFloat(), 0, dst, 0, dst.length);
        }
        return dst;
    }

    /**
     * The memory of {@code a} as a direct buffer positioned at its first element, when the copies work on memory
     * directly and {@code a} is a float array laid out row-major without gaps (a whole array, or a contiguous view
     * such as a layer's W in the parameter vector); else null. ND4J's buffer of a view is the whole underlying buffer,
     * and {@code offset()} the view's start in it (SlotBuffersTest checks both for views at an offset).
     */
    FloatBuffer rowMajorBuffer(INDArray a) {
        if (!direct || a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.elementWiseStride() != 1) return null;
        FloatBuffer b = a.data().asNioFloat();
        if (a.offset() + a.length() > b.capacity()) return null;
        b.position((int) a.offset());
        return b;
    }

    /**
     * Writes {@code values} ([rows, cols] row-major) into {@code target}: straight into its memory when it is laid
     * out row-major without gaps (see {@link #rowMajorBuffer}), else through the kept native array of {@code via}.
     */
    void copyInto(float[] values, INDArray target, Native via) {
        FloatBuffer b = rowMajorBuffer(target);
        if (b != null) {
            b.put(values, 0, (int) target.length());
        } else {
            target.assign(copyIn(values, via, target.size(0), target.size(1)));
        }
    }

    /**
     * W [din, dout] row-major in the kept Java array of {@code role}. A column-major W is W^T row-major in memory: it
     * is copied out as W^T (a plain copy, no change of order) and transposed in Java.
     */
    float[] rowMajor(INDArray w, Java role) {
        if (w.ordering() == 'c') return copyOut(w, role, Native.COPY_W);
        int din = (int) w.size(0);
        int dout = (int) w.size(1);
        float[] wt = copyOut(w.transpose(), Java.SCRATCH, Native.COPY_W);
        float[] out = array(role, din * dout);
        transpose(wt, dout, din, out);
        return out;
    }

    /** {@code values} ([rows, cols] row-major) in the kept native row-major array of {@code role}. */
    INDArray copyIn(float[] values, Native role, long rows, long cols) {
        INDArray b = array(role, DataType.FLOAT, 'c', rows, cols);
        // one bulk copy (DataBuffer.setData puts element by element)
        FloatBuffer memory = rowMajorBuffer(b);
        if (memory != null) memory.put(values, 0, values.length);
        else b.assign(Nd4j.create(values, new long[]{rows, cols}, 'c'));
        return b;
    }

    /**
     * dW [din, dout], given row-major in {@code dw}, into the layer's weight gradient {@code wGrad}: a plain copy when
     * it is row-major ({@link RowMajorParams}); DL4J's column-major layout holds dW^T row-major, so {@code dw} is
     * transposed into it.
     */
    void weightGradientInto(float[] dw, INDArray wGrad) {
        if (wGrad.ordering() == 'c') {
            copyInto(dw, wGrad, Native.DW_T);
            return;
        }
        int din = (int) wGrad.size(0);
        int dout = (int) wGrad.size(1);
        float[] t = array(Java.SCRATCH, din * dout);
        transpose(dw, din, dout, t);
        copyInto(t, wGrad.transpose(), Native.DW_T);
    }

    /**
     * {@code dst} [cols, rows] = {@code src} [rows, cols]^T, both row-major, in 32 x 32 blocks; large arrays are split
     * over the cores by blocks of source rows (the slot's 1.6 MB took about 0.7 ms on one core).
     */
    static void transpose(float[] src, int rows, int cols, float[] dst) {
        final int blk = 32;
        int blocks = (rows + blk - 1) / blk;
        int tasks = (long) rows * cols < (1 << 16) ? 1 : Math.min(blocks, Runtime.getRuntime().availableProcessors());
        java.util.stream.IntStream.range(0, tasks).parallel().forEach(task -> {
            for (int rb = blocks * task / tasks; rb < blocks * (task + 1) / tasks; rb++) {
                int r0 = rb * blk;
                int r1 = Math.min(rows, r0 + blk);
                for (int c0 = 0; c0 < cols; c0 += blk) {
                    int c1 = Math.min(cols, c0 + blk);
                    for (int r = r0; r < r1; r++) {
                        int s = r * cols;
                        for (int c = c0; c < c1; c++) dst[c * rows + r] = src[s + c];
                    }
                }
            }
        });
    }
}
