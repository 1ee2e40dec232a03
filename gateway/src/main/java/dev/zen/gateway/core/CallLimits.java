package dev.zen.gateway.core;

import dev.zen.schemas.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the rate limits to one call before anything is sent: the caller's own bucket
 * ({@code API_RATE_LIMIT} per minute, when set) and the bucket of each of its roles that limits the
 * tool in the policy ({@code rate_limit}, per caller). Thread safe.
 */
public final class CallLimits {

    private final RateLimiter limiter;
    private final Optional<RateLimiter.Limit> perCaller;
    private final AccessPolicy policy;

    public CallLimits(RateLimiter limiter, Optional<RateLimiter.Limit> perCaller, AccessPolicy policy) {
        this.limiter = limiter;
        this.perCaller = perCaller;
        this.policy = policy;
    }

    /** No limits at all. */
    public static CallLimits none() {
        return new CallLimits(null, Optional.empty(), AccessPolicy.ALLOW_ALL);
    }

    /**
     * Takes a token from every bucket that applies, all or none (one round trip to Redis).
     *
     * @throws RateLimited when one of them is empty
     */
    public void take(Principal caller, String tool) {
        if (limiter == null) {
            return;
        }
        // when the shared buckets are unreachable: closed for anonymous callers, open for authenticated ones
        boolean failOpen = !caller.equals(Principal.ANONYMOUS);
        List<RateLimiter.Bucket> buckets = new ArrayList<>(2);
        List<String> names = new ArrayList<>(2);
        if (perCaller.isPresent()) {
            buckets.add(new RateLimiter.Bucket("caller:" + caller.subject(), perCaller.get()));
            names.add("requests of '" + caller.subject() + "'");
        }
        for (var entry : policy.limitsFor(caller, tool).entrySet()) {
            buckets.add(new RateLimiter.Bucket("role:" + entry.getKey() + ":" + tool + ":" + caller.subject(), entry.getValue()));
            names.add("calls of " + tool + " for role " + entry.getKey());
        }
        if (buckets.isEmpty()) {
            return;
        }
        RateLimiter.Verdict verdict = limiter.takeAll(buckets, failOpen);
        if (!verdict.allowed()) {
            int refused = Math.max(0, verdict.refused());
            check(verdict, names.get(refused), buckets.get(refused).limit());
        }
    }

    private static void check(RateLimiter.Verdict verdict, String what, RateLimiter.Limit limit) {
        if (!verdict.allowed()) {
            throw new RateLimited("Too many requests: " + what + " are limited to " + limit.requests() + " per " + limit.window().toSeconds()
                    + " s; retry in " + Math.max(1, (verdict.retryAfterMillis() + 999) / 1000) + " s", verdict.retryAfterMillis());
        }
    }
}
