package org.pernodedrop.lab.engine.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DL4J's {@link DefaultParamInitializer} with W [nIn, nOut] stored row-major in its part of the parameter vector
 * (DL4J stores it column-major), for a {@link RegularizedDense} whose training pass runs the Java kernels: they read
 * W and write dW row-major, so the layer no longer transposes 1.6 MB twice a step in the paper's CNN. W starts as the
 * same matrix as with DL4J's layout (DL4J fills its column-major view, then the values are moved), so every preset of
 * a seed still starts from the same weights; only their order in {@code params()} differs. The gradient's W view has
 * the same layout, as DL4J's updaters need.
 */
final class RowMajorParams extends DefaultParamInitializer {

    static final RowMajorParams INSTANCE = new RowMajorParams();

    private RowMajorParams() {
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        return withRowMajorWeights(super.init(conf, paramsView, initializeParams), initializeParams);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return withRowMajorWeights(super.getGradientsFromFlattened(conf, gradientView), false);
    }

    /** The map with W replaced by the row-major view of its memory; with {@code keepValues} holding the same matrix. */
    private static Map<String, INDArray> withRowMajorWeights(Map<String, INDArray> views, boolean keepValues) {
        Map<String, INDArray> out = new LinkedHashMap<>(views);
        out.put(WEIGHT_KEY, rowMajorView(views.get(WEIGHT_KEY), keepValues));
        return java.util.Collections.synchronizedMap(out);
    }

    /**
     * A row-major view of the memory of the contiguous column-major matrix {@code f}; with {@code keepValues} the
     * values are rearranged first so that the view holds the matrix {@code f} held.
     */
    static INDArray rowMajorView(INDArray f, boolean keepValues) {
        INDArray values = keepValues ? f.dup('c') : null;
        INDArray c = f.reshape('f', new long[]{f.length()}).reshape('c', new long[]{f.size(0), f.size(1)});
        if (!c.isView()) throw new IllegalStateException("RowMajorParams: W is not a view of the parameter vector");
        if (values != null) c.assign(values);
        return c;
    }
}
