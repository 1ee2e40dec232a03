package dev.zen.gateway.kafka;

import dev.zen.gateway.core.CallbackQueue;
import dev.zen.gateway.core.JobEvents;
import dev.zen.gateway.core.JobStore;
import dev.zen.schemas.CallEvent;
import dev.zen.schemas.ErrorCode;
import dev.zen.schemas.Job;
import dev.zen.schemas.JobStatus;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolError;
import dev.zen.schemas.ToolReply;
import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.ZenHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job tracker: one consumer group of all gateway replicas over the results topic. A job's
 * events update its progress and open input requests ({@link JobEvents}); its reply ends it (completed, failed or cancelled) and, when
 * it has a callback, queues the first delivery on the callbacks topic. Offsets are committed after
 * the job is stored, so a crash replays the reply; a reply for a job that already ended is ignored.
 * Jobs past their deadline with no reply are failed ({@link #failOverdue}).
 */
public final class JobTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobTracker.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final CallbackQueue callbacks;
    private final JobStore store;
    private final RecordCodec codec;
    private final TopicCatalogue topics;
    private final Thread thread;
    private volatile boolean running = true;
    private long nextSweep;

    /** How long after its deadline a job without a reply is failed (the worker's own timeout reply comes first). */
    static final long OVERDUE_GRACE_MS = 30_000;
    private static final long SWEEP_EVERY_MS = 5_000;

    public JobTracker(String bootstrap, TopicCatalogue topics, RecordCodec codec, JobStore store, CallbackQueue callbacks, String instanceId) {
        this.consumer = new KafkaConsumer<>(KafkaClientDefaults.groupConsumer(bootstrap, "zen-gateway-tracker-" + instanceId,
                topics.prefix() + "gateway.jobs"));
        this.callbacks = callbacks;
        this.store = store;
        this.codec = codec;
        this.topics = topics;
        this.thread = Thread.ofPlatform().daemon().name("zen-job-tracker").start(this::run);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.results()));
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                // a batch's saves and callbacks are sent together and awaited once, before its commit (each job's
                // records apply in order: the store's view changes as each is sent)
                List<CompletableFuture<Void>> sent = new java.util.ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        sent.add(track(record).exceptionally(e -> {
                            LOG.warn("Result {}@{} of job {} not tracked: {}", record.partition(), record.offset(), record.key(),
                                    e.toString());
                            return null;
                        }));
                    } catch (RuntimeException e) {
                        LOG.warn("Result {}@{} of job {} not tracked: {}", record.partition(), record.offset(), record.key(), e.toString());
                    }
                }
                if (!records.isEmpty()) {
                    awaitAll(sent);
                    consumer.commitSync();
                }
                if (System.currentTimeMillis() >= nextSweep) {
                    failOverdue();
                    nextSweep = System.currentTimeMillis() + SWEEP_EVERY_MS;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("The job tracker stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static void awaitAll(List<CompletableFuture<Void>> sent) {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("Results tracked, but not every save was acknowledged within 10 s: {}", e.toString());
        }
    }

    /** Applies one result or event to its job; the future completes when what that wrote is acknowledged. */
    private CompletableFuture<Void> track(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return CompletableFuture.completedFuture(null);
        }
        Header kind = record.headers().lastHeader(ZenHeaders.RECORD);
        String what = kind == null ? ZenHeaders.RECORD_REPLY : new String(kind.value(), StandardCharsets.UTF_8);
        Optional<Job> found = awaitJob(record.key());
        if (found.isEmpty()) {
            LOG.warn("A result for {} arrived, but no such job is known (expired or never accepted); ignored", record.key());
            return CompletableFuture.completedFuture(null);
        }
        Job job = found.get();
        if (job.status().terminal()) {
            return CompletableFuture.completedFuture(null); // a redelivered result: the job already ended
        }
        long now = System.currentTimeMillis();
        if (ZenHeaders.RECORD_EVENT.equals(what)) {
            Job next = JobEvents.apply(job, codec.decode(record.value(), CallEvent.class), now);
            return next != job ? store.save(next) : CompletableFuture.completedFuture(null);
        }
        Job ended = JobEvents.finished(job, codec.decode(record.value(), ToolReply.class), now);
        CompletableFuture<Void> saved = store.save(ended);
        return ended.callback() == null ? saved : CompletableFuture.allOf(saved, callbacks.queueAsync(ended));
    }

    /**
     * Fails the jobs that are past their deadline (and a grace) with no reply: their worker died
     * before answering or their command was lost. Each replica sweeps the jobs whose key falls in a
     * results partition it owns, so one replica decides each job.
     */
    private void failOverdue() {
        var mine = consumer.assignment();
        if (mine.isEmpty()) {
            return;
        }
        int partitions = consumer.partitionsFor(topics.results()).size();
        long now = System.currentTimeMillis();
        for (Job job : store.all()) {
            if (job.status().terminal() || job.deadline() + OVERDUE_GRACE_MS > now) {
                continue;
            }
            int partition = Utils.toPositive(Utils.murmur2(job.id().getBytes(StandardCharsets.UTF_8))) % partitions;
            if (!mine.contains(new TopicPartition(topics.results(), partition))) {
                continue;
            }
            String message = "No reply arrived before the job's deadline (" + Instant.ofEpochMilli(job.deadline())
                    + "); its worker may have stopped, so the job may or may not have been applied";
            Job failed = job.finished(JobStatus.FAILED, message, null, new ToolError(ErrorCode.DEADLINE_EXCEEDED.wire(), message, null),
                    null, null, now);
            try {
                save(failed);
                if (failed.callback() != null) {
                    callbacks.queue(failed);
                }
                LOG.warn("Job {} ({}) failed: past its deadline with no reply", job.id(), job.tool());
            } catch (RuntimeException e) {
                LOG.warn("Overdue job {} not failed yet: {}", job.id(), e.toString());
            }
        }
    }

    /** The job, waiting briefly for this replica's view when the job was accepted by another replica a moment ago. */
    private Optional<Job> awaitJob(String id) {
        long until = System.currentTimeMillis() + 3_000;
        Optional<Job> job = store.find(id);
        while (job.isEmpty() && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return job;
            }
            job = store.find(id);
        }
        return job;
    }

    private void save(Job job) {
        try {
            store.save(job).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("job " + job.id() + " could not be stored: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaClientDefaults.wakeAndJoin(consumer, thread);
    }
}
