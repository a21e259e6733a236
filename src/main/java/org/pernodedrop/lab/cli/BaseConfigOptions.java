package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.config.DataSpec;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.pernodedrop.lab.engine.config.TrainingSpec;
import org.pernodedrop.lab.engine.data.Datasets;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options that make the base config of a sweep or a search (data, and training settings), shared by
 * {@code sweep}, {@code sweep plan} and {@code search}: either {@code --config FILE} or {@code --dataset} with the
 * data and training options, never both.
 */
final class BaseConfigOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name.")
    String dataset;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Base configuration (data, model, training) from a JSON file, e.g. one saved by the window "
                    + "or a run's config.json; the sweep then varies only regularizer, rate, width (if --units is "
                    + "given) and seed.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the dataset's files are.")
    String dataDir;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "20", description = "Epochs per run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "10", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.01", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use at most N training examples.")
    int trainLimit;

    @Option(names = "--val-limit", paramLabel = "N", description = "Use at most N validation examples.")
    int valLimit;

    @Option(names = "--min-df", paramLabel = "N", description = "Text (TF-IDF): a term must occur in at least N "
            + "training documents (default 2).")
    Integer minDf;

    @Option(names = "--max-terms", paramLabel = "N", description = "Text (TF-IDF): keep at most N terms.")
    Integer maxTerms;

    @Option(names = "--split-by", paramLabel = "HOW", description = "random or speaker (speech: whole voices held "
            + "out; speech-synth's default).")
    String splitBy;

    /** The config every cell starts from: the --config file, or the defaults with the data and training options. */
    ExperimentConfig baseConfig() throws java.io.IOException {
        CommandLine.ParseResult pr = mixee.commandLine().getParseResult();
        if (config != null) {
            for (String name : new String[]{"--dataset", "--data-dir", "--epochs", "--batch", "--lr", "--train-limit",
                    "--val-limit", "--min-df", "--max-terms", "--split-by"}) {
                if (pr.hasMatchedOption(name)) {
                    throw new IllegalArgumentException("--config cannot be combined with " + name
                            + " (edit the JSON file instead)");
                }
            }
            if (!java.nio.file.Files.isRegularFile(config)) {
                throw new IllegalArgumentException("config file " + config + " does not exist");
            }
            return org.pernodedrop.lab.engine.config.ConfigJson.readConfig(config);
        }
        if (dataset == null) throw new IllegalArgumentException("give --dataset <name> or --config <file.json>");
        DataSpec data = Datasets.defaultSpec(dataset).withDataDir(dataDir).withLimits(trainLimit, valLimit);
        if (minDf != null || maxTerms != null) data = data.withVocabulary(minDf, maxTerms);
        if (splitBy != null) data = data.withSplitBy(splitBy);
        return ExperimentConfig.defaults().withData(data).withTraining(new TrainingSpec(epochs, batch, learningRate));
    }
}
