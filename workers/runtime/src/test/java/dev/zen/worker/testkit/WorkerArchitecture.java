package dev.zen.worker.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The architecture rules worker services' tests check over their own package: handlers are plain
 * Java, no Kafka type in sight ({@link #check}, every service); and, for a service whose guard says so
 * (git: never the git command line), no process is started ({@link #checkStartsNoProcess}).
 */
public final class WorkerArchitecture {

    private WorkerArchitecture() {
    }

    /** Checks the rules over the production classes of {@code servicePackage} (e.g. {@code dev.zen.worker.git}). */
    public static void check(String servicePackage) {
        noClasses().that().resideInAPackage(servicePackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
                .because("a service is its tools' logic; Kafka is the runtime's business (tool handlers are plain Java)")
                .check(classes(servicePackage));
    }

    /**
     * No class of {@code servicePackage} starts an operating-system process: no {@code ProcessBuilder}
     * made or started, no {@code Runtime.exec}. (Overriding a library's process hook only to refuse it,
     * as the git service's file system does, names those types without starting anything.)
     */
    public static void checkStartsNoProcess(String servicePackage, String reason) {
        noClasses().that().resideInAPackage(servicePackage + "..")
                .should().callConstructorWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                        JavaClass.Predicates.assignableTo(ProcessBuilder.class))))
                .orShould().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                        JavaClass.Predicates.assignableTo(ProcessBuilder.class))).and(JavaCall.Predicates.target(
                        HasName.Predicates.name("start"))))
                .orShould().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                        JavaClass.Predicates.assignableTo(Runtime.class))).and(JavaCall.Predicates.target(
                        HasName.Predicates.name("exec"))))
                .because(reason)
                .check(classes(servicePackage));
    }

    private static JavaClasses classes(String servicePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(servicePackage);
    }
}
