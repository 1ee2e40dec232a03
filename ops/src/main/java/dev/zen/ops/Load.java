package dev.zen.ops;

/**
 * What a load generator saw in one measured run: calls answered well, calls that failed (an HTTP or
 * JSON-RPC error, a tool error, a socket error or timeout), how long it ran, the p50 and p99 of the
 * latencies (wrk counts failed answers too; there are none in a good run), the latencies themselves
 * where they were kept (null otherwise; needed to add up rounds), and how many requests were still on
 * their way when the run ended ({@code cutOff}: wrk stops with one request in flight on each
 * connection, which the servers still handle: Kafka records and CPU of the run include them).
 */
record Load(long calls, long errors, double seconds, double p50Ms, double p99Ms, Latencies latencies, long cutOff) {

    /** A run whose every latency is known. */
    static Load of(long calls, long errors, double seconds, Latencies latencies, long cutOff) {
        return new Load(calls, errors, seconds, latencies.percentileMs(0.50), latencies.percentileMs(0.99), latencies, cutOff);
    }

    static Load empty() {
        return new Load(0, 0, 0, Double.NaN, Double.NaN, null, 0);
    }

    /** This run and {@code other} as one (a row measured in rounds); both must have kept their latencies. */
    Load plus(Load other) {
        if (seconds == 0 && calls + errors == 0) {
            return other;
        }
        if (latencies == null || other.latencies == null) {
            throw new IllegalStateException("Expected both runs to keep their latencies to add them up, but one did not");
        }
        Latencies merged = new Latencies();
        merged.addAll(latencies);
        merged.addAll(other.latencies);
        return of(calls + other.calls, errors + other.errors, seconds + other.seconds, merged, cutOff + other.cutOff);
    }

    Load withCutOff(long requests) {
        return new Load(calls, errors, seconds, p50Ms, p99Ms, latencies, requests);
    }

    /** The requests the servers worked on in the run: what records and CPU are divided by. */
    long handled() {
        return calls + errors + cutOff;
    }

    double callsPerSecond() {
        return seconds > 0 ? calls / seconds : 0;
    }
}
