package dev.zen.ops.replay;

import dev.zen.schemas.AuditEventFields;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Aggregates a window of audit events: per tool the calls that ended (completed, failed, cancelled,
 * timed out), the error rate (failed and timed out over ended), p50/p95/p99 of their duration, and
 * the calls refused before they ran (denied, rate limited); then the principals with the most calls.
 * Percentiles are exact (nearest rank over every duration). Not thread safe.
 */
final class AuditStats implements Consumer<AuditEventFields> {

    private static final class ToolStats {
        long ended;
        long errors;
        long refused;
        long[] durations = new long[64];
        int size;

        void duration(long ms) {
            if (size == durations.length) {
                durations = Arrays.copyOf(durations, size * 2);
            }
            durations[size++] = ms;
        }
    }

    private final Map<String, ToolStats> tools = new HashMap<>();
    private final Map<String, Long> principals = new HashMap<>();
    private long events;

    @Override
    public void accept(AuditEventFields event) {
        events++;
        boolean ended = event.ended();
        boolean refused = event.refused();
        if (!ended && !refused) {
            return;
        }
        ToolStats stats = tools.computeIfAbsent(event.tool() == null ? "-" : event.tool(), t -> new ToolStats());
        if (refused) {
            stats.refused++;
        } else {
            stats.ended++;
            if (event.error()) {
                stats.errors++;
            }
            if (event.durationMs() != null) {
                stats.duration(event.durationMs());
            }
        }
        if (event.subject() != null) {
            principals.merge(event.subject(), 1L, Long::sum);
        }
    }

    long events() {
        return events;
    }

    void print(PrintWriter out, int topPrincipals) {
        out.printf("%-24s  %8s  %8s  %7s  %8s  %8s  %8s  %8s%n", "TOOL", "CALLS", "ERRORS", "ERR%", "P50_MS", "P95_MS", "P99_MS", "REFUSED");
        tools.entrySet().stream().sorted(Map.Entry.<String, ToolStats>comparingByValue(Comparator.comparingLong(s -> -s.ended))
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> {
                    ToolStats s = e.getValue();
                    long[] sorted = Arrays.copyOf(s.durations, s.size);
                    Arrays.sort(sorted);
                    out.printf("%-24s  %8d  %8d  %6.2f%%  %8s  %8s  %8s  %8d%n", e.getKey(), s.ended, s.errors,
                            s.ended == 0 ? 0.0 : 100.0 * s.errors / s.ended, percentile(sorted, 50), percentile(sorted, 95),
                            percentile(sorted, 99), s.refused);
                });
        out.println();
        out.printf("%-32s  %8s%n", "PRINCIPAL", "CALLS");
        principals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(topPrincipals).forEach(e -> out.printf("%-32s  %8d%n", e.getKey(), e.getValue()));
        out.flush();
    }

    /** Nearest-rank percentile; "-" when there is nothing to rank. */
    static String percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return "-";
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return Long.toString(sorted[Math.max(0, rank - 1)]);
    }
}
