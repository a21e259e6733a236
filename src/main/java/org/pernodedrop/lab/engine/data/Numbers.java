package org.pernodedrop.lab.engine.data;

import java.util.regex.Pattern;

/**
 * Numbers as the text formats write them: an optional sign, digits with an optional fraction (or a fraction
 * alone), and an optional decimal exponent - {@code 3}, {@code -0.5}, {@code .25}, {@code 1e-3}, {@code 2.}.
 * Java's own parser also takes type suffixes ({@code 2.5f}, {@code 1d}), hexadecimal ({@code 0x1p3}) and the
 * words NaN and Infinity; a CSV or SVMlight file with those is malformed, so they are refused here.
 */
final class Numbers {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");

    private Numbers() {
    }

    /** True when {@code s} is a decimal number by the grammar above. */
    static boolean isDecimal(String s) {
        return s.length() <= 400 && DECIMAL.matcher(s).matches();
    }

    /**
     * The value of a decimal number rounded to float, or null when {@code s} is not one by the grammar or its value
     * overflows a float (1e39 is a number, but no feature value this lab can train on).
     */
    static Float finiteFloat(String s) {
        if (!isDecimal(s)) return null;
        float v = Float.parseFloat(s);
        return Float.isFinite(v) ? v : null;
    }

    /** A non-negative integer of plain digits ({@code 007} is 7; {@code +7}, {@code 7.0} are not), or -1. */
    static long digits(String s) {
        return DIGITS.matcher(s).matches() ? Long.parseLong(s) : -1;
    }
}
