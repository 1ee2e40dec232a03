package dev.zen.gateway.mcp;

import dev.zen.gateway.core.ToolCatalog;
import org.springframework.stereotype.Component;

/** Tells every session with an open GET stream when the set of live tools changes. */
@Component
final class ToolListChangedNotifier {

    private static final String MESSAGE = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";

    ToolListChangedNotifier(ToolCatalog catalog, McpSessions sessions) {
        catalog.onToolsChanged(() -> sessions.all().forEach(session -> session.push(MESSAGE)));
    }
}
