package dev.zen.gateway.kafka;

import dev.zen.gateway.core.CallbackQueue;
import dev.zen.gateway.core.JobJson;
import dev.zen.schemas.CallbackDelivery;
import dev.zen.schemas.Job;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.SchemaId;
import dev.zen.topics.TopicCatalogue;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Queues first callback deliveries on the callbacks topic, keyed by job id; the webhook id is
 * {@code msg_<job id>}, the same for every try, so a receiver can drop a repeat. Thread safe.
 */
public final class KafkaCallbackQueue implements CallbackQueue, AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final RecordCodec codec;
    private final TopicCatalogue topics;

    public KafkaCallbackQueue(Producer<String, byte[]> producer, TopicCatalogue topics, RecordCodec codec) {
        this.producer = producer;
        this.codec = codec;
        this.topics = topics;
    }

    @Override
    public void queue(Job ended) {
        try {
            queueAsync(ended).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing the callback of job " + ended.id(), e);
        } catch (Exception e) {
            throw new IllegalStateException("the callback of job " + ended.id() + " could not be queued: " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> queueAsync(Job ended) {
        long now = System.currentTimeMillis();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "job." + ended.status().wire());
        body.put("timestamp", Instant.ofEpochMilli(now).toString());
        body.set("data", JobJson.render(ended, codec));
        CallbackDelivery delivery = new CallbackDelivery(SchemaId.CALLBACK_DELIVERY, ended.id(), "msg_" + ended.id(),
                ended.callback().url(), ended.callback().sealedSecret(), body.toString(), 1, now);
        return dev.zen.topics.KafkaClientDefaults.acked(producer, new ProducerRecord<>(topics.callbacks(), ended.id(),
                codec.encode(delivery)));
    }

    @Override
    public void close() {
        producer.flush(); // the producer is the gateway's one, closed after every user of it
    }
}
