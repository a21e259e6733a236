package org.pernodedrop.lab.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The dataset sources the picker lists, with where each one can come from right now.
 *
 * <p>INTERIM: a fixed list checked against the usual places; it gives way to the data engine's own source listing
 * once that is merged.
 */
public final class DatasetCatalog {

    public enum Availability {
        EMBEDDED("built in"), FOUND("found"), DOWNLOAD("download"), LOCAL_COPY("open a local copy");

        private final String label;

        Availability(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One source: {@code name} is the {@code DataSpec} name; {@code twoD} sets get the decision surface. */
    public record Source(String name, String title, boolean twoD, Availability availability, String where) {
        @Override
        public String toString() {
            return title;
        }
    }

    private DatasetCatalog() {
    }

    public static List<Source> sources() {
        Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
        boolean hasFashion = Files.isDirectory(fashion);
        return List.of(
                new Source("spiral", "Spiral (2-D)", true, Availability.EMBEDDED, "embedded"),
                new Source("circles", "Circles (2-D)", true, Availability.EMBEDDED, "embedded"),
                new Source("xor", "XOR (2-D)", true, Availability.EMBEDDED, "embedded"),
                new Source("gaussian", "Gaussian blobs (2-D)", true, Availability.EMBEDDED, "embedded"),
                new Source("moons", "Moons (2-D)", true, Availability.EMBEDDED, "embedded"),
                new Source("fashion-mnist", "Fashion-MNIST", false,
                        hasFashion ? Availability.FOUND : Availability.DOWNLOAD,
                        hasFashion ? fashion.toString() : "download or open a local copy"),
                new Source("cifar10", "CIFAR-10", false, Availability.DOWNLOAD, "download or open a local copy"),
                new Source("speech-commands", "Mini Speech Commands", false, Availability.DOWNLOAD,
                        "download or open a local copy"),
                new Source("rcv1", "RCV1-v2", false, Availability.DOWNLOAD, "download or open a local copy"));
    }

    public static Source byName(String name) {
        return sources().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElse(new Source(name, name, false, Availability.LOCAL_COPY, "unknown source"));
    }
}
