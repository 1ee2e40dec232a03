package dev.zen.worker.runtime;

import dev.zen.schemas.CallLedgerEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * A worker's view of its service's call ledger, for the command partitions it is assigned: the latest
 * {@link CallLedgerEntry} of each call it may be handed again, and where on the ledger a successor
 * must start reading so that it sees all of them.
 *
 * <p>That position travels in the commit metadata of each command partition ({@code ledger=<offset>}):
 * every ledger entry about a command at or after the committed offset lies at or after it. It is the
 * lowest of: the position inherited on assignment (while commands a predecessor may have handled are
 * still uncommitted), the ledger's end as this worker knew it when it took each uncommitted command,
 * and the ledger's current end. Entries are written only after the command was taken, so each of
 * these is a lower bound. Commands of partition {@code p} of every tool topic go to ledger partition
 * {@code p} modulo the ledger's partition count.
 *
 * <p>Entries and ledger ends are thread safe (handler and producer threads write them); the positions
 * are confined to the poll thread.
 */
final class CallLedger {

    static final String METADATA_PREFIX = "ledger=";

    private final int ledgerPartitions;
    private final Map<String, CallLedgerEntry> entries = new ConcurrentHashMap<>();
    /** One past the highest ledger offset this worker saw written or read, per ledger partition. */
    private final Map<Integer, Long> ledgerEnds = new ConcurrentHashMap<>();
    /** Per command partition: command offset → the ledger position below which none of its entries lies. */
    private final Map<TopicPartition, TreeMap<Long, Long>> positions = new HashMap<>();
    private final Map<TopicPartition, Inherited> inherited = new HashMap<>();

    /** What a predecessor left: entries of commands below {@code horizon} may lie from {@code position} on. */
    private record Inherited(long position, long horizon) {
    }

    CallLedger(int ledgerPartitions) {
        if (ledgerPartitions < 1) {
            throw new IllegalArgumentException("Expected a call ledger of at least one partition, but it has " + ledgerPartitions);
        }
        this.ledgerPartitions = ledgerPartitions;
    }

    int ledgerPartition(int commandPartition) {
        return commandPartition % ledgerPartitions;
    }

    /** The latest entry of the call, or null when no worker started or answered it (as far as this view knows). */
    CallLedgerEntry lookup(String callId) {
        return entries.get(callId);
    }

    /** Records an entry written or read; a started entry never hides a reply already known. */
    void remember(CallLedgerEntry entry) {
        entries.merge(entry.callId(), entry, (known, next) ->
                known.stage() == CallLedgerEntry.Stage.REPLIED && next.stage() == CallLedgerEntry.Stage.STARTED ? known : next);
    }

    /** The broker acknowledged (or a catch-up read) ledger records up to {@code end} (exclusive) of a ledger partition. */
    void reached(int ledgerPartition, long end) {
        ledgerEnds.merge(ledgerPartition, end, Math::max);
    }

    /** The poll thread took a command: any entry written about it from now on lies at or after the ledger's end as known now. */
    void taken(TopicPartition command, long offset) {
        long end = ledgerEnds.getOrDefault(ledgerPartition(command.partition()), 0L);
        positions.computeIfAbsent(command, p -> new TreeMap<>()).merge(offset, end, Math::min);
    }

    /** After a catch-up read: a predecessor's entries of commands below {@code horizon} lie at or after {@code position}. */
    void inherit(TopicPartition command, long position, long horizon) {
        inherited.put(command, new Inherited(position, horizon));
    }

    /**
     * The commit metadata for committing {@code committedOffset} of a command partition; forgets what
     * is below it (those commands are never handed out again).
     */
    String commitMetadata(TopicPartition command, long committedOffset) {
        TreeMap<Long, Long> taken = positions.computeIfAbsent(command, p -> new TreeMap<>());
        taken.headMap(committedOffset).clear();
        long position = ledgerEnds.getOrDefault(ledgerPartition(command.partition()), 0L);
        for (long p : taken.values()) {
            position = Math.min(position, p);
        }
        Inherited before = inherited.get(command);
        if (before != null) {
            if (committedOffset < before.horizon()) {
                position = Math.min(position, before.position());
            } else {
                inherited.remove(command);
            }
        }
        entries.values().removeIf(e -> e.commandPartition() == command.partition() && e.commandTopic().equals(command.topic())
                && e.commandOffset() < committedOffset);
        return METADATA_PREFIX + position;
    }

    /** The ledger position in a command partition's commit metadata, or 0 (read the ledger from its start) when it has none. */
    static long positionIn(String metadata) {
        if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(metadata.substring(METADATA_PREFIX.length())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The partition went to another member: its entries and positions are that member's to read. */
    void forget(TopicPartition command) {
        positions.remove(command);
        inherited.remove(command);
        entries.values().removeIf(e -> e.commandPartition() == command.partition() && e.commandTopic().equals(command.topic()));
    }
}
