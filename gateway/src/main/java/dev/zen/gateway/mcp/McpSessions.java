package dev.zen.gateway.mcp;

import dev.zen.gateway.GatewayProperties;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The MCP sessions, by {@code Mcp-Session-Id}. Their state lives in a {@link SessionStore} (Redis when
 * configured, so a session started on one replica continues on another); this class adds the
 * replica-local part, the open GET streams, as {@link McpSession} handles. Ids are 256 random bits,
 * URL-safe (visible ASCII as the spec requires). A session unused for
 * {@code ZEN_SESSION_IDLE_TIMEOUT} (default 1 h) expires in the store; the client then gets 404 and
 * starts a new one, as the spec intends.
 */
@Component
final class McpSessions {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, McpSession> local = new ConcurrentHashMap<>();
    private final SessionStore store;
    private final Duration idleTimeout;
    private final long sweepEveryMs;
    private volatile long lastSweep = System.currentTimeMillis();

    @org.springframework.beans.factory.annotation.Autowired
    McpSessions(SessionStore store, GatewayProperties properties) {
        this(store, properties.sessionIdleTimeout());
    }

    McpSessions(SessionStore store, Duration idleTimeout) {
        this.store = store;
        this.idleTimeout = idleTimeout;
        this.sweepEveryMs = Math.min(60_000, idleTimeout.toMillis());
    }

    McpSession create(String protocolVersion, JsonNode clientInfo, JsonNode capabilities) {
        sweepIfDue();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        SessionState state = new SessionState(id, protocolVersion, clientInfo, capabilities, false, System.currentTimeMillis(), null, null);
        store.save(state, idleTimeout);
        McpSession session = new McpSession(state);
        local.put(id, session);
        return session;
    }

    /** The session, or null when it ended, expired or never existed (in any replica). */
    McpSession find(String id) {
        if (id == null) {
            return null;
        }
        SessionState state = store.find(id, idleTimeout).orElse(null);
        if (state == null) {
            McpSession gone = local.remove(id);
            if (gone != null) {
                gone.close();
            }
            return null;
        }
        McpSession session = local.computeIfAbsent(id, k -> new McpSession(state));
        session.update(state); // another replica may have changed it (log level, subscriptions)
        session.touch();
        return session;
    }

    void markInitialized(McpSession session) {
        if (!session.initialized()) {
            session.markInitialized();
            store.save(session.state(), idleTimeout);
        }
    }

    void setLogLevel(McpSession session, String level) {
        session.update(session.state().withLogLevel(level));
        store.save(session.state(), idleTimeout);
    }

    void setSubscription(McpSession session, String uri, boolean subscribed) {
        session.update(session.state().withSubscription(uri, subscribed));
        store.save(session.state(), idleTimeout);
    }

    /**
     * Re-reads the session's state from the store (another replica may have changed it, e.g. a
     * subscription), or returns false when the session is gone.
     */
    boolean refresh(McpSession session) {
        SessionState state = store.find(session.id(), idleTimeout).orElse(null);
        if (state == null) {
            return false;
        }
        session.update(state);
        return true;
    }

    boolean end(String id) {
        McpSession session = local.remove(id);
        if (session != null) {
            session.close();
        }
        return store.delete(id);
    }

    /** The sessions this replica holds a handle for (those with streams open here among them). */
    Collection<McpSession> all() {
        return local.values();
    }

    /** Drops local handles of sessions idle here and without an open stream; the store expires state on its own. */
    private void sweepIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastSweep < sweepEveryMs) {
            return;
        }
        lastSweep = now;
        long cutoff = now - idleTimeout.toMillis();
        local.values().removeIf(session -> session.idleSince(cutoff));
    }
}
