package dev.zen.gateway.mcp;

import dev.zen.gateway.GatewayProperties;
import dev.zen.schemas.RecordCodec;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How MCP messages go on the HTTP wire: JSON-RPC envelopes, a response as JSON or as a one-event SSE
 * stream, and what a request's Accept header allows. Thread safe.
 */
@Component
final class McpWire {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String APPLICATION_JSON = "application/json";

    private final RecordCodec codec;
    private final boolean preferSse;

    McpWire(RecordCodec codec, GatewayProperties properties) {
        this.codec = codec;
        this.preferSse = "sse".equalsIgnoreCase(properties.responseMode());
    }

    /** Whether POST responses are SSE whenever the client accepts it ({@code ZEN_MCP_RESPONSE_MODE=sse}). */
    boolean preferSse() {
        return preferSse;
    }

    void writeResult(HttpServletResponse response, JsonNode id, JsonNode result, String accept, String sessionId)
            throws IOException {
        ObjectNode envelope = JSON.objectNode();
        envelope.put("jsonrpc", "2.0");
        envelope.set("id", id);
        envelope.set("result", result);
        if (sessionId != null) {
            response.setHeader(McpProtocol.SESSION_HEADER, sessionId);
        }
        write(response, 200, envelope, useSse(accept));
    }

    void writeError(HttpServletResponse response, int status, JsonNode id, int code, String message) throws IOException {
        writeError(response, status, id, code, message, null);
    }

    void writeError(HttpServletResponse response, int status, JsonNode id, int code, String message, JsonNode data)
            throws IOException {
        ObjectNode envelope = JSON.objectNode();
        envelope.put("jsonrpc", "2.0");
        envelope.set("id", id == null ? JSON.nullNode() : id);
        ObjectNode error = envelope.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        write(response, status, envelope, false);
    }

    void write(HttpServletResponse response, int status, JsonNode body, boolean sse) throws IOException {
        byte[] json = codec.mapper().writeValueAsBytes(body);
        response.setStatus(status);
        if (sse) {
            response.setContentType(EVENT_STREAM);
            response.setHeader("Cache-Control", "no-cache");
            OutputStream out = response.getOutputStream();
            out.write("event: message\ndata: ".getBytes(StandardCharsets.UTF_8));
            out.write(json);
            out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        } else {
            response.setContentType(APPLICATION_JSON);
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
        }
    }

    boolean useSse(String accept) {
        return acceptsSse(accept) && (preferSse || !acceptsJson(accept));
    }

    static boolean acceptsJson(String accept) {
        return accept == null || accept.isBlank() || accept.contains(APPLICATION_JSON) || accept.contains("*/*")
                || accept.contains("application/*");
    }

    static boolean acceptsSse(String accept) {
        return accept != null && accept.contains(EVENT_STREAM);
    }

    /** A JSON-RPC id as text: strings as they are, integers in decimal. */
    static String idText(JsonNode id) {
        return id == null ? null : id.isString() ? id.asString() : id.asString();
    }

    /** The longest string id: what the records on Kafka carry of it ({@code client.requestId}, {@code originRequestId}). */
    static final int MAX_ID_LENGTH = 256;
    /** What {@link #validId} accepts, as error messages say it. */
    static final String ID_RULE = "an integer, or a string of at most " + MAX_ID_LENGTH + " characters of valid Unicode";

    /**
     * Whether {@code id} is a JSON-RPC id this gateway serves: an integer, or a string short enough to
     * travel in the records on Kafka and free of lone surrogates (which no UTF-8 response could echo).
     */
    static boolean validId(JsonNode id) {
        if (id == null) {
            return false;
        }
        if (id.isIntegralNumber()) {
            return true;
        }
        if (!id.isString() || id.asString().length() > MAX_ID_LENGTH) {
            return false;
        }
        String text = id.asString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    void writeJson(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(APPLICATION_JSON);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    String errorEnvelope(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode envelope = JSON.objectNode();
        envelope.put("jsonrpc", "2.0");
        envelope.set("id", id);
        ObjectNode error = envelope.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return codec.mapper().writeValueAsString(envelope);
    }

    String envelope(JsonNode id, JsonNode result) {
        ObjectNode envelope = JSON.objectNode();
        envelope.put("jsonrpc", "2.0");
        envelope.set("id", id);
        envelope.set("result", result);
        return codec.mapper().writeValueAsString(envelope);
    }
}
