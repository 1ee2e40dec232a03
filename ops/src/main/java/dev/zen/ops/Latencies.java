package dev.zen.ops;

import java.util.Map;
import java.util.TreeMap;

/**
 * The latencies of one measured run of {@code ./zen bench} as a histogram of whole microseconds
 * (what wrk records), from which percentiles are read; runs of one row made in rounds merge by
 * adding their histograms. Not thread-safe: fill it from one thread, or merge per-thread ones.
 */
final class Latencies {

    private final TreeMap<Long, Long> counts = new TreeMap<>();
    private long total;

    void add(long micros, long count) {
        if (count > 0) {
            counts.merge(micros, count, Long::sum);
            total += count;
        }
    }

    void addNanos(long[] nanos) {
        for (long n : nanos) {
            add(n / 1_000, 1);
        }
    }

    void addAll(Latencies other) {
        other.counts.forEach(this::add);
    }

    long count() {
        return total;
    }

    /**
     * The smallest latency, in ms, that at least {@code p} of all calls did not exceed (the nearest-rank
     * percentile); NaN when nothing was recorded.
     */
    double percentileMs(double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (Map.Entry<Long, Long> entry : counts.entrySet()) {
            seen += entry.getValue();
            if (seen >= rank) {
                return entry.getKey() / 1_000.0;
            }
        }
        return counts.lastKey() / 1_000.0;
    }

    /** Reads the histogram line of {@code ops/bench/mcp.lua}: {@code us:count,us:count,...} (empty when no call was answered). */
    static Latencies parse(String histogram) {
        Latencies latencies = new Latencies();
        for (String pair : histogram.trim().split(",")) {
            if (pair.isEmpty()) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("Expected a histogram entry 'us:count', but got '" + pair + "'");
            }
            latencies.add(Long.parseLong(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
        }
        return latencies;
    }
}
