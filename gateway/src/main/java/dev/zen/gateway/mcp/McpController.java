package dev.zen.gateway.mcp;

import dev.zen.schemas.RecordCodec;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP Streamable HTTP endpoint, {@code /mcp}: POST carries one JSON-RPC message (answered as
 * JSON or as an SSE stream), GET opens the stream of server-initiated messages, DELETE ends the
 * session. Requests run on virtual threads, so waiting for Kafka blocks nothing else.
 */
@RestController
final class McpController {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(McpController.class);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String APPLICATION_JSON = "application/json";

    private final McpMethods methods;
    private final McpSessions sessions;
    private final RecordCodec codec;
    private final boolean preferSse;
    private final String version;

    McpController(McpMethods methods, McpSessions sessions, RecordCodec codec,
            dev.zen.gateway.GatewayProperties properties, dev.zen.gateway.BuildVersion version) {
        this.methods = methods;
        this.sessions = sessions;
        this.codec = codec;
        this.preferSse = "sse".equalsIgnoreCase(properties.responseMode());
        this.version = version.value();
    }

    @PostMapping("/mcp")
    void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accept = request.getHeader("Accept");
        if (!acceptsJson(accept) && !acceptsSse(accept)) {
            writeError(response, 406, null, JsonRpcException.INVALID_REQUEST,
                    "Not Acceptable: the Accept header must list application/json and text/event-stream");
            return;
        }
        JsonNode message;
        try {
            message = codec.mapper().readTree(request.getInputStream());
        } catch (JacksonException e) {
            writeError(response, 400, null, JsonRpcException.PARSE_ERROR, "Parse error: " + e.getOriginalMessage());
            return;
        } catch (dev.zen.gateway.web.BodyLimitFilter.BodyTooLargeException e) {
            dev.zen.gateway.web.BodyLimitFilter.refuse(response, e.maxBytes());
            return;
        }
        JsonNode id = message == null ? null : message.get("id");
        try {
            handle(message, request, response, accept);
        } catch (JsonRpcException e) {
            boolean notification = message != null && message.isObject() && message.has("method") && id == null;
            if (notification && e.httpStatus() == 200) {
                response.setStatus(202); // a notification gets no JSON-RPC answer, even when it is wrong
                return;
            }
            writeError(response, e.httpStatus(), validId(id) ? id : null, e.code(), e.getMessage(), e.data());
        } catch (RuntimeException e) {
            LOG.error("Request failed: {}", e.toString(), e);
            writeError(response, 500, validId(id) ? id : null, JsonRpcException.INTERNAL_ERROR,
                    "Internal error: the gateway could not handle the request; see its log", null);
        }
    }

    private void handle(JsonNode message, HttpServletRequest request, HttpServletResponse response, String accept) throws IOException {
        if (message == null || message.isMissingNode()) {
            throw JsonRpcException.invalidRequest("Invalid Request: the body is empty");
        }
        if (message.isArray()) {
            throw JsonRpcException.invalidRequest("Invalid Request: JSON-RPC batches are not supported; send one message per POST");
        }
        if (!message.isObject()) {
            throw JsonRpcException.invalidRequest("Invalid Request: expected a JSON-RPC object, but got " + message.getNodeType());
        }
        if (!"2.0".equals(message.path("jsonrpc").asString(null))) {
            throw JsonRpcException.invalidRequest("Invalid Request: 'jsonrpc' must be \"2.0\"");
        }
        JsonNode method = message.get("method");
        JsonNode id = message.get("id");
        if (method == null) {
            if (id != null && (message.has("result") || message.has("error"))) {
                requireSession(request);
                response.setStatus(202); // a client's response to a server request; nothing waits for it yet
                return;
            }
            throw JsonRpcException.invalidRequest("Invalid Request: 'method' is missing");
        }
        if (!method.isString() || method.asString().isEmpty()) {
            throw JsonRpcException.invalidRequest("Invalid Request: 'method' must be a non-empty string");
        }
        if (id != null && !validId(id)) {
            throw JsonRpcException.invalidRequest("Invalid Request: 'id' must be a string or an integer");
        }
        JsonNode params = message.path("params");
        if (!params.isMissingNode() && !params.isObject()) {
            throw new JsonRpcException(JsonRpcException.INVALID_PARAMS, "Invalid params: 'params' must be an object", null, 200);
        }
        String name = method.asString();
        if ("initialize".equals(name)) {
            if (id == null) {
                throw JsonRpcException.invalidRequest("Invalid Request: 'initialize' must be a request with an 'id'");
            }
            initialize(id, params, response, accept);
            return;
        }
        McpSession session = requireSession(request);
        checkVersionHeader(request);
        if (id == null) {
            if ("notifications/initialized".equals(name)) {
                sessions.markInitialized(session);
            }
            response.setStatus(202);
            return;
        }
        JsonNode result = "logging/setLevel".equals(name) ? setLogLevel(session, params) : methods.dispatch(name, params);
        writeResult(response, id, result, accept, null);
    }

    private void initialize(JsonNode id, JsonNode params, HttpServletResponse response, String accept) throws IOException {
        JsonNode requested = params.path("protocolVersion");
        if (!requested.isString()) {
            throw JsonRpcException.invalidParams("Invalid params: 'protocolVersion' must be a string");
        }
        String version = McpProtocol.SUPPORTED_VERSIONS.contains(requested.asString()) ? requested.asString() : McpProtocol.LATEST;
        McpSession session = sessions.create(version, params.path("clientInfo"), params.path("capabilities"));
        ObjectNode result = JSON.objectNode();
        result.put("protocolVersion", version);
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", true);
        capabilities.putObject("logging");
        ObjectNode serverInfo = result.putObject("serverInfo");
        serverInfo.put("name", "zen");
        serverInfo.put("title", "Zen MCP gateway");
        serverInfo.put("version", this.version);
        result.put("instructions", "Zen routes every tool call through Kafka to a worker group; tools/list shows the tools of live workers.");
        writeResult(response, id, result, accept, session.id());
    }

    /** Keeps the level in the session (shared by every replica): log messages below it are not sent to the client. */
    private JsonNode setLogLevel(McpSession session, JsonNode params) {
        JsonNode level = params.path("level");
        if (!level.isString() || !McpProtocol.LOG_LEVELS.contains(level.asString())) {
            throw JsonRpcException.invalidParams("Invalid params: 'level' must be one of " + McpProtocol.LOG_LEVELS);
        }
        sessions.setLogLevel(session, level.asString());
        return JSON.objectNode();
    }

    @GetMapping("/mcp")
    void stream(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!acceptsSse(request.getHeader("Accept"))) {
            writeError(response, 406, null, JsonRpcException.INVALID_REQUEST, "Not Acceptable: GET /mcp requires Accept: text/event-stream");
            return;
        }
        McpSession session;
        try {
            session = requireSession(request);
            checkVersionHeader(request);
        } catch (JsonRpcException e) {
            writeError(response, e.httpStatus(), null, e.code(), e.getMessage());
            return;
        }
        BlockingQueue<String> queue = session.openStream();
        response.setStatus(200);
        response.setContentType(EVENT_STREAM);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        OutputStream out = response.getOutputStream();
        out.write(": stream open\n\n".getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
        try {
            while (!session.closed()) {
                String message = queue.poll(15, TimeUnit.SECONDS);
                // an open stream is use: renew the session, and end the stream if it ended elsewhere
                if (message == null && sessions.find(session.id()) == null) {
                    break;
                }
                out.write((message == null ? ": keep-alive\n\n" : "event: message\ndata: " + message + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                response.flushBuffer();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            session.closeStream(queue);
        }
    }

    @DeleteMapping("/mcp")
    void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getHeader(McpProtocol.SESSION_HEADER);
        if (id == null || id.isBlank()) {
            writeError(response, 400, null, JsonRpcException.INVALID_REQUEST, "Bad Request: the Mcp-Session-Id header is missing");
            return;
        }
        if (!sessions.end(id)) {
            writeError(response, 404, null, JsonRpcException.SESSION_NOT_FOUND, "Session not found: it ended or never existed");
            return;
        }
        response.setStatus(200);
    }

    private McpSession requireSession(HttpServletRequest request) {
        String id = request.getHeader(McpProtocol.SESSION_HEADER);
        if (id == null || id.isBlank()) {
            throw new JsonRpcException(JsonRpcException.INVALID_REQUEST,
                    "Bad Request: the Mcp-Session-Id header is missing (send initialize first)", null, 400);
        }
        McpSession session = sessions.find(id);
        if (session == null) {
            throw new JsonRpcException(JsonRpcException.SESSION_NOT_FOUND,
                    "Session not found: it ended or never existed; send initialize to start a new one", null, 404);
        }
        return session;
    }

    private static void checkVersionHeader(HttpServletRequest request) {
        String version = request.getHeader(McpProtocol.VERSION_HEADER);
        if (version != null && !McpProtocol.SUPPORTED_VERSIONS.contains(version)) {
            throw new JsonRpcException(JsonRpcException.INVALID_REQUEST, "Bad Request: unsupported MCP-Protocol-Version '" + version
                    + "'; supported: " + McpProtocol.SUPPORTED_VERSIONS, null, 400);
        }
    }

    private void writeResult(HttpServletResponse response, JsonNode id, JsonNode result, String accept, String sessionId)
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

    private void writeError(HttpServletResponse response, int status, JsonNode id, int code, String message) throws IOException {
        writeError(response, status, id, code, message, null);
    }

    private void writeError(HttpServletResponse response, int status, JsonNode id, int code, String message, JsonNode data)
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

    private void write(HttpServletResponse response, int status, JsonNode body, boolean sse) throws IOException {
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

    private boolean useSse(String accept) {
        return acceptsSse(accept) && (preferSse || !acceptsJson(accept));
    }

    private static boolean acceptsJson(String accept) {
        return accept == null || accept.isBlank() || accept.contains(APPLICATION_JSON) || accept.contains("*/*")
                || accept.contains("application/*");
    }

    private static boolean acceptsSse(String accept) {
        return accept != null && accept.contains(EVENT_STREAM);
    }

    private static boolean validId(JsonNode id) {
        return id != null && (id.isString() || id.isIntegralNumber());
    }
}
