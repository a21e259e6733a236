package org.pernodedrop.lab.engine.experiment;

import java.util.function.Function;

/**
 * What a lesson tells the class will happen, as a statement a run either shows or does not. {@code text} is what the
 * window prints under "What to expect"; {@code test} measures it on a finished {@link LessonResult}. The lesson
 * tests run every lesson on several seeds and require the claim to hold on each: the lab never tells a class
 * something its own runs do not show.
 */
public record LessonClaim(String text, Function<LessonResult, Verdict> test) {

    /** Whether the claim held in one result, and the numbers that decided it (for tables and the window). */
    public record Verdict(boolean holds, String measured) {
    }

    public Verdict check(LessonResult result) {
        return test.apply(result);
    }
}
