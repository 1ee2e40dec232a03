package dev.zen.gateway.ratelimit;

import dev.zen.gateway.core.RateLimiter;
import io.github.bucket4j.ConsumptionProbe;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Token buckets in this process (Bucket4j), for a gateway without Redis. Thread safe. */
public final class LocalRateLimiter implements RateLimiter {

    private static final int MAX_BUCKETS = 100_000;

    private final Map<String, io.github.bucket4j.Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public Verdict takeAll(List<Bucket> wanted, boolean failOpen) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear(); // a flood of distinct keys must not exhaust memory; limits restart
        }
        for (int i = 0; i < wanted.size(); i++) {
            Limit limit = wanted.get(i).limit();
            ConsumptionProbe probe = bucket(wanted.get(i)).tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                for (int j = 0; j < i; j++) {
                    bucket(wanted.get(j)).addTokens(1); // all or none: give back what was taken
                }
                return new Verdict(false, probe.getNanosToWaitForRefill() / 1_000_000, i);
            }
        }
        return Verdict.allow();
    }

    private io.github.bucket4j.Bucket bucket(Bucket wanted) {
        Limit limit = wanted.limit();
        return buckets.computeIfAbsent(wanted.key() + "|" + limit, k -> io.github.bucket4j.Bucket.builder()
                .addLimit(l -> l.capacity(limit.requests()).refillGreedy(limit.requests(), limit.window())).build());
    }

    @Override
    public String health() {
        return "ok (in process)";
    }
}
