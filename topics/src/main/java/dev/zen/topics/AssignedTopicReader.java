package dev.zen.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic (or one chosen partition) with a group-less, self-assigned consumer: from the beginning
 * or from the end, picking up partitions added later (from their beginning), and riding out Kafka
 * errors instead of dying. Runs on the calling thread until {@code running} turns false or the
 * consumer is woken up. Owns and closes the consumer.
 */
public final class AssignedTopicReader {

    private static final Logger LOG = LoggerFactory.getLogger(AssignedTopicReader.class);
    private static final long PARTITION_CHECK_MS = 30_000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final boolean fromBeginning;
    private final Integer partition;
    private volatile boolean connected;
    private long nextConnectionCheck;

    public AssignedTopicReader(KafkaConsumer<String, byte[]> consumer, String topic, boolean fromBeginning) {
        this(consumer, topic, fromBeginning, null);
    }

    /** A reader of one partition of the topic only ({@code partition}; null for every partition). */
    public AssignedTopicReader(KafkaConsumer<String, byte[]> consumer, String topic, boolean fromBeginning, Integer partition) {
        this.consumer = consumer;
        this.topic = topic;
        this.fromBeginning = fromBeginning;
        this.partition = partition;
    }

    /**
     * @param onAssigned called once the first assignment has its positions, with the consumer (e.g. to read end offsets)
     * @param afterPoll  called after every poll, on this thread
     */
    public void run(BooleanSupplier running, Consumer<ConsumerRecord<String, byte[]>> handler,
            Consumer<KafkaConsumer<String, byte[]>> onAssigned, Consumer<KafkaConsumer<String, byte[]>> afterPoll) {
        try {
            List<TopicPartition> assigned = partitions();
            consumer.assign(assigned);
            if (fromBeginning) {
                consumer.seekToBeginning(assigned);
            } else {
                consumer.seekToEnd(assigned);
            }
            assigned.forEach(consumer::position); // resolve positions now, not lazily at the first poll
            onAssigned.accept(consumer);
            long nextCheck = System.currentTimeMillis() + PARTITION_CHECK_MS;
            while (running.getAsBoolean()) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        handler.accept(record);
                    }
                    checkConnection();
                    afterPoll.accept(consumer);
                    if (System.currentTimeMillis() > nextCheck) {
                        nextCheck = System.currentTimeMillis() + PARTITION_CHECK_MS;
                        assigned = addNewPartitions(assigned);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    LOG.warn("Reading {} failed, retrying in 1 s: {}", topic, e.toString());
                    Thread.sleep(1_000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Reading {} stopped: {}", topic, e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    /** Whether the consumer holds a connection to the cluster (a poll returns empty, not an error, when it has none). */
    public boolean connected() {
        return connected;
    }

    private void checkConnection() {
        long now = System.currentTimeMillis();
        if (now < nextConnectionCheck) {
            return;
        }
        nextConnectionCheck = now + 1_000;
        connected = consumer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("connection-count") && e.getKey().group().equals("consumer-metrics"))
                .anyMatch(e -> e.getValue().metricValue() instanceof Double count && count > 0);
    }

    private List<TopicPartition> partitions() {
        if (partition != null) {
            return List.of(new TopicPartition(topic, partition));
        }
        return consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    private List<TopicPartition> addNewPartitions(List<TopicPartition> assigned) {
        List<TopicPartition> now = partitions();
        List<TopicPartition> added = new ArrayList<>(now);
        added.removeAll(assigned);
        if (added.isEmpty()) {
            return assigned;
        }
        consumer.assign(now); // partitions kept keep their positions
        consumer.seekToBeginning(added);
        LOG.info("{} grew to {} partitions; now reading {} too", topic, now.size(), added);
        return now;
    }
}
