package org.pernodedrop.lab.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading the numbers a user typed into a settings field, for every config editor of the window (single run,
 * compare, sweep, uncertainty): one place that says how a bad value is reported. Every failure is an
 * {@link IllegalArgumentException} whose message names the field and quotes what was typed, e.g.
 * {@code epochs: 'ten' is not a whole number} or {@code batch must be >= 1, got 0}.
 */
public final class ConfigFields {

    private ConfigFields() {
    }

    /** A whole number that fits an int, surrounding blanks ignored. */
    public static int parseInt(String text, String name) {
        long v = parseLong(text, name);
        if (v != (int) v) throw new IllegalArgumentException(name + ": '" + text.trim() + "' is not a whole number");
        return (int) v;
    }

    /** A whole number of at least {@code min}. */
    public static int parseInt(String text, String name, int min) {
        int v = parseInt(text, name);
        if (v < min) throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
        return v;
    }

    /** A finite decimal number ("0.01", "1e-3"), surrounding blanks ignored. */
    public static double parseDouble(String text, String name) {
        String t = text == null ? "" : text.trim();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + t + "' is not a number");
        }
        if (!Double.isFinite(v)) throw new IllegalArgumentException(name + ": '" + t + "' is not a finite number");
        return v;
    }

    /** A decimal number in [{@code min}, {@code max}]. */
    public static double parseDouble(String text, String name, double min, double max) {
        double v = parseDouble(text, name);
        if (v < min || v > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be in [%s, %s], got %s", name,
                    min, max, text.trim()));
        }
        return v;
    }

    /** A whole number that may exceed an int (seeds), surrounding blanks ignored. */
    public static long parseLong(String text, String name) {
        String t = text == null ? "" : text.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + t + "' is not a whole number");
        }
    }

    /** "25" or "25 %" -> 0.25; the split needs 10-90 % so both parts keep enough points to mean something. */
    public static double parsePercent(String text, String name) {
        String t = text == null ? "" : text.trim();
        double v = parseDouble(t.replace("%", "").trim(), name);
        if (!(v >= 10 && v <= 90)) throw new IllegalArgumentException(name + " must be between 10 and 90, got " + t);
        return v / 100.0;
    }

    /**
     * A list of layer widths, "64, 64" or "64 64" -> [64, 64]; empty -> no layer. Each width in [1, {@code maxWidth}],
     * at most {@code maxCount} of them.
     */
    public static List<Integer> parseWidths(String text, String name, int maxWidth, int maxCount) {
        List<Integer> out = new ArrayList<>();
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) return out;
        for (String part : t.split("[,\\s]+")) {
            if (part.isEmpty()) continue;
            int w = parseInt(part, name);
            if (w < 1 || w > maxWidth) {
                throw new IllegalArgumentException(name + " widths must be in [1, " + maxWidth + "], got " + w);
            }
            out.add(w);
        }
        if (out.size() > maxCount) {
            throw new IllegalArgumentException(name + ": at most " + maxCount + " values, got " + out.size());
        }
        return out;
    }
}
