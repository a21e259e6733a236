package org.pernodedrop.lab.engine.experiment;

import java.nio.file.Path;

/**
 * A second process for {@code RunsCsvTest}: appends {@code n} one-line records of run {@code runId} (epochs 1..n) to
 * a runs.csv, one append per line, as a training run does once per epoch.
 */
public final class RunsCsvAppender {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String runId = args[1];
        int n = Integer.parseInt(args[2]);
        for (int e = 1; e <= n; e++) {
            RunsCsv.append(file, new RunRecord(runId, "spiral", "dropout", 0.5, 16, 1, e, 0.7, 0.6, 0.8, 0.65, 0.75,
                    0.01, 0.5));
        }
    }
}
