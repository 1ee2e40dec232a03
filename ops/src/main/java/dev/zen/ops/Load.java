package dev.zen.ops;

/**
 * What a load generator saw in one measured run: calls answered well, calls that failed (an HTTP or
 * JSON-RPC error, a tool error, a socket error or timeout), how long it ran, the latencies of the
 * calls (wrk records those of failed answers too; there are none in a good run), and how many
 * requests were still on their way when the run ended ({@code cutOff}: wrk stops with one request in
 * flight on each connection, which the servers still handle: Kafka records and CPU of the run include
 * them).
 */
record Load(long calls, long errors, double seconds, Latencies latencies, long cutOff) {

    static Load empty() {
        return new Load(0, 0, 0, new Latencies(), 0);
    }

    /** This run and {@code other} as one (a row measured in rounds). */
    Load plus(Load other) {
        Latencies merged = new Latencies();
        merged.addAll(latencies);
        merged.addAll(other.latencies);
        return new Load(calls + other.calls, errors + other.errors, seconds + other.seconds, merged, cutOff + other.cutOff);
    }

    Load withCutOff(long requests) {
        return new Load(calls, errors, seconds, latencies, requests);
    }

    /** The requests the servers worked on in the run: what records and CPU are divided by. */
    long handled() {
        return calls + errors + cutOff;
    }

    double callsPerSecond() {
        return seconds > 0 ? calls / seconds : 0;
    }
}
