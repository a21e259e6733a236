package org.pernodedrop.lab;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering of ARCHITECTURE.md: the engine never sees JavaFX or the app/cli layers. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Only our own classes: scanning the dependency jars (ND4J's natives are 90 MB) takes minutes.
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.pernodedrop.lab");

    @Test
    void engineDoesNotImportJavaFx() {
        noClasses().that().resideInAPackage("org.pernodedrop.lab.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree.chart.fx..",
                        "org.controlsfx..")
                .check(classes);
    }

    @Test
    void engineDoesNotDependOnAppOrCli() {
        noClasses().that().resideInAPackage("org.pernodedrop.lab.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pernodedrop.lab.app..",
                        "org.pernodedrop.lab.cli..")
                .check(classes);
    }

    @Test
    void cliDoesNotDependOnApp() {
        // the CLI runs headless on the engine alone: neither JavaFX nor the window's classes
        noClasses().that().resideInAPackage("org.pernodedrop.lab.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.pernodedrop.lab.app..")
                .check(classes);
    }
}
