package com.autobolt.testinfra.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The module boundaries the build checks, so that they hold without anyone remembering them. Each
 * module's {@code ArchitectureTest} calls {@link #check} with its root package; only the module's
 * main code is looked at.
 *
 * <ul>
 *   <li>A service never uses another service's code: they share only {@code schemas} (events, topics,
 *       vocabularies) and {@code kafka-setup} (how to reach Kafka, the topic declarations; not listed
 *       among the module roots, so every module may use it), so each can be built, deployed and scaled
 *       alone.
 *   <li>Main code never depends on test support (test-infrastructure, JUnit, AssertJ, Testcontainers,
 *       spring-kafka-test, Awaitility): what runs in production carries no test library.
 *   <li>No cycle between the packages of a module: package by feature only works if features can be
 *       read, and changed, one at a time.
 * </ul>
 */
public final class HouseRules {

    private static final List<String> MODULE_ROOTS = List.of(
            "com.autobolt.api",
            "com.autobolt.worker",
            "com.autobolt.projector",
            "com.autobolt.analytics",
            "com.autobolt.sandbox",
            "com.autobolt.stack",
            "com.autobolt.legacy",
            "com.autobolt.httpworker",
            "com.autobolt.testinfra",
            "com.autobolt.schemas");
    private static final String[] TEST_SUPPORT = {
        "com.autobolt.testinfra..",
        "org.junit..",
        "org.assertj..",
        "org.testcontainers..",
        "org.springframework.kafka.test..",
        "org.awaitility.."
    };

    private HouseRules() {}

    /** The module's compiled main code: {@code target/classes} of the module whose tests run. */
    private static JavaClasses mainClasses() {
        Path classes = Path.of("target", "classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("no compiled main code at " + classes.toAbsolutePath());
        }
        return new ClassFileImporter().importPath(classes);
    }

    /**
     * @param rootPackage the module's root package, e.g. {@code com.autobolt.worker}
     * @param mayUse the other modules' root packages this module may depend on (besides
     *     {@code com.autobolt.schemas}, which every module may use)
     */
    public static void check(String rootPackage, String... mayUse) {
        JavaClasses main = mainClasses();
        String[] otherModules = MODULE_ROOTS.stream()
                .filter(root -> !root.equals(rootPackage) && !root.equals("com.autobolt.schemas"))
                .filter(root -> Stream.of(mayUse).noneMatch(root::equals))
                .map(root -> root + "..")
                .toArray(String[]::new);

        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(otherModules)
                .because("services share only schemas and kafka-setup; each is built and deployed alone")
                .check(main);
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(TEST_SUPPORT)
                .because("what runs in production carries no test library")
                .check(main);
        slices().matching(rootPackage + ".(**)")
                .should()
                .beFreeOfCycles()
                .because("features are read and changed one at a time")
                .allowEmptyShould(true) // a module of one package has no slices
                .check(main);
    }

    /** What no class of {@code schemas} may use: the contracts are plain Java, readable by any subscriber. */
    public static void checkFrameworkFree(String rootPackage) {
        JavaClasses main = mainClasses();
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "org.hibernate..")
                .because("event contracts must not drag a framework into every subscriber")
                .check(main);
    }
}
