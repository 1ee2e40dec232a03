package dev.zen.gateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.AuditEventFields;
import org.junit.jupiter.api.Test;

class CallStatisticsTest {

    static AuditEventFields event(String type, Long ms) {
        return new AuditEventFields(type, "c", null, "t", "alice", null, ms, 1L);
    }

    @Test
    void shouldCountEndedErrorsAndRefusedAndIgnoreTheRest() {
        CallStatistics stats = new CallStatistics().record(event("completed", 3L)).record(event("failed", 40L))
                .record(event("timed_out", 30_000L)).record(event("cancelled", 1L)).record(event("denied", 0L))
                .record(event("rate_limited", 0L)).record(event("accepted", 0L)).record(event("started", 1L));

        assertThat(stats.ended()).isEqualTo(4);
        assertThat(stats.errors()).isEqualTo(2);
        assertThat(stats.errorRate()).isEqualTo(0.5);
        assertThat(stats.refused()).isEqualTo(2);
    }

    @Test
    void shouldGivePercentilesAsBucketBoundsCappedAtTheSlowestCall() {
        CallStatistics stats = new CallStatistics();
        for (int i = 0; i < 98; i++) {
            stats.record(event("completed", 7L)); // bucket (5, 10]
        }
        stats.record(event("completed", 70_000L)); // beyond the last bound
        stats.record(event("completed", 70_000L));

        assertThat(stats.percentileMs(50)).isEqualTo(10);
        assertThat(stats.percentileMs(98)).isEqualTo(10);
        assertThat(stats.percentileMs(99)).isEqualTo(70_000);
        assertThat(new CallStatistics().record(event("completed", 7L)).percentileMs(99)).isEqualTo(7);
        assertThat(new CallStatistics().percentileMs(50)).isNull();
    }

    @Test
    void shouldMergeByAddingAndSurviveItsBinaryForm() {
        CallStatistics a = new CallStatistics().record(event("completed", 3L)).record(event("denied", 0L));
        CallStatistics b = new CallStatistics().record(event("failed", 400L));

        CallStatistics merged = CallStatistics.fromBytes(a.merge(b).toBytes());

        assertThat(merged.ended()).isEqualTo(2);
        assertThat(merged.errors()).isEqualTo(1);
        assertThat(merged.refused()).isEqualTo(1);
        assertThat(merged.percentileMs(100)).isEqualTo(400);
        assertThat(merged.buckets()).isEqualTo(a.buckets());
        assertThatThrownBy(() -> CallStatistics.fromBytes(new byte[3])).hasMessageContaining("bytes of CallStatistics");
    }
}
