package org.pernodedrop.lab.app;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.data.Dataset;
import org.pernodedrop.lab.engine.data.DatasetException;
import org.pernodedrop.lab.engine.data.Datasets;
import org.pernodedrop.lab.engine.data.LoadProgress;
import org.pernodedrop.lab.engine.train.BackendInfo;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the single run's window knows about data and the machine, all read on one background thread and published
 * on the FX thread: which datasets are where (and downloads of missing ones, with progress and cancel), the 2-D
 * points the decision surface draws for the current settings, and the ND4J backend's description.
 */
final class DataSources {

    private final ExecutorService background;
    private final Supplier<ExperimentConfig> current;
    private final Consumer<String> error;

    private final ReadOnlyObjectWrapper<List<DatasetCatalog.Source>> sources =
            new ReadOnlyObjectWrapper<>(DatasetCatalog.placeholders());
    private final ReadOnlyDoubleWrapper downloadProgress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper downloadText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Dataset> surfaceData = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper backend = new ReadOnlyStringWrapper("loading ND4J...");
    /** The config whose data {@link #surfaceData} holds (its data spec and seed). */
    private ExperimentConfig surfaceDataConfig;
    private volatile boolean downloadCancelled;

    /**
     * @param background the thread that reads files and loads natives
     * @param current    the settings on screen now (FX thread), against which a late surface load is checked
     * @param error      shows a message in the window (FX thread)
     */
    DataSources(ExecutorService background, Supplier<ExperimentConfig> current, Consumer<String> error) {
        this.background = background;
        this.current = current;
        this.error = error;
    }

    /** Describes the ND4J backend once it is loaded (loading the natives takes seconds). */
    void probeBackend() {
        background.execute(() -> {
            String text;
            try {
                BackendInfo.Info info = BackendInfo.describe();
                text = info.summary() + (info.vectorApi() ? "" : " | Vector API off: scalar kernel");
            } catch (Throwable t) {
                text = "ND4J failed to load: " + t;
            }
            String shown = text;
            Platform.runLater(() -> backend.set(shown));
        });
    }

    /** A run reported its backend: shown if the probe has not answered yet. */
    void backendReported(String text) {
        if (text != null && !text.isBlank() && backend.get().startsWith("loading")) backend.set(text);
    }

    void backendNotProbed() {
        backend.set("(not probed)");
    }

    /** Loads the 2-D points the surface view draws, split with the run's seed exactly as the trainer will. */
    void loadSurfaceData(ExperimentConfig cfg) {
        DataSpec spec = cfg.data();
        if (!DatasetCatalog.isTwoD(spec.name())) {
            surfaceData.set(null);
            return;
        }
        background.execute(() -> {
            try {
                Dataset d = Datasets.load(spec, cfg.seed());
                Platform.runLater(() -> {
                    ExperimentConfig now = current.get();
                    if (now.data().equals(spec) && now.seed() == cfg.seed()) {
                        surfaceDataConfig = now;
                        surfaceData.set(d.featureCount() == 2 ? d : null);
                    }
                });
            } catch (DatasetException | RuntimeException e) {
                Platform.runLater(() -> surfaceData.set(null));
            }
        });
    }

    /** The points on screen if they are the ones {@code cfg} trains on (same data and seed), else null. */
    Dataset surfaceDataFor(ExperimentConfig cfg) {
        Dataset d = surfaceData.get();
        return d != null && surfaceDataConfig != null && cfg.data().equals(surfaceDataConfig.data())
                && cfg.seed() == surfaceDataConfig.seed() ? d : null;
    }

    /** Re-reads where every dataset is (after a download, or at start). */
    void refresh() {
        background.execute(() -> {
            try {
                List<DatasetCatalog.Source> list = DatasetCatalog.sources();
                Platform.runLater(() -> sources.set(list));
            } catch (RuntimeException e) {
                Platform.runLater(() -> error.accept("Could not list the datasets: " + Errors.describe(e)));
            }
        });
    }

    /** Downloads a source into the user data folder, with progress; one download at a time. */
    void download(String name) {
        if (downloadProgress.get() >= 0) return;
        downloadCancelled = false;
        downloadProgress.set(0);
        downloadText.set("starting download of " + name);
        long[] lastUpdate = {0};
        LoadProgress progress = new LoadProgress() {
            @Override
            public void update(String phase, long done, long total) {
                long now = System.nanoTime();
                if (now - lastUpdate[0] < 100_000_000L && done != total) return;
                lastUpdate[0] = now;
                double f = total > 0 ? (double) done / total : 0;
                String text = phase + (total > 0 ? Numbers.format(" %.0f%%", 100 * f) : " " + done / 1024 + " kB");
                Platform.runLater(() -> {
                    downloadProgress.set(Math.max(0, f));
                    downloadText.set(text);
                });
            }

            @Override
            public boolean cancelled() {
                return downloadCancelled;
            }
        };
        background.execute(() -> {
            String result;
            try {
                Path where = Datasets.download(name, progress);
                result = name + " downloaded to " + where;
            } catch (DatasetException | RuntimeException e) {
                String msg = Errors.describe(e);
                Platform.runLater(() -> error.accept("Download failed: " + msg));
                result = "";
            }
            String shown = result;
            Platform.runLater(() -> {
                downloadProgress.set(-1);
                downloadText.set(shown);
            });
            refresh();
        });
    }

    void cancelDownload() {
        downloadCancelled = true;
    }

    ReadOnlyObjectProperty<List<DatasetCatalog.Source>> sourcesProperty() {
        return sources.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty downloadProgressProperty() {
        return downloadProgress.getReadOnlyProperty();
    }

    ReadOnlyStringProperty downloadTextProperty() {
        return downloadText.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<Dataset> surfaceDataProperty() {
        return surfaceData.getReadOnlyProperty();
    }

    ReadOnlyStringProperty backendProperty() {
        return backend.getReadOnlyProperty();
    }
}
