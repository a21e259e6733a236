package org.pernodedrop.lab.engine.data;

/**
 * Progress of a load or download, reported from the loading thread (keep it quick; the UI should
 * coalesce). {@code total} is -1 when unknown. {@link #cancelled()} is polled between chunks; a
 * cancelled load ends with a {@link DatasetException} saying so.
 */
public interface LoadProgress {

    LoadProgress NONE = (phase, done, total) -> { };

    void update(String phase, long done, long total);

    default boolean cancelled() {
        return false;
    }

    static void check(LoadProgress p, String what) throws DatasetException {
        if (p.cancelled()) {
            throw new DatasetException(what + ": cancelled");
        }
    }
}
