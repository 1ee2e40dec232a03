package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private final TopicPartition p = new TopicPartition("zen.tool.t", 0);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void shouldNeverCommitPastACallStillInFlight() {
        tracker.started(p, 5);
        tracker.started(p, 6);
        tracker.started(p, 7);

        tracker.finished(p, 7);
        assertThat(tracker.committable()).isEqualTo(Map.of(p, new OffsetAndMetadata(5)));
        tracker.finished(p, 5);
        assertThat(tracker.committable()).isEqualTo(Map.of(p, new OffsetAndMetadata(6)));
        tracker.finished(p, 6);
        assertThat(tracker.committable()).isEqualTo(Map.of(p, new OffsetAndMetadata(8)));
    }

    @Test
    void shouldOfferOnlyPositionsThatMovedSinceTheLastCommit() {
        tracker.started(p, 1);
        tracker.finished(p, 1);
        Map<TopicPartition, OffsetAndMetadata> first = tracker.committable();
        tracker.markCommitted(first);

        assertThat(tracker.committable()).isEmpty();
    }

    @Test
    void shouldHoldCommitsBeforeAnUnansweredCallAndIgnoreLateCompletionsAfterARewind() {
        tracker.started(p, 10);
        tracker.started(p, 11);
        tracker.started(p, 12);
        tracker.finished(p, 10);

        tracker.rewind(p, 11);
        tracker.finished(p, 12); // a completion of the dispatch before the rewind

        assertThat(tracker.committable()).isEqualTo(Map.of(p, new OffsetAndMetadata(11)));
        assertThat(tracker.inFlight(p)).isZero();
        tracker.started(p, 11);
        tracker.finished(p, 11);
        assertThat(tracker.committable()).isEqualTo(Map.of(p, new OffsetAndMetadata(12)));
    }
}
