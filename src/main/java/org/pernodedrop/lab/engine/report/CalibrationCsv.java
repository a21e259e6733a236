package org.pernodedrop.lab.engine.report;

import org.pernodedrop.lab.engine.stats.Calibration;
import org.pernodedrop.lab.engine.stats.ReliabilityBin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code calibration.csv}: per variant its Monte Carlo calibration summary, one line per reliability bin (the
 * summary columns repeat). Whoever runs MC inference on a sweep writes it next to {@code runs.csv}; the report
 * then adds the calibration table and the reliability diagram, and writes the same file into {@code report/}.
 */
public final class CalibrationCsv {

    public static final String HEADER = "variant,n,ece,nll,accuracy,mean_confidence,bin_lower,bin_upper,bin_count,"
            + "bin_confidence,bin_accuracy";

    private CalibrationCsv() {
    }

    public static String format(Map<String, Calibration.Summary> cal) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        cal.forEach((v, s) -> {
            if (v.contains(",") || v.contains("\n")) {
                throw new IllegalArgumentException("variant names cannot contain commas or newlines: '" + v + "'");
            }
            for (ReliabilityBin b : s.bins()) {
                sb.append(String.join(",", v, Integer.toString(s.n()), num(s.ece()), num(s.nll()),
                        num(s.accuracy()), num(s.meanConfidence()), num(b.lower()), num(b.upper()),
                        Integer.toString(b.count()), num(b.meanConfidence()), num(b.accuracy()))).append('\n');
            }
        });
        return sb.toString();
    }

    public static void write(Path file, Map<String, Calibration.Summary> cal) throws IOException {
        Files.writeString(file, format(cal), StandardCharsets.UTF_8);
    }

    /** Reads the file back; a malformed line is an error naming the file and line. */
    public static Map<String, Calibration.Summary> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
            throw new IOException(file + ": line 1: expected the header '" + HEADER + "'");
        }
        Map<String, double[]> head = new LinkedHashMap<>();
        Map<String, List<ReliabilityBin>> bins = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] f = line.split(",", -1);
            if (f.length != 11) throw new IOException(file + ": line " + (i + 1) + ": expected 11 fields, found "
                    + f.length);
            try {
                head.putIfAbsent(f[0], new double[]{Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])});
                bins.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new ReliabilityBin(Double.parseDouble(f[6]),
                        Double.parseDouble(f[7]), Integer.parseInt(f[8]), Double.parseDouble(f[9]),
                        Double.parseDouble(f[10])));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (i + 1) + ": not a number: " + e.getMessage());
            }
        }
        Map<String, Calibration.Summary> out = new LinkedHashMap<>();
        head.forEach((v, h) -> out.put(v, new Calibration.Summary((int) h[0], h[1], h[2], h[3], h[4],
                bins.get(v))));
        return out;
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
