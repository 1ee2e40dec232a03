package dev.zen.ops;

/**
 * What a load generator saw in one measured run: calls answered well, calls that failed (an HTTP or
 * JSON-RPC error, a tool error, a socket error or timeout), how long it ran, and the latencies of
 * the calls (wrk records those of failed answers too; they are zero in a good run).
 */
record Load(long calls, long errors, double seconds, Latencies latencies) {

    static Load empty() {
        return new Load(0, 0, 0, new Latencies());
    }

    /** This run and {@code other} as one (a row measured in rounds). */
    Load plus(Load other) {
        Latencies merged = new Latencies();
        merged.addAll(latencies);
        merged.addAll(other.latencies);
        return new Load(calls + other.calls, errors + other.errors, seconds + other.seconds, merged);
    }

    double callsPerSecond() {
        return seconds > 0 ? calls / seconds : 0;
    }
}
