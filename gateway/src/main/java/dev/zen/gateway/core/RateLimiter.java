package dev.zen.gateway.core;

import java.time.Duration;
import java.util.List;

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

    /** One bucket a request takes a token from: its key and its size. */
    record Bucket(String key, Limit limit) {
    }

    /**
     * Whether one request was let through, and if not, when it may retry and which of the buckets
     * ({@code refused}, an index into the request's list; -1 when allowed) was empty.
     */
    record Verdict(boolean allowed, long retryAfterMillis, int refused) {

        public static Verdict allow() {
            return new Verdict(true, 0, -1);
        }
    }

    /**
     * Takes one token from each of {@code buckets}, all or none: when one is empty, none is taken.
     * When the buckets cannot be reached (Redis down), lets the request through if {@code failOpen},
     * else refuses it.
     */
    Verdict takeAll(List<Bucket> buckets, boolean failOpen);

    /** Takes one token from the bucket {@code key} of size {@code limit}. */
    default Verdict take(String key, Limit limit, boolean failOpen) {
        return takeAll(List.of(new Bucket(key, limit)), failOpen);
    }

    /** How the limiter is doing, for /health: {@code ok}, or why not. */
    String health();
}
