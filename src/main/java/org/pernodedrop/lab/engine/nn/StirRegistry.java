package org.pernodedrop.lab.engine.nn;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User-supplied stir functions, chosen by name in {@code RegularizerSpec.stir}. A stir turns one uniform
 * {@code u ~ U(0, 1)}, one independent standard normal {@code z} and the drop rate {@code p} into one mask
 * element {@code m}. Its reported {@code mean} (E[m] at that rate) is what inference multiplies the plain
 * weights by, so the expected pre-activation is the same in training and inference.
 *
 * <p>Registration is process-wide; a network saved with a custom stir needs the same name registered
 * before it is restored.
 */
public final class StirRegistry {

    /** The built-in stirs; they cannot be replaced. */
    public static final List<String> BUILT_IN = List.of("bernoulli", "gaussian", "partial-gaussian");

    /** One mask element from {@code u} in (0, 1), {@code z ~ N(0, 1)} and the drop rate {@code p}. */
    @FunctionalInterface
    public interface StirFunction {
        double apply(double u, double z, double p);
    }

    /** The mean of the stir at drop rate p. */
    @FunctionalInterface
    public interface StirMean {
        double at(double p);
    }

    public record Stir(String name, StirFunction function, StirMean mean) {
    }

    private static final Map<String, Stir> CUSTOM = new ConcurrentHashMap<>();

    private StirRegistry() {
    }

    public static void register(String name, StirFunction function, StirMean mean) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(mean, "mean");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a custom stir needs a name");
        }
        if (BUILT_IN.contains(name) || name.equals("none")) {
            throw new IllegalArgumentException("stir name '" + name + "' is built in and cannot be replaced");
        }
        CUSTOM.put(name, new Stir(name, function, mean));
    }

    public static void unregister(String name) {
        CUSTOM.remove(name);
    }

    /** The custom stir of that name, or an error naming the known ones. */
    public static Stir custom(String name) {
        Stir s = CUSTOM.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown stir '" + name + "' (built in: "
                    + String.join(", ", BUILT_IN) + "; registered: "
                    + (CUSTOM.isEmpty() ? "none" : String.join(", ", CUSTOM.keySet())) + ")");
        }
        return s;
    }

    public static boolean isKnown(String name) {
        return BUILT_IN.contains(name) || CUSTOM.containsKey(name);
    }
}
