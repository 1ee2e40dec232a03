package dev.zen.gateway.core;

import java.time.Duration;

/**
 * Token buckets: the port through which the core asks whether a caller may make one more request.
 * The Redis adapter shares buckets between gateway replicas; the in-process one serves a single
 * gateway. Thread safe.
 */
public interface RateLimiter {

    /** A bucket's size: {@code requests} per {@code window}, refilled gradually. */
    record Limit(long requests, Duration window) {

        public Limit {
            if (requests <= 0 || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("Expected a positive number of requests per positive window");
            }
        }

        /** Parses {@code 5/1m}, {@code 100/60s}, {@code 1000/1h}, {@code 100/m}. */
        public static Limit parse(String text) {
            var m = java.util.regex.Pattern.compile("(\\d+)/(\\d*)([smh])").matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("Expected a rate limit like 5/1m, but was '" + text + "'");
            }
            long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
            Duration window = switch (m.group(3)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
            return new Limit(Long.parseLong(m.group(1)), window);
        }
    }

    /** Whether one request was let through, and if not, when the bucket will have a token again. */
    record Verdict(boolean allowed, long retryAfterMillis) {
    }

    /**
     * Takes one token from the bucket {@code key} of size {@code limit}. When the buckets cannot be
     * reached (Redis down), lets the request through if {@code failOpen}, else refuses it.
     */
    Verdict take(String key, Limit limit, boolean failOpen);

    /** How the limiter is doing, for /health: {@code ok}, or why not. */
    String health();
}
