package org.pernodedrop.lab.engine.experiment;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.nn.MaskView;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a lesson headless, exactly as Compare live does in the window: all its variants in lock-step on one trainer
 * (same data, same batches, same initial weights), with the lesson's seed replaced by the one asked for. Used by the
 * lesson tests, which check every claim on several seeds, and by the {@code lessons} CLI command.
 */
public final class LessonRunner {

    /** How often the masks are copied out (each copy costs the trainer a little). */
    static final long MASK_SNAPSHOT_MS = 500;

    private LessonRunner() {
    }

    /** Blocks until every run has finished or failed, or {@code timeoutSeconds} have passed (then stops them). */
    public static LessonResult run(TeachingPreset lesson, long seed, long timeoutSeconds) throws InterruptedException {
        return run(lesson.id(), lesson.variants(), seed, timeoutSeconds);
    }

    /** Any configs trained the way a lesson is (e.g. a scenario's promise checked on its own run). */
    public static LessonResult run(String name, List<ExperimentConfig> variants, long seed, long timeoutSeconds)
            throws InterruptedException {
        List<ExperimentConfig> configs = variants.stream().map(c -> c.withSeed(seed)).toList();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) ids.add(name + "-" + i);
        Map<String, List<EpochMetrics>> histories = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, MaskView> masks = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch ends = new CountDownLatch(configs.size());
        List<String> failures = new ArrayList<>();
        try (Trainer trainer = Trainer.lockstep(configs, ids, null)) {
            // Listeners run on the trainer thread; the maps are read only after the latch (happens-before).
            trainer.addListener(e -> {
                if (e instanceof TrainingEvent.RunFinished f) {
                    histories.put(f.runId(), f.history());
                    ends.countDown();
                } else if (e instanceof TrainingEvent.RunFailed f) {
                    failures.add(f.runId() + ": " + f.reason());
                    ends.countDown();
                }
            });
            // the latest masks of the first samples of a batch, as the window's views show them (a lesson may be
            // about what the masks look like)
            trainer.setSurfaceInSnapshots(false);
            trainer.setSnapshotConsumer(snap -> {
                if (snap.masks() != null) masks.put(snap.runId(), snap.masks()); // 'none' has no mask
            }, MASK_SNAPSHOT_MS,
                    new int[]{0, 1, 2, 3});
            trainer.start();
            if (!ends.await(timeoutSeconds, TimeUnit.SECONDS)) {
                trainer.stop();
                throw new IllegalStateException("lesson " + name + " did not finish within " + timeoutSeconds
                        + " s");
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("lesson " + name + " failed: " + String.join("; ", failures));
        }
        List<List<EpochMetrics>> h = new ArrayList<>();
        List<MaskView> m = new ArrayList<>();
        for (String id : ids) {
            h.add(histories.getOrDefault(id, List.of()));
            m.add(masks.get(id));
        }
        return new LessonResult(configs, h, m);
    }
}
