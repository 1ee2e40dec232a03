package dev.zen.gateway.kafka;

import dev.zen.gateway.core.CommandBus;
import dev.zen.schemas.CallEvent;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ReplyTo;
import dev.zen.schemas.ServerNotice;
import dev.zen.schemas.ServiceRequest;
import dev.zen.schemas.ServiceResponse;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolReply;
import dev.zen.topics.AssignedTopicReader;
import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.ZenHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request-reply over Kafka: writes each command to its tool's topic (keyed by call id) and each
 * service request to its service's topic, and completes the caller's future when the reply with that
 * key appears on the replies topic; a call's events arrive there too, before its reply. Each gateway
 * instance names one partition of the replies topic in its commands' reply-to and reads only that
 * one, from the end (as spring-kafka's ReplyingKafkaTemplate does with a reply partition per
 * instance); should two instances share a partition, each keeps only what it waits for (the key is
 * the call id, so others are skipped without decoding). It also reads the events topic
 * for notices, and writes client answers to the answers topic. Thread safe.
 */
public final class KafkaCommandBus implements CommandBus, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCommandBus.class);

    private final TopicCatalogue topics;
    private final RecordCodec codec;
    private final Producer<String, byte[]> producer;
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();
    private final Map<String, PendingRequest> pendingRequests = new ConcurrentHashMap<>();
    private final List<Consumer<ServerNotice>> noticeListeners = new CopyOnWriteArrayList<>();
    private final ReplyTo replyTo;
    private final CountDownLatch ready = new CountDownLatch(2);
    private final KafkaConsumer<String, byte[]> replies;
    private final KafkaConsumer<String, byte[]> events;
    private final AssignedTopicReader reader;
    private final Thread listener;
    private final Thread noticeListener;
    private volatile boolean running = true;
    /**
     * Where replies are decoded and their futures completed: what waits on a reply (the result's
     * rendering, the audit, the HTTP answer's hand-over) runs there, not on the one listener thread,
     * which would otherwise serialize every call's completion (measured: the listener was the gateway's
     * busiest thread at 64 concurrent calls). Events stay on the listener, so they keep their order and
     * come before the reply.
     */
    private final java.util.concurrent.ExecutorService completions = java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("zen-reply-", 0).factory());

    private record PendingCall(CompletableFuture<ToolReply> reply, Consumer<CallEvent> events) {
    }

    private record PendingRequest(CompletableFuture<ServiceResponse> response, Consumer<CallEvent> events) {
    }

    /**
     * @param producer       the gateway's producer (not closed here)
     * @param replyPartition the partition of the replies topic this instance reads ({@code ZEN_REPLY_PARTITION}), or
     *                       null or negative for one chosen by the instance id
     */
    public KafkaCommandBus(Producer<String, byte[]> producer, String bootstrap, TopicCatalogue topics, RecordCodec codec,
            String instanceId, Integer replyPartition) {
        this.topics = topics;
        this.codec = codec;
        this.producer = producer;
        this.replies = new KafkaConsumer<>(KafkaClientDefaults.assignedConsumer(bootstrap, "zen-gateway-replies-" + instanceId));
        this.events = new KafkaConsumer<>(KafkaClientDefaults.assignedConsumer(bootstrap, "zen-gateway-events-" + instanceId));
        int partition = ReplyPartition.choose(replyPartition, instanceId,
                replies.partitionsFor(topics.replies(), Duration.ofSeconds(60)).size(), topics.replies());
        this.replyTo = new ReplyTo(topics.replies(), partition);
        this.reader = new AssignedTopicReader(replies, topics.replies(), false, partition);
        LOG.info("Replies to this gateway go to {}-{}", topics.replies(), partition);
        this.listener = Thread.ofPlatform().name("zen-reply-listener").daemon().start(this::listen);
        AssignedTopicReader noticeReader = new AssignedTopicReader(events, topics.events(), false);
        this.noticeListener = Thread.ofPlatform().name("zen-notice-listener").daemon().start(() ->
                noticeReader.run(() -> running, this::notice, consumer -> ready.countDown(), consumer -> { }));
    }

    /** Blocks until the listeners have their positions, so no reply to a command sent after this is missed. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<ToolReply> send(ToolCommand command, Consumer<CallEvent> onEvent) {
        CompletableFuture<ToolReply> future = new CompletableFuture<>();
        pending.put(command.callId(), new PendingCall(future, onEvent));
        write(topics.tool(command.tool()), command.callId(), codec.encode(command), future, () -> pending.remove(command.callId()));
        return future;
    }

    @Override
    public CompletableFuture<Void> dispatch(ToolCommand command) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ZenHeaders.CALL_ID, command.callId().getBytes(StandardCharsets.UTF_8));
        return KafkaClientDefaults.acked(producer, new ProducerRecord<>(topics.tool(command.tool()), null, command.callId(),
                codec.encode(command), headers));
    }

    @Override
    public CompletableFuture<ServiceResponse> request(ServiceRequest request, Consumer<CallEvent> onEvent) {
        CompletableFuture<ServiceResponse> future = new CompletableFuture<>();
        pendingRequests.put(request.requestId(), new PendingRequest(future, onEvent));
        write(topics.service(request.service()), request.requestId(), codec.encode(request), future,
                () -> pendingRequests.remove(request.requestId()));
        return future;
    }

    private void write(String topic, String key, byte[] value, CompletableFuture<?> future, Runnable forget) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ZenHeaders.CALL_ID, key.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers), (metadata, error) -> {
                if (error != null) {
                    forget.run();
                    future.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // e.g. no metadata within max.block.ms because the cluster is down: fail this call, keep nothing
            forget.run();
            future.completeExceptionally(e);
        }
    }

    @Override
    public CompletableFuture<Void> relay(ClientAnswer answer) {
        return KafkaClientDefaults.acked(producer, new ProducerRecord<>(topics.answers(), answer.key(), codec.encode(answer)));
    }

    @Override
    public void onNotice(Consumer<ServerNotice> listener) {
        noticeListeners.add(listener);
    }

    @Override
    public void abandon(String id) {
        pending.remove(id);
        pendingRequests.remove(id);
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
        reader.run(() -> running, this::onReplyRecord, consumer -> ready.countDown(), consumer -> { });
    }

    private void onReplyRecord(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null || record.value() == null) {
            return;
        }
        String kind = kind(record);
        try {
            if (ZenHeaders.RECORD_EVENT.equals(kind)) {
                PendingCall call = pending.get(key);
                PendingRequest request = call == null ? pendingRequests.get(key) : null;
                if (call != null || request != null) {
                    CallEvent event = codec.decode(record.value(), CallEvent.class);
                    (call != null ? call.events() : request.events()).accept(event);
                }
            } else if (ZenHeaders.RECORD_RESPONSE.equals(kind)) {
                PendingRequest request = pendingRequests.remove(key);
                if (request != null) {
                    byte[] value = record.value();
                    completions.execute(() -> complete(request.response(), () -> codec.decode(value, ServiceResponse.class)));
                }
            } else {
                PendingCall call = pending.remove(key);
                if (call != null) {
                    byte[] value = record.value();
                    completions.execute(() -> complete(call.reply(), () -> codec.decode(value, ToolReply.class)));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Record {} at {}/{}@{} not handled: {}", kind, record.topic(), record.partition(), record.offset(), e.toString());
        }
    }

    private static <T> void complete(CompletableFuture<T> future, java.util.function.Supplier<T> decode) {
        try {
            future.complete(decode.get());
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    private void notice(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || noticeListeners.isEmpty()) {
            return;
        }
        try {
            if (record.headers().lastHeader(ZenHeaders.RECORD) != null) {
                return; // events of async calls share the topic; notices carry no record header
            }
            ServerNotice notice = codec.decode(record.value(), ServerNotice.class);
            noticeListeners.forEach(l -> l.accept(notice));
        } catch (RuntimeException e) {
            LOG.warn("Notice at {}/{}@{} not handled: {}", record.topic(), record.partition(), record.offset(), e.toString());
        }
    }

    private static String kind(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(ZenHeaders.RECORD);
        return header == null ? ZenHeaders.RECORD_REPLY : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        replies.wakeup();
        events.wakeup();
        try {
            listener.join(5_000);
            noticeListener.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completions.shutdown();
        producer.flush(); // the producer is the gateway's one, closed after every user of it
    }
}
