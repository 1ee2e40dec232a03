package dev.zen.gateway.mcp;

import dev.zen.gateway.core.CallRejected;
import dev.zen.gateway.core.CallResult;
import dev.zen.gateway.core.CallService;
import dev.zen.gateway.core.Offering;
import dev.zen.gateway.core.PendingCall;
import dev.zen.gateway.core.ResultMeta;
import dev.zen.gateway.core.ServiceRequestFailed;
import dev.zen.gateway.core.ServiceRequests;
import dev.zen.schemas.CallEvent;
import dev.zen.schemas.ClientContext;
import dev.zen.gateway.core.ToolCatalog;
import dev.zen.gateway.security.Callers;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers the MCP methods that need no session of their own: {@code ping}, the paginated lists
 * ({@code tools/list}, {@code resources/list}, {@code resources/templates/list}, {@code prompts/list},
 * from the registry), and the requests workers answer through Kafka ({@code tools/call},
 * {@code resources/read}, {@code prompts/get}, {@code completion/complete}). Session methods
 * ({@code initialize}, {@code logging/setLevel}, subscriptions) and streaming are the controller's.
 * Thread safe.
 */
@Component
final class McpMethods {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ToolCatalog catalog;
    private final CallService calls;
    private final ServiceRequests requests;
    private final dev.zen.gateway.core.AccessPolicy policy;
    private final RecordCodec codec;
    private final int pageSize;

    McpMethods(ToolCatalog catalog, CallService calls, ServiceRequests requests, dev.zen.gateway.core.AccessPolicy policy,
            RecordCodec codec, dev.zen.gateway.GatewayProperties properties) {
        this.policy = policy;
        this.catalog = catalog;
        this.calls = calls;
        this.requests = requests;
        this.codec = codec;
        this.pageSize = properties.pageSize();
    }

    /**
     * Answers {@code method}, reading its params once into their {@link McpParams} record (-32602
     * naming the field when they do not fit); requests a worker answers carry {@code params} to it
     * as they came. {@code client} is what workers may know of the caller (null for none).
     */
    JsonNode dispatch(String method, JsonNode params, ClientContext client) {
        Principal caller = Callers.current();
        try {
            return switch (method) {
                case "ping" -> JSON.objectNode();
                case "tools/list" -> page(McpParams.ListRequest.read(params), "tools", catalog.liveTools().stream()
                        .filter(t -> policy.mayCallTool(caller, t.name()))
                        .map(t -> (JsonNode) toolJson(t.descriptor())).toList());
                case "tools/call" -> ResultMeta.render(awaitCall(startToolCall(McpParams.CallTool.read(params), client, event -> { }, null)),
                        codec);
                case "resources/list" -> page(McpParams.ListRequest.read(params), "resources", catalog.liveResources().stream()
                        .filter(r -> policy.mayReadResource(caller, r.descriptor().path("uri").asString()))
                        .map(Offering::descriptor).toList());
                case "resources/templates/list" -> page(McpParams.ListRequest.read(params), "resourceTemplates",
                        catalog.liveTemplates().stream()
                                .filter(t -> policy.mayReadResource(caller, t.template().toString()))
                                .map(Offering::descriptor).toList());
                case "prompts/list" -> page(McpParams.ListRequest.read(params), "prompts", catalog.livePrompts().stream()
                        .filter(p -> policy.mayGetPrompt(caller, p.descriptor().path("name").asString()))
                        .map(Offering::descriptor).toList());
                case "resources/read" -> requests.readResource(allowedResource(McpParams.ReadResource.read(params).uri()), params, caller,
                        client);
                case "prompts/get" -> requests.getPrompt(allowedPrompt(McpParams.GetPrompt.read(params).name()), params, caller, client);
                case "completion/complete" -> {
                    McpParams.Complete.Reference ref = McpParams.Complete.read(params).ref();
                    yield ref.prompt() ? requests.completePrompt(allowedPrompt(ref.target()), params, caller, client)
                            : requests.completeResource(allowedResource(ref.target()), params, caller, client);
                }
                default -> throw new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Method not found: " + method, null, 200);
            };
        } catch (ServiceRequestFailed failed) {
            throw new JsonRpcException(failed.error().code(), failed.error().message(), failed.error().data(), 200);
        }
    }

    /** The resource URI, when the caller's roles may read it; else 403. */
    String allowedResource(String uri) {
        if (!policy.mayReadResource(Callers.current(), uri)) {
            throw forbidden("read resource " + uri);
        }
        return uri;
    }

    /** The prompt name, when the caller's roles may get it; else 403. */
    String allowedPrompt(String name) {
        if (!policy.mayGetPrompt(Callers.current(), name)) {
            throw forbidden("get prompt " + name);
        }
        return name;
    }

    static JsonRpcException forbidden(String what) {
        var caller = Callers.current();
        return new JsonRpcException(JsonRpcException.FORBIDDEN, "Forbidden: the roles " + caller.roles() + " of '" + caller.subject()
                + "' may not " + what, null, 403);
    }

    /** Checks with the owning worker that {@code uri} exists, for {@code resources/subscribe} and {@code resources/unsubscribe}. */
    void checkSubscription(String method, String uri, JsonNode params, ClientContext client) {
        try {
            requests.subscription(method, allowedResource(uri), params, Callers.current(), client);
        } catch (ServiceRequestFailed failed) {
            throw new JsonRpcException(failed.error().code(), failed.error().message(), failed.error().data(), 200);
        }
    }

    /** The input schema of a live tool, or null. */
    JsonNode inputSchemaOf(String tool) {
        return catalog.liveTool(tool).map(t -> t.descriptor().inputSchema()).orElse(null);
    }

    private JsonNode page(McpParams.ListRequest request, String field, List<JsonNode> items) {
        int offset = decodeCursor(request.cursor());
        ObjectNode result = JSON.objectNode();
        ArrayNode array = result.putArray(field);
        int end = Math.min(items.size(), offset + pageSize);
        for (int i = offset; i < end; i++) {
            array.add(items.get(i));
        }
        if (end < items.size()) {
            result.put("nextCursor", encodeCursor(end));
        }
        return result;
    }

    private static CallResult awaitCall(PendingCall call) {
        try {
            return call.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JsonRpcException(JsonRpcException.INTERNAL_ERROR, "Internal error: interrupted", null, 500);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode toolJson(ToolDescriptor tool) {
        ObjectNode json = JSON.objectNode();
        json.put("name", tool.name());
        if (tool.title() != null) {
            json.put("title", tool.title());
        }
        if (tool.description() != null) {
            json.put("description", tool.description());
        }
        json.set("inputSchema", tool.inputSchema());
        if (tool.outputSchema() != null) {
            json.set("outputSchema", tool.outputSchema());
        }
        if (tool.annotations() != null) {
            json.set("annotations", codec.toTree(tool.annotations()));
        }
        if (!"forbidden".equals(tool.taskSupport())) {
            json.putObject("execution").put("taskSupport", tool.taskSupport());
        }
        return json;
    }

    /**
     * Starts {@code tools/call}: the call runs on; {@code events} hears its events (must not block).
     * {@code timeout} is its own time limit (null: the gateway's call timeout).
     */
    PendingCall startToolCall(McpParams.CallTool call, ClientContext client, java.util.function.Consumer<CallEvent> events,
            java.time.Duration timeout) {
        try {
            Principal caller = dev.zen.gateway.security.Callers.current();
            return timeout == null ? calls.submit(call.name(), call.arguments(), caller, call.progressToken(), client, events)
                    : calls.submit(call.name(), call.arguments(), caller, call.progressToken(), client, events, timeout);
        } catch (dev.zen.gateway.core.RateLimited | CallRejected refused) {
            throw refusal(refused);
        }
    }

    /** A call refused before anything was sent, as MCP says it: 429 over a limit, 403 forbidden, -32602 otherwise (naming the pointer). */
    static JsonRpcException refusal(RuntimeException refused) {
        if (refused instanceof dev.zen.gateway.core.RateLimited limited) {
            return new JsonRpcException(JsonRpcException.RATE_LIMITED, limited.getMessage(), JSON.objectNode()
                    .put("retryAfterMs", limited.retryAfterMillis()).put("retryAfterSeconds", limited.retryAfterSeconds()), 429);
        }
        CallRejected rejected = (CallRejected) refused;
        if (rejected.reason() == CallRejected.Reason.FORBIDDEN) {
            return new JsonRpcException(JsonRpcException.FORBIDDEN, rejected.getMessage(), null, 403);
        }
        ObjectNode data = null;
        if (!rejected.violations().isEmpty()) {
            data = JSON.objectNode();
            ArrayNode errors = data.putArray("errors");
            rejected.violations().forEach(v -> errors.addObject()
                    .put("pointer", "/arguments" + (v.pointer().equals("/") ? "" : v.pointer()))
                    .put("message", v.message()));
        }
        return new JsonRpcException(JsonRpcException.INVALID_PARAMS, rejected.getMessage(), data, 200);
    }

    private static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("o:")) {
                throw new IllegalArgumentException();
            }
            int offset = Integer.parseInt(text.substring(2));
            if (offset < 0) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw JsonRpcException.invalidParams("Invalid params: 'cursor' is not a cursor this server issued");
        }
    }
}
