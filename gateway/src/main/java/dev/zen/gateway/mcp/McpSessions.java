package dev.zen.gateway.mcp;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The sessions this gateway instance knows, by {@code Mcp-Session-Id}. Ids are 256 random bits,
 * URL-safe (visible ASCII as the spec requires). In-process for now; a Redis-backed store shares them
 * across replicas.
 */
@Component
final class McpSessions {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();

    McpSession create(String protocolVersion, JsonNode clientInfo, JsonNode capabilities) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        McpSession session = new McpSession(id, protocolVersion, clientInfo, capabilities);
        sessions.put(id, session);
        return session;
    }

    McpSession find(String id) {
        return id == null ? null : sessions.get(id);
    }

    boolean end(String id) {
        McpSession session = sessions.remove(id);
        if (session != null) {
            session.close();
            return true;
        }
        return false;
    }

    Collection<McpSession> all() {
        return sessions.values();
    }

    int count() {
        return sessions.size();
    }
}
