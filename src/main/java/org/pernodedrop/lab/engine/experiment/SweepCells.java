package org.pernodedrop.lab.engine.experiment;

import org.pernodedrop.lab.engine.config.ConfigJson;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.DatasetException;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.train.NativeThreads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A sweep as independent cells, the unit of work a cluster scheduler hands out: {@link #plan} writes the sweep
 * ({@code sweep.json}, {@code cells.csv} with one line per cell index, and each cell's {@code runs/<id>/config.json});
 * {@link #runCell} runs cell {@code i} into its own folder and nowhere else; {@link #merge} gathers the cells' own
 * {@code runs.csv} files into the sweep's {@code runs.csv} in spec order. A local {@link Sweep#run} ends with the same
 * merge, so a sweep run by array tasks and one run on this machine give the same file.
 *
 * <p>Cell {@code i} is {@code spec.cells().get(i)}: the order is a pure function of the spec, so every task that
 * reads the same {@code sweep.json} agrees on what index {@code i} is.
 */
public final class SweepCells {

    public static final String CELLS_CSV = "cells.csv";

    private SweepCells() {
    }

    /** A cell that has not ended (no status.json): its index in {@link SweepSpec#cells()} and its run id. */
    public record MissingCell(int index, String runId) {
    }

    /** What {@link #merge} found: cells merged, those with no end yet, rows written. */
    public record Merge(int cells, int merged, List<MissingCell> missing, int rows, boolean rewritten) {
        public boolean complete() {
            return missing.isEmpty();
        }
    }

    /**
     * Writes the cells of {@code spec} into {@code out}. Planning the same spec again is allowed and changes nothing
     * a task may have written (finished cells keep their folders); a different spec in the same folder is refused.
     */
    public static List<SweepSpec.Cell> plan(SweepSpec spec, Path out) throws IOException {
        Path specFile = out.resolve(Sweep.SPEC_FILE);
        if (Files.exists(specFile) && !readSpec(out).equals(spec)) {
            throw new IllegalArgumentException(out + " already holds a different sweep (" + Sweep.SPEC_FILE
                    + "); choose another --out");
        }
        Files.createDirectories(out.resolve(Sweep.RUNS_DIR));
        Files.writeString(specFile, ConfigJson.write(spec) + System.lineSeparator());
        List<SweepSpec.Cell> cells = spec.cells();
        StringBuilder index = new StringBuilder("index,run_id,variant,rate,units,seed\n");
        Sweep sweep = new Sweep(spec, out);
        for (int i = 0; i < cells.size(); i++) {
            SweepSpec.Cell c = cells.get(i);
            index.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%d,%d%n", i, c.runId(), c.variant(),
                    SweepSpec.rateText(c.rate()), c.units(), c.seed()));
            Path dir = sweep.runDir(c);
            Files.createDirectories(dir);
            Path cfg = dir.resolve(RunFolder.CONFIG);
            if (!Files.exists(cfg)) ConfigJson.writeConfig(c.config(), cfg);
        }
        Files.writeString(out.resolve(CELLS_CSV), index.toString());
        return cells;
    }

    /** The sweep spec in {@code out}/sweep.json; an {@link IOException} naming the file when missing or damaged. */
    public static SweepSpec readSpec(Path out) throws IOException {
        Path f = out.resolve(Sweep.SPEC_FILE);
        if (!Files.isRegularFile(f)) {
            throw new IOException(f + " does not exist: plan the sweep first (sweep plan ... --out " + out + ")");
        }
        try {
            SweepSpec s = ConfigJson.read(TextFiles.readUtf8(f, RunFolder.MAX_JSON_BYTES, "sweep spec"),
                    SweepSpec.class);
            if (s == null) throw new IOException(f + ": holds no sweep spec");
            return s;
        } catch (ConfigJson.ConfigException e) {
            throw new IOException(f + ": " + TextFiles.jsonMessage(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new IOException(f + ": not a readable sweep spec (" + TextFiles.reason(e) + ")", e);
        }
    }

    /** Cell {@code index} of the sweep in {@code out}, with a message naming the valid range otherwise. */
    public static SweepSpec.Cell cell(SweepSpec spec, Path out, int index) {
        List<SweepSpec.Cell> cells = spec.cells();
        if (index < 0 || index >= cells.size()) {
            throw new IllegalArgumentException("--index " + index + " is out of range: the sweep in " + out + " has "
                    + cells.size() + " cells, 0-" + (cells.size() - 1));
        }
        return cells.get(index);
    }

    /**
     * Runs cell {@code index} of the sweep planned in {@code out} into its folder: config.json (checked against the
     * plan's), provenance.json, its own runs.csv, status.json. Rerunning a cell starts it afresh. Returns its status,
     * or null when it was cancelled.
     */
    public static RunFolder.Status runCell(Path out, int index, Sweep.Listener listener)
            throws IOException, InterruptedException {
        SweepSpec spec = readSpec(out);
        SweepSpec.Cell cell = cell(spec, out, index);
        Sweep sweep = new Sweep(spec, out);
        Dataset data;
        try {
            data = Datasets.load(cell.config().data(), cell.seed());
        } catch (DatasetException e) {
            throw new IOException("sweep cell " + index + " (" + cell.runId() + "): " + e.getMessage(), e);
        }
        sweep.checkCells(data, List.of(cell));
        NativeThreads.shareAmong(1);
        listener.cellStarted(cell, index, spec.cells().size());
        RunFolder.Status status = sweep.runCell(cell, data, listener, false);
        if (status != null) listener.cellEnded(cell, status);
        return status;
    }

    /** The rows of one cell from its folder's runs.csv (empty when it has none). */
    static List<RunRecord> cellRows(Path dir) throws IOException {
        Path f = dir.resolve(Sweep.RUNS_CSV);
        return Files.exists(f) ? RunsCsv.read(f) : List.of();
    }

    /**
     * Gathers the rows of every cell that ended (finished or failed) into the sweep's runs.csv, cells in spec order
     * and each cell's epochs in order: the file a serial sweep writes. A cell folder without its own runs.csv (sweeps
     * written before cells had one) keeps its rows from the sweep's runs.csv. Idempotent: merging again writes the
     * same bytes (and does not touch the file).
     *
     * <p>Refused, with nothing written, when a cell's rows are not one clean run: an epoch recorded twice (the cell ran
     * twice at once, e.g. a requeued array task beside the original) or a row count other than its status says.
     * Cells that have not ended are listed in {@link Merge#missing()}; their rows (if any) are left out.
     */
    public static Merge merge(Sweep sweep) throws IOException {
        SweepSpec spec = sweep.spec();
        List<SweepSpec.Cell> cells = spec.cells();
        Path csv = sweep.runsCsv();
        TreeMap<String, List<RunRecord>> shared = new TreeMap<>();
        if (Files.exists(csv)) {
            for (RunRecord r : RunsCsv.read(csv)) shared.computeIfAbsent(r.runId(), k -> new ArrayList<>()).add(r);
        }
        List<RunRecord> rows = new ArrayList<>();
        List<MissingCell> missing = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        int merged = 0;
        for (int i = 0; i < cells.size(); i++) {
            SweepSpec.Cell c = cells.get(i);
            Path dir = sweep.runDir(c);
            var status = RunFolder.status(dir);
            if (status.isEmpty()) {
                missing.add(new MissingCell(i, c.runId()));
                continue;
            }
            List<RunRecord> mine = Files.exists(dir.resolve(Sweep.RUNS_CSV)) ? cellRows(dir)
                    : shared.getOrDefault(c.runId(), List.of());
            Set<Integer> epochs = new HashSet<>();
            List<Integer> twice = new ArrayList<>();
            for (RunRecord r : mine) {
                if (!r.runId().equals(c.runId())) {
                    broken.add("cell " + i + " (" + c.runId() + "): its runs.csv holds a row of " + r.runId());
                } else if (!epochs.add(r.epoch())) {
                    twice.add(r.epoch());
                }
            }
            if (!twice.isEmpty()) {
                broken.add("cell " + i + " (" + c.runId() + ") is duplicated: epoch(s) " + twice + " recorded twice "
                        + "(it ran twice at once); rerun it alone with: sweep run-cell --index " + i);
            } else if (mine.size() != status.get().epochs()) {
                broken.add("cell " + i + " (" + c.runId() + "): status.json says " + status.get().epochs()
                        + " epochs, its runs.csv holds " + mine.size() + "; rerun it with: sweep run-cell --index " + i);
            }
            List<RunRecord> sorted = new ArrayList<>(mine);
            sorted.sort(java.util.Comparator.comparingInt(RunRecord::epoch));
            rows.addAll(sorted);
            merged++;
        }
        if (!broken.isEmpty()) {
            throw new IllegalStateException("cannot merge " + sweep.runsCsv().getParent() + ": "
                    + String.join("; ", broken));
        }
        boolean rewritten = RunsCsv.rewrite(csv, rows);
        return new Merge(cells.size(), merged, missing, rows.size(), rewritten);
    }

    /** Folders under runs/ that are no cell of the spec (e.g. a sweep planned again with fewer rates). */
    public static List<String> strayFolders(Sweep sweep) throws IOException {
        Set<String> ids = new HashSet<>();
        for (SweepSpec.Cell c : sweep.spec().cells()) ids.add(c.runId());
        Path runs = sweep.runsCsv().getParent().resolve(Sweep.RUNS_DIR);
        if (!Files.isDirectory(runs)) return List.of();
        try (Stream<Path> s = Files.list(runs)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !ids.contains(n)).sorted().toList();
        }
    }
}
