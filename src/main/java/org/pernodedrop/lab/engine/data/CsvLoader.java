package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Comma-separated numeric features plus one label column (any text; numbers sort numerically). The first
 * line is a header when any of its feature fields is not a number. The label column is
 * {@code DataSpec.labelColumn} (a header name or a 0-based index), by default the last column.
 * Fields may be surrounded by double quotes; quoted commas are not supported.
 */
public final class CsvLoader {

    private CsvLoader() {
    }

    static Dataset load(Path file, DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> header = null;
        int labelCol = -1;
        int width = -1;
        int lines;
        try (TextLines in = TextLines.open(file)) {
            String s;
            while ((s = in.next()) != null) {
                if (s.isBlank()) continue;
                String[] f = s.split(",", -1);
                for (int i = 0; i < f.length; i++) {
                    f[i] = unquote(f[i].strip());
                    if (DataFiles.hasControl(f[i])) {
                        throw in.error("field " + (i + 1) + " '" + SvmLightLoader.abbreviate(f[i])
                                + "' holds a control character (a NUL or other non-text byte)");
                    }
                }
                if (width < 0) {
                    width = f.length;
                    if (width < 2) throw in.error("need at least two columns (features and a label), found " + width);
                    boolean isHeader = false;
                    labelCol = resolveLabel(spec.labelColumn(), f, width, in, true);
                    for (int i = 0; i < width; i++) {
                        if (i != labelCol && parse(f[i]) == null) isHeader = true;
                    }
                    if (isHeader) {
                        header = List.of(f);
                        labelCol = resolveLabel(spec.labelColumn(), f, width, in, false);
                        continue;
                    }
                    if (spec.labelColumn() != null && !spec.labelColumn().matches("\\d+")) {
                        throw in.error("label column '" + spec.labelColumn() + "' named, but the file has no header");
                    }
                }
                if (f.length != width) {
                    throw in.error(f.length + " fields, expected " + width + " like the first line");
                }
                float[] x = new float[width - 1];
                int k = 0;
                for (int i = 0; i < width; i++) {
                    if (i == labelCol) continue;
                    Float v = parse(f[i]);
                    if (v == null) {
                        String col = header != null ? "'" + header.get(i) + "'" : String.valueOf(i + 1);
                        throw in.error("column " + col + ": '" + SvmLightLoader.abbreviate(f[i])
                                + "' is not a finite number");
                    }
                    x[k++] = v;
                }
                if (f[labelCol].isEmpty()) throw in.error("empty label in column " + (labelCol + 1));
                rows.add(x);
                labels.add(f[labelCol]);
                if (rows.size() % 4096 == 0) {
                    progress.update("reading " + file.getFileName(), in.line(), -1);
                    LoadProgress.check(progress, file.toString());
                }
            }
            lines = in.line();
        }
        if (rows.size() < 2) {
            throw new DatasetException(file + " line " + lines + " (end of file): fewer than two data lines");
        }
        TreeSet<String> names = new TreeSet<>(SvmLightLoader.labelOrder());
        names.addAll(labels);
        if (names.size() < 2) {
            throw new DatasetException(file + " line " + lines + " (end of file): only one label value ("
                    + names.first() + ") in column " + (labelCol + 1));
        }
        List<String> classes = List.copyOf(names);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        int d = width - 1;
        float[] xs = new float[rows.size() * d];
        int[] y = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, xs, r * d, d);
            y[r] = index.get(labels.get(r));
        }
        return Splits.splitPool("csv", new int[]{d}, classes, false, new DenseExamples(xs, d),
                Splits.oneHot(y, classes.size()), spec, seed, file.toString());
    }

    private static int resolveLabel(String want, String[] first, int width, TextLines in, boolean lenient)
            throws DatasetException {
        if (want == null || want.isBlank()) return width - 1;
        if (want.matches("\\d+")) {
            int i = Integer.parseInt(want);
            if (i >= width) throw in.error("label column " + i + " does not exist (" + width + " columns, 0-based)");
            return i;
        }
        for (int i = 0; i < width; i++) {
            if (first[i].equals(want)) return i;
        }
        if (lenient) return width - 1;
        throw in.error("no column named '" + SvmLightLoader.abbreviate(want) + "' in the header");
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static Float parse(String s) {
        return Numbers.finiteFloat(s);
    }
}
