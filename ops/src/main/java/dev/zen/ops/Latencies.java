package dev.zen.ops;

import java.util.Map;
import java.util.TreeMap;

/**
 * Latencies of measured calls as weighted values in whole microseconds, from which percentiles are
 * read: the exact latency of every call (in-JVM rows, weight 1 each) or wrk's latency at every 0.1 %
 * (a sketch, each value weighing a thousandth of the run's calls). Rows measured in rounds merge by
 * adding them up. Not thread-safe: fill it from one thread, or merge per-thread ones.
 */
final class Latencies {

    private final TreeMap<Long, Double> weights = new TreeMap<>();
    private double total;

    void add(long micros, double weight) {
        if (weight > 0) {
            weights.merge(micros, weight, Double::sum);
            total += weight;
        }
    }

    void addNanos(long[] nanos) {
        for (long n : nanos) {
            add(n / 1_000, 1);
        }
    }

    void addAll(Latencies other) {
        other.weights.forEach(this::add);
    }

    /** The calls these latencies stand for. */
    long count() {
        return Math.round(total);
    }

    /**
     * The smallest latency, in ms, that at least {@code p} of all calls did not exceed (the nearest-rank
     * percentile); NaN when nothing was recorded.
     */
    double percentileMs(double p) {
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = Math.max(Math.ceil(p * total - 1e-9), Math.min(1, total));
        double seen = 0;
        for (Map.Entry<Long, Double> entry : weights.entrySet()) {
            seen += entry.getValue();
            if (seen >= rank - 1e-9) {
                return entry.getKey() / 1_000.0;
            }
        }
        return weights.lastKey() / 1_000.0;
    }

    /**
     * Reads the sketch line of {@code ops/bench/mcp.lua} ({@code us,us,...}: the latency at every
     * 0.1 %) of a run of {@code calls} calls.
     */
    static Latencies sketch(String values, long calls) {
        String[] parts = values.trim().isEmpty() ? new String[0] : values.trim().split(",");
        Latencies latencies = new Latencies();
        for (String part : parts) {
            latencies.add(Long.parseLong(part.trim()), (double) calls / parts.length);
        }
        return latencies;
    }
}
