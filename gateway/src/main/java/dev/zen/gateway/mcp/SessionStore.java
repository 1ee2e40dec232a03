package dev.zen.gateway.mcp;

import java.time.Duration;
import java.util.Optional;

/**
 * Where session state lives: in this process ({@link InMemorySessionStore}, the embedded default) or
 * in Redis ({@link RedisSessionStore}, when {@code REDIS_HOST} is set), so that any gateway replica
 * can continue a session another one started. Entries expire after {@code idle} without use; every
 * {@link #find} counts as use (the Redis store renews the idle time at most every quarter of it).
 * Implementations are thread safe.
 */
interface SessionStore {

    void save(SessionState state, Duration idle);

    /** The session, its idle clock restarted; empty when it ended, expired or never existed. */
    Optional<SessionState> find(String id, Duration idle);

    /** Ends a session; false when there was none. */
    boolean delete(String id);
}
