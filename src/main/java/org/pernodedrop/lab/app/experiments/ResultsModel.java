package org.pernodedrop.lab.app.experiments;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.experiment.Provenance;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.Session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results every experiments view reads: epoch records (the rows of {@code runs.csv}) and the configs that made
 * them. Compare runs and sweep cells append here as their epochs finish; a session or a CLI sweep folder replaces
 * the whole content. FX thread only; {@link #revisionProperty()} ticks once per change so views can redraw
 * coalesced.
 */
public final class ResultsModel {

    private final ObservableList<RunRecord> records = FXCollections.observableArrayList();
    private final Map<String, ExperimentConfig> configs = new LinkedHashMap<>();
    /** Where and how each run was made (backend, versions, seed), as a CLI run's provenance.json. */
    private final Map<String, Provenance> provenance = new LinkedHashMap<>();
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();

    public ObservableList<RunRecord> records() {
        return FXCollections.unmodifiableObservableList(records);
    }

    /** A copy of the records, for engine calls. */
    public List<RunRecord> snapshot() {
        return List.copyOf(records);
    }

    public Map<String, ExperimentConfig> configs() {
        return java.util.Collections.unmodifiableMap(configs);
    }

    public StringProperty titleProperty() {
        return title;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** Adds the config of a run (before or with its first records). */
    public void putConfig(String runId, ExperimentConfig config) {
        configs.put(runId, config);
    }

    /** Records where and how a run was made; saved with the session. */
    public void putProvenance(String runId, Provenance p) {
        provenance.put(runId, p);
    }

    public Map<String, Provenance> provenance() {
        return java.util.Collections.unmodifiableMap(provenance);
    }

    public void append(List<RunRecord> more) {
        if (more.isEmpty()) return;
        for (RunRecord r : more) {
            if (!configs.containsKey(r.runId())) {
                throw new IllegalArgumentException("record of run '" + r.runId() + "' has no config");
            }
        }
        records.addAll(more);
        revision.set(revision.get() + 1);
    }

    /** Drops every record of the given runs (a resumed sweep cell that restarts). */
    public void removeRuns(java.util.Set<String> runIds) {
        if (records.removeIf(r -> runIds.contains(r.runId()))) revision.set(revision.get() + 1);
    }

    public void clear() {
        records.clear();
        configs.clear();
        provenance.clear();
        title.set("");
        description.set("");
        revision.set(revision.get() + 1);
    }

    /** Replaces everything with a session's content. */
    public void load(Session s) {
        records.clear();
        configs.clear();
        configs.putAll(s.configs());
        provenance.clear();
        provenance.putAll(s.provenance());
        records.addAll(s.results());
        title.set(s.title());
        description.set(s.description());
        revision.set(revision.get() + 1);
    }

    /** Replaces everything with records and configs read elsewhere (a CLI sweep folder). */
    public void load(String newTitle, String newDescription, Map<String, ExperimentConfig> newConfigs,
                     List<RunRecord> newRecords) {
        load(Session.of(newTitle, newDescription, newConfigs, newRecords));
    }

    /** The content as an engine {@link Session}, configs limited to runs that have records or were registered. */
    public Session toSession() {
        Map<String, Provenance> known = new LinkedHashMap<>();
        for (Map.Entry<String, Provenance> e : provenance.entrySet()) {
            if (configs.containsKey(e.getKey())) known.put(e.getKey(), e.getValue());
        }
        return Session.of(title.get(), description.get(), configs, records, known);
    }
}
