package dev.zen.gateway.mcp;

import dev.zen.gateway.core.CallService;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.RpcError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP Streamable HTTP endpoint, {@code /mcp}, for session clients (2025 revisions): POST carries
 * one JSON-RPC message (a batch only in a 2025-03-26 session), GET opens or resumes a stream, DELETE
 * ends the session. A request of the 2026-07-28 revision goes to {@link StatelessEndpoint}, a
 * {@code tools/call} to {@link StreamedRequests}. Requests run on virtual threads, so waiting for
 * Kafka blocks nothing else.
 */
@RestController
final class McpController {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(McpController.class);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final McpMethods methods;
    private final CallService calls;
    private final StreamedRequests toolCalls;
    private final StatelessEndpoint stateless;
    private final McpWire wire;
    private final McpSessions sessions;
    private final RecordCodec codec;
    private final String version;
    private final McpTasks tasks;

    McpController(McpMethods methods, CallService calls, StreamedRequests toolCalls, StatelessEndpoint stateless, McpWire wire,
            McpSessions sessions, RecordCodec codec, dev.zen.gateway.BuildVersion version, McpTasks tasks) {
        this.tasks = tasks;
        this.toolCalls = toolCalls;
        this.stateless = stateless;
        this.wire = wire;
        this.methods = methods;
        this.calls = calls;
        this.sessions = sessions;
        this.codec = codec;
        this.version = version.value();
    }

    @PostMapping("/mcp")
    void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accept = request.getHeader("Accept");
        if (!McpWire.acceptsJson(accept) && !McpWire.acceptsSse(accept)) {
            wire.writeError(response, 406, null, JsonRpcException.INVALID_REQUEST,
                    "Not Acceptable: the Accept header must list application/json and text/event-stream");
            return;
        }
        JsonNode message;
        try {
            message = dev.zen.gateway.web.RequestJson.read(request.getInputStream());
        } catch (JacksonException e) {
            try {
                // a body that is also too large is refused as such (413), whichever limit the parser met first
                request.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (dev.zen.gateway.web.BodyLimitFilter.BodyTooLargeException tooLarge) {
                dev.zen.gateway.web.BodyLimitFilter.refuse(response, tooLarge.maxBytes());
                return;
            } catch (IOException ignored) {
                // the parse error stands
            }
            wire.writeError(response, 400, null, JsonRpcException.PARSE_ERROR, "Parse error: " + e.getOriginalMessage());
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
            if (e.httpStatus() == 429 && e.data() != null) {
                response.setHeader("Retry-After", Long.toString(e.data().path("retryAfterSeconds").asLong(1)));
            }
            if (e.httpStatus() == 403 && e.code() == JsonRpcException.FORBIDDEN) {
                response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", error_description=\""
                        + e.getMessage().replace("\"", "'") + "\"");
            }
            wire.writeError(response, e.httpStatus(), McpWire.validId(id) ? id : null, e.code(), e.getMessage(), e.data());
        } catch (RuntimeException e) {
            LOG.error("Request failed: {}", e.toString(), e);
            wire.writeError(response, 500, McpWire.validId(id) ? id : null, JsonRpcException.INTERNAL_ERROR,
                    "Internal error: the gateway could not handle the request; see its log", null);
        }
    }

    private void handle(JsonNode message, HttpServletRequest request, HttpServletResponse response, String accept) throws IOException {
        if (message == null || message.isMissingNode()) {
            throw JsonRpcException.invalidRequest("Invalid Request: the body is empty");
        }
        if (message.isArray()) {
            McpSession session = sessions.find(request.getHeader(McpProtocol.SESSION_HEADER));
            if (session == null || !McpProtocol.allowsBatches(session.state().protocolVersion())) {
                throw JsonRpcException.invalidRequest("Invalid Request: JSON-RPC batches are not supported (removed in MCP 2025-06-18;"
                        + " only a 2025-03-26 session may send them); send one message per POST");
            }
            batch(session, message, response);
            return;
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
                McpSession session = requireSession(request);
                relayClientResponse(session, message);
                response.setStatus(202);
                return;
            }
            throw JsonRpcException.invalidRequest("Invalid Request: 'method' is missing");
        }
        if (!method.isString() || method.asString().isEmpty()) {
            throw JsonRpcException.invalidRequest("Invalid Request: 'method' must be a non-empty string");
        }
        if (id != null && !McpWire.validId(id)) {
            throw JsonRpcException.invalidRequest("Invalid Request: 'id' must be " + McpWire.ID_RULE);
        }
        JsonNode params = message.path("params");
        if (!params.isMissingNode() && !params.isObject()) {
            throw new JsonRpcException(JsonRpcException.INVALID_PARAMS, "Invalid params: 'params' must be an object", null, 200);
        }
        String name = method.asString();
        String sessionHeader = request.getHeader(McpProtocol.SESSION_HEADER);
        if ((sessionHeader == null || sessionHeader.isBlank()) && StatelessRequest.applies(request.getHeader(McpProtocol.VERSION_HEADER), params)) {
            stateless.handle(id, name, params, request, response, accept);
            return;
        }
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
            } else if ("notifications/cancelled".equals(name)) {
                cancel(session, params);
            }
            response.setStatus(202);
            return;
        }
        JsonNode result = switch (name) {
            case "tools/call" -> {
                McpParams.CallTool call = McpParams.CallTool.read(params);
                ObjectNode task = McpTasks.sessionHasTasks(session.state().protocolVersion()) ? tasks.maybeCreateTask(session, call) : null;
                if (task != null) {
                    yield task;
                }
                toolCalls.callTool(session, id, call, response, accept);
                yield null;
            }
            case "tasks/get", "tasks/result", "tasks/list", "tasks/cancel" -> {
                if (!McpTasks.sessionHasTasks(session.state().protocolVersion())) {
                    throw new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Method not found: " + name + " (tasks need protocol revision"
                            + " 2025-11-25 or later; this session speaks " + session.state().protocolVersion() + ")", null, 200);
                }
                yield tasks.handleSession(name, params);
            }
            case "prompts/get", "resources/read" -> {
                StreamedRequests.CallScope scope = new StreamedRequests.CallScope(session, StreamedRequests.clientContext(session, id,
                        McpWire.acceptsSse(accept)));
                if ("resources/read".equals(name)) {
                    toolCalls.readResource(scope, McpParams.ReadResource.read(params), id, params, response, accept);
                } else {
                    toolCalls.getPrompt(scope, McpParams.GetPrompt.read(params), id, params, response, accept);
                }
                yield null;
            }
            case "logging/setLevel" -> setLogLevel(session, McpParams.SetLevel.read(params));
            case "resources/subscribe", "resources/unsubscribe" -> subscription(session, id, name, params);
            default -> methods.dispatch(name, params, StreamedRequests.clientContext(session, id, false));
        };
        if (result != null) {
            wire.writeResult(response, id, result, accept, null);
        }
    }

    /**
     * A JSON-RPC batch of a 2025-03-26 session: each message handled in order, the responses to its
     * requests returned as one JSON array (202 when it held only notifications and responses).
     */
    private void batch(McpSession session, JsonNode messages, HttpServletResponse response) throws IOException {
        if (messages.isEmpty()) {
            throw JsonRpcException.invalidRequest("Invalid Request: the batch is empty");
        }
        var answers = JSON.arrayNode();
        for (JsonNode message : messages) {
            JsonNode id = message.path("id").isMissingNode() ? null : message.get("id");
            try {
                if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asString(null))) {
                    throw JsonRpcException.invalidRequest("Invalid Request: each batch entry must be a JSON-RPC 2.0 object");
                }
                JsonNode method = message.get("method");
                if (method == null) {
                    if (id != null && (message.has("result") || message.has("error"))) {
                        relayClientResponse(session, message);
                        continue;
                    }
                    throw JsonRpcException.invalidRequest("Invalid Request: 'method' is missing");
                }
                if (!method.isString() || "initialize".equals(method.asString())) {
                    throw JsonRpcException.invalidRequest("Invalid Request: 'method' must be a string, and initialize cannot be batched");
                }
                JsonNode params = message.path("params").isMissingNode() ? JSON.objectNode() : message.path("params");
                if (!params.isObject()) {
                    throw JsonRpcException.invalidParams("Invalid params: 'params' must be an object");
                }
                if (id == null) {
                    if ("notifications/cancelled".equals(method.asString())) {
                        cancel(session, params);
                    }
                    continue;
                }
                if (!McpWire.validId(id)) {
                    throw JsonRpcException.invalidRequest("Invalid Request: 'id' must be " + McpWire.ID_RULE);
                }
                JsonNode result = switch (method.asString()) {
                    case "logging/setLevel" -> setLogLevel(session, McpParams.SetLevel.read(params));
                    case "resources/subscribe", "resources/unsubscribe" -> subscription(session, id, method.asString(), params);
                    default -> methods.dispatch(method.asString(), params, StreamedRequests.clientContext(session, id, false));
                };
                answers.add(JSON.objectNode().put("jsonrpc", "2.0").<ObjectNode>set("id", id).set("result", result));
            } catch (JsonRpcException e) {
                if (id != null) {
                    ObjectNode error = JSON.objectNode().put("jsonrpc", "2.0").set("id", McpWire.validId(id) ? id : JSON.nullNode());
                    ObjectNode body = error.putObject("error").put("code", e.code()).put("message", e.getMessage());
                    if (e.data() != null) {
                        body.set("data", e.data());
                    }
                    answers.add(error);
                }
            }
        }
        if (answers.isEmpty()) {
            response.setStatus(202);
            return;
        }
        wire.write(response, 200, answers, false);
    }

    /**
     * {@code notifications/cancelled}: stops the call here, or tells the workers when it runs through
     * another replica. Params it cannot read cancel nothing (a notification gets no answer).
     */
    private void cancel(McpSession session, JsonNode params) {
        McpParams.Cancelled cancelled = McpParams.Cancelled.read(params);
        String requestId = McpWire.idText(cancelled.requestId());
        StreamedRequests.Streamed call = session.inflight(requestId);
        if (call != null) {
            call.cancel().accept(cancelled.reason());
        } else {
            calls.cancelElsewhere(session.reference(), requestId, cancelled.reason());
        }
    }

    /** A client's response to a request a handler made (sampling, elicitation): relayed to the worker that waits. */
    private void relayClientResponse(McpSession session, JsonNode message) {
        JsonNode id = message.get("id");
        ServerRequestId target = id.isString() ? ServerRequestId.parse(id.asString()) : null;
        if (target == null) {
            throw JsonRpcException.invalidRequest("Invalid Request: no request with id " + id + " is pending; "
                    + "responses must answer a request this server sent");
        }
        JsonNode result = message.get("result");
        JsonNode error = message.get("error");
        RpcError rpcError = null;
        if (error != null) {
            if (!error.isObject() || !error.path("code").isIntegralNumber()) {
                throw JsonRpcException.invalidRequest("Invalid Request: 'error' must be an object with an integer 'code'");
            }
            rpcError = new RpcError(error.path("code").asInt(), error.path("message").asString(""), error.get("data"));
        } else if (result == null || !result.isObject()) {
            throw JsonRpcException.invalidRequest("Invalid Request: 'result' must be an object");
        }
        calls.answer(ClientAnswer.response(target.callId(), session.reference(), target.requestId(), rpcError == null ? result : null,
                rpcError, System.currentTimeMillis()));
    }

    /** {@code resources/subscribe} / {@code resources/unsubscribe}: checked with the owning worker, kept in the session state. */
    private JsonNode subscription(McpSession session, JsonNode id, String method, JsonNode params) {
        String uri = McpParams.Subscribe.read(params).uri();
        boolean subscribe = "resources/subscribe".equals(method);
        if (subscribe || session.state().subscriptions().contains(uri)) {
            methods.checkSubscription(method, uri, params, StreamedRequests.clientContext(session, id, false));
        }
        sessions.setSubscription(session, uri, subscribe);
        return JSON.objectNode();
    }

    private void initialize(JsonNode id, JsonNode params, HttpServletResponse response, String accept) throws IOException {
        McpParams.Initialize initialize = McpParams.Initialize.read(params);
        String requested = initialize.protocolVersion();
        String version = McpProtocol.SUPPORTED_VERSIONS.contains(requested) ? requested : McpProtocol.LATEST;
        McpSession session = sessions.create(version, orMissing(initialize.clientInfo()), orMissing(initialize.capabilities()));
        ObjectNode result = JSON.objectNode();
        result.put("protocolVersion", version);
        ObjectNode capabilities = McpProtocol.capabilities();
        if (McpTasks.sessionHasTasks(version)) {
            capabilities.set("tasks", McpTasks.sessionCapability());
        }
        result.set("capabilities", capabilities);
        ObjectNode serverInfo = result.putObject("serverInfo");
        serverInfo.put("name", "zen");
        serverInfo.put("title", "Zen MCP gateway");
        serverInfo.put("version", this.version);
        result.put("instructions", McpProtocol.INSTRUCTIONS);
        wire.writeResult(response, id, result, accept, session.id());
    }

    /** What the session keeps of a field the client left out: a missing node, as {@code params.path(field)} gives. */
    private static JsonNode orMissing(JsonNode value) {
        return value == null ? MissingNode.getInstance() : value;
    }

    /** Keeps the level in the session (shared by every replica): log messages below it are not sent to the client. */
    private JsonNode setLogLevel(McpSession session, McpParams.SetLevel level) {
        sessions.setLogLevel(session, level.level());
        return JSON.objectNode();
    }

    @GetMapping("/mcp")
    void stream(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!McpWire.acceptsSse(request.getHeader("Accept"))) {
            wire.writeError(response, 406, null, JsonRpcException.INVALID_REQUEST, "Not Acceptable: GET /mcp requires Accept: text/event-stream");
            return;
        }
        McpSession session;
        try {
            session = requireSession(request);
            checkVersionHeader(request);
        } catch (JsonRpcException e) {
            wire.writeError(response, e.httpStatus(), null, e.code(), e.getMessage());
            return;
        }
        String lastEventId = request.getHeader("Last-Event-ID");
        SseStream stream = lastEventId == null ? null : session.streamOf(lastEventId);
        long after = stream == null ? -1 : stream.seqOf(lastEventId);
        if (stream == null || after < 0) {
            // a fresh stream, or one we no longer have: server-initiated messages from now on
            stream = session.standalone();
            after = stream.lastSeq();
        }
        long token = stream.attachReader();
        SseWriter sse = new SseWriter(response);
        try {
            sse.open(null, stream == session.standalone() && McpProtocol.primesStreams(session.state().protocolVersion())
                    ? stream.eventId(after) : null);
            while (!session.closed()) {
                SseStream.Message message = stream.next(after, 15_000, token);
                if (message == null) {
                    if (stream.drained(after) || !stream.isReader(token)) {
                        break;
                    }
                    // an open stream is use: renew the session, and end the stream if it ended elsewhere
                    if (sessions.find(session.id()) == null) {
                        break;
                    }
                    sse.comment("keep-alive");
                    continue;
                }
                after = message.seq();
                if (message.kind() == SseStream.Kind.DISCONNECT) {
                    continue; // meant for the connection that was closed; this one resumes it
                }
                sse.event(message.eventId(), message.json());
                if (message.kind() == SseStream.Kind.FINAL) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        }
    }

    @DeleteMapping("/mcp")
    void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getHeader(McpProtocol.SESSION_HEADER);
        if (id == null || id.isBlank()) {
            wire.writeError(response, 400, null, JsonRpcException.INVALID_REQUEST, "Bad Request: the Mcp-Session-Id header is missing");
            return;
        }
        if (!sessions.end(id)) {
            wire.writeError(response, 404, null, JsonRpcException.SESSION_NOT_FOUND, "Session not found: it ended or never existed");
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

}
