package dev.zen.worker.conformance;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code conformance} service: the fixture tools that {@code @modelcontextprotocol/conformance}
 * calls, with the exact shapes its scenarios check. Nothing of it lives in the gateway: the suite
 * reaches these tools through Kafka like any other.
 */
public final class ConformanceService {

    public static final String SERVICE = "conformance";

    /** A 1×1 red PNG. */
    static final String RED_PIXEL_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ConformanceService() {
    }

    public static ServiceDefinition definition(String version) {
        return new ServiceDefinition(SERVICE, version, List.of(
                tool("test_simple_text", "Returns a simple text", call ->
                        CallToolResult.text("This is a simple text response for testing.")),
                tool("test_image_content", "Returns an image", call ->
                        new CallToolResult(List.of(image()), null, null)),
                tool("test_audio_content", "Returns audio", call ->
                        new CallToolResult(List.of(audio()), null, null)),
                tool("test_embedded_resource", "Returns an embedded resource", call ->
                        new CallToolResult(List.of(resource("test://embedded-resource", "text/plain",
                                "This is an embedded resource content.")), null, null)),
                tool("test_multiple_content_types", "Returns text, an image and a resource", call ->
                        new CallToolResult(List.of(CallToolResult.textBlock("Multiple content types test:"), image(),
                                resource("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}")),
                                null, null)),
                tool("test_error_handling", "Always fails", call -> {
                    throw new ToolFailure("This tool intentionally returns an error for testing");
                }),
                new ToolDefinition(new ToolDescriptor("json_schema_2020_12_tool", null, "Tool with JSON Schema 2020-12 features",
                        jsonSchema2020(), null, ToolAnnotations.readOnly("JSON Schema 2020-12"), null),
                        call -> CallToolResult.text("ok"))));
    }

    private static ToolDefinition tool(String name, String description, ToolHandler handler) {
        ObjectNode noArguments = JSON.objectNode().put("type", "object");
        noArguments.putObject("properties");
        return new ToolDefinition(new ToolDescriptor(name, null, description, noArguments, null,
                ToolAnnotations.readOnly(null), null), handler);
    }

    private static ObjectNode image() {
        return JSON.objectNode().put("type", "image").put("data", RED_PIXEL_PNG).put("mimeType", "image/png");
    }

    private static ObjectNode audio() {
        return JSON.objectNode().put("type", "audio").put("data", Base64.getEncoder().encodeToString(silentWav()))
                .put("mimeType", "audio/wav");
    }

    private static ObjectNode resource(String uri, String mimeType, String text) {
        ObjectNode block = JSON.objectNode().put("type", "resource");
        block.putObject("resource").put("uri", uri).put("mimeType", mimeType).put("text", text);
        return block;
    }

    /** 0.1 s of silence: 8 kHz, 8-bit mono PCM in a RIFF/WAVE container. */
    static byte[] silentWav() {
        int samples = 800;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + samples).put("WAVE".getBytes());
        header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(8000)
                .putShort((short) 1).putShort((short) 8);
        header.put("data".getBytes()).putInt(samples);
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        wav.writeBytes(header.array());
        for (int i = 0; i < samples; i++) {
            wav.write(128); // unsigned 8-bit silence
        }
        return wav.toByteArray();
    }

    private static JsonNode jsonSchema2020() {
        return RecordCodec.shared().tree(("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"$defs\":{\"address\":{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"},"
                + "\"city\":{\"type\":\"string\"}}}},\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"address\":{\"$ref\":\"#/$defs/address\"}},\"additionalProperties\":false}").getBytes());
    }
}
