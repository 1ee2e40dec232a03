package dev.zen.gateway.kafka;

import dev.zen.gateway.core.CommandBus;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ReplyTo;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolReply;
import dev.zen.topics.AssignedTopicReader;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.ZenHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Request-reply over Kafka: writes each command to its tool's topic (keyed by call id) and completes
 * the caller's future when the reply with that call id appears on the replies topic. Every gateway
 * instance reads all partitions of the replies topic from the end and keeps only the replies it waits
 * for (the key is the call id, so others are skipped without decoding). Thread safe.
 */
public final class KafkaCommandBus implements CommandBus, AutoCloseable {

    private final TopicCatalogue topics;
    private final RecordCodec codec;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replies;
    private final Map<String, CompletableFuture<ToolReply>> pending = new ConcurrentHashMap<>();
    private final ReplyTo replyTo;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AssignedTopicReader reader;
    private final Thread listener;
    private volatile boolean running = true;

    public KafkaCommandBus(String bootstrap, TopicCatalogue topics, RecordCodec codec, String instanceId) {
        this.topics = topics;
        this.codec = codec;
        this.replyTo = new ReplyTo(topics.replies(), null);
        this.producer = new KafkaProducer<>(GatewayKafkaClients.producer(bootstrap, "zen-gateway-" + instanceId));
        this.replies = new KafkaConsumer<>(GatewayKafkaClients.assignedConsumer(bootstrap, "zen-gateway-replies-" + instanceId));
        this.reader = new AssignedTopicReader(replies, topics.replies(), false);
        this.listener = Thread.ofPlatform().name("zen-reply-listener").daemon().start(this::listen);
    }

    /** Blocks until the reply listener has its positions, so no reply to a command sent after this is missed. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<ToolReply> send(ToolCommand command) {
        CompletableFuture<ToolReply> future = new CompletableFuture<>();
        pending.put(command.callId(), future);
        RecordHeaders headers = new RecordHeaders();
        headers.add(ZenHeaders.CALL_ID, command.callId().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(topics.tool(command.tool()), null, command.callId(), codec.encode(command), headers),
                    (metadata, error) -> {
                        if (error != null) {
                            pending.remove(command.callId());
                            future.completeExceptionally(error);
                        }
                    });
        } catch (RuntimeException e) {
            // e.g. no metadata within max.block.ms because the cluster is down: fail this call, keep nothing
            pending.remove(command.callId());
            future.completeExceptionally(e);
        }
        return future;
    }

    @Override
    public void abandon(String callId) {
        pending.remove(callId);
    }

    @Override
    public ReplyTo replyTo() {
        return replyTo;
    }

    @Override
    public boolean connected() {
        return reader.connected();
    }

    private void listen() {
        reader.run(() -> running, record -> {
            CompletableFuture<ToolReply> future = record.key() == null ? null : pending.remove(record.key());
            if (future != null) {
                try {
                    future.complete(codec.decode(record.value(), ToolReply.class));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }
        }, consumer -> ready.countDown(), consumer -> { });
    }

    @Override
    public void close() {
        running = false;
        replies.wakeup();
        try {
            listener.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
