package org.pernodedrop.lab.app;

import org.pernodedrop.lab.engine.data.Datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dataset picker's entries: the data engine's sources with where each one can come from right now.
 * {@link #sources()} touches the file system (sizes of found folders), so the window asks from a background thread
 * and shows {@link #placeholders()} until then.
 */
public final class DatasetCatalog {

    /** One entry; {@code name} is the {@code DataSpec} name, {@code twoD} sets get the decision surface. */
    public record Source(String name, String title, boolean twoD, Datasets.Availability availability,
                         String where, String description) {

        public String availabilityLabel() {
            if (availability == null) return "checking";
            return switch (availability) {
                case EMBEDDED -> "built in";
                case FOUND -> "found";
                case DOWNLOADABLE -> "download";
                case NEEDS_LOCAL_COPY -> "open a local copy";
            };
        }

        public boolean available() {
            return availability == Datasets.Availability.EMBEDDED || availability == Datasets.Availability.FOUND;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private DatasetCatalog() {
    }

    public static boolean isTwoD(String name) {
        return List.of("spiral", "circles", "xor", "gauss", "moons").contains(name);
    }

    static String title(String name) {
        return switch (name) {
            case "spiral" -> "Spiral (2-D)";
            case "circles" -> "Circles (2-D)";
            case "xor" -> "XOR (2-D)";
            case "gauss" -> "Gaussian blobs (2-D)";
            case "moons" -> "Moons (2-D)";
            case "fashion-mnist" -> "Fashion-MNIST";
            case "mnist" -> "MNIST";
            case "cifar10" -> "CIFAR-10";
            case "speech-commands" -> "Mini Speech Commands";
            case "speech-synth" -> "Synthetic spoken words";
            case "spam-assassin" -> "SpamAssassin mail";
            case "rcv1" -> "RCV1-v2 topics";
            case "svmlight" -> "SVMlight file";
            case "csv" -> "CSV file";
            case "image-folder" -> "Image folder";
            default -> name.toUpperCase(Locale.ROOT);
        };
    }

    /** The names only, availability unknown (shown while {@link #sources()} runs). */
    public static List<Source> placeholders() {
        List<Source> out = new ArrayList<>();
        for (String n : Datasets.NAMES) {
            out.add(new Source(n, title(n), isTwoD(n), isTwoD(n) ? Datasets.Availability.EMBEDDED : null, "", ""));
        }
        return out;
    }

    /** Every source with its availability; blocking (file metadata), call off the FX thread. */
    public static List<Source> sources() {
        List<Source> out = new ArrayList<>();
        for (Datasets.SourceInfo s : Datasets.sources()) {
            String where = s.location() == null ? "" : s.location();
            if (s.sizeBytes() > 0) where += "  (" + megabytes(s.sizeBytes()) + ")";
            out.add(new Source(s.name(), title(s.name()), isTwoD(s.name()), s.availability(), where,
                    s.description()));
        }
        return out;
    }

    static String megabytes(long bytes) {
        return bytes >= 1 << 20 ? Numbers.format("%.0f MB", bytes / 1048576.0) : Numbers.format("%.0f kB", bytes / 1024.0);
    }
}
