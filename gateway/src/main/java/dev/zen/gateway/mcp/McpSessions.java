package dev.zen.gateway.mcp;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The sessions this gateway instance knows, by {@code Mcp-Session-Id}. Ids are 256 random bits,
 * URL-safe (visible ASCII as the spec requires). Sessions unused for {@code zen.session-idle-timeout}
 * (default 1 h) and without an open stream are forgotten; the client then gets 404 and starts a new
 * one, as the spec intends. In-process for now; a Redis-backed store shares them across replicas.
 */
@Component
final class McpSessions {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final long idleTimeoutMs;
    private final long sweepEveryMs;
    private volatile long lastSweep = System.currentTimeMillis();

    @org.springframework.beans.factory.annotation.Autowired
    McpSessions(dev.zen.gateway.GatewayProperties properties) {
        this(properties.sessionIdleTimeout());
    }

    McpSessions(Duration idleTimeout) {
        this.idleTimeoutMs = idleTimeout.toMillis();
        this.sweepEveryMs = Math.min(60_000, idleTimeoutMs);
    }

    McpSession create(String protocolVersion, JsonNode clientInfo, JsonNode capabilities) {
        sweepIfDue();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        McpSession session = new McpSession(id, protocolVersion, clientInfo, capabilities);
        sessions.put(id, session);
        return session;
    }

    McpSession find(String id) {
        McpSession session = id == null ? null : sessions.get(id);
        if (session != null) {
            session.touch();
        }
        return session;
    }

    private void sweepIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastSweep < sweepEveryMs) {
            return;
        }
        lastSweep = now;
        long cutoff = now - idleTimeoutMs;
        sessions.values().removeIf(session -> {
            if (session.idleSince(cutoff)) {
                session.close();
                return true;
            }
            return false;
        });
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
