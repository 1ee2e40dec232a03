package dev.zen.gateway.kafka;

import dev.zen.gateway.core.ToolCatalog;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ServiceAnnouncement;
import dev.zen.topics.AssignedTopicReader;
import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted registry topic from the beginning into the {@link ToolCatalog}: announcements
 * and heartbeats update an instance, tombstones mark it stopped. {@link #awaitCaughtUp} blocks until
 * everything that was on the topic at start has been read, so the first tools/list is complete.
 */
public final class RegistryListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryListener.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ToolCatalog catalog;
    private final RecordCodec codec;
    private final String topic;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public RegistryListener(String bootstrap, TopicCatalogue topics, ToolCatalog catalog, RecordCodec codec, String instanceId) {
        this.consumer = new KafkaConsumer<>(KafkaClientDefaults.assignedConsumer(bootstrap, "zen-gateway-registry-" + instanceId));
        this.catalog = catalog;
        this.codec = codec;
        this.topic = topics.registry();
        this.thread = Thread.ofPlatform().name("zen-registry-listener").daemon().start(this::listen);
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void listen() {
        Map<TopicPartition, Long> endAtStart = new HashMap<>();
        new AssignedTopicReader(consumer, topic, true).run(() -> running, this::apply,
                consumer -> endAtStart.putAll(consumer.endOffsets(consumer.assignment())),
                consumer -> {
                    if (caughtUp.getCount() > 0 && endAtStart.entrySet().stream()
                            .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        caughtUp.countDown();
                    }
                });
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                catalog.stopped(record.key());
            }
            return;
        }
        try {
            ServiceAnnouncement announcement = codec.decode(record.value(), ServiceAnnouncement.class);
            if (dev.zen.schemas.SchemaId.SERVICE_ANNOUNCEMENT.readable(announcement.schema())) {
                catalog.announced(announcement);
            }
        } catch (RuntimeException e) {
            LOG.warn("Skipped an unreadable registry record {}@{}: {}", record.key(), record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
