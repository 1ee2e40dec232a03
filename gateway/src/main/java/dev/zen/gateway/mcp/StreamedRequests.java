package dev.zen.gateway.mcp;

import dev.zen.gateway.core.CallResult;
import dev.zen.gateway.core.CallService;
import dev.zen.gateway.core.PendingCall;
import dev.zen.gateway.core.ResultMeta;
import dev.zen.gateway.core.ServiceRequestFailed;
import dev.zen.gateway.core.ServiceRequests;
import dev.zen.schemas.CallEvent;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.ClientContext;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.RpcError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the requests a worker answers and that may talk to the client on the way
 * ({@code tools/call}, {@code prompts/get}, {@code resources/read}): sends them, turns their events into
 * messages on the request's {@link SseStream} (progress, log messages, requests to the client, or for
 * a stateless client an {@code input_required} round), and serves that stream on the POST response,
 * as JSON when the result comes first, else as SSE. Holds the stateless requests suspended on
 * {@code input_required} until the client's retry. Thread safe.
 */
@Component
final class StreamedRequests {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final McpMethods methods;
    private final CallService calls;
    private final RequestStates requestStates;
    private final ServiceRequests requests;
    private final McpWire wire;
    private final RecordCodec codec;

    private final dev.zen.gateway.core.JobService jobs;
    private final long taskAfterMs;
    private final java.time.Duration taskTimeout;

    StreamedRequests(McpMethods methods, CallService calls, ServiceRequests requests, RequestStates requestStates, McpWire wire,
            RecordCodec codec, dev.zen.gateway.core.JobService jobs, dev.zen.gateway.GatewayProperties properties) {
        this.jobs = jobs;
        this.taskAfterMs = properties.taskAfter().toMillis();
        this.taskTimeout = properties.jobTimeout();
        this.methods = methods;
        this.requests = requests;
        this.calls = calls;
        this.requestStates = requestStates;
        this.wire = wire;
        this.codec = codec;
    }

    /** What workers may know of the client behind a request. */
    static ClientContext clientContext(McpSession session, JsonNode id, boolean streaming) {
        return new ClientContext(session.reference(), McpWire.idText(id), session.state().clientCapabilities(), streaming, session.logLevel());
    }

    /**
     * Where a request comes from: a session (2025 revisions; its streams are resumable and it can be
     * asked things mid-call) or a stateless 2026-07-28 request ({@code session} null). {@code responseId}
     * is the JSON-RPC id the response answers (a stateless retry after {@code input_required} has a new one).
     */
    record CallScope(McpSession session, ClientContext client, java.util.concurrent.atomic.AtomicReference<JsonNode> responseId,
            java.util.concurrent.atomic.AtomicReference<String> task) {

        CallScope(McpSession session, ClientContext client) {
            this(session, client, new java.util.concurrent.atomic.AtomicReference<>(), new java.util.concurrent.atomic.AtomicReference<>());
        }

        boolean stateless() {
            return session == null;
        }

        /**
         * Whether a log message at {@code level} goes to the client: a session's current level (set
         * through any replica); a stateless request's own level, and none when it asked for none.
         */
        boolean wantsLog(String level) {
            if (session != null) {
                return dev.zen.schemas.LogLevels.passes(level, session.logLevel());
            }
            return client.logLevel() != null && dev.zen.schemas.LogLevels.passes(level, client.logLevel());
        }
    }

    /**
     * A stateless call waiting for its client's answers (2026-07-28, {@code input_required}): where its
     * stream was read up to, and the round of requests it waits for, by the handler's keys.
     */
    private record Suspended(CallScope scope, Streamed call, SseStream stream, long after,
            java.util.Map<String, JsonNode> requests, String requestState) {
    }

    private final java.util.Map<String, Suspended> suspended = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A request a worker answers and that may talk to the client on the way ({@code tools/call},
     * {@code prompts/get}, {@code resources/read}): its id on Kafka, how it ends for the client (the
     * rendered response for the id the client waits on; {@code null} when cancelled: no response),
     * and how to cancel it.
     */
    record Streamed(String callId, java.util.concurrent.CompletableFuture<Outcome> outcome,
            java.util.function.Consumer<String> cancel, java.util.function.Supplier<ObjectNode> toTask) {

        Streamed(String callId, java.util.concurrent.CompletableFuture<Outcome> outcome, java.util.function.Consumer<String> cancel) {
            this(callId, outcome, cancel, null);
        }
    }

    /** The response that ends a streamed request: an envelope for the request id, and its HTTP status. */
    record Outcome(java.util.function.Function<JsonNode, String> envelope, int status) {
    }

    /**
     * {@code tools/call}: sends the call and serves its response stream. Answered as plain JSON unless
     * the call says something to the client before its result (progress, a log message, a request) and
     * the client accepts SSE: then the response turns into an SSE stream, resumable with Last-Event-ID.
     */
    void callTool(McpSession session, JsonNode id, McpParams.CallTool call, HttpServletResponse response, String accept)
            throws IOException {
        runToolCall(new CallScope(session, clientContext(session, id, McpWire.acceptsSse(accept))), id, call,
                response, accept, false);
    }

    /**
     * {@code tools/call}; when {@code mayBecomeTask} (a 2026-07-28 client that declared the tasks
     * extension, a tool that supports tasks), a call that has neither ended nor asked its client
     * something within {@code ZEN_TASK_AFTER} is turned into a task: the client gets the task, and
     * the call runs on as a job (with the job timeout rather than the call timeout).
     */
    void runToolCall(CallScope scope, JsonNode id, McpParams.CallTool request, HttpServletResponse response, String accept,
            boolean mayBecomeTask) throws IOException {
        runStreamed(scope, id, response, accept, events -> {
            PendingCall call = methods.startToolCall(request, scope.client(), events, mayBecomeTask ? taskTimeout : null);
            String session = scope.session() == null ? null : scope.session().reference();
            java.util.function.Supplier<ObjectNode> toTask = !mayBecomeTask || call.callId() == null ? null
                    : () -> McpTasks.created2026(jobs.adopt(dev.zen.gateway.security.Callers.current(), request.name(), call,
                            System.currentTimeMillis() + taskTimeout.toMillis()));
            return new Streamed(call.callId(), call.result().thenApply(result -> toolOutcome(scope, result)),
                    reason -> calls.cancel(call, session, reason), toTask);
        });
    }

    /**
     * {@code resources/read}: like a tool call, the worker's handler may talk to the client (or, for a
     * stateless client, ask it with {@code input_required}) before its result. {@code params} go to
     * the worker as they came.
     */
    void readResource(CallScope scope, McpParams.ReadResource read, JsonNode id, JsonNode params, HttpServletResponse response,
            String accept) throws IOException {
        methods.allowedResource(read.uri()); // 403 for the policy, before anything is sent
        runServiceRequest(scope, "resources/read", read.uri(), id, params, response, accept);
    }

    /** {@code prompts/get}: as {@link #readResource}. */
    void getPrompt(CallScope scope, McpParams.GetPrompt get, JsonNode id, JsonNode params, HttpServletResponse response, String accept)
            throws IOException {
        methods.allowedPrompt(get.name());
        runServiceRequest(scope, "prompts/get", get.name(), id, params, response, accept);
    }

    private void runServiceRequest(CallScope scope, String method, String target, JsonNode id, JsonNode params,
            HttpServletResponse response, String accept) throws IOException {
        runStreamed(scope, id, response, accept, events -> {
            ServiceRequests.PendingRequest request;
            try {
                request = requests.start(method, target, params, dev.zen.gateway.security.Callers.current(), scope.client(), events);
            } catch (ServiceRequestFailed failed) {
                throw serviceError(scope, failed.error());
            }
            String session = scope.session() == null ? null : scope.session().reference();
            return new Streamed(request.requestId(), request.response().thenApply(answer -> serviceOutcome(scope, method, answer)),
                    reason -> {
                        request.response().complete(null);
                        calls.answer(ClientAnswer.cancel(request.requestId(), session, null, reason, System.currentTimeMillis()));
                    });
        });
    }

    private void runStreamed(CallScope scope, JsonNode id, HttpServletResponse response, String accept,
            java.util.function.Function<java.util.function.Consumer<CallEvent>, Streamed> start) throws IOException {
        boolean canStream = McpWire.acceptsSse(accept);
        String requestId = McpWire.idText(id);
        McpSession session = scope.session();
        SseStream stream = session != null ? session.openCallStream() : new SseStream("s" + Long.toHexString(System.nanoTime()), 1_000);
        scope.responseId().set(id);
        Streamed call = start.apply(event -> relayEvent(scope, stream, event));
        if (session != null) {
            session.running(requestId, call);
        }
        call.outcome().whenComplete((outcome, error) -> {
            if (session != null) {
                session.finished(requestId, call);
            } else if (call.callId() != null) {
                suspended.remove(call.callId());
            }
            if (outcome == null) {
                stream.finish(); // cancelled: the client gets no response
            } else {
                // a stateless request answers the id of the client's latest retry
                stream.appendFinal(outcome.envelope().apply(scope.responseId().get()), outcome.status());
            }
        });
        serveCall(scope, call, stream, response, canStream && (wire.preferSse() || !McpWire.acceptsJson(accept)), canStream, id);
    }

    private Outcome toolOutcome(CallScope scope, CallResult result) {
        if (result == null || result.status() == CallResult.Status.CANCELLED) {
            return null;
        }
        if (scope.stateless() && result.missingCapability()) {
            // (a session client gets the tool error result instead, as before 2026-07-28)
            JsonNode required = result.failure().data() == null ? JSON.objectNode() : result.failure().data().path("requiredCapabilities");
            JsonRpcException error = StatelessRequest.spelled(true, StatelessRequest.MISSING_CAPABILITY, result.failure().message(),
                    JSON.objectNode().set("requiredCapabilities", required));
            return new Outcome(id -> wire.errorEnvelope(id, error.code(), error.getMessage(), error.data()), error.httpStatus());
        }
        ObjectNode rendered = ResultMeta.render(result, codec);
        if (scope.stateless()) {
            rendered.put("resultType", "complete");
        }
        return new Outcome(id -> wire.envelope(id, rendered), 200);
    }

    private Outcome serviceOutcome(CallScope scope, String method, dev.zen.schemas.ServiceResponse answer) {
        if (answer == null) {
            return null; // cancelled
        }
        if (answer.error() != null) {
            JsonRpcException error = serviceError(scope, answer.error());
            return new Outcome(id -> wire.errorEnvelope(id, error.code(), error.getMessage(), error.data()), error.httpStatus());
        }
        ObjectNode result = (ObjectNode) answer.result().deepCopy();
        if (scope.stateless()) {
            StatelessEndpoint.stamp(method, result);
        }
        return new Outcome(id -> wire.envelope(id, result), 200);
    }

    /** A worker's error as the client's revision spells it. */
    private static JsonRpcException serviceError(CallScope scope, dev.zen.schemas.RpcError error) {
        return StatelessRequest.spelled(scope.stateless(), error.code(), error.message(), error.data());
    }

    /** Turns a call event into the JSON-RPC message the client gets on the call's stream (on the bus's thread: no blocking). */
    private void relayEvent(CallScope scope, SseStream stream, CallEvent event) {
        String task = scope.task().get();
        if (task != null) {
            jobs.onEvent(task, event); // the call became a task: what it says goes on the job
            return;
        }
        switch (event.kind()) {
            case CLOSE_STREAM -> {
                if (!scope.stateless()) {
                    stream.requestDisconnect(); // a stateless stream cannot be resumed
                }
            }
            case NOTIFICATION -> {
                if ("notifications/message".equals(event.method()) && !scope.wantsLog(event.params().path("level").asString(""))) {
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
    private void serveCall(CallScope scope, Streamed call, SseStream stream, HttpServletResponse response, boolean sseNow,
            boolean canStream, JsonNode id) throws IOException {
        serveCall(scope, call, stream, response, sseNow, canStream, id, 0);
    }

    private void serveCall(CallScope scope, Streamed call, SseStream stream, HttpServletResponse response, boolean sseNow,
            boolean canStream, JsonNode id, long from) throws IOException {
        McpSession session = scope.session();
        SseWriter sse = new SseWriter(response);
        long token = stream.attachReader();
        long after = from;
        java.util.Map<String, JsonNode> round = new java.util.LinkedHashMap<>();
        long taskAt = call.toTask() == null ? Long.MAX_VALUE : System.currentTimeMillis() + taskAfterMs;
        try {
            if (sseNow) {
                sse.open(null, priming(session, stream, 0));
            }
            while (true) {
                SseStream.Message message = stream.next(after, Math.max(1, Math.min(15_000, taskAt - System.currentTimeMillis())), token);
                if (message == null && System.currentTimeMillis() >= taskAt && !stream.drained(after) && stream.isReader(token)) {
                    ObjectNode created = becomeTask(scope, call, stream, after, token);
                    if (sse.opened()) {
                        sse.event(null, wire.envelope(id, created));
                    } else {
                        wire.writeJson(response, 200, wire.envelope(id, created));
                    }
                    return;
                }
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
                        sse.event(null, wire.envelope(id, result));
                    } else {
                        wire.writeJson(response, 200, wire.envelope(id, result));
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
                        wire.writeJson(response, message.status(), message.json());
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
                    wire.writeError(response, 200, id, RpcError.REQUEST_CANCELLED, "Request cancelled", null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (scope.stateless()) {
                // 2026-07-28: closing the response stream is how a client cancels
                call.cancel().accept("the client closed the response stream");
            }
            // a session's call runs on and its stream can be resumed
        } finally {
            if (session != null && !stream.drained(after)) {
                session.retain(stream); // the client did not get everything: let it resume
            }
        }
    }

    /**
     * Turns a running call into a task: the job is stored, what the call says from now on goes on the
     * job, and so do requests of an unfinished round already on the stream. Returns the task to answer with.
     */
    private ObjectNode becomeTask(CallScope scope, Streamed call, SseStream stream, long after, long token) throws InterruptedException {
        ObjectNode created = call.toTask().get();
        scope.task().set(call.callId());
        suspended.remove(call.callId());
        SseStream.Message left;
        while ((left = stream.next(after, 0, token)) != null) {
            after = left.seq();
            if (left.kind() == SseStream.Kind.INPUT) {
                JsonNode input = codec.tree(left.json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                jobs.onEvent(call.callId(), CallEvent.request(call.callId(), 0, input.path("method").asString(), input.path("params"),
                        input.path("requestId").asString(), input.path("key").asString(), input.path("count").asInt(1),
                        System.currentTimeMillis()));
            }
        }
        return created;
    }

    /** Suspends a stateless call on a round of requests and renders the {@code input_required} result for it. */
    private ObjectNode inputRequired(Streamed call, CallScope scope, SseStream stream, long after,
            java.util.Map<String, JsonNode> round) {
        String state = requestStates.sign(call.callId(), after, System.currentTimeMillis() + 10 * 60_000);
        suspended.put(call.callId(), new Suspended(scope, call, stream, after, java.util.Map.copyOf(round), state));
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
     * The client's retry of a request that got {@code input_required}: checks the signed
     * state, relays the answers to the waiting handler, and serves the rest of the call (another
     * round, or the result). A missing answer is asked for again.
     */
    void continueStreamed(JsonNode id, McpParams.InputResponses retry, HttpServletResponse response, String accept) throws IOException {
        RequestStates.State state = requestStates.verify(retry.requestState(), System.currentTimeMillis());
        if (state == null) {
            throw JsonRpcException.invalidParams("Invalid params: 'requestState' is not one this server issued (changed or expired)");
        }
        Suspended waiting = suspended.get(state.callId());
        if (waiting == null || waiting.after() != state.round()) {
            throw JsonRpcException.invalidParams("Invalid params: 'requestState' names a call that is no longer waiting for input"
                    + " on this gateway (finished, timed out, or suspended on another replica)");
        }
        JsonNode responses = retry.responses();
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (String key : waiting.requests().keySet()) {
            if (!responses.path(key).isObject()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            wire.writeResult(response, id, inputRequiredResult(waiting.requests(), missing, waiting.requestState()), "application/json", null);
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
        boolean canStream = McpWire.acceptsSse(accept);
        serveCall(waiting.scope(), waiting.call(), waiting.stream(), response, canStream && (wire.preferSse() || !McpWire.acceptsJson(accept)), canStream,
                id, waiting.after());
    }

    /** The priming event id of a stream, naming the position after message {@code seq} (2025-11-25 and later; null for older clients). */
    private static String priming(McpSession session, SseStream stream, long seq) {
        return session != null && McpProtocol.primesStreams(session.state().protocolVersion()) ? stream.eventId(seq) : null;
    }
}
