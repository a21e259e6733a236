package org.pernodedrop.lab.engine.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * A finished trial, as its folder's {@code trial.json} holds it (written last: a folder without it is a trial that
 * did not end and runs again on resume). {@code curve}: the best validation loss up to each epoch, from which a
 * resumed search rebuilds its ASHA rungs; {@code value}: the trial's objective, the last entry of the curve (null
 * when it failed before its first epoch or the loss was not a number).
 */
@JsonPropertyOrder({"index", "run_id", "variant", "rate", "units", "lr", "state", "epochs", "value", "seconds",
        "reason", "curve"})
public record Trial(@JsonProperty("index") int index, @JsonProperty("run_id") String runId,
                    @JsonProperty("variant") String variant, @JsonProperty("rate") double rate,
                    @JsonProperty("units") int units, @JsonProperty("lr") double lr,
                    @JsonProperty("state") String state, @JsonProperty("epochs") int epochs,
                    @JsonProperty("value") Double value, @JsonProperty("seconds") double seconds,
                    @JsonProperty("reason") String reason, @JsonProperty("curve") List<Double> curve) {

    public static final String COMPLETE = "complete";
    public static final String PRUNED = "pruned";
    public static final String FAILED = "failed";

    public Trial {
        if (!List.of(COMPLETE, PRUNED, FAILED).contains(state)) {
            throw new IllegalArgumentException("trial state must be complete, pruned or failed, not " + state);
        }
        curve = curve == null ? List.of() : List.copyOf(curve);
    }

    public SearchSpace.Params params() {
        return new SearchSpace.Params(variant, rate, units, lr);
    }

    /** The objective for ranking: NaN when there is none. */
    public double objective() {
        return value == null ? Double.NaN : value;
    }
}
