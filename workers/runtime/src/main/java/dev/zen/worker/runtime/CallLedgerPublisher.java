package dev.zen.worker.runtime;

import dev.zen.schemas.CallLedgerEntry;
import dev.zen.schemas.RecordCodec;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a worker's entries to its service's call ledger, keyed by call id, to the ledger partition of
 * the command's partition. An acknowledged entry is remembered in the worker's {@link CallLedger}.
 * Thread safe (the Kafka producer is).
 */
final class CallLedgerPublisher {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final CallLedger ledger;
    private final RecordCodec codec;

    CallLedgerPublisher(Producer<String, byte[]> producer, String topic, CallLedger ledger, RecordCodec codec) {
        this.producer = producer;
        this.topic = topic;
        this.ledger = ledger;
        this.codec = codec;
    }

    /** Sends the entry; the future completes once the broker has it (or exceptionally, also when the send cannot start). */
    CompletableFuture<Void> write(CallLedgerEntry entry) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        int partition = ledger.ledgerPartition(entry.commandPartition());
        try {
            producer.send(new ProducerRecord<>(topic, partition, entry.callId(), codec.encode(entry)), (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                    return;
                }
                ledger.reached(partition, metadata.offset() + 1);
                ledger.remember(entry);
                acked.complete(null);
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }
}
