package dev.zen.worker.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class HandlerArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.zen.worker", "dev.zen.schemas");

    @Test
    void shouldKeepTheHandlerApiFreeOfKafka() {
        noClasses().that().haveSimpleNameEndingWith("Handler").or().haveSimpleName("ToolCall")
                .or().haveSimpleName("ToolDefinition").or().haveSimpleName("ServiceDefinition")
                .or().resideInAPackage("dev.zen.worker.runtime.tool..").or().resideInAPackage("dev.zen.worker.runtime.settings..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .because("tool handlers are plain Java: arguments in, CallToolResult out, no Kafka type in sight")
                .check(classes);
    }

    @Test
    void shouldKeepSchemasFreeOfKafkaAndSpring() {
        noClasses().that().resideInAPackage("dev.zen.schemas..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework..")
                .because("schemas/ is records, codec and validator that every side shares")
                .check(classes);
    }
}
