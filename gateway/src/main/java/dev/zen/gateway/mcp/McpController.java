package dev.zen.gateway.mcp;

import dev.zen.gateway.core.CallResult;
import dev.zen.gateway.core.CallService;
import dev.zen.gateway.core.PendingCall;
import dev.zen.gateway.core.ResultMeta;
import dev.zen.schemas.CallEvent;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.ClientContext;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.RpcError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
    private final CallService calls;
    private final ListenStreams listeners;
    private final RequestStates requestStates;
    private final McpSessions sessions;
    private final RecordCodec codec;
    private final boolean preferSse;
    private final String version;

    McpController(McpMethods methods, CallService calls, ListenStreams listeners, RequestStates requestStates, McpSessions sessions,
            RecordCodec codec, dev.zen.gateway.GatewayProperties properties, dev.zen.gateway.BuildVersion version) {
        this.requestStates = requestStates;
        this.methods = methods;
        this.calls = calls;
        this.listeners = listeners;
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
        if (id != null && !validId(id)) {
            throw JsonRpcException.invalidRequest("Invalid Request: 'id' must be a string or an integer");
        }
        JsonNode params = message.path("params");
        if (!params.isMissingNode() && !params.isObject()) {
            throw new JsonRpcException(JsonRpcException.INVALID_PARAMS, "Invalid params: 'params' must be an object", null, 200);
        }
        String name = method.asString();
        String sessionHeader = request.getHeader(McpProtocol.SESSION_HEADER);
        if ((sessionHeader == null || sessionHeader.isBlank()) && StatelessRequest.applies(request.getHeader(McpProtocol.VERSION_HEADER), params)) {
            stateless(id, name, params, request, response, accept);
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
                callTool(session, id, params, response, accept);
                yield null;
            }
            case "logging/setLevel" -> setLogLevel(session, params);
            case "resources/subscribe", "resources/unsubscribe" -> subscription(session, id, name, params);
            default -> methods.dispatch(name, params, clientContext(session, id, false));
        };
        if (result != null) {
            writeResult(response, id, result, accept, null);
        }
    }

    // ------------------------------------------------------------------ 2026-07-28: stateless requests

    /** How long a client may cache list results, and their scope (the lists are the same for every client). */
    private static final long LIST_TTL_MS = 5_000;

    /**
     * A request of the 2026-07-28 revision: validated per request, served without a session, its
     * result stamped with {@code resultType} (and the caching fields where the revision asks for them).
     */
    private void stateless(JsonNode id, String name, JsonNode params, HttpServletRequest request, HttpServletResponse response,
            String accept) throws IOException {
        if (id == null) {
            response.setStatus(202); // notifications: nothing to answer (cancellation is closing the stream)
            return;
        }
        StatelessRequest meta = StatelessRequest.validate(request::getHeader, name, params);
        if (!StatelessRequest.METHODS.contains(name)) {
            throw new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Method not found: " + name
                    + " (not part of protocol revision " + meta.protocolVersion() + ")", null, 404);
        }
        ClientContext client = new ClientContext(null, idText(id), meta.clientCapabilities(), acceptsSse(accept), meta.logLevel());
        switch (name) {
            case "tools/call" -> {
                if (params.has("requestState")) {
                    continueToolCall(id, params, response, accept);
                } else {
                    runToolCall(new CallScope(null, client, meta.logLevel(), meta.logLevel() == null), id, params, response, accept);
                }
            }
            case "subscriptions/listen" -> listen(id, params, response);
            default -> {
                ObjectNode result;
                if ("server/discover".equals(name)) {
                    result = discover();
                } else {
                    try {
                        result = (ObjectNode) methods.dispatch(name, params, client).deepCopy();
                    } catch (JsonRpcException e) {
                        if (e.code() == RpcError.RESOURCE_NOT_FOUND) {
                            // 2026-07-28: an unknown resource is invalid params, with the URI in data
                            throw new JsonRpcException(JsonRpcException.INVALID_PARAMS, e.getMessage(), e.data(), 200);
                        }
                        throw e;
                    }
                }
                result.put("resultType", "complete");
                if (name.endsWith("/list") || "resources/read".equals(name)) {
                    boolean read = "resources/read".equals(name);
                    result.put("ttlMs", read ? 0 : LIST_TTL_MS);
                    result.put("cacheScope", read ? "private" : "public");
                }
                writeResult(response, id, result, accept, null);
            }
        }
    }

    private ObjectNode discover() {
        ObjectNode result = JSON.objectNode();
        var supported = result.putArray("supportedVersions");
        StatelessRequest.VERSIONS.forEach(supported::add);
        result.set("capabilities", capabilities());
        result.put("instructions", INSTRUCTIONS);
        result.put("ttlMs", LIST_TTL_MS);
        result.put("cacheScope", "public");
        result.putObject("_meta").set(StatelessRequest.META_SERVER_INFO, StatelessRequest.serverInfo(version));
        return result;
    }

    /** {@code subscriptions/listen}: a long-lived response stream of the notifications the client asked for. */
    private void listen(JsonNode id, JsonNode params, HttpServletResponse response) throws IOException {
        JsonNode wanted = params.path("notifications");
        java.util.Set<String> uris = new java.util.TreeSet<>();
        for (JsonNode uri : wanted.path("resourceSubscriptions")) {
            if (!uri.isString()) {
                throw JsonRpcException.invalidParams("Invalid params: 'notifications.resourceSubscriptions' must be an array of URIs");
            }
            uris.add(uri.asString());
        }
        ListenStreams.Listener listener = new ListenStreams.Listener(id, wanted.path("toolsListChanged").asBoolean(false),
                wanted.path("promptsListChanged").asBoolean(false), wanted.path("resourcesListChanged").asBoolean(false), uris,
                new SseStream("l" + Long.toHexString(System.nanoTime()), 1_000));
        listeners.add(listener);
        SseWriter sse = new SseWriter(response);
        try {
            sse.open(null, null);
            sse.event(null, listeners.acknowledgement(listener));
            long token = listener.stream().attachReader();
            long after = 0;
            while (true) {
                SseStream.Message message = listener.stream().next(after, 15_000, token);
                if (message == null) {
                    if (listener.stream().finished()) {
                        break;
                    }
                    sse.comment("keep-alive");
                    continue;
                }
                after = message.seq();
                sse.event(null, message.json());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client closed the stream: that is how it stops listening
        } finally {
            listeners.remove(listener);
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
                JsonNode params = message.path("params").isObject() ? message.path("params") : JSON.objectNode();
                if (id == null) {
                    if ("notifications/cancelled".equals(method.asString())) {
                        cancel(session, params);
                    }
                    continue;
                }
                if (!validId(id)) {
                    throw JsonRpcException.invalidRequest("Invalid Request: 'id' must be a string or an integer");
                }
                JsonNode result = switch (method.asString()) {
                    case "logging/setLevel" -> setLogLevel(session, params);
                    case "resources/subscribe", "resources/unsubscribe" -> subscription(session, id, method.asString(), params);
                    default -> methods.dispatch(method.asString(), params, clientContext(session, id, false));
                };
                answers.add(JSON.objectNode().put("jsonrpc", "2.0").<ObjectNode>set("id", id).set("result", result));
            } catch (JsonRpcException e) {
                if (id != null) {
                    ObjectNode error = JSON.objectNode().put("jsonrpc", "2.0").set("id", validId(id) ? id : JSON.nullNode());
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
        write(response, 200, answers, false);
    }

    /** What workers may know of the client behind a request. */
    private static ClientContext clientContext(McpSession session, JsonNode id, boolean streaming) {
        return new ClientContext(session.reference(), idText(id), session.state().clientCapabilities(), streaming, session.logLevel());
    }

    /**
     * Where a tool call comes from: a session (2025 revisions; its streams are resumable and it can be
     * asked things mid-call) or a stateless 2026-07-28 request ({@code session} null). {@code logLevel}
     * is the least severe log message the client wants; {@code logsOff} when it wants none.
     */
    private record CallScope(McpSession session, ClientContext client, String logLevel, boolean logsOff,
            java.util.concurrent.atomic.AtomicReference<JsonNode> responseId) {

        CallScope(McpSession session, ClientContext client, String logLevel, boolean logsOff) {
            this(session, client, logLevel, logsOff, new java.util.concurrent.atomic.AtomicReference<>());
        }

        boolean stateless() {
            return session == null;
        }
    }

    /**
     * A stateless call waiting for its client's answers (2026-07-28, {@code input_required}): where its
     * stream was read up to, and the round of requests it waits for, by the handler's keys.
     */
    private record Suspended(CallScope scope, PendingCall call, SseStream stream, long after, long round,
            java.util.Map<String, JsonNode> requests, String requestState) {
    }

    private final java.util.Map<String, Suspended> suspended = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@code tools/call}: sends the call and serves its response stream. Answered as plain JSON unless
     * the call says something to the client before its result (progress, a log message, a request) and
     * the client accepts SSE: then the response turns into an SSE stream, resumable with Last-Event-ID.
     */
    private void callTool(McpSession session, JsonNode id, JsonNode params, HttpServletResponse response, String accept)
            throws IOException {
        runToolCall(new CallScope(session, clientContext(session, id, acceptsSse(accept)), session.logLevel(), false), id, params,
                response, accept);
    }

    private void runToolCall(CallScope scope, JsonNode id, JsonNode params, HttpServletResponse response, String accept)
            throws IOException {
        boolean canStream = acceptsSse(accept);
        String requestId = idText(id);
        McpSession session = scope.session();
        SseStream stream = session != null ? session.openCallStream() : new SseStream("s" + Long.toHexString(System.nanoTime()), 1_000);
        scope.responseId().set(id);
        PendingCall call = methods.startToolCall(params, scope.client(), event -> relayEvent(scope, stream, event));
        if (session != null) {
            session.running(requestId, call);
        }
        call.result().whenComplete((result, error) -> {
            if (session != null) {
                session.finished(requestId, call);
            } else if (call.callId() != null) {
                suspended.remove(call.callId());
            }
            JsonNode id2 = scope.responseId().get(); // a stateless call answers the client's latest retry
            if (result == null || result.status() == CallResult.Status.CANCELLED) {
                stream.finish(); // cancelled: the client gets no response
            } else if (scope.stateless() && result.missingCapability()) {
                JsonNode required = result.failure().data() == null ? JSON.objectNode() : result.failure().data().path("requiredCapabilities");
                stream.appendFinal(errorEnvelope(id2, StatelessRequest.MISSING_CAPABILITY, result.failure().message(),
                        JSON.objectNode().set("requiredCapabilities", required)), 400);
            } else {
                ObjectNode rendered = ResultMeta.render(result, codec);
                if (scope.stateless()) {
                    rendered.put("resultType", "complete");
                }
                stream.appendFinal(envelope(id2, rendered), 200);
            }
        });
        serveCall(scope, call, stream, response, canStream && (preferSse || !acceptsJson(accept)), canStream, id);
    }

    /** Turns a call event into the JSON-RPC message the client gets on the call's stream (on the bus's thread: no blocking). */
    private void relayEvent(CallScope scope, SseStream stream, CallEvent event) {
        switch (event.kind()) {
            case CLOSE_STREAM -> {
                if (!scope.stateless()) {
                    stream.requestDisconnect(); // a stateless stream cannot be resumed
                }
            }
            case NOTIFICATION -> {
                if ("notifications/message".equals(event.method()) && (scope.logsOff()
                        || !McpProtocol.logPasses(event.params().path("level").asString(""),
                                scope.session() != null ? scope.session().logLevel() : scope.logLevel()))) {
                    return;
                }
                ObjectNode message = JSON.objectNode();
                message.put("jsonrpc", "2.0");
                message.put("method", event.method());
                message.set("params", event.params());
                stream.append(codec.mapper().writeValueAsString(message));
            }
            case REQUEST -> {
                if (scope.stateless()) {
                    // never a JSON-RPC request on a 2026-07-28 stream: the round becomes an input_required result
                    ObjectNode input = JSON.objectNode();
                    input.put("key", event.inputKey());
                    input.put("requestId", event.requestId());
                    input.put("count", event.inputCount());
                    input.put("method", event.method());
                    input.set("params", event.params());
                    stream.appendInput(codec.mapper().writeValueAsString(input));
                    return;
                }
                ObjectNode message = JSON.objectNode();
                message.put("jsonrpc", "2.0");
                message.put("id", ServerRequestId.of(event.callId(), event.requestId()));
                message.put("method", event.method());
                message.set("params", event.params());
                stream.append(codec.mapper().writeValueAsString(message));
            }
        }
    }

    /**
     * Serves a call's stream on the POST response: JSON if the result comes first, else SSE. Returns
     * when the result was written, the call was cancelled, the worker asked to close the stream, or
     * the client went away; the call runs on regardless, and its stream can be resumed.
     */
    private void serveCall(CallScope scope, PendingCall call, SseStream stream, HttpServletResponse response, boolean sseNow,
            boolean canStream, JsonNode id) throws IOException {
        serveCall(scope, call, stream, response, sseNow, canStream, id, 0);
    }

    private void serveCall(CallScope scope, PendingCall call, SseStream stream, HttpServletResponse response, boolean sseNow,
            boolean canStream, JsonNode id, long from) throws IOException {
        McpSession session = scope.session();
        SseWriter sse = new SseWriter(response);
        long token = stream.attachReader();
        long after = from;
        java.util.Map<String, JsonNode> round = new java.util.LinkedHashMap<>();
        try {
            if (sseNow) {
                sse.open(null, priming(session, stream, 0));
            }
            while (true) {
                SseStream.Message message = stream.next(after, 15_000, token);
                if (message == null) {
                    if (stream.drained(after) || !stream.isReader(token)) {
                        break;
                    }
                    if (sse.opened()) {
                        sse.comment("keep-alive");
                    }
                    continue;
                }
                after = message.seq();
                if (message.kind() == SseStream.Kind.INPUT) {
                    JsonNode input = codec.tree(message.json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    round.put(input.path("key").asString(), input);
                    if (round.size() < input.path("count").asInt(1)) {
                        continue;
                    }
                    ObjectNode result = inputRequired(call, scope, stream, after, round);
                    if (sse.opened()) {
                        sse.event(null, envelope(id, result));
                    } else {
                        writeJson(response, 200, envelope(id, result));
                    }
                    return; // the call waits for the client's retry
                }
                if (message.kind() == SseStream.Kind.DISCONNECT) {
                    if (!canStream) {
                        continue;
                    }
                    if (!sse.opened()) {
                        sse.open(null, priming(session, stream, message.seq()));
                    }
                    return; // SEP-1699: the client reconnects with Last-Event-ID and gets the rest
                }
                if (!sse.opened()) {
                    if (message.kind() == SseStream.Kind.FINAL) {
                        writeJson(response, message.status(), message.json());
                        return;
                    }
                    if (!canStream) {
                        continue; // the client takes JSON only: it cannot get what the call says on the way
                    }
                    sse.open(null, priming(session, stream, message.seq() - 1));
                }
                sse.event(message.eventId(), message.json());
                if (message.kind() == SseStream.Kind.FINAL) {
                    return;
                }
            }
            if (!sse.opened()) {
                // cancelled before anything was sent: no response for a cancelled request
                if (canStream) {
                    sse.open(null, null);
                } else {
                    writeError(response, 200, id, RpcError.REQUEST_CANCELLED, "Request cancelled", null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (scope.stateless()) {
                // 2026-07-28: closing the response stream is how a client cancels
                calls.cancel(call, null, "the client closed the response stream");
            }
            // a session's call runs on and its stream can be resumed
        } finally {
            if (session != null && !stream.drained(after)) {
                session.retain(stream); // the client did not get everything: let it resume
            }
        }
    }

    /** Suspends a stateless call on a round of requests and renders the {@code input_required} result for it. */
    private ObjectNode inputRequired(PendingCall call, CallScope scope, SseStream stream, long after,
            java.util.Map<String, JsonNode> round) {
        String state = requestStates.sign(call.callId(), after, System.currentTimeMillis() + 10 * 60_000);
        suspended.put(call.callId(), new Suspended(scope, call, stream, after, after, java.util.Map.copyOf(round), state));
        return inputRequiredResult(round, round.keySet(), state);
    }

    private ObjectNode inputRequiredResult(java.util.Map<String, JsonNode> round, java.util.Collection<String> keys, String state) {
        ObjectNode result = JSON.objectNode();
        result.put("resultType", "input_required");
        ObjectNode requests = result.putObject("inputRequests");
        for (String key : keys) {
            JsonNode input = round.get(key);
            ObjectNode request = requests.putObject(key);
            request.put("method", input.path("method").asString());
            request.set("params", input.path("params"));
        }
        result.put("requestState", state);
        return result;
    }

    /**
     * The client's retry of a {@code tools/call} that got {@code input_required}: checks the signed
     * state, relays the answers to the waiting handler, and serves the rest of the call (another
     * round, or the result). A missing answer is asked for again.
     */
    private void continueToolCall(JsonNode id, JsonNode params, HttpServletResponse response, String accept) throws IOException {
        RequestStates.State state = requestStates.verify(params.path("requestState").asString(""), System.currentTimeMillis());
        if (state == null) {
            throw JsonRpcException.invalidParams("Invalid params: 'requestState' is not one this server issued (changed or expired)");
        }
        Suspended waiting = suspended.get(state.callId());
        if (waiting == null || waiting.round() != state.round()) {
            throw JsonRpcException.invalidParams("Invalid params: 'requestState' names a call that is no longer waiting for input"
                    + " on this gateway (finished, timed out, or suspended on another replica)");
        }
        JsonNode responses = params.path("inputResponses");
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (String key : waiting.requests().keySet()) {
            if (!responses.path(key).isObject()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            writeResult(response, id, inputRequiredResult(waiting.requests(), missing, waiting.requestState()), "application/json", null);
            return;
        }
        if (!suspended.remove(state.callId(), waiting)) {
            throw JsonRpcException.invalidParams("Invalid params: this 'requestState' was already answered");
        }
        waiting.scope().responseId().set(id);
        long now = System.currentTimeMillis();
        for (var entry : waiting.requests().entrySet()) {
            calls.answer(ClientAnswer.response(state.callId(), null, entry.getValue().path("requestId").asString(),
                    responses.path(entry.getKey()), null, now));
        }
        boolean canStream = acceptsSse(accept);
        serveCall(waiting.scope(), waiting.call(), waiting.stream(), response, canStream && (preferSse || !acceptsJson(accept)), canStream,
                id, waiting.after());
    }

    /** The priming event id of a stream, naming the position after message {@code seq} (2025-11-25 and later; null for older clients). */
    private static String priming(McpSession session, SseStream stream, long seq) {
        return session != null && McpProtocol.primesStreams(session.state().protocolVersion()) ? stream.eventId(seq) : null;
    }

    private void writeJson(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(APPLICATION_JSON);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private String errorEnvelope(JsonNode id, int code, String message, JsonNode data) {
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

    private String envelope(JsonNode id, JsonNode result) {
        ObjectNode envelope = JSON.objectNode();
        envelope.put("jsonrpc", "2.0");
        envelope.set("id", id);
        envelope.set("result", result);
        return codec.mapper().writeValueAsString(envelope);
    }

    /** {@code notifications/cancelled}: stops the call here, or tells the workers when it runs through another replica. */
    private void cancel(McpSession session, JsonNode params) {
        JsonNode requestId = params.path("requestId");
        if (!validId(requestId)) {
            return; // a notification gets no answer; nothing to cancel
        }
        String reason = params.path("reason").isString() ? params.path("reason").asString() : null;
        PendingCall call = session.inflight(idText(requestId));
        if (call != null) {
            calls.cancel(call, session.reference(), reason);
        } else {
            calls.cancelElsewhere(session.reference(), idText(requestId), reason);
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
        String uri = McpMethods.uri(params);
        boolean subscribe = "resources/subscribe".equals(method);
        if (subscribe || session.state().subscriptions().contains(uri)) {
            methods.checkSubscription(method, params, clientContext(session, id, false));
        }
        sessions.setSubscription(session, uri, subscribe);
        return JSON.objectNode();
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
        result.set("capabilities", capabilities());
        ObjectNode serverInfo = result.putObject("serverInfo");
        serverInfo.put("name", "zen");
        serverInfo.put("title", "Zen MCP gateway");
        serverInfo.put("version", this.version);
        result.put("instructions", INSTRUCTIONS);
        writeResult(response, id, result, accept, session.id());
    }

    private static final String INSTRUCTIONS =
            "Zen routes every tool call through Kafka to a worker group; tools/list shows the tools of live workers.";

    /** What the server offers; the same for both eras. */
    private static ObjectNode capabilities() {
        ObjectNode capabilities = JSON.objectNode();
        capabilities.putObject("tools").put("listChanged", true);
        capabilities.putObject("resources").put("subscribe", true).put("listChanged", true);
        capabilities.putObject("prompts").put("listChanged", true);
        capabilities.putObject("completions");
        capabilities.putObject("logging");
        return capabilities;
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

    /** A JSON-RPC id as text: strings as they are, integers in decimal. */
    static String idText(JsonNode id) {
        return id == null ? null : id.isString() ? id.asString() : id.asString();
    }

    private static boolean validId(JsonNode id) {
        return id != null && (id.isString() || id.isIntegralNumber());
    }
}
