package dev.zen.worker.runtime;

import dev.zen.schemas.CallEvent;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.ClientContext;
import dev.zen.schemas.LogLevels;
import dev.zen.schemas.ServerNotice;
import dev.zen.schemas.ServiceRequest;
import dev.zen.schemas.ToolCommand;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link ClientChannel} of one running command: turns what the handler says into
 * {@link CallEvent}s, waits for the client's answers, and is told of a cancel. Thread safe.
 */
final class RelayChannel implements ClientChannel {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String callId;
    private final JsonNode progressToken;
    private final long deadline;
    private final ClientContext client;
    private final String service;
    private final CallEventSink sink;
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, CompletableFuture<ClientAnswer>> waiting = new ConcurrentHashMap<>();
    private volatile boolean cancelled;
    private volatile Thread runner;

    RelayChannel(ToolCommand command, String service, CallEventSink sink) {
        this(command.callId(), command.client(), command.progressToken(), command.deadline(), service, sink);
    }

    /** The channel of a service request (prompts/get, resources/read): its request id plays the call id. */
    RelayChannel(ServiceRequest request, String service, CallEventSink sink) {
        this(request.requestId(), request.client(), request.params().path("_meta").get("progressToken"), request.deadline(), service, sink);
    }

    private RelayChannel(String callId, ClientContext client, JsonNode progressToken, long deadline, String service, CallEventSink sink) {
        this.callId = callId;
        this.client = client;
        this.progressToken = progressToken;
        this.deadline = deadline;
        this.service = service;
        this.sink = sink;
    }

    String callId() {
        return callId;
    }

    /** The key a cancel by origin names this call with, or null when the call came without a client. */
    String originKey() {
        return client == null || client.session() == null || client.requestId() == null ? null : client.session() + "/" + client.requestId();
    }

    /** The thread that runs the handler: interrupted when the call is cancelled. */
    void runOn(Thread thread) {
        runner = thread;
        if (thread != null && cancelled) {
            thread.interrupt();
        }
    }

    @Override
    public void progress(double progress, Double total, String message) {
        JsonNode token = progressToken;
        if (token == null || token.isNull() || cancelled) {
            return;
        }
        ObjectNode params = JSON.objectNode();
        params.set("progressToken", token);
        params.put("progress", progress);
        if (total != null) {
            params.put("total", total);
        }
        if (message != null) {
            params.put("message", message);
        }
        send(CallEvent.notification(callId, seq.getAndIncrement(), "notifications/progress", params, now()));
    }

    @Override
    public void log(String level, String logger, JsonNode data) {
        if (!LogLevels.ORDER.contains(level)) {
            throw new IllegalArgumentException("Expected a log level of " + LogLevels.ORDER + ", but was '" + level + "'");
        }
        if (client == null || !client.streaming() || cancelled || !LogLevels.passes(level, client.logLevel())) {
            return;
        }
        ObjectNode params = JSON.objectNode();
        params.put("level", level);
        if (logger != null) {
            params.put("logger", logger);
        }
        params.set("data", data == null ? JSON.nullNode() : data);
        send(CallEvent.notification(callId, seq.getAndIncrement(), "notifications/message", params, now()));
    }

    @Override
    public JsonNode sample(JsonNode params) throws InterruptedException {
        return ask(Map.of("sampling", ClientRequest.sampling(params))).get("sampling");
    }

    @Override
    public JsonNode elicit(JsonNode params) throws InterruptedException {
        return ask(Map.of("elicitation", ClientRequest.elicitation(params))).get("elicitation");
    }

    @Override
    public Map<String, JsonNode> ask(Map<String, ClientRequest> requests) throws InterruptedException {
        if (requests.isEmpty()) {
            return Map.of();
        }
        for (ClientRequest request : requests.values()) {
            if (!supports(request.capability())) {
                throw new MissingClientCapability(request.capability(), "Expected the client to support " + request.capability()
                        + ", but it did not declare the '" + request.capability() + "' capability");
            }
        }
        if (client.session() != null && !client.streaming()) {
            throw new ToolFailure("Expected to ask the client for " + String.join(", ", requests.keySet()) + ", but it did not accept"
                    + " a streamed (SSE) response, so it cannot be asked during the call");
        }
        if (cancelled) {
            throw new InterruptedException("cancelled");
        }
        Map<String, String> requestIds = new java.util.LinkedHashMap<>();
        Map<String, CompletableFuture<ClientAnswer>> answers = new java.util.LinkedHashMap<>();
        for (String key : requests.keySet()) {
            String requestId = UUID.randomUUID().toString();
            requestIds.put(key, requestId);
            CompletableFuture<ClientAnswer> answer = new CompletableFuture<>();
            answers.put(key, answer);
            waiting.put(requestId, answer);
        }
        try {
            for (var entry : requests.entrySet()) {
                send(CallEvent.request(callId, seq.getAndIncrement(), entry.getValue().method(), entry.getValue().params(),
                        requestIds.get(entry.getKey()), entry.getKey(), requests.size(), now()));
            }
            Map<String, JsonNode> results = new java.util.LinkedHashMap<>();
            for (var entry : answers.entrySet()) {
                String method = requests.get(entry.getKey()).method();
                ClientAnswer reply = entry.getValue().get(Math.max(1, deadline - now()), TimeUnit.MILLISECONDS);
                if (reply.error() != null) {
                    throw new ToolFailure("The client answered " + method + " with error " + reply.error().code() + ": "
                            + reply.error().message());
                }
                results.put(entry.getKey(), reply.result());
            }
            return results;
        } catch (TimeoutException e) {
            throw new InterruptedException("the deadline passed while waiting for the client's answers");
        } catch (ExecutionException e) {
            throw new ToolFailure("Expected the client's answers, but " + e.getCause().getMessage());
        } finally {
            requestIds.values().forEach(waiting::remove);
        }
    }

    @Override
    public boolean supports(String capability) {
        return client != null && client.supports(capability);
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public void closeStream() {
        if (client != null && client.streaming()) {
            send(CallEvent.closeStream(callId, seq.getAndIncrement(), now()));
        }
    }

    @Override
    public void resourceUpdated(String uri) {
        sink.notice(ServerNotice.resourceUpdated(service, uri, now()));
    }

    @Override
    public void listChanged(String list) {
        sink.notice(ServerNotice.listChanged(service, list, now()));
    }

    /** A client's answer to one of this call's requests; ignored unless it comes from the call's own session. */
    void answered(ClientAnswer answer) {
        // a session's answers must come from that session; a stateless call's carry no session (the gateway
        // relays them only for a request state it signed)
        if (client == null || !java.util.Objects.equals(client.session(), answer.session())) {
            return;
        }
        CompletableFuture<ClientAnswer> future = waiting.get(answer.requestId());
        if (future != null) {
            future.complete(answer);
        }
    }

    /** The client cancelled the call: the handler sees {@link #cancelled()} and its thread is interrupted. */
    void cancel() {
        cancelled = true;
        Thread thread = runner;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void send(CallEvent event) {
        sink.event(event);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
