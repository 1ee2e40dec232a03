package dev.zen.gateway.mcp;

import dev.zen.gateway.BuildVersion;
import dev.zen.schemas.ClientContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 2026-07-28 revision on {@code /mcp}: requests without a session, each validated on its own
 * ({@link StatelessRequest}), {@code server/discover}, {@code subscriptions/listen}, and results
 * stamped with {@code resultType} and the caching fields. Nothing is kept between requests, so any
 * replica serves any of them. Thread safe.
 */
@Component
final class StatelessEndpoint {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final McpMethods methods;
    private final StreamedRequests toolCalls;
    private final ListenStreams listeners;
    private final McpWire wire;
    private final String version;

    private final McpTasks tasks;

    StatelessEndpoint(McpMethods methods, StreamedRequests toolCalls, ListenStreams listeners, McpWire wire, BuildVersion version,
            McpTasks tasks) {
        this.tasks = tasks;
        this.methods = methods;
        this.toolCalls = toolCalls;
        this.listeners = listeners;
        this.wire = wire;
        this.version = version.value();
    }

    /** How long a client may cache list results, and their scope (the lists are the same for every client). */
    private static final long LIST_TTL_MS = 5_000;

    /**
     * A request of the 2026-07-28 revision: validated per request, served without a session, its
     * result stamped with {@code resultType} (and the caching fields where the revision asks for them).
     */
    void handle(JsonNode id, String name, JsonNode params, HttpServletRequest request, HttpServletResponse response,
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
        ClientContext client = new ClientContext(null, McpWire.idText(id), meta.clientCapabilities(), McpWire.acceptsSse(accept), meta.logLevel());
        switch (name) {
            case "tools/call" -> {
                McpParams.CallTool call = McpParams.CallTool.read(params);
                if (call.retry() != null) {
                    toolCalls.continueStreamed(id, call.retry(), response, accept);
                } else {
                    StatelessRequest.checkParamHeaders(request::getHeader, methods.inputSchemaOf(call.name()), call.arguments());
                    String support = tasks.taskSupport(call.name());
                    boolean declared = McpTasks.declared(meta.clientCapabilities());
                    if ("required".equals(support) && !declared) {
                        throw McpTasks.missingExtension("tool " + call.name());
                    }
                    toolCalls.runToolCall(new StreamedRequests.CallScope(null, client), id, call, response, accept,
                            declared && !"forbidden".equals(support));
                }
            }
            case "resources/read" -> {
                McpParams.ReadResource read = McpParams.ReadResource.read(params);
                if (read.retry() != null) {
                    toolCalls.continueStreamed(id, read.retry(), response, accept);
                } else {
                    toolCalls.readResource(new StreamedRequests.CallScope(null, client), read, id, params, response, accept);
                }
            }
            case "prompts/get" -> {
                McpParams.GetPrompt get = McpParams.GetPrompt.read(params);
                if (get.retry() != null) {
                    toolCalls.continueStreamed(id, get.retry(), response, accept);
                } else {
                    toolCalls.getPrompt(new StreamedRequests.CallScope(null, client), get, id, params, response, accept);
                }
            }
            case "subscriptions/listen" -> listen(id, McpParams.Listen.read(params), client, response);
            default -> {
                ObjectNode result;
                if ("server/discover".equals(name)) {
                    result = discover();
                } else if (name.startsWith("tasks/")) {
                    result = tasks.handleStateless(name, params, meta.clientCapabilities());
                } else {
                    try {
                        result = (ObjectNode) methods.dispatch(name, params, client).deepCopy();
                    } catch (JsonRpcException e) {
                        if (e.httpStatus() == 200) {
                            throw StatelessRequest.spelled(true, e.code(), e.getMessage(), e.data());
                        }
                        throw e;
                    }
                }
                stamp(name, result);
                wire.writeResult(response, id, result, accept, null);
            }
        }
    }

    /** Stamps a complete result of this revision: {@code resultType}, and the caching fields where the revision asks for them. */
    static void stamp(String method, ObjectNode result) {
        result.put("resultType", "complete");
        if (method.endsWith("/list") || "resources/read".equals(method)) {
            boolean read = "resources/read".equals(method);
            result.put("ttlMs", read ? 0 : LIST_TTL_MS);
            result.put("cacheScope", read ? "private" : "public");
        }
    }

    private ObjectNode discover() {
        ObjectNode result = JSON.objectNode();
        var supported = result.putArray("supportedVersions");
        StatelessRequest.VERSIONS.forEach(supported::add);
        ObjectNode capabilities = McpProtocol.capabilities();
        capabilities.putObject("extensions").putObject(McpTasks.EXTENSION);
        result.set("capabilities", capabilities);
        result.put("instructions", McpProtocol.INSTRUCTIONS);
        result.put("ttlMs", LIST_TTL_MS);
        result.put("cacheScope", "public");
        result.putObject("_meta").set(StatelessRequest.META_SERVER_INFO, StatelessRequest.serverInfo(version));
        return result;
    }

    /**
     * {@code subscriptions/listen}: a long-lived response stream of the notifications the client asked
     * for. Each resource subscription is checked with the worker that owns the URI, as a session's
     * {@code resources/subscribe} is; the acknowledgement lists only those honoured, so nobody hears of
     * changes to what it may not read.
     */
    private void listen(JsonNode id, McpParams.Listen wanted, ClientContext client, HttpServletResponse response) throws IOException {
        Set<String> honoured = new TreeSet<>();
        for (String uri : wanted.resourceSubscriptions()) {
            try {
                methods.checkSubscription("resources/subscribe", uri, JsonNodeFactory.instance.objectNode().put("uri", uri), client);
                honoured.add(uri);
            } catch (JsonRpcException refused) {
                // not honoured: left out of the acknowledgement
            }
        }
        ListenStreams.Listener listener = new ListenStreams.Listener(id, wanted.toolsListChanged(), wanted.promptsListChanged(),
                wanted.resourcesListChanged(), Collections.unmodifiableSet(honoured),
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
}
