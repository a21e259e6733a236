package org.pernodedrop.lab.engine.experiment;

import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.RegularizerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ready lesson: a few configs trained side by side in lock-step (same data, same batches, same initial weights),
 * with what to look at and a {@link LessonClaim} - what will happen, stated so that a run can show it or not. Every
 * claim is checked on several seeds by the lesson tests (LessonClaimsTest); the numbers behind the texts are in
 * docs/teaching.md. All lessons run on the overfitting scenario ({@link ExperimentConfig#overfitting()}), so they
 * start at once and show their effect within a minute.
 */
public record TeachingPreset(String id, String title, String lookAt, LessonClaim claim,
                             List<ExperimentConfig> variants) {

    /** Epochs of every lesson: the validation loss of {@code none} has turned up long before. */
    public static final int EPOCHS = 100;

    public TeachingPreset {
        if (variants.isEmpty()) throw new IllegalArgumentException("a teaching preset needs at least one variant");
        variants = List.copyOf(variants);
    }

    /** What the window prints under "What to expect". */
    public String expect() {
        return claim.text();
    }

    public static List<TeachingPreset> all() {
        ExperimentConfig base = ExperimentConfig.overfitting();
        base = base.withTraining(base.training().withEpochs(EPOCHS));
        return List.of(
                new TeachingPreset("overfitting", "Overfitting, and two cures",
                        "The validation curves (Loss tab) and the gap column. 100 training points and a network "
                                + "of about 9,000 weights: without a regularizer the network memorises the noise.",
                        new LessonClaim("Without a regularizer the validation loss turns up: by the end it is at "
                                + "least 1.5 times its minimum while the training loss keeps falling. Dropout "
                                + "(p = 0.5) and PerNodeDrop (p = 0.8) both end with a smaller gap between "
                                + "validation and training loss.", TeachingPreset::overfittingClaim),
                        List.of(with(base, "none", 0.0), with(base, "dropout", 0.5),
                                with(base, "pernode-bernoulli", 0.8))),
                new TeachingPreset("dropout-vs-pernode", "Dropout vs PerNodeDrop at the same rate",
                        "The mask thumbnails: Dropout blanks whole inputs (one line across every node), "
                                + "PerNodeDrop speckles single connections, differently for every sample. Then the "
                                + "gap column.",
                        new LessonClaim("At the same p = 0.5, Dropout narrows the gap more than PerNodeDrop. "
                                + "PerNodeDrop's noise is independent from node to node, so it partly averages out "
                                + "in the next layer; it needs a higher rate for the same effect.",
                                r -> smallerGap(r, 0, 1)),
                        List.of(with(base, "dropout", 0.5), with(base, "pernode-bernoulli", 0.5))),
                new TeachingPreset("drop-rate", "Too little, about right, too much: the drop rate",
                        "The training and validation curves of the three rates, and the gap column. The rate is how "
                                + "much noise the masks put into training.",
                        new LessonClaim("Too little noise (p = 0) overfits: the largest gap between validation and "
                                + "training loss. Too much (p = 0.9) underfits: the highest training loss, and a "
                                + "best validation loss worse than at p = 0.5.", TeachingPreset::dropRateClaim),
                        List.of(with(base, "dropout", 0.0), with(base, "dropout", 0.5), with(base, "dropout", 0.9))),
                new TeachingPreset("fixed-vs-dynamic", "Fixed vs dynamic masks",
                        "Step one batch at a time (S in the single run): the dynamic mask changes every step, the "
                                + "fixed one never does. A fixed mask is one pruned subnetwork, trained without "
                                + "noise; the dynamic one averages over many.",
                        new LessonClaim("The fixed mask regularizes less: it ends with a lower training loss "
                                + "than the dynamic one at the same rate.", r -> lowerTrainLoss(r, 1, 0)),
                        List.of(with(base, "pernode-bernoulli", 0.5), with(base, "pernode-bernoulli-fixed", 0.5))),
                new TeachingPreset("batch-vs-sample", "Batch-shared DropConnect vs per-sample PerNodeDrop",
                        "The mask thumbnails and the single run's batch strip: DropConnect's rows are identical "
                                + "(one mask for the whole mini-batch), PerNodeDrop's differ row by row.",
                        new LessonClaim("In every step DropConnect gives all samples of the batch one and the same "
                                + "mask, PerNodeDrop a different mask to each sample. (Their losses end close: at "
                                + "this size the difference is in the masks more than in the curves.)",
                                r -> sharedVsOwnMasks(r, 0, 1)),
                        List.of(with(base, "dropconnect", 0.5), with(base, "pernode-bernoulli", 0.5))));
    }

    static ExperimentConfig with(ExperimentConfig base, String preset, double rate) {
        return base.withRegularizer(RegularizerSpec.of(preset, rate));
    }

    /** "dropout p=0.5", "none". */
    public static String label(ExperimentConfig c) {
        RegularizerSpec r = c.regularizer();
        return r.isNone() ? r.preset() : String.format(Locale.ROOT, "%s p=%s", r.preset(), trim(r.rate()));
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }

    // ---- the claims' tests (index = position in the lesson's variants) ----

    static LessonClaim.Verdict overfittingClaim(LessonResult r) {
        List<String> parts = new ArrayList<>();
        boolean holds = true;
        double rise = r.endValLoss(0) / r.minValLoss(0);
        double trainAtBest = r.history(0).get(org.pernodedrop.lab.engine.train.Generalization.bestIndex(r.history(0)))
                .trainLoss();
        holds &= rise >= 1.5 && r.endTrainLoss(0) < trainAtBest;
        parts.add(String.format(Locale.ROOT, "none: end val %.3f = %.2fx min %.3f; train %.3f -> %.3f",
                r.endValLoss(0), rise, r.minValLoss(0), trainAtBest, r.endTrainLoss(0)));
        for (int i = 1; i < r.configs().size(); i++) {
            holds &= r.endGap(i) < r.endGap(0);
            parts.add(String.format(Locale.ROOT, "gap %s %.3f vs none %.3f", r.label(i), r.endGap(i), r.endGap(0)));
        }
        return new LessonClaim.Verdict(holds, String.join("; ", parts));
    }

    static LessonClaim.Verdict dropRateClaim(LessonResult r) {
        boolean tooLittle = r.endGap(0) > r.endGap(1) && r.endGap(0) > r.endGap(2);
        boolean tooMuch = r.endTrainLoss(2) > r.endTrainLoss(0) && r.endTrainLoss(2) > r.endTrainLoss(1)
                && r.minValLoss(2) > r.minValLoss(1);
        return new LessonClaim.Verdict(tooLittle && tooMuch, String.format(Locale.ROOT,
                "end gap %.3f / %.3f / %.3f; end training loss %.3f / %.3f / %.3f; best val %.3f / %.3f / %.3f "
                        + "(p = 0 / 0.5 / 0.9)", r.endGap(0), r.endGap(1), r.endGap(2), r.endTrainLoss(0),
                r.endTrainLoss(1), r.endTrainLoss(2), r.minValLoss(0), r.minValLoss(1), r.minValLoss(2)));
    }

    static LessonClaim.Verdict smallerGap(LessonResult r, int a, int b) {
        return new LessonClaim.Verdict(r.endGap(a) < r.endGap(b), String.format(Locale.ROOT,
                "end gap %s %.3f, %s %.3f", r.label(a), r.endGap(a), r.label(b), r.endGap(b)));
    }

    static LessonClaim.Verdict lowerTrainLoss(LessonResult r, int a, int b) {
        return new LessonClaim.Verdict(r.endTrainLoss(a) < r.endTrainLoss(b), String.format(Locale.ROOT,
                "end training loss %s %.3f, %s %.3f", r.label(a), r.endTrainLoss(a), r.label(b), r.endTrainLoss(b)));
    }

    static LessonClaim.Verdict sharedVsOwnMasks(LessonResult r, int shared, int own) {
        int n = r.maskSamples(own);
        boolean holds = r.distinctSampleMasks(shared) == 1 && n >= 2 && r.distinctSampleMasks(own) == n
                && r.maskSamples(shared) >= 2;
        return new LessonClaim.Verdict(holds, String.format(Locale.ROOT,
                "distinct masks among the first %d samples of the last snapshot: %s %d, %s %d", n, r.label(shared),
                r.distinctSampleMasks(shared), r.label(own), r.distinctSampleMasks(own)));
    }
}
