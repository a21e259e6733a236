package org.pernodedrop.lab.app.jobs;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * File work of the window off the FX thread: opening and saving sessions, reading sweep folders, writing reports,
 * chart images and CSV tables. One daemon thread ({@code lab-io}) runs the tasks in the order they were asked for,
 * so a save never overtakes the open before it; the result comes back on the FX thread ({@link Task}'s handlers run
 * there, like {@code Platform.runLater}). {@link #busyProperty()} and {@link #textProperty()} drive the progress
 * indicator ({@link BackgroundWorkIndicator}), whose Cancel calls {@link #cancelCurrent()}: the task's thread is
 * interrupted and its result, if it still comes, is dropped.
 *
 * <p>One instance for the whole window ({@link #shared()}), so every view's exports show in one place. All methods
 * are for the FX thread.
 */
public final class BackgroundWork {

    private static BackgroundWork shared;

    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lab-io");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Task<?>> pending = new ArrayDeque<>();
    private final java.util.Map<Task<?>, String> labels = new java.util.IdentityHashMap<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");

    /** The window's one instance (FX thread). */
    public static BackgroundWork shared() {
        if (shared == null) shared = new BackgroundWork();
        return shared;
    }

    /**
     * Runs {@code work} on the I/O thread; {@code done} gets its result on the FX thread, {@code failed} a one-line
     * reason (the exception's message, or its class when it has none). Nothing is called after a cancel.
     */
    public <T> Task<T> submit(String label, Callable<T> work, Consumer<T> done, Consumer<String> failed) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> {
            finished(task);
            done.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            finished(task);
            failed.accept(org.pernodedrop.lab.app.Errors.describe(task.getException()));
        });
        task.setOnCancelled(e -> finished(task));
        pending.addLast(task);
        labels.put(task, label);
        update();
        io.execute(task);
        return task;
    }

    /** Cancels the oldest unfinished task (the one running now). */
    public void cancelCurrent() {
        Task<?> t = pending.peekFirst();
        if (t != null) t.cancel(true);
    }

    private void finished(Task<?> t) {
        pending.remove(t);
        labels.remove(t);
        update();
    }

    private void update() {
        busy.set(!pending.isEmpty());
        Task<?> first = pending.peekFirst();
        String label = first == null ? "" : labels.get(first);
        text.set(pending.size() > 1 ? label + " (+" + (pending.size() - 1) + " waiting)" : label);
    }

    /** True while a task runs or waits. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What runs now, in words ("opening runs/", "writing the report"), empty when idle. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
