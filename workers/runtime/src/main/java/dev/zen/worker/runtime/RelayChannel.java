package dev.zen.worker.runtime;

import dev.zen.schemas.CallEvent;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.ClientContext;
import dev.zen.schemas.ServerNotice;
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

    private final ToolCommand command;
    private final ClientContext client;
    private final String service;
    private final CallEventSink sink;
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, CompletableFuture<ClientAnswer>> waiting = new ConcurrentHashMap<>();
    private volatile boolean cancelled;
    private volatile Thread runner;

    RelayChannel(ToolCommand command, String service, CallEventSink sink) {
        this.command = command;
        this.client = command.client();
        this.service = service;
        this.sink = sink;
    }

    String callId() {
        return command.callId();
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
        JsonNode token = command.progressToken();
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
        send(CallEvent.notification(command.callId(), seq.getAndIncrement(), "notifications/progress", params, now()));
    }

    @Override
    public void log(String level, String logger, JsonNode data) {
        if (!McpLogLevels.ORDER.contains(level)) {
            throw new IllegalArgumentException("Expected a log level of " + McpLogLevels.ORDER + ", but was '" + level + "'");
        }
        if (client == null || !client.streaming() || cancelled || !McpLogLevels.passes(level, client.logLevel())) {
            return;
        }
        ObjectNode params = JSON.objectNode();
        params.put("level", level);
        if (logger != null) {
            params.put("logger", logger);
        }
        params.set("data", data == null ? JSON.nullNode() : data);
        send(CallEvent.notification(command.callId(), seq.getAndIncrement(), "notifications/message", params, now()));
    }

    @Override
    public JsonNode sample(JsonNode params) throws InterruptedException {
        return ask("sampling/createMessage", "sampling", params);
    }

    @Override
    public JsonNode elicit(JsonNode params) throws InterruptedException {
        return ask("elicitation/create", "elicitation", params);
    }

    private JsonNode ask(String method, String capability, JsonNode params) throws InterruptedException {
        if (!supports(capability)) {
            throw new MissingClientCapability(capability, "Expected the client to support " + capability
                    + ", but it did not declare the '" + capability + "' capability");
        }
        if (client.session() == null) {
            throw new ToolFailure("Expected to ask the client for " + capability + ", but a stateless (2026-07-28) request cannot be"
                    + " asked during the call, and Zen does not yet answer with input_required results");
        }
        if (!client.streaming()) {
            throw new ToolFailure("Expected to ask the client for " + capability + ", but it did not accept a streamed (SSE) response,"
                    + " so it cannot be asked during the call");
        }
        if (cancelled) {
            throw new InterruptedException("cancelled");
        }
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<ClientAnswer> answer = new CompletableFuture<>();
        waiting.put(requestId, answer);
        try {
            send(CallEvent.request(command.callId(), seq.getAndIncrement(), method, params, requestId, now()));
            ClientAnswer reply = answer.get(Math.max(1, command.remainingMillis(now())), TimeUnit.MILLISECONDS);
            if (reply.error() != null) {
                throw new ToolFailure("The client answered " + method + " with error " + reply.error().code() + ": " + reply.error().message());
            }
            return reply.result();
        } catch (TimeoutException e) {
            throw new InterruptedException("the deadline passed while waiting for the client's answer to " + method);
        } catch (ExecutionException e) {
            throw new ToolFailure("Expected an answer to " + method + ", but " + e.getCause().getMessage());
        } finally {
            waiting.remove(requestId);
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
            send(CallEvent.closeStream(command.callId(), seq.getAndIncrement(), now()));
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
        if (client == null || client.session() == null || !client.session().equals(answer.session())) {
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
