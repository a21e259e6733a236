package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.report.CalibrationCsv;
import org.pernodedrop.lab.engine.stats.Calibration;
import org.pernodedrop.lab.engine.train.MonteCarloCalibration;
import org.pernodedrop.lab.engine.train.TrainingRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --mc T} of {@code train} and {@code sweep}: after a run's last epoch, T stochastic passes over its validation
 * set ({@link MonteCarloCalibration}); the summary goes into {@code calibration.csv} next to runs.csv, one entry per
 * run id (a rerun replaces its entry), which {@code report} picks up.
 */
final class MonteCarloOutput {

    static final String FILE = "calibration.csv";

    private MonteCarloOutput() {
    }

    static void checkPasses(int passes) {
        if (passes < 0) throw new IllegalArgumentException("--mc must be >= 0 (Monte Carlo passes; 0 = off), got " + passes);
    }

    /** Runs the passes on the calling (trainer) thread and records the summary under {@code runId}. */
    static MonteCarloCalibration.Result calibrate(TrainingRun run, int passes, Path dir, String runId) {
        MonteCarloCalibration.Result r = MonteCarloCalibration.run(run, MonteCarloCalibration.splitOf(run), passes,
                Calibration.DEFAULT_BINS, () -> false, f -> { });
        try {
            record(dir.resolve(FILE), runId, r.monteCarlo());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        return r;
    }

    static synchronized void record(Path file, String runId, Calibration.Summary s) throws IOException {
        Map<String, Calibration.Summary> all = Files.exists(file) ? CalibrationCsv.read(file) : new LinkedHashMap<>();
        all.put(runId, s);
        Files.createDirectories(file.toAbsolutePath().getParent());
        CalibrationCsv.write(file, all);
    }
}
