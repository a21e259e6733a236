package org.pernodedrop.lab.app;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.nn.MaskView;
import org.pernodedrop.lab.engine.train.EpochMetrics;
import org.pernodedrop.lab.engine.train.TrainingEvent;
import org.pernodedrop.lab.engine.train.TrainingListener;
import org.pernodedrop.lab.engine.train.ViewSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A test-only stand-in for the trainer: a thread that emits the same events and snapshots with synthetic numbers
 * (Bernoulli masks that follow the regularizer's sharing and mode, a decaying loss), so the views can be tested
 * without DL4J. Same command semantics as the Trainer: flags checked between steps.
 */
final class FakeRunControl implements RunControl {

    static final int DIN = 16;
    static final int STEPS_PER_EPOCH = 20;

    private final ExperimentConfig config;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private final long stepDelayMs;
    private Consumer<ViewSnapshot> snapshots;
    private long intervalMs;
    private int[] samples = {0, 1, 2, 3};
    private Thread thread;
    private volatile boolean paused;
    private volatile boolean stopped;
    private volatile int stepsToRun = -1;
    private volatile boolean toEpochEnd;
    /** The speed cap the window set (0 = none); the fake honours it as the trainer does, by waiting per step. */
    volatile double maxStepsPerSecond;

    FakeRunControl(ExperimentConfig config, long stepDelayMs) {
        this.config = config;
        this.stepDelayMs = stepDelayMs;
    }

    @Override
    public void addListener(TrainingListener listener) {
        listeners.add(listener);
    }

    @Override
    public void setSnapshotConsumer(Consumer<ViewSnapshot> consumer, long intervalMs, int[] maskSamples) {
        this.snapshots = consumer;
        this.intervalMs = intervalMs;
        this.samples = maskSamples.clone();
    }

    @Override
    public void setMaxStepsPerSecond(double stepsPerSecond) {
        maxStepsPerSecond = stepsPerSecond;
    }

    @Override
    public synchronized void start() {
        paused = false;
        ensureThread();
    }

    @Override
    public synchronized void pause() {
        paused = true;
    }

    @Override
    public synchronized void resume() {
        paused = false;
        stepsToRun = -1;
        toEpochEnd = false;
        notifyAll();
    }

    @Override
    public synchronized void stepBatch() {
        stepsToRun = 1;
        paused = false;
        ensureThread();
        notifyAll();
    }

    @Override
    public synchronized void stepEpoch() {
        toEpochEnd = true;
        paused = false;
        ensureThread();
        notifyAll();
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    @Override
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        if (thread != null) thread.join(timeoutMs);
        return !isAlive();
    }

    private void ensureThread() {
        if (thread != null) return;
        thread = new Thread(this::loop, "trainer");
        thread.setDaemon(true);
        thread.start();
    }

    private void emit(TrainingEvent e) {
        for (TrainingListener l : listeners) l.onEvent(e);
    }

    private synchronized boolean waitWhilePaused() throws InterruptedException {
        while (paused && !stopped) wait(50);
        return !stopped;
    }

    private void loop() {
        String id = "fake-" + System.nanoTime();
        int epochs = config.training().untilStopped() ? Integer.MAX_VALUE : config.training().epochs();
        int batch = config.training().batchSize();
        int dout = config.model().units();
        RegularizerSpec reg = config.regularizer();
        emit(new TrainingEvent.RunStarted(id, config, STEPS_PER_EPOCH, STEPS_PER_EPOCH * batch, 100, "fake", batch,
                "fake network", List.of(), Double.NaN, 0.5));
        List<EpochMetrics> history = new ArrayList<>();
        Random noise = new Random(config.seed());
        float[] weights = new float[DIN * dout];
        for (int k = 0; k < weights.length; k++) weights[k] = (float) noise.nextGaussian();
        long step = 0;
        long lastSnap = 0;
        long t0 = System.nanoTime();
        try {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                double sum = 0;
                for (int s = 1; s <= STEPS_PER_EPOCH; s++) {
                    if (!waitWhilePaused()) {
                        emit(new TrainingEvent.RunFinished(id, history, true));
                        return;
                    }
                    step++;
                    double cap = maxStepsPerSecond;
                    long delay = Math.max(stepDelayMs, cap > 0 ? (long) Math.ceil(1000 / cap) : 0);
                    if (delay > 0) Thread.sleep(delay);
                    double loss = 0.7 * Math.exp(-step / 60.0) + 0.05 + 0.05 * noise.nextDouble();
                    sum += loss;
                    double sps = step / ((System.nanoTime() - t0) / 1e9);
                    emit(new TrainingEvent.StepCompleted(id, epoch, step, s, STEPS_PER_EPOCH, loss, sps));
                    long now = System.currentTimeMillis();
                    if (snapshots != null && now - lastSnap >= intervalMs) {
                        lastSnap = now;
                        snapshots.accept(snapshot(id, epoch, step, batch, dout, reg, weights));
                    }
                    synchronized (this) {
                        if (stepsToRun > 0 && --stepsToRun == 0) {
                            paused = true;
                            stepsToRun = -1;
                            // a stepped batch always shows its masks
                            if (snapshots != null) snapshots.accept(snapshot(id, epoch, step, batch, dout, reg, weights));
                        }
                    }
                }
                double tl = 0.6 * Math.exp(-epoch / 3.0) + 0.1;
                EpochMetrics m = new EpochMetrics(epoch, sum / STEPS_PER_EPOCH, tl, 1 - tl / 2, tl + 0.05,
                        1 - tl / 2 - 0.03, 0.1);
                history.add(m);
                emit(new TrainingEvent.EpochCompleted(id, m));
                synchronized (this) {
                    if (toEpochEnd) {
                        toEpochEnd = false;
                        paused = true;
                    }
                }
            }
            emit(new TrainingEvent.RunFinished(id, history, false));
        } catch (InterruptedException e) {
            emit(new TrainingEvent.RunFailed(id, step, "interrupted"));
        }
    }

    /** Masks as the regularizer's axes say: per-sample or shared, new per step or fixed, unit or connection. */
    private ViewSnapshot snapshot(String id, int epoch, long step, int batch, int dout, RegularizerSpec reg,
                                  float[] weights) {
        double q = 1 - reg.rate();
        boolean fixed = reg.mode() != RegularizerSpec.Mode.DYNAMIC;
        boolean shared = reg.sharing() == RegularizerSpec.Sharing.PER_BATCH;
        boolean unit = reg.target() == RegularizerSpec.Target.UNIT;
        float[][] all = new float[batch][];
        for (int b = 0; b < batch; b++) {
            long key = (fixed ? 0 : step * 1_000_003L) + (shared || fixed ? 0 : b);
            Random r = new Random(config.seed() * 31 + key);
            float[] m = new float[DIN * dout];
            for (int i = 0; i < DIN; i++) {
                float unitKeep = r.nextDouble() < q ? (float) (1 / q) : 0f;
                for (int j = 0; j < dout; j++) {
                    m[i * dout + j] = reg.isNone() ? 1f : unit ? unitKeep : r.nextDouble() < q ? (float) (1 / q) : 0f;
                }
            }
            all[b] = m;
        }
        float[] strip = new float[batch * DIN];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < DIN; i++) {
                int kept = 0;
                for (int j = 0; j < dout; j++) if (all[b][i * dout + j] != 0f) kept++;
                strip[b * DIN + i] = (float) kept / dout;
            }
        }
        int n = Math.min(samples.length, batch);
        float[][] chosen = new float[n][];
        int[] rows = new int[n];
        for (int k = 0; k < n; k++) {
            rows[k] = samples[k];
            chosen[k] = all[samples[k]];
        }
        MaskView mv = reg.isNone() ? null : new MaskView(reg.preset(), step, batch, DIN, dout, rows, chosen);
        int gw = 40;
        float[] surf = new float[gw * gw];
        for (int y = 0; y < gw; y++) {
            for (int x = 0; x < gw; x++) {
                double a = Math.atan2(y - gw / 2.0, x - gw / 2.0) + Math.hypot(x - gw / 2.0, y - gw / 2.0) / 6.0;
                surf[y * gw + x] = (float) (0.5 + 0.5 * Math.tanh(Math.min(step, 200) / 40.0 * Math.sin(a)));
            }
        }
        return new ViewSnapshot(id, epoch, step, mv, strip, weights.clone(), DIN, dout, null,
                new ViewSnapshot.DecisionSurface(gw, gw, -6, 6, -6, 6, surf));
    }
}
