package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceDefinitionTest {

    private final ServiceDefinition echo =
            new ServiceDefinition("echo", "1", List.of(ToolDefinition.named("echo").handler(c -> CallToolResult.text("echo"))));

    @Test
    void shouldHaveNoWarningsUnlessGivenSome() {
        ServiceDefinition warned = echo.withWarnings(List.of("unsandboxed: commands run with the worker's own rights"));

        assertThat(echo.warnings()).isEmpty();
        assertThat(echo.withWarnings(null).warnings()).isEmpty();
        assertThat(warned.warnings()).containsExactly("unsandboxed: commands run with the worker's own rights");
        assertThat(warned.tools()).isEqualTo(echo.tools());
    }

    @Test
    void shouldRefuseBlankLongOrTooManyWarnings() {
        assertThatThrownBy(() -> echo.withWarnings(List.of(" "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected warnings of 1 to 200 characters");
        assertThatThrownBy(() -> echo.withWarnings(List.of("w".repeat(201)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> echo.withWarnings(Collections.nCopies(17, "w"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 16 warnings");
    }
}
