package org.pernodedrop.lab.app;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.train.Trainer;
import org.pernodedrop.lab.engine.train.TrainingEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 5's responsiveness benchmark, run by hand under Xvfb (not a unit test):
 * <pre>
 * xvfb-run -a java -Djavafx.pulseLogger=true ... org.pernodedrop.lab.app.ResponsivenessBench$Run [seconds]
 * </pre>
 * 1. Headless: the default preset on the real Trainer, no listeners but a step counter, for N seconds.
 * 2. The window with every view open, same config, full speed, N seconds: steps/s, and the FX frame intervals
 *    and the time spent in the pump (our own timer). The JavaFX pulse logger (if enabled) prints every pulse's
 *    duration to stdout for a second opinion.
 * 3. Pause and stop latency: time from the command (FX thread) to the last step the trainer finished.
 */
public final class ResponsivenessBench extends Application {

    static int seconds = 10;

    /** The entry point: a plain class, since the java launcher refuses an Application main from the classpath. */
    public static final class Run {
        public static void main(String[] args) throws Exception {
            ResponsivenessBench.main(args);
        }
    }
    static final AtomicReference<String> result = new AtomicReference<>();
    /**
     * Trainer-thread CPU time per step: the work a step costs, which unlike steps/s does not depend on how busy
     * the (shared) machine is. The window adds its snapshots to this; the rest of the gap in steps/s is the trainer
     * waiting for a core.
     */
    static volatile double headlessCpuPerStepMs = Double.NaN;

    public static void main(String[] args) throws Exception {
        if (args.length > 0) seconds = Integer.parseInt(args[0]);
        ExperimentConfig cfg = config();
        double headless = headless(cfg, seconds, 0);
        System.out.printf("BENCH headless trainer: %.1f steps/s%n", headless);
        if (Boolean.getBoolean("bench.snapshots")) {
            double snaps = headless(cfg, seconds, LabModel.SNAPSHOT_INTERVAL_MS);
            System.out.printf("BENCH headless trainer + snapshots every %d ms: %.1f steps/s%n",
                    LabModel.SNAPSHOT_INTERVAL_MS, snaps);
        }
        System.setProperty("bench.headless", String.valueOf(headless));
        Application.launch(ResponsivenessBench.class, args);
    }

    /** The window's first screen (the overfitting scenario, until stopped). */
    static ExperimentConfig config() {
        return LabModel.firstScreen();
    }

    static double headless(ExperimentConfig cfg, int secs, long snapshotMs) throws Exception {
        AtomicLong steps = new AtomicLong();
        AtomicLong firstNs = new AtomicLong();
        Trainer t = new Trainer(cfg);
        AtomicLong snapNs = new AtomicLong();
        AtomicLong snapCount = new AtomicLong();
        if (snapshotMs > 0) {
            t.setSnapshotConsumer(s -> {
                snapNs.addAndGet(System.nanoTime() - firstNs.get());
                snapCount.incrementAndGet();
            }, snapshotMs, new int[]{0, 1, 2, 3, 4, 5, 6, 7});
        }
        t.addListener(e -> {
            if (e instanceof TrainingEvent.StepCompleted) {
                steps.incrementAndGet();
                firstNs.set(System.nanoTime());
            }
        });
        t.start();
        while (steps.get() == 0) Thread.sleep(10);
        long s0 = steps.get();
        long t0 = System.nanoTime();
        long c0 = threadCpu().getOrDefault(Trainer.THREAD_NAME, 0L);
        Thread.sleep(secs * 1000L);
        long s1 = steps.get();
        long t1 = System.nanoTime();
        long c1 = threadCpu().getOrDefault(Trainer.THREAD_NAME, 0L);
        headlessCpuPerStepMs = (c1 - c0) / 1e6 / Math.max(1, s1 - s0);
        t.stop();
        t.awaitTermination(5000);
        if (snapCount.get() > 0) {
            System.out.printf("BENCH   a snapshot takes %.1f ms after its step (mean of %d)%n",
                    snapNs.get() / 1e6 / snapCount.get(), snapCount.get());
        }
        return (s1 - s0) / ((t1 - t0) / 1e9);
    }

    @Override
    public void start(Stage stage) {
        AtomicLong steps = new AtomicLong();
        AtomicLong lastStepNs = new AtomicLong();
        AtomicReference<RunControl> control = new AtomicReference<>();
        LabModel model = new LabModel((c, data) -> {
            RunControl r = new TrainerRunControl(c, data);
            r.addListener(e -> {
                if (e instanceof TrainingEvent.StepCompleted) {
                    steps.incrementAndGet();
                    lastStepNs.set(System.nanoTime());
                }
            });
            control.set(r);
            return r;
        });
        model.setConfig(config());
        Scene scene = LabApp.createScene(model);
        stage.setScene(scene);
        stage.show();
        model.start(true);
        List<Long> intervals = Collections.synchronizedList(new ArrayList<>());
        List<Long> layoutToRender = Collections.synchronizedList(new ArrayList<>());
        long[] prev = {0};
        long[] pre = {0};
        scene.addPreLayoutPulseListener(() -> pre[0] = System.nanoTime());
        scene.addPostLayoutPulseListener(() -> layoutToRender.add(System.nanoTime() - pre[0]));
        AnimationTimer frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (prev[0] != 0) intervals.add(now - prev[0]);
                prev[0] = now;
            }
        };
        Thread driver = new Thread(() -> {
            try {
                double headless = Double.parseDouble(System.getProperty("bench.headless", "0"));
                Platform.runLater(model::playPause);
                while (steps.get() < 20) Thread.sleep(10);
                Thread.sleep(1000);
                Platform.runLater(() -> {
                    intervals.clear();
                    layoutToRender.clear();
                    prev[0] = 0;
                    frames.start();
                });
                System.out.println("BENCH measuring (pulse logger lines after this mark count)");
                long s0 = steps.get();
                long t0 = System.nanoTime();
                java.util.Map<String, Long> cpu0 = threadCpu();
                Thread.sleep(seconds * 1000L);
                long s1 = steps.get();
                long t1 = System.nanoTime();
                java.util.Map<String, Long> cpu1 = threadCpu();
                Platform.runLater(frames::stop);
                StringBuilder cpuReport = new StringBuilder("BENCH thread CPU over the window (ms per s):");
                for (String name : cpu1.keySet()) {
                    long d = cpu1.get(name) - cpu0.getOrDefault(name, 0L);
                    if (d > 5_000_000L * seconds / 10) {
                        cpuReport.append(String.format(" %s=%.0f", name, d / 1e6 / ((t1 - t0) / 1e9)));
                    }
                }
                System.out.println(cpuReport);
                System.out.println("BENCH snapshot interval now " + model.snapshotIntervalMsProperty().get() + " ms");
                double withViews = (s1 - s0) / ((t1 - t0) / 1e9);
                double cpuPerStep = (cpu1.getOrDefault(Trainer.THREAD_NAME, 0L)
                        - cpu0.getOrDefault(Trainer.THREAD_NAME, 0L)) / 1e6 / Math.max(1, s1 - s0);
                System.out.printf("BENCH trainer CPU per step: headless %.2f ms, with views %.2f ms (%.0f%% of "
                        + "headless work per step)%n", headlessCpuPerStepMs, cpuPerStep,
                        100 * headlessCpuPerStepMs / cpuPerStep);
                // pause latency
                CountDownLatch paused = new CountDownLatch(1);
                long[] cmd = {0};
                Platform.runLater(() -> {
                    cmd[0] = System.nanoTime();
                    model.playPause();
                    paused.countDown();
                });
                paused.await();
                Thread.sleep(1500);
                double pauseMs = Math.max(0, lastStepNs.get() - cmd[0]) / 1e6;
                long stepsAtPause = steps.get();
                Thread.sleep(500);
                boolean stayedPaused = steps.get() == stepsAtPause;
                // resume, then stop latency: until the trainer thread has ended
                Platform.runLater(model::playPause);
                Thread.sleep(1500);
                long[] stopCmd = {0};
                Platform.runLater(() -> {
                    stopCmd[0] = System.nanoTime();
                    model.stop();
                });
                while (stopCmd[0] == 0) Thread.sleep(1);
                boolean ended = control.get().awaitTermination(5000);
                double stopMs = (System.nanoTime() - stopCmd[0]) / 1e6;
                double lastStepAfterStop = Math.max(0, lastStepNs.get() - stopCmd[0]) / 1e6;
                List<Long> iv;
                synchronized (intervals) {
                    iv = new ArrayList<>(intervals);
                }
                List<Long> lr;
                synchronized (layoutToRender) {
                    lr = new ArrayList<>(layoutToRender);
                }
                String r = String.format("BENCH with views: %.1f steps/s = %.1f%% of headless %.1f%n"
                                + "BENCH frame interval (AnimationTimer): n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n"
                                + "BENCH layout pass (pre->post layout): p50=%.3f ms p99=%.3f ms%n"
                                + "BENCH pause: last step ended %.1f ms after the command; stayed paused: %s%n"
                                + "BENCH stop: trainer thread ended %.1f ms after the command (ended=%s), last step "
                                + "%.1f ms after%n",
                        withViews, 100 * withViews / headless, headless, iv.size(), pct(iv, 50), pct(iv, 99),
                        pct(iv, 100), pct(lr, 50), pct(lr, 99), pauseMs, stayedPaused, stopMs, ended,
                        lastStepAfterStop);
                System.out.print(r);
                result.set(r);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                Platform.runLater(() -> {
                    model.shutdown();
                    Platform.exit();
                });
            }
        }, "bench-driver");
        driver.setDaemon(true);
        driver.start();
    }

    static java.util.Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti == null) continue;
            long c = mx.getThreadCpuTime(ti.getThreadId());
            if (c > 0) out.merge(ti.getThreadName(), c, Long::sum);
        }
        return out;
    }

    /** The p-th percentile of nanosecond samples, in ms (nearest rank). */
    public static double pct(List<Long> ns, int p) {
        if (ns.isEmpty()) return Double.NaN;
        List<Long> s = new ArrayList<>(ns);
        Collections.sort(s);
        int idx = (int) Math.min(s.size() - 1, Math.ceil(p / 100.0 * s.size()) - 1);
        return s.get(Math.max(0, idx)) / 1e6;
    }
}
