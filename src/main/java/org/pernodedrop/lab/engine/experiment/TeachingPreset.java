package org.pernodedrop.lab.engine.experiment;

import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.util.List;

/**
 * A ready lesson: a few configs to train side by side (same data, same seed, so the same batches and initial
 * weights), with what to look at and what to expect. All run on embedded 2-D data, so they start at once.
 */
public record TeachingPreset(String id, String title, String lookAt, String expect, List<ExperimentConfig> variants) {

    public TeachingPreset {
        if (variants.isEmpty()) throw new IllegalArgumentException("a teaching preset needs at least one variant");
        variants = List.copyOf(variants);
    }

    public static List<TeachingPreset> all() {
        ExperimentConfig base = ExperimentConfig.defaults().withData(DataSpec.spiral().withSamples(500, 0.25));
        return List.of(
                new TeachingPreset("dropout-vs-pernode", "Dropout vs PerNodeDrop on the spiral at p = 0.5",
                        "The mask heatmaps: Dropout blanks whole rows (an input is off for every node), "
                                + "PerNodeDrop speckles single connections, differently for every sample. "
                                + "Then the gap between epoch-end training loss and validation loss.",
                        "Both regularize; PerNodeDrop perturbs each node's inputs independently, so its "
                                + "training loss sits a little higher while validation loss stays close to it.",
                        List.of(with(base, "dropout", 0.5), with(base, "pernode-bernoulli", 0.5))),
                new TeachingPreset("fixed-vs-dynamic", "Fixed vs dynamic masks",
                        "Step one batch at a time (S): the dynamic mask changes every step, the fixed one never does. "
                                + "The fixed run trains one sparse subnetwork; the dynamic one averages over many.",
                        "Fixed masks converge faster but regularize less: the training loss falls lower, and the "
                                + "validation loss can turn up sooner.",
                        List.of(with(base, "pernode-bernoulli", 0.5), with(base, "pernode-bernoulli-fixed", 0.5))),
                new TeachingPreset("batch-vs-sample", "Batch-shared DropConnect vs per-sample PerNodeDrop",
                        "The batch strip under the heatmap: DropConnect's rows are identical (one mask for the "
                                + "whole mini-batch), PerNodeDrop's differ row by row. The subnetwork diagram shows "
                                + "the same picture for four samples.",
                        "Per-sample masks give every example its own subnetwork in the same step; the loss curve of "
                                + "the mini-batches is smoother because the noise averages over the batch.",
                        List.of(with(base, "dropconnect", 0.5), with(base, "pernode-bernoulli", 0.5))),
                new TeachingPreset("gaussian-high-rate", "Why the Gaussian rate can go to 0.8",
                        "At p = 0.8 Bernoulli keeps one connection in five (each scaled by 5); Gaussian keeps every "
                                + "connection and multiplies it by N(1, p/q) = N(1, 4).",
                        "Bernoulli at 0.8 starves the nodes and trains slowly; Gaussian noise of the same variance "
                                + "never erases a connection, so it still learns.",
                        List.of(with(base, "pernode-bernoulli", 0.8), with(base, "pernode-gaussian", 0.8))),
                new TeachingPreset("drop-rate-effect", "The drop-rate effect",
                        "The drop-rate curve: best validation loss and the train/validation gap against p.",
                        "Small rates barely change anything, large ones underfit; the paper found the best rates "
                                + "around 0.4-0.6 for images and audio.",
                        List.of(with(base, "pernode-bernoulli", 0.0), with(base, "pernode-bernoulli", 0.3),
                                with(base, "pernode-bernoulli", 0.6), with(base, "pernode-bernoulli", 0.9))));
    }

    private static ExperimentConfig with(ExperimentConfig base, String preset, double rate) {
        return base.withRegularizer(RegularizerSpec.of(preset, rate));
    }
}
