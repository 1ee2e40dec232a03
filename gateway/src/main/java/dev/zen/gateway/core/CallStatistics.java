package dev.zen.gateway.core;

import dev.zen.schemas.AuditEventFields;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the audit says of one tool's calls over some stretch of time: calls that ended (completed,
 * failed, cancelled, timed out), how many of them were errors (failed, timed out), calls refused
 * before they ran (denied, rate limited), and a latency histogram of the ended calls over fixed
 * bounds ({@link #BOUNDS_MS}). Percentiles come from the histogram: the upper bound of the bucket
 * that holds the nearest rank, never above the slowest call seen, so they are exact only when the
 * latencies sit on bounds. Two statistics of the same tool {@link #merge} by adding. Mutable and
 * not thread safe: build one per aggregation, copy it to share.
 */
public final class CallStatistics {

    /** Upper bounds (inclusive) of the latency buckets in milliseconds; one more bucket holds the rest. */
    public static final long[] BOUNDS_MS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000};

    private long ended;
    private long errors;
    private long refused;
    private long maxMs;
    private final long[] buckets = new long[BOUNDS_MS.length + 1];

    /** Counts one audit event; events that neither end nor refuse a call (accepted, started, callbacks) are ignored. */
    public CallStatistics record(AuditEventFields event) {
        if (event.refused()) {
            refused++;
        } else if (event.ended()) {
            ended++;
            if (event.error()) {
                errors++;
            }
            if (event.durationMs() != null) {
                long ms = Math.max(0, event.durationMs());
                buckets[bucketOf(ms)]++;
                maxMs = Math.max(maxMs, ms);
            }
        }
        return this;
    }

    /** Adds {@code other} into this one. */
    public CallStatistics merge(CallStatistics other) {
        ended += other.ended;
        errors += other.errors;
        refused += other.refused;
        maxMs = Math.max(maxMs, other.maxMs);
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] += other.buckets[i];
        }
        return this;
    }

    public long ended() {
        return ended;
    }

    public long errors() {
        return errors;
    }

    public long refused() {
        return refused;
    }

    /** Errors over ended calls, 0 when none ended. */
    public double errorRate() {
        return ended == 0 ? 0.0 : (double) errors / ended;
    }

    /** How many ended calls had a latency in each bucket ({@link #BOUNDS_MS}, then the rest). */
    public long[] buckets() {
        return buckets.clone();
    }

    /** The {@code p}th percentile latency in ms (nearest rank over the histogram), or null when no ended call had a duration. */
    public Long percentileMs(double p) {
        long timed = Arrays.stream(buckets).sum();
        if (timed == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * timed));
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return i < BOUNDS_MS.length ? Math.min(BOUNDS_MS[i], maxMs) : maxMs;
            }
        }
        return maxMs;
    }

    /** A fixed-size binary form for a state store: the counters, then the buckets, as big-endian longs. */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(Long.BYTES * (4 + buckets.length));
        out.putLong(ended).putLong(errors).putLong(refused).putLong(maxMs);
        for (long b : buckets) {
            out.putLong(b);
        }
        return out.array();
    }

    /** Reads {@link #toBytes()}. */
    public static CallStatistics fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != Long.BYTES * (4 + BOUNDS_MS.length + 1)) {
            throw new IllegalArgumentException("Expected " + Long.BYTES * (4 + BOUNDS_MS.length + 1) + " bytes of CallStatistics, but got "
                    + (bytes == null ? "null" : bytes.length));
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CallStatistics stats = new CallStatistics();
        stats.ended = in.getLong();
        stats.errors = in.getLong();
        stats.refused = in.getLong();
        stats.maxMs = in.getLong();
        for (int i = 0; i < stats.buckets.length; i++) {
            stats.buckets[i] = in.getLong();
        }
        return stats;
    }

    private static int bucketOf(long ms) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (ms <= BOUNDS_MS[i]) {
                return i;
            }
        }
        return BOUNDS_MS.length;
    }
}
