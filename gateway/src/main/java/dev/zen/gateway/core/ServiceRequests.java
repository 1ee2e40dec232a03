package dev.zen.gateway.core;

import dev.zen.schemas.ClientContext;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RpcError;
import dev.zen.schemas.ServiceRequest;
import dev.zen.schemas.ServiceResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Sends the MCP requests other than tool calls that workers answer ({@code resources/read},
 * {@code resources/subscribe}, {@code prompts/get}, {@code completion/complete}, ...) to the service
 * that owns the resource or prompt, and waits for its answer. Knows neither HTTP nor Kafka. Blocking:
 * call it on a virtual thread. Thread safe.
 */
public final class ServiceRequests {

    private final ToolCatalog catalog;
    private final CommandBus bus;
    private final Duration timeout;

    public ServiceRequests(ToolCatalog catalog, CommandBus bus, Duration timeout) {
        this.catalog = catalog;
        this.bus = bus;
        this.timeout = timeout;
    }

    /**
     * Starts {@code prompts/get} or {@code resources/read} of {@code target} (the prompt's name or the
     * resource's URI, as the edge read it from {@code params}) at the owning service and returns at
     * once: the handler may talk to the client on the way ({@code events}, on the bus's reader
     * thread). The response completes with the worker's answer, or with an error shortly after the deadline.
     *
     * @throws ServiceRequestFailed when no live worker serves the prompt or resource (nothing was sent)
     */
    public PendingRequest start(String method, String target, JsonNode params, Principal principal, ClientContext client,
            java.util.function.Consumer<dev.zen.schemas.CallEvent> events) {
        String service = switch (method) {
            case "resources/read" -> serviceOfResource(target);
            case "prompts/get" -> serviceOfPrompt(target, "");
            default -> throw new IllegalArgumentException("Expected resources/read or prompts/get, but was " + method);
        };
        return submit(service, method, params, principal, client, events);
    }

    /** A service request on its way: its id (also the key of its events) and its response (never exceptional). */
    public record PendingRequest(String requestId, java.util.concurrent.CompletableFuture<ServiceResponse> response) {
    }

    /** Reads a resource from the service that serves its URI. */
    public JsonNode readResource(String uri, JsonNode params, Principal principal, ClientContext client) {
        return await(submit(serviceOfResource(uri), "resources/read", params, principal, client, event -> { }));
    }

    /** Checks with the owning service that {@code uri} can be subscribed to ({@code resources/subscribe} or {@code /unsubscribe}). */
    public JsonNode subscription(String method, String uri, JsonNode params, Principal principal, ClientContext client) {
        return await(submit(serviceOfResource(uri), method, params, principal, client, event -> { }));
    }

    public JsonNode getPrompt(String name, JsonNode params, Principal principal, ClientContext client) {
        return await(submit(serviceOfPrompt(name, ""), "prompts/get", params, principal, client, event -> { }));
    }

    /** Completes an argument of the prompt {@code name} ({@code completion/complete} with a {@code ref/prompt}). */
    public JsonNode completePrompt(String name, JsonNode params, Principal principal, ClientContext client) {
        return await(submit(serviceOfPrompt(name, " in 'ref.name'"), "completion/complete", params, principal, client, event -> { }));
    }

    /** Completes an argument of the resource template (or resource) {@code uri} ({@code completion/complete} with a {@code ref/resource}). */
    public JsonNode completeResource(String uri, JsonNode params, Principal principal, ClientContext client) {
        String service = catalog.serviceOfTemplate(uri).orElseGet(() -> serviceOfResource(uri));
        return await(submit(service, "completion/complete", params, principal, client, event -> { }));
    }

    private String serviceOfResource(String uri) {
        return catalog.serviceOfResource(uri).orElseThrow(() -> notFound(uri));
    }

    private String serviceOfPrompt(String name, String where) {
        return catalog.livePrompt(name).map(Offering::service).orElseThrow(() -> new ServiceRequestFailed(
                new RpcError(RpcError.INVALID_PARAMS, "Invalid params: unknown prompt '" + name + "'" + where, null)));
    }

    /** Sends one request; the response completes with the answer, a timeout error shortly after the deadline, or a send error. */
    private PendingRequest submit(String service, String method, JsonNode params, Principal principal, ClientContext client,
            java.util.function.Consumer<dev.zen.schemas.CallEvent> events) {
        long now = System.currentTimeMillis();
        ServiceRequest request = new ServiceRequest(null, CallService.newCallId(), service, method, params, principal, client,
                now + timeout.toMillis(), bus.replyTo(), now);
        RpcError late = new RpcError(RpcError.INTERNAL_ERROR, "Internal error: service '" + service + "' did not answer " + method
                + " within " + timeout.toMillis() + " ms", null);
        java.util.concurrent.CompletableFuture<ServiceResponse> response = bus.request(request, events)
                .completeOnTimeout(ServiceResponse.ofError(request, late, null, now), timeout.toMillis() + 250, TimeUnit.MILLISECONDS)
                .exceptionally(e -> ServiceResponse.ofError(request, new RpcError(RpcError.INTERNAL_ERROR, "Internal error: could not send "
                        + method + " to service '" + service + "': " + e.getMessage(), null), null, System.currentTimeMillis()));
        response.whenComplete((r, e) -> bus.abandon(request.requestId()));
        return new PendingRequest(request.requestId(), response);
    }

    /** The result of a request, waiting for it; its error as {@link ServiceRequestFailed}. */
    private static JsonNode await(PendingRequest pending) {
        ServiceResponse response;
        try {
            response = pending.response().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceRequestFailed(new RpcError(RpcError.INTERNAL_ERROR, "Internal error: interrupted", null));
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pending request never completes exceptionally", e);
        }
        if (response.error() != null) {
            throw new ServiceRequestFailed(response.error());
        }
        return response.result();
    }

    private static ServiceRequestFailed notFound(String uri) {
        return new ServiceRequestFailed(new RpcError(RpcError.RESOURCE_NOT_FOUND, "Resource not found: " + uri,
                JsonNodeFactory.instance.objectNode().put("uri", uri)));
    }
}
