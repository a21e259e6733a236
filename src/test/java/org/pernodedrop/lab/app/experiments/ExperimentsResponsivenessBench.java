package org.pernodedrop.lab.app.experiments;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.experiment.Provenance;
import org.pernodedrop.lab.engine.experiment.RunFolder;
import org.pernodedrop.lab.engine.experiment.RunRecord;
import org.pernodedrop.lab.engine.experiment.RunsCsv;
import org.pernodedrop.lab.engine.experiment.Sweep;
import org.pernodedrop.lab.engine.train.EpochMetrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.prefs.Preferences;

/**
 * Issue 11's responsiveness figures for the experiments workspace, run by hand under Xvfb (not a unit test):
 * <pre>
 * OMP_NUM_THREADS=1 xvfb-run -a -s "-screen 0 1400x900x24" java --add-modules jdk.incubator.vector -Dprism.order=sw \
 *   -cp "target/test-classes:target/classes:target/lib/*" \
 *   'org.pernodedrop.lab.app.experiments.ExperimentsResponsivenessBench$Run' 15
 * </pre>
 * 1. Open a sweep folder of {@value #RUNS} runs x {@value #EPOCHS} epochs (5,000 epoch records, written here) with
 *    the Generalization tab on screen; the FX frame intervals from the click until the charts show it, plus 1 s.
 * 2. A 6-variant compare of the window's first screen (lock-step, real trainer) for N seconds.
 * A frame interval is the gap between two AnimationTimer callbacks, i.e. between two pulses: at 60 Hz it is
 * 16.7 ms, and a longer one is a frame the user saw late.
 */
public final class ExperimentsResponsivenessBench extends Application {

    static final int RUNS = 100;
    static final int EPOCHS = 50;
    static int seconds = 10;

    /** The entry point: a plain class, since the java launcher refuses an Application main from the classpath. */
    public static final class Run {
        public static void main(String[] args) {
            if (args.length > 0) seconds = Integer.parseInt(args[0]);
            Application.launch(ExperimentsResponsivenessBench.class, args);
        }
    }

    /** 5 variants x 4 rates x 5 seeds, 50 epochs each, with smooth made-up losses (only the sizes matter here). */
    static Path writeSweepFolder() throws Exception {
        Path dir = Files.createTempDirectory("bench-sweep");
        List<String> variants = List.of("dropout", "dropconnect", "pernode-bernoulli", "pernode-gaussian",
                "gaussian-dropout");
        double[] rates = {0.1, 0.3, 0.5, 0.7};
        Random rnd = new Random(7);
        ExperimentConfig base = ExperimentConfig.overfitting();
        List<RunRecord> all = new ArrayList<>();
        for (String v : variants) {
            for (double r : rates) {
                for (int seed = 1; seed <= 5; seed++) {
                    String id = v + "-r" + r + "-s" + seed;
                    ExperimentConfig c = base.withRegularizer(RegularizerSpec.of(v, r)).withSeed(seed);
                    RunFolder.begin(dir.resolve(Sweep.RUNS_DIR).resolve(id), c,
                            new Provenance(id, "bench", "17", "x", "linux", "amd64", "cpu", "cpu", seed, "now", "embedded"));
                    for (int e = 1; e <= EPOCHS; e++) {
                        double train = 0.7 * Math.exp(-e / 15.0) + 0.05 + 0.01 * rnd.nextDouble();
                        double val = train + 0.02 * e / EPOCHS + 0.1 * r * rnd.nextDouble();
                        all.add(RunRecord.of(id, "moons", v, r, 64, seed,
                                new EpochMetrics(e, train, train, 0.9, val, 0.85, 0.01), r));
                    }
                }
            }
        }
        RunsCsv.append(dir.resolve(Sweep.RUNS_CSV), all);
        return dir;
    }

    @Override
    public void start(Stage stage) throws Exception {
        Preferences prefs = Preferences.userRoot().node("org/pernodedrop/lab/bench-" + System.nanoTime());
        ExperimentsView view = new ExperimentsView(prefs);
        Scene scene = new Scene(view, 1360, 860);
        stage.setScene(scene);
        stage.show();
        Path folder = writeSweepFolder();
        List<Long> intervals = Collections.synchronizedList(new ArrayList<>());
        List<Long> pulses = Collections.synchronizedList(new ArrayList<>());
        long[] prev = {0};
        long[] pulseStart = {0};
        AnimationTimer frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (prev[0] != 0) intervals.add(now - prev[0]);
                prev[0] = now;
                pulseStart[0] = System.nanoTime();
            }
        };
        // a pulse's FX-thread work: animation timers, then CSS and layout; it ends where layout ends
        scene.addPostLayoutPulseListener(() -> {
            if (pulseStart[0] != 0) pulses.add(System.nanoTime() - pulseStart[0]);
            pulseStart[0] = 0;
        });
        fxThreadId = Thread.currentThread().getId();
        startSampler();
        Thread driver = new Thread(() -> {
            try {
                Thread.sleep(1500);
                // 1. open the sweep folder with the generalization charts on screen
                Platform.runLater(() -> {
                    view.tabs().getSelectionModel().select(2);
                    prev[0] = 0;
                    intervals.clear();
                    pulses.clear();
                    markCpu();
                    frames.start();
                });
                Thread.sleep(500);
                SAMPLES.clear();
                long t0 = System.nanoTime();
                Platform.runLater(() -> view.open(folder));
                while (true) {
                    int[] n = {0};
                    java.util.concurrent.CountDownLatch l = new java.util.concurrent.CountDownLatch(1);
                    Platform.runLater(() -> {
                        n[0] = view.generalization().ranking() == null ? 0 : view.results().records().size();
                        l.countDown();
                    });
                    l.await();
                    if (n[0] == RUNS * EPOCHS && view.generalization().scatterPointCount() > 0) break;
                    if (System.nanoTime() - t0 > 120_000_000_000L) throw new IllegalStateException("open timed out");
                    Thread.sleep(20);
                }
                double openMs = (System.nanoTime() - t0) / 1e6;
                Thread.sleep(1000);
                report("open a " + RUNS * EPOCHS + "-record sweep folder (shown after " + String.format("%.0f ms",
                        openMs) + ")", intervals, pulses);
                // 2. a 6-variant compare on the compare tab
                Platform.runLater(() -> {
                    view.tabs().getSelectionModel().select(0);
                    ExperimentConfig base = org.pernodedrop.lab.app.LabModel.firstScreen();
                    base = base.withTraining(base.training().withEpochs(1000));
                    List<RegularizerSpec> six = List.of(RegularizerSpec.of("none", 0), RegularizerSpec.of("dropout", 0.5),
                            RegularizerSpec.of("dropconnect", 0.5), RegularizerSpec.of("pernode-bernoulli", 0.5),
                            RegularizerSpec.of("pernode-gaussian", 0.5), RegularizerSpec.of("gaussian-dropout", 0.5));
                    view.compareModel().start(base, six);
                });
                Thread.sleep(3000);
                Platform.runLater(() -> {
                    prev[0] = 0;
                    intervals.clear();
                    pulses.clear();
                    SAMPLES.clear();
                    markCpu();
                });
                Thread.sleep(seconds * 1000L);
                int[] epochs = {0};
                Platform.runLater(() -> epochs[0] = view.compareModel().epochsDoneProperty().get());
                Thread.sleep(100);
                report("6-variant compare for " + seconds + " s (" + epochs[0] + " epochs, "
                        + String.format("%.0f", view.compareModel().stepsPerSecondProperty().get())
                        + " lock-step steps/s)", intervals, pulses);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                Platform.runLater(() -> {
                    frames.stop();
                    view.shutdown();
                    try {
                        prefs.removeNode();
                    } catch (Exception ignored) {
                        // a throw-away node
                    }
                    Platform.exit();
                });
            }
        }, "bench-driver");
        driver.setDaemon(true);
        driver.start();
    }

    /** -Dbench.profile=true: where the FX thread spends its time (sampled stacks, the frames that matter). */
    static final java.util.Map<String, Integer> SAMPLES = new java.util.concurrent.ConcurrentHashMap<>();

    static void startSampler() {
        if (!Boolean.getBoolean("bench.profile")) return;
        Thread t = new Thread(() -> {
            while (true) {
                for (var e : Thread.getAllStackTraces().entrySet()) {
                    if (!e.getKey().getName().equals("JavaFX Application Thread")) continue;
                    StringBuilder key = new StringBuilder();
                    int n = 0;
                    for (StackTraceElement f : e.getValue()) {
                        String c = f.getClassName();
                        if (c.startsWith("org.pernodedrop") || c.startsWith("org.jfree") || c.contains("TableView")
                                || c.contains("VirtualFlow") || c.contains("Skin") || c.contains("Cell")) {
                            key.append(c.substring(c.lastIndexOf('.') + 1)).append('.').append(f.getMethodName())
                                    .append(" < ");
                            if (++n == 9) break;
                        }
                    }
                    if (n > 0) SAMPLES.merge(key.toString(), 1, Integer::sum);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        }, "bench-sampler");
        t.setDaemon(true);
        t.start();
    }

    static void printSamples() {
        if (SAMPLES.isEmpty()) return;
        SAMPLES.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                .forEach(e -> System.out.println("  PROFILE " + e.getValue() + " " + e.getKey()));
        SAMPLES.clear();
    }

    static long fxThreadId;
    static long cpuMark;
    static long wallMark;

    /** Starts counting the FX thread's CPU time (to tell its own work from waiting for a busy CPU). */
    static void markCpu() {
        cpuMark = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(fxThreadId);
        wallMark = System.nanoTime();
    }

    static void report(String what, List<Long> intervals, List<Long> pulses) {
        double cpuMsPerS = (java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(fxThreadId)
                - cpuMark) / 1e6 / ((System.nanoTime() - wallMark) / 1e9);
        List<Long> iv;
        synchronized (intervals) {
            iv = new ArrayList<>(intervals);
        }
        List<Long> pu;
        synchronized (pulses) {
            pu = new ArrayList<>(pulses);
        }
        System.out.printf("BENCH %s:%n  frame interval n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n"
                        + "  pulse work (FX thread, timers to end of layout) n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
                what, iv.size(), pct(iv, 50), pct(iv, 99), pct(iv, 100), pu.size(), pct(pu, 50), pct(pu, 99),
                pct(pu, 100));
        System.out.printf("  FX thread CPU %.0f ms per s; system load average %.1f on %d cores%n", cpuMsPerS,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        printSamples();
    }

    static double pct(List<Long> ns, int p) {
        return org.pernodedrop.lab.app.ResponsivenessBench.pct(ns, p);
    }
}
