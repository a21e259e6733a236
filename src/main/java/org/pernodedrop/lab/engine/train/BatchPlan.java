package org.pernodedrop.lab.engine.train;

/**
 * How one epoch is cut into mini-batches when every run in lock-step must get batches that are a multiple of
 * {@code multiple} rows (a Masksembles slot with n masks needs multiples of n; the lcm over the runs serves all).
 *
 * <p>{@code batch} is the requested batch size rounded up to the next multiple; {@code usable} is how many rows of
 * each epoch's order are trained: the last, partial batch of {@code nTrain mod batch} rows keeps only its largest
 * multiple of {@code multiple}, so {@code usable = nTrain - (nTrain mod batch) mod multiple}; and
 * {@code stepsPerEpoch = ceil(usable / batch)} (0 when not one batch fits).
 */
record BatchPlan(int requestedBatch, int batch, int multiple, int nTrain, int usable, int stepsPerEpoch) {

    static BatchPlan of(int requestedBatch, int multiple, int nTrain) {
        int batch = requestedBatch % multiple == 0 ? requestedBatch : (requestedBatch / multiple + 1) * multiple;
        int usable = nTrain - (nTrain % batch) % multiple;
        return new BatchPlan(requestedBatch, batch, multiple, nTrain, usable, (usable + batch - 1) / batch);
    }

    boolean raised() {
        return batch != requestedBatch;
    }

    int droppedRows() {
        return nTrain - usable;
    }

    /** Rows of step {@code s} (0-based) of an epoch: {@code [from(s), from(s) + count(s))} of the epoch's order. */
    int from(int s) {
        return s * batch;
    }

    int count(int s) {
        return Math.min(batch, usable - from(s));
    }
}
