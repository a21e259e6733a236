package org.pernodedrop.lab;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The installers ship a runtime trimmed by jlink to the modules the pom's {@code addModules} names. A JDK module the
 * lab's own classes use but the list lacks passes every test here (they run on a full JDK) and fails only in the
 * installed app: {@code com.sun.management} (module {@code jdk.management}) once killed its trainer thread. jdeps, the
 * JDK's own dependency analyser, is the independent reference for what the classes use. It reads the lab's own
 * classes only (the dependency jars take minutes and report modules they never load here); what the libraries need
 * is checked by CI's installed smoke run, which trains with them.
 */
class InstallerRuntimeTest {

    @Test
    void theInstallerRuntimeHasEveryJdkModuleTheLabsOwnClassesUse() throws Exception {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "--multi-release", "17",
                "--ignore-missing-deps", "--print-module-deps", Path.of("target", "classes").toString());
        assertThat(rc).as("jdeps: %s", err).isZero();
        Set<String> used = modules(out.toString().strip());
        // java.base is always there; the rest must be named (JavaFX comes as jars on the class path, not modules)
        assertThat(used).contains("java.base", "jdk.incubator.vector");

        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<addModules>([^<]+)</addModules>").matcher(pom);
        assertThat(m.find()).as("the installer's jlink module list in pom.xml").isTrue();
        Set<String> shipped = modules(m.group(1));

        assertThat(shipped).as("modules the installed runtime has").containsAll(used);
    }

    private static Set<String> modules(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
