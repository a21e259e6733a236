package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.engine.experiment.RunRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The results table as CSV: the rows on screen (filtered and sorted) with the paper's columns, numbers written
 * with {@link Double#toString} so reading back gives the same doubles.
 */
public final class ResultsCsv {

    public static final String HEADER = "run_id,variant,rate,units,seed,epoch,val_acc,val_loss,train_loss,train_acc";

    private ResultsCsv() {
    }

    public static void write(List<RunRecord> rows, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (RunRecord r : rows) {
            sb.append(String.join(",", r.runId(), r.variant(), Double.toString(r.rate()), Integer.toString(r.units()),
                    Long.toString(r.seed()), Integer.toString(r.epoch()), Double.toString(r.valAcc()),
                    Double.toString(r.valLoss()), Double.toString(r.trainLoss()), Double.toString(r.trainAcc())))
                    .append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    /** One parsed line: the columns of {@link #HEADER}. */
    public record Row(String runId, String variant, double rate, int units, long seed, int epoch, double valAcc,
                      double valLoss, double trainLoss, double trainAcc) {
        public static Row of(RunRecord r) {
            return new Row(r.runId(), r.variant(), r.rate(), r.units(), r.seed(), r.epoch(), r.valAcc(), r.valLoss(),
                    r.trainLoss(), r.trainAcc());
        }
    }

    public static List<Row> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": line 1: expected the header '" + HEADER + "'");
        }
        List<Row> out = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) continue;
            String[] f = lines.get(n).split(",", -1);
            if (f.length != 10) throw new IOException(file + ": line " + (n + 1) + ": expected 10 fields");
            try {
                out.add(new Row(f[0], f[1], Double.parseDouble(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]),
                        Integer.parseInt(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                        Double.parseDouble(f[8]), Double.parseDouble(f[9])));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (n + 1) + ": not a number: " + e.getMessage());
            }
        }
        return out;
    }
}
