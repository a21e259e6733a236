package org.pernodedrop.lab.engine.search;

import java.util.List;

/**
 * One dimension of a search space. A point is a {@code double[]} with one entry per dimension: the index of the
 * choice for a {@link Categorical}, the value itself for {@link Real} and {@link Int}. Samplers that model a
 * dimension on a log scale work on {@link #toModel}'s coordinates (ln x), where a uniform draw is log-uniform.
 */
public sealed interface Dim permits Dim.Categorical, Dim.Real, Dim.Int {

    String name();

    /** Lower and upper bound of the dimension in model coordinates (ln for log scale); categories have none. */
    double low();

    double high();

    /** Value to model coordinates. */
    double toModel(double x);

    /** Model coordinates to a legal value (rounded for integers, clamped into the bounds). */
    double fromModel(double t);

    /** A fixed dimension (low == high) is not searched. */
    default boolean fixed() {
        return low() == high();
    }

    record Categorical(String name, List<String> choices) implements Dim {
        public Categorical {
            choices = List.copyOf(choices);
            if (choices.isEmpty()) throw new IllegalArgumentException(name + ": at least one choice");
            if (choices.stream().distinct().count() != choices.size()) {
                throw new IllegalArgumentException(name + ": choices repeat: " + choices);
            }
        }

        @Override
        public double low() {
            return 0;
        }

        @Override
        public double high() {
            return choices.size() - 1;
        }

        @Override
        public double toModel(double x) {
            return x;
        }

        @Override
        public double fromModel(double t) {
            return Math.max(0, Math.min(choices.size() - 1, Math.round(t)));
        }
    }

    record Real(String name, double lo, double hi, boolean log) implements Dim {
        public Real {
            if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
                throw new IllegalArgumentException(name + ": need finite low <= high, got " + lo + ".." + hi);
            }
            if (log && !(lo > 0)) throw new IllegalArgumentException(name + ": a log scale needs low > 0, got " + lo);
        }

        @Override
        public double low() {
            return toModel(lo);
        }

        @Override
        public double high() {
            return toModel(hi);
        }

        @Override
        public double toModel(double x) {
            return log ? Math.log(x) : x;
        }

        @Override
        public double fromModel(double t) {
            double x = log ? Math.exp(t) : t;
            return Math.max(lo, Math.min(hi, x));
        }
    }

    /** An integer dimension: the {@link Real} one over the same bounds, rounded (integer bounds keep it inside). */
    record Int(String name, int lo, int hi, boolean log) implements Dim {
        public Int {
            if (lo > hi) throw new IllegalArgumentException(name + ": need low <= high, got " + lo + ".." + hi);
            if (log && lo < 1) throw new IllegalArgumentException(name + ": a log scale needs low >= 1, got " + lo);
        }

        private Real real() {
            return new Real(name, lo, hi, log);
        }

        @Override
        public double low() {
            return real().low();
        }

        @Override
        public double high() {
            return real().high();
        }

        @Override
        public double toModel(double x) {
            return real().toModel(x);
        }

        @Override
        public double fromModel(double t) {
            return Math.round(real().fromModel(t));
        }

        /**
         * The lower end of the range the integers own, in model coordinates: each value v owns [v - 0.5, v + 0.5], so
         * samplers that draw or fit densities over [ownedLow, ownedHigh] give the end values the weight of the inner
         * ones. On a log scale ln(lo - 0.5), defined because lo >= 1.
         */
        public double ownedLow() {
            return log ? Math.log(lo - 0.5) : lo - 0.5;
        }

        /** The upper end of the owned range: hi + 0.5 (ln of it on a log scale). */
        public double ownedHigh() {
            return log ? Math.log(hi + 0.5) : hi + 0.5;
        }
    }
}
