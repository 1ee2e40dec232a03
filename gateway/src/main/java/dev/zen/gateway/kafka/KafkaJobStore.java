package dev.zen.gateway.kafka;

import dev.zen.gateway.core.JobStore;
import dev.zen.schemas.Job;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.SchemaId;
import dev.zen.topics.CompactedTopicFollower;
import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JobStore} of the compacted jobs topic: every replica reads it whole at start and
 * follows it, so any replica answers for any job, across gateway and broker restarts. A save is
 * written through to this replica's view at once. Newer states win (by {@code updatedAt}). Expired
 * jobs are hidden at once and removed with a tombstone by a sweep every minute.
 */
public final class KafkaJobStore implements JobStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaJobStore.class);

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, java.util.List<CompletableFuture<Job>>> waiters = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.BiConsumer<Job, Job>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final RecordCodec codec;
    private final String topic;
    private final Producer<String, byte[]> producer;
    private final CompactedTopicFollower follower;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("zen-job-sweeper").factory());

    public KafkaJobStore(Producer<String, byte[]> producer, String bootstrap, TopicCatalogue topics, RecordCodec codec, String instanceId) {
        this.codec = codec;
        this.topic = topics.jobs();
        this.producer = producer;
        this.follower = new CompactedTopicFollower(bootstrap, topic, "zen-gateway-jobs-view-" + instanceId, this::apply);
        sweeper.scheduleWithFixedDelay(this::sweep, 60, 60, TimeUnit.SECONDS);
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    @Override
    public CompletableFuture<Void> save(Job job) {
        keepNewer(job);
        return KafkaClientDefaults.acked(producer, new ProducerRecord<>(topic, job.id(), codec.encode(job)));
    }

    @Override
    public Optional<Job> find(String id) {
        Job job = jobs.get(id);
        return job == null || job.expired(System.currentTimeMillis()) ? Optional.empty() : Optional.of(job);
    }

    @Override
    public Collection<Job> all() {
        long now = System.currentTimeMillis();
        return jobs.values().stream().filter(job -> !job.expired(now)).toList();
    }

    @Override
    public CompletableFuture<Job> ended(String id) {
        CompletableFuture<Job> waiter = new CompletableFuture<>();
        waiters.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(waiter);
        Job known = jobs.get(id);
        if (known != null && known.status().terminal()) {
            release(known);
        }
        return waiter;
    }

    @Override
    public void onChange(java.util.function.BiConsumer<Job, Job> listener) {
        listeners.add(listener);
    }

    private void keepNewer(Job job) {
        Job[] before = new Job[1];
        Job kept = jobs.compute(job.id(), (id, old) -> {
            before[0] = old;
            return old == null || job.updatedAt() >= old.updatedAt() ? job : old;
        });
        if (kept.status().terminal() && !waiters.isEmpty()) {
            release(kept);
        }
        if (kept == job && before[0] != job) {
            for (var listener : listeners) {
                try {
                    listener.accept(before[0], job);
                } catch (RuntimeException e) {
                    LOG.warn("A job listener failed: {}", e.toString());
                }
            }
        }
    }

    private void release(Job ended) {
        var waiting = waiters.remove(ended.id());
        if (waiting != null) {
            waiting.forEach(w -> w.complete(ended));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                jobs.remove(record.key());
            }
            return;
        }
        try {
            Job job = codec.decode(record.value(), Job.class);
            if (SchemaId.JOB.readable(job.schema())) {
                keepNewer(job);
            }
        } catch (RuntimeException e) {
            LOG.warn("Skipped an unreadable job record at offset {}: {}", record.offset(), e.getMessage());
        }
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        jobs.values().stream().filter(job -> job.expired(now)).forEach(job -> {
            jobs.remove(job.id());
            waiters.remove(job.id());
            producer.send(new ProducerRecord<>(topic, job.id(), null));
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        follower.close();
        producer.flush(); // the producer is the gateway's one, closed after every user of it
    }
}
