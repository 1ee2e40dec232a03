package dev.zen.gateway.mcp;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Session state in this process only: one gateway, or replicas behind a sticky load balancer. */
final class InMemorySessionStore implements SessionStore {

    private record Entry(SessionState state, long expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile long lastSweep = System.currentTimeMillis();

    @Override
    public void save(SessionState state, Duration idle) {
        entries.put(state.id(), new Entry(state, System.currentTimeMillis() + idle.toMillis()));
        sweepIfDue(idle);
    }

    @Override
    public Optional<SessionState> find(String id, Duration idle) {
        long now = System.currentTimeMillis();
        Entry entry = entries.computeIfPresent(id, (k, e) -> e.expiresAt() < now ? null : new Entry(e.state(), now + idle.toMillis()));
        return entry == null ? Optional.empty() : Optional.of(entry.state());
    }

    @Override
    public boolean delete(String id) {
        return entries.remove(id) != null;
    }

    private void sweepIfDue(Duration idle) {
        long now = System.currentTimeMillis();
        if (now - lastSweep < Math.min(60_000, idle.toMillis())) {
            return;
        }
        lastSweep = now;
        entries.values().removeIf(e -> e.expiresAt() < now);
    }
}
