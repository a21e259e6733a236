package org.pernodedrop.lab.engine.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (ASHA; Li, Jamieson, Rostamizadeh, Gonina, Ben-tzur, Hardt, Recht and Talwalkar,
 * "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020). Rungs sit at {@code r * eta^k} epochs below
 * the full budget {@code R}. When a trial reaches rung k its value there is recorded, and it goes on only if that
 * value is among the best {@code max(1, floor(n / eta))} of the n values recorded at rung k so far (itself included)
 * - the top 1/eta, decided at once with what is known (asynchronous: no waiting for a full rung). The first trial at
 * a rung always goes on. This is also the rule of Optuna's SuccessiveHalvingPruner.
 *
 * <p>The value compared is the trial's best validation loss up to that epoch - the same objective the search
 * minimises at the end, so a trial that peaked early is judged by its peak.
 */
public final class Asha {

    private final int minEpochs;
    private final int eta;
    private final int maxEpochs;
    private final List<Integer> rungs = new ArrayList<>();
    /** Values recorded at each rung epoch, by trial index. */
    private final Map<Integer, Map<Integer, Double>> recorded = new HashMap<>();

    public Asha(int minEpochs, int eta, int maxEpochs) {
        if (minEpochs < 1) throw new IllegalArgumentException("ASHA minimum epochs must be >= 1, got " + minEpochs);
        if (eta < 2) throw new IllegalArgumentException("ASHA reduction factor eta must be >= 2, got " + eta);
        if (maxEpochs <= minEpochs) {
            throw new IllegalArgumentException("ASHA needs more epochs (" + maxEpochs + ") than its first rung ("
                    + minEpochs + ")");
        }
        this.minEpochs = minEpochs;
        this.eta = eta;
        this.maxEpochs = maxEpochs;
        for (long e = minEpochs; e < maxEpochs; e *= eta) rungs.add((int) e);
    }

    /** The rung epochs, r, r eta, r eta^2, ... below the full budget. */
    public List<Integer> rungs() {
        return List.copyOf(rungs);
    }

    public int minEpochs() {
        return minEpochs;
    }

    public int eta() {
        return eta;
    }

    public int maxEpochs() {
        return maxEpochs;
    }

    /**
     * Records trial {@code trial}'s value at {@code epoch} if that is a rung, and says whether it should go on. Not a
     * rung: always true. Recording the same trial at the same rung again replaces its value (a rerun).
     */
    public synchronized boolean report(int trial, int epoch, double value) {
        int k = rungs.indexOf(epoch);
        if (k < 0) return true;
        Map<Integer, Double> at = recorded.computeIfAbsent(epoch, e -> new HashMap<>());
        at.put(trial, value);
        if (Double.isNaN(value)) return false;
        List<Double> values = new ArrayList<>();
        for (double v : at.values()) values.add(Double.isNaN(v) ? Double.POSITIVE_INFINITY : v);
        values.sort(Double::compare);
        int keep = Math.max(1, values.size() / eta);
        return value <= values.get(keep - 1);
    }

    /** How many rungs a trial that trained {@code epochs} epochs has passed (the sampler's "reached"). */
    public int rungsPassed(int epochs) {
        int n = 0;
        for (int r : rungs) if (epochs > r) n++;
        return n;
    }
}
