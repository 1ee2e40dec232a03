package dev.zen.gateway.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live per-tool statistics of the last minute, five minutes or hour, read from the audit: the port
 * behind {@code GET /v1/analytics} and the Prometheus gauges. An adapter aggregates the audit topic
 * as it is written; {@link #last} answers from what it has aggregated so far. Thread safe.
 */
public interface CallAnalytics {

    /** Analytics switched off ({@code ZEN_ANALYTICS=off}): nothing is aggregated. */
    CallAnalytics OFF = new CallAnalytics() {
        @Override
        public Optional<Snapshot> last(String window) {
            return Optional.empty();
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };

    /** The roles that may read analytics when authentication is on. */
    List<String> READER_ROLES = List.of("admin", "analyst");

    /** The windows one can ask for, by name. */
    Map<String, Duration> WINDOWS = Map.of("1m", Duration.ofMinutes(1), "5m", Duration.ofMinutes(5), "1h", Duration.ofHours(1));

    /** The window names in ascending order. */
    List<String> WINDOW_NAMES = List.of("1m", "5m", "1h");

    /** Per tool over a window; {@code from}..{@code to} is the span the buckets cover (at least the window, at most one bucket more). */
    record Snapshot(String window, Instant from, Instant to, Map<String, CallStatistics> tools) {
    }

    /**
     * The statistics of the window named {@code window} ({@link #WINDOWS}) ending now; empty while the
     * aggregation is not ready to be queried (starting, rebalancing).
     */
    Optional<Snapshot> last(String window);

    /** Events not counted because they came after their bucket's grace, since start. */
    default long lateEvents() {
        return 0;
    }

    /** False when analytics are switched off. */
    default boolean enabled() {
        return true;
    }
}
