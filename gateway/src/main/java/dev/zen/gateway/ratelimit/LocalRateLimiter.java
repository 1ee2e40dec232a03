package dev.zen.gateway.ratelimit;

import dev.zen.gateway.core.RateLimiter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Token buckets in this process (Bucket4j), for a gateway without Redis. Thread safe. */
public final class LocalRateLimiter implements RateLimiter {

    private static final int MAX_BUCKETS = 100_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public Verdict take(String key, Limit limit, boolean failOpen) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear(); // a flood of distinct keys must not exhaust memory; limits restart
        }
        Bucket bucket = buckets.computeIfAbsent(key + "|" + limit, k -> Bucket.builder()
                .addLimit(l -> l.capacity(limit.requests()).refillGreedy(limit.requests(), limit.window())).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Verdict(probe.isConsumed(), probe.getNanosToWaitForRefill() / 1_000_000);
    }

    @Override
    public String health() {
        return "ok (in process)";
    }
}
