package org.pernodedrop.lab.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbers shown to people follow the desktop's format locale, through one formatter. */
class NumbersTest {

    @Test
    void numbersFollowTheFormatLocale() {
        Locale was = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
            assertThat(Numbers.format("%.3f", 0.5)).isEqualTo("0,500");
            assertThat(Numbers.format("%,d epochs", 12345)).isEqualTo("12.345 epochs");
            Locale.setDefault(Locale.Category.FORMAT, Locale.US);
            assertThat(Numbers.format("%.3f", 0.5)).isEqualTo("0.500");
            assertThat(Numbers.format("%,d epochs", 12345)).isEqualTo("12,345 epochs");
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, was);
        }
    }

    /**
     * Where the window may still format with String.format, and why: each of these writes text that a program
     * reads or a user types back into a field that parses with a dot, so it must not follow the locale.
     */
    static final Map<String, String> MACHINE_TEXT = Map.of(
            "Numbers.java", "the one display formatter itself",
            "ConfigFields.java", "quotes the range of a field that parses with a dot",
            "ViewExport.java", "SVG attributes");

    @Test
    void theWindowFormatsNumbersForPeopleOnlyThroughNumbers() throws IOException {
        Path app = Path.of("src/main/java/org/pernodedrop/lab/app");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(app)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (MACHINE_TEXT.containsKey(f.getFileName().toString())) continue;
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (l.contains("String.format(") || l.contains(".formatted(")) {
                        offenders.add(app.relativize(f) + ":" + (i + 1) + ": " + l.trim());
                    }
                }
            }
        }
        assertThat(offenders).as("display text formatted outside Numbers (use Numbers.format, or list the file "
                + "in MACHINE_TEXT with the reason)").isEmpty();
    }
}
