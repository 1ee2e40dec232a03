package dev.zen.gateway.mcp;

import dev.zen.gateway.core.CommandBus;
import dev.zen.gateway.core.ToolCatalog;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ServerNotice;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts server-initiated messages on the GET streams of this replica's sessions, and on its
 * {@code subscriptions/listen} streams (2026-07-28) that asked for them: the list_changed
 * notifications when the live tools, resources or prompts change, and a worker's
 * {@code notifications/resources/updated} for the sessions subscribed to that URI (subscriptions are
 * session state, so whichever replica holds the client's GET stream delivers it).
 */
@Component
final class ServerMessageNotifier {

    private static final String TOOLS_CHANGED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";
    private static final String RESOURCES_CHANGED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/list_changed\"}";
    private static final String PROMPTS_CHANGED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/prompts/list_changed\"}";

    private final McpSessions sessions;
    private final ListenStreams listeners;
    private final RecordCodec codec;

    ServerMessageNotifier(ToolCatalog catalog, CommandBus bus, McpSessions sessions, ListenStreams listeners, RecordCodec codec) {
        this.sessions = sessions;
        this.listeners = listeners;
        this.codec = codec;
        catalog.onToolsChanged(() -> listChanged("tools", TOOLS_CHANGED));
        catalog.onResourcesChanged(() -> listChanged("resources", RESOURCES_CHANGED));
        catalog.onPromptsChanged(() -> listChanged("prompts", PROMPTS_CHANGED));
        bus.onNotice(this::deliver);
    }

    private void listChanged(String list, String message) {
        pushAll(message);
        listeners.listChanged(list);
    }

    private void pushAll(String message) {
        sessions.all().forEach(session -> session.push(message));
    }

    private void deliver(ServerNotice notice) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("jsonrpc", "2.0");
        message.put("method", notice.method());
        message.set("params", notice.params());
        String json = codec.mapper().writeValueAsString(message);
        if ("notifications/resources/updated".equals(notice.method())) {
            // notices are rare: re-read each session, since it may have subscribed through another replica
            sessions.all().stream()
                    .filter(session -> notice.uri() != null && sessions.refresh(session)
                            && session.state().subscriptions().contains(notice.uri()))
                    .forEach(session -> session.push(json));
            listeners.resourceUpdated(notice.uri());
        } else if (notice.method().startsWith("notifications/") && notice.method().endsWith("/list_changed")) {
            listChanged(notice.method().substring("notifications/".length(), notice.method().length() - "/list_changed".length()), json);
        }
    }
}
