package dev.zen.worker.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class ConformanceServiceTest {

    private final ServiceDefinition service = ConformanceService.definition("test");

    private CallToolResult call(String name) throws Exception {
        ToolDefinition tool = service.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        return tool.handler().handle(new ToolCall("c", name, JsonNodeFactory.instance.objectNode(), Principal.ANONYMOUS,
                System.currentTimeMillis() + 1000));
    }

    @Test
    void shouldReturnTheShapesTheSuiteChecks() throws Exception {
        assertThat(call("test_simple_text").content().get(0).path("text").asString())
                .isEqualTo("This is a simple text response for testing.");
        assertThat(call("test_image_content").content().get(0).path("mimeType").asString()).isEqualTo("image/png");
        assertThat(call("test_audio_content").content().get(0).path("mimeType").asString()).isEqualTo("audio/wav");
        assertThat(call("test_embedded_resource").content().get(0).path("resource").path("uri").asString())
                .isEqualTo("test://embedded-resource");
        assertThat(call("test_multiple_content_types").content()).extracting(n -> n.path("type").asString())
                .containsExactly("text", "image", "resource");
    }

    @Test
    void shouldFailTheErrorToolAsAToolError() {
        assertThatThrownBy(() -> call("test_error_handling")).isInstanceOf(ToolFailure.class)
                .hasMessage("This tool intentionally returns an error for testing");
    }

    @Test
    void shouldServeARealPngAndARealWav() {
        byte[] png = Base64.getDecoder().decode(ConformanceService.RED_PIXEL_PNG);
        byte[] wav = ConformanceService.silentWav();

        assertThat(Arrays.copyOfRange(png, 1, 4)).isEqualTo("PNG".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        assertThat(wav).hasSize(44 + 800);
    }

    @Test
    void shouldKeepTheJsonSchema2020KeywordsOfItsTool() {
        var schema = service.tools().stream().filter(t -> t.name().equals("json_schema_2020_12_tool")).findFirst().orElseThrow()
                .descriptor().inputSchema();

        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.has("$defs")).isTrue();
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    }
}
