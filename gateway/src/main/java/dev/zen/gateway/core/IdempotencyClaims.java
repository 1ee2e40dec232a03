package dev.zen.gateway.core;

import java.time.Duration;

/**
 * Who accepts a job submitted with an idempotency key: the first to claim the job's id. Shared by
 * all gateway replicas (Redis) so that the same key sent to two replicas at once runs one job.
 */
public interface IdempotencyClaims {

    /** Claims {@code id} for {@code ttl}; false when someone holds it already. */
    boolean claim(String id, Duration ttl);

    /** Gives a claim back (the job was not accepted after all), so that a retry can claim it. */
    void release(String id);

    /** Claims in this process: enough for one gateway replica. */
    static IdempotencyClaims inProcess() {
        record Held(Object owner, long until) {
        }
        java.util.Map<String, Held> held = new java.util.concurrent.ConcurrentHashMap<>();
        return new IdempotencyClaims() {
            @Override
            public boolean claim(String id, Duration ttl) {
                long now = System.currentTimeMillis();
                if (held.size() > 100_000) {
                    held.values().removeIf(h -> h.until() < now);
                }
                Object me = new Object();
                return held.compute(id, (k, old) -> old == null || old.until() < now ? new Held(me, now + ttl.toMillis()) : old).owner() == me;
            }

            @Override
            public void release(String id) {
                held.remove(id);
            }
        };
    }
}
