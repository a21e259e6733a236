package org.pernodedrop.lab.engine.train;

import org.bytedeco.javacpp.Pointer;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.ModelSpec;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.model.Backbones;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run will need in ND4J's off-heap memory, estimated from the config alone (before any network exists), so a
 * config that cannot fit is refused with the numbers instead of dying half-way.
 *
 * <p>Counted, in 4-byte floats: parameters x 4 (weights, gradients, Adam's two moments); activations per training
 * batch x 3 (pre-activation, activation, gradient, plus the conv layers' im2col buffers); masks (a materialised
 * {@code [B, Din, Dout]} mask when {@code explicit_mask} is set, {@code [Din, Dout]} for fixed or batch-shared
 * masks, a tile of 8 rows for the fused per-sample kernels, {@code [B, Din]} for unit masks); and the largest
 * inference chunk. The CNN arithmetic assumes 3x3 "same" convolutions and 2x2 pooling, the backbone of paper
 * Sec. V; it is an estimate, not a measurement.
 */
public record MemoryEstimate(long parameters, long parameterBytes, long activationBytes, long maskBytes,
                             long inferenceBytes, long activationFloatsPerExample) {

    /** Masks of the fused per-sample kernels are regenerated this many batch rows at a time. */
    static final int MASK_TILE_ROWS = 8;
    /** The inference chunk is capped so its activations stay under this many bytes. */
    static final long INFERENCE_BUDGET_BYTES = 256L << 20;

    public long totalBytes() {
        return parameterBytes + activationBytes + maskBytes + inferenceBytes;
    }

    /** The largest inference chunk (in inputs, before Masksembles replication) that fits the inference budget. */
    public int maxInferenceRows(int replicas) {
        long perRow = Math.max(1, activationFloatsPerExample * 4L * 2 * Math.max(1, replicas));
        return (int) Math.max(1, Math.min(TrainingRun.EVAL_CHUNK_MAX_ROWS, INFERENCE_BUDGET_BYTES / perRow));
    }

    public static MemoryEstimate of(ExperimentConfig config, int[] inputShape, int classes) {
        ModelSpec m = config.model();
        int batch = config.training().batchSize();
        long features = 1;
        for (int d : inputShape) features *= d;
        String backbone = Backbones.resolve(m.backbone(), inputShape);
        if (backbone.equals("cnn") && inputShape.length != 3) backbone = "dense";

        long params = 0;
        long act = 0;
        long slotIn;
        List<Long> widths = new ArrayList<>();
        if (backbone.equals("cnn")) {
            long c = inputShape[0];
            long h = inputShape[1];
            long w = inputShape[2];
            for (int ch : m.channels().isEmpty() ? Backbones.CNN_DEFAULT_CHANNELS : m.channels()) {
                params += 9 * c * ch + ch;
                act += ch * h * w + 9 * c * h * w; // conv output + im2col columns
                h = Math.max(1, h / 2);
                w = Math.max(1, w / 2);
                act += ch * h * w; // pooled
                c = ch;
            }
            slotIn = c * h * w;
            widths.add(slotIn);
            widths.add((long) m.units());
            widths.add((long) Backbones.CNN_HEAD_UNITS);
        } else {
            widths.add(features);
            List<Integer> hidden = backbone.equals("dense") && m.hidden().isEmpty() ? Backbones.DENSE_DEFAULT_HIDDEN
                    : m.hidden();
            for (int hdn : hidden) widths.add((long) hdn);
            slotIn = widths.get(widths.size() - 1);
            widths.add((long) m.units());
        }
        widths.add((long) classes);
        for (int i = 1; i < widths.size(); i++) {
            params += widths.get(i - 1) * widths.get(i) + widths.get(i);
            act += widths.get(i);
        }
        act += features;

        RegularizerSpec r = config.regularizer();
        long units = m.units();
        long maskFloats;
        if (r.isNone()) {
            maskFloats = 0;
        } else if (r.target() == RegularizerSpec.Target.UNIT) {
            maskFloats = batch * slotIn;
        } else if (r.explicitMask()) {
            maskFloats = batch * slotIn * units;
        } else if (r.mode() == RegularizerSpec.Mode.FIXED_PER_MODEL || r.sharing() == RegularizerSpec.Sharing.PER_BATCH) {
            maskFloats = slotIn * units;
        } else {
            maskFloats = Math.min(batch, MASK_TILE_ROWS) * slotIn * units;
        }
        long actBytes = batch * act * 3 * 4;
        int replicas = r.preset().equals("masksembles") ? r.masks() : 1;
        long inferenceRows = Math.max(1, Math.min(TrainingRun.EVAL_CHUNK_MAX_ROWS,
                INFERENCE_BUDGET_BYTES / Math.max(1, act * 4L * 2 * replicas)));
        long inferenceBytes = inferenceRows * replicas * act * 4 * 2;
        return new MemoryEstimate(params, params * 4 * 4, actBytes, maskFloats * 4, inferenceBytes, act);
    }

    /** Bytes ND4J may still allocate off-heap (JavaCPP's limit, by default the JVM's -Xmx, minus what is in use). */
    public static long availableBytes() {
        long max = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : Runtime.getRuntime().maxMemory();
        return Math.max(0, max - Pointer.totalBytes());
    }

    /** Null if it fits in {@code available} bytes, else the reason to refuse, with the estimate. */
    public String refusal(long available) {
        if (totalBytes() <= available) return null;
        return "memory estimate " + gb(totalBytes()) + " exceeds the " + gb(available) + " ND4J can still allocate ("
                + describe() + "); lower the units, the batch size or the input size, or raise -Xmx / "
                + "-Dorg.bytedeco.javacpp.maxbytes";
    }

    public String describe() {
        return String.format(Locale.ROOT, "%,d parameters: %s with gradients and Adam state; activations %s per batch;"
                        + " masks %s; inference %s", parameters, gb(parameterBytes), gb(activationBytes),
                gb(maskBytes), gb(inferenceBytes));
    }

    static String gb(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }
}
