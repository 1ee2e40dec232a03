package dev.zen.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows a compacted topic from its beginning on a daemon thread, handing every record (tombstones
 * too) to {@code apply}. {@link #awaitCaughtUp} blocks until everything that was on the topic at start
 * has been applied, so a view built from it is complete before its owner serves.
 */
public final class CompactedTopicFollower implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public CompactedTopicFollower(String bootstrap, String topic, String clientId, Consumer<ConsumerRecord<String, byte[]>> apply) {
        this.consumer = new KafkaConsumer<>(KafkaClientDefaults.assignedConsumer(bootstrap, clientId));
        Map<TopicPartition, Long> endAtStart = new HashMap<>();
        this.thread = Thread.ofPlatform().name("zen-follow-" + topic).daemon().start(() ->
                new AssignedTopicReader(consumer, topic, true).run(() -> running, apply,
                        c -> endAtStart.putAll(c.endOffsets(c.assignment())),
                        c -> {
                            if (caughtUp.getCount() > 0 && endAtStart.entrySet().stream()
                                    .allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                                caughtUp.countDown();
                            }
                        }));
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        KafkaClientDefaults.wakeAndJoin(consumer, thread);
    }
}
