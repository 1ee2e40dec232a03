package dev.zen.ops;

import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The floor: an echo service in a consumer group, and a requester correlating replies by key. */
final class Floor implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> echoConsumer;
    private final KafkaConsumer<String, byte[]> replyConsumer;
    private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final String requests;
    private final String replies;
    private final byte[] payload = new byte[1024];
    private volatile boolean running = true;
    private final Thread echo;
    private final Thread listener;

    Floor(String bootstrap, TopicCatalogue topics) throws InterruptedException {
        requests = topics.fixed("bench-requests").name();
        replies = topics.fixed("bench-replies").name();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(topics.fixed("bench-requests"),
                    topics.fixed("bench-replies")));
        }
        Arrays.fill(payload, (byte) 'x');
        // the same producer settings as the gateway's and the workers'
        producer = new KafkaProducer<>(KafkaClientDefaults.requestReplyProducer(bootstrap, "zen-bench-floor"));
        echoConsumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "zen-bench-echo-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                new StringDeserializer(), new ByteArrayDeserializer());
        replyConsumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                new StringDeserializer(), new ByteArrayDeserializer());
        CountDownLatch ready = new CountDownLatch(2);
        echo = Thread.ofPlatform().name("floor-echo").start(() -> echoLoop(ready));
        listener = Thread.ofPlatform().name("floor-replies").start(() -> replyLoop(ready));
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Expected the floor's consumers to be ready within 60 s");
        }
    }

    void call() throws Exception {
        String id = UUID.randomUUID().toString();
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        pending.put(id, future);
        producer.send(new ProducerRecord<>(requests, id, payload));
        try {
            future.get(30, TimeUnit.SECONDS);
        } finally {
            pending.remove(id);
        }
    }

    private void echoLoop(CountDownLatch ready) {
        try {
            echoConsumer.subscribe(List.of(requests));
            while (echoConsumer.assignment().isEmpty()) {
                echoConsumer.poll(Duration.ofMillis(50));
            }
            echoConsumer.assignment().forEach(echoConsumer::position);
            ready.countDown();
            while (running) {
                var records = echoConsumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : records) {
                    producer.send(new ProducerRecord<>(replies, record.key(), record.value()));
                }
                if (!records.isEmpty()) {
                    echoConsumer.commitAsync();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            echoConsumer.close();
        }
    }

    private void replyLoop(CountDownLatch ready) {
        try {
            List<TopicPartition> partitions = replyConsumer.partitionsFor(replies).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            replyConsumer.assign(partitions);
            replyConsumer.seekToEnd(partitions);
            partitions.forEach(replyConsumer::position);
            ready.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : replyConsumer.poll(Duration.ofMillis(100))) {
                    CompletableFuture<byte[]> future = pending.get(record.key());
                    if (future != null) {
                        future.complete(record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            replyConsumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        echoConsumer.wakeup();
        replyConsumer.wakeup();
        echo.join(5_000);
        listener.join(5_000);
        producer.close();
    }
}
