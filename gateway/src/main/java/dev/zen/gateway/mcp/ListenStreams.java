package dev.zen.gateway.mcp;

import dev.zen.schemas.RecordCodec;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The open {@code subscriptions/listen} streams of this replica (2026-07-28): what each asked for
 * (tools, prompts or resources list changes, updates of given resource URIs) and the stream its POST
 * response serves. Every notification is stamped with the listen request's id
 * ({@code _meta.io.modelcontextprotocol/subscriptionId}); a stream gets only what it asked for.
 * Thread safe.
 */
@Component
final class ListenStreams {

    record Listener(JsonNode subscriptionId, boolean tools, boolean prompts, boolean resources, Set<String> uris, SseStream stream) {
    }

    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final RecordCodec codec;

    ListenStreams(RecordCodec codec) {
        this.codec = codec;
    }

    void add(Listener listener) {
        listeners.add(listener);
    }

    void remove(Listener listener) {
        listeners.remove(listener);
        listener.stream().finish();
    }

    /** {@code list} is {@code tools}, {@code prompts} or {@code resources}. */
    void listChanged(String list) {
        for (Listener listener : listeners) {
            boolean wanted = switch (list) {
                case "tools" -> listener.tools();
                case "prompts" -> listener.prompts();
                case "resources" -> listener.resources();
                default -> false;
            };
            if (wanted) {
                listener.stream().append(notification(listener, "notifications/" + list + "/list_changed", JsonNodeFactory.instance.objectNode()));
            }
        }
    }

    void resourceUpdated(String uri) {
        for (Listener listener : listeners) {
            if (listener.uris().contains(uri)) {
                listener.stream().append(notification(listener, "notifications/resources/updated",
                        JsonNodeFactory.instance.objectNode().put("uri", uri)));
            }
        }
    }

    /** The first frame of a listen stream: which of the requested notifications the server will send. */
    String acknowledgement(Listener listener) {
        ObjectNode honoured = JsonNodeFactory.instance.objectNode();
        if (listener.tools()) {
            honoured.put("toolsListChanged", true);
        }
        if (listener.prompts()) {
            honoured.put("promptsListChanged", true);
        }
        if (listener.resources()) {
            honoured.put("resourcesListChanged", true);
        }
        if (!listener.uris().isEmpty()) {
            var uris = honoured.putArray("resourceSubscriptions");
            listener.uris().forEach(uris::add);
        }
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.set("notifications", honoured);
        return notification(listener, "notifications/subscriptions/acknowledged", params);
    }

    private String notification(Listener listener, String method, ObjectNode params) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        params.putObject("_meta").set(StatelessRequest.META_SUBSCRIPTION_ID, listener.subscriptionId());
        message.set("params", params);
        return codec.mapper().writeValueAsString(message);
    }
}
