package dev.zen.worker.runtime;

import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.CallMode;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.WorkerRef;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the worker's own audit event, {@code started}: this worker instance took the command and
 * hands it to the executor now. Keyed by call id like the gateway's events of the call, so it lands
 * between them on one partition. Uses the worker's producer and does not wait; a lost event is
 * logged. Off with {@code ZEN_AUDIT=off}. Thread safe.
 */
final class AuditPublisher {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuditPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final RecordCodec codec;
    private final WorkerRef worker;
    private final boolean enabled;

    AuditPublisher(Producer<String, byte[]> producer, String topic, RecordCodec codec, WorkerRef worker, Map<String, String> env) {
        this.producer = producer;
        this.topic = topic;
        this.codec = codec;
        this.worker = worker;
        String setting = env.getOrDefault("ZEN_AUDIT", "on").trim().toLowerCase(java.util.Locale.ROOT);
        this.enabled = !setting.equals("off") && !setting.equals("false");
    }

    void started(ToolCommand command) {
        if (!enabled) {
            return;
        }
        long now = System.currentTimeMillis();
        AuditEvent event = AuditEvent.builder(AuditEvent.STARTED, "worker:" + worker.service() + "/" + worker.instance(), now)
                .callId(command.callId()).jobId(command.mode() == CallMode.ASYNC ? command.callId() : null).tool(command.tool())
                .service(worker.service()).instance(worker.instance()).principal(command.principal()).mode(command.mode())
                .durationMs(now - command.createdAt()).build();
        producer.send(new ProducerRecord<>(topic, null, event.at(), command.callId(), codec.encode(event)), (metadata, error) -> {
            if (error != null) {
                LOG.warn("Audit event started of call {} was not written: {}", command.callId(), error.toString());
            }
        });
    }
}
