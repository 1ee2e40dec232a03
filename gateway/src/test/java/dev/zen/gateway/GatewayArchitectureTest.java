package dev.zen.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class GatewayArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.zen.gateway");

    @Test
    void shouldKeepTheCoreFreeOfTransports() {
        noClasses().that().resideInAPackage("dev.zen.gateway.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "jakarta.servlet..",
                        "org.springframework.web..", "org.springframework.http..", "dev.zen.gateway.mcp..",
                        "dev.zen.gateway.rest..", "dev.zen.gateway.kafka..")
                .because("calls, the catalog and policy are the same whichever door (MCP, REST) or bus (Kafka) they use")
                .check(classes);
    }

    @Test
    void shouldKeepKafkaOutOfTheHttpAdapters() {
        noClasses().that().resideInAnyPackage("dev.zen.gateway.mcp..", "dev.zen.gateway.rest..", "dev.zen.gateway.web..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .because("the HTTP adapters reach Kafka only through the core's CommandBus port")
                .check(classes);
    }
}
