package dev.zen.worker.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition are in flight, so that a commit never passes a command whose reply
 * has not been produced: the committable position is the lowest in-flight offset, or one past the
 * highest finished offset when nothing is in flight. Confined to the poll thread; not thread safe.
 */
final class OffsetTracker {

    private final Map<TopicPartition, TreeSet<Long>> inFlight = new HashMap<>();
    private final Map<TopicPartition, Long> nextToCommit = new HashMap<>();
    /** One past the highest offset finished per partition. */
    private final Map<TopicPartition, Long> highWater = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    void started(TopicPartition partition, long offset) {
        inFlight.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
    }

    void finished(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = inFlight.get(partition);
        if (offsets == null || !offsets.remove(offset)) {
            return; // partition was revoked or rewound meanwhile
        }
        long high = highWater.merge(partition, offset + 1, Math::max);
        // everything below the lowest offset still in flight has finished (or was committed before)
        nextToCommit.put(partition, offsets.isEmpty() ? high : Math.min(high, offsets.first()));
    }

    /** Positions that moved since the last call, ready to commit. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        nextToCommit.forEach((partition, next) -> {
            TreeSet<Long> offsets = inFlight.get(partition);
            long position = offsets == null || offsets.isEmpty() ? next : Math.min(next, offsets.first());
            if (!Long.valueOf(position).equals(committed.get(partition))) {
                result.put(partition, new OffsetAndMetadata(position));
            }
        });
        return result;
    }

    void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, position) -> committed.put(partition, position.offset()));
    }

    int inFlight(TopicPartition partition) {
        TreeSet<Long> offsets = inFlight.get(partition);
        return offsets == null ? 0 : offsets.size();
    }

    int inFlightTotal() {
        return inFlight.values().stream().mapToInt(TreeSet::size).sum();
    }

    /**
     * The reply to {@code offset} could not be written: nothing at or after it may be committed, and
     * the caller seeks back so that it is read again. Offsets above it still in flight are dropped
     * (they are read again too; their late completions are ignored).
     */
    void rewind(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = inFlight.get(partition);
        if (offsets != null) {
            offsets.tailSet(offset, true).clear();
        }
        nextToCommit.computeIfPresent(partition, (p, next) -> Math.min(next, offset));
        highWater.computeIfPresent(partition, (p, high) -> Math.min(high, offset));
    }

    void forget(TopicPartition partition) {
        inFlight.remove(partition);
        nextToCommit.remove(partition);
        highWater.remove(partition);
        committed.remove(partition);
    }
}
