package dev.zen.gateway.kafka;

import dev.zen.gateway.core.CallbackGuard;
import dev.zen.gateway.core.InvalidJobRequest;
import dev.zen.gateway.core.JobStore;
import dev.zen.gateway.core.SecretSealer;
import dev.zen.gateway.core.Webhooks;
import dev.zen.schemas.CallbackDelivery;
import dev.zen.schemas.Job;
import dev.zen.schemas.RecordCodec;
import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers job callbacks (Standard Webhooks) with non-blocking retries: one consumer group of all
 * gateway replicas over the callbacks topic and one retry topic per delay of the schedule
 * ({@code ZEN_CALLBACK_RETRY_SCHEDULE}, default {@code 0s,5s,5m,30m,2h,5h,10h}). Every record on a
 * retry topic waits the same, so a partition whose head is not due yet is paused until it is, and
 * nothing else waits. Each delivery runs on its own virtual thread (15 s timeout, no redirects), so
 * one slow receiver holds up nobody; offsets are committed up to the last finished delivery.
 * 2xx: delivered. 410: gone, no more tries. Else the next delay of the schedule (at least the
 * receiver's {@code Retry-After}, plus up to 10 % jitter); after the last, the delivery goes to the
 * callbacks dead-letter topic. Every attempt is recorded on the job.
 */
public final class CallbackDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final RecordCodec codec;
    private final TopicCatalogue topics;
    private final JobStore store;
    private final SecretSealer sealer;
    private final CallbackGuard guard;
    private final List<Duration> schedule;
    private final List<String> subscribed = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
    private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();
    private final Map<TopicPartition, TreeMap<Long, Boolean>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> done = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    public CallbackDispatcher(Producer<String, byte[]> producer, String bootstrap, TopicCatalogue topics, RecordCodec codec, JobStore store, SecretSealer sealer,
            CallbackGuard guard, List<Duration> schedule, String instanceId) {
        this.consumer = new KafkaConsumer<>(KafkaClientDefaults.groupConsumer(bootstrap, "zen-gateway-callbacks-" + instanceId,
                topics.prefix() + "gateway.callbacks"));
        this.producer = producer;
        this.codec = codec;
        this.topics = topics;
        this.store = store;
        this.sealer = sealer;
        this.guard = guard;
        this.schedule = List.copyOf(schedule);
        subscribed.add(topics.callbacks());
        retryTopics(topics, schedule).forEach(spec -> subscribed.add(spec.name()));
        this.thread = Thread.ofPlatform().daemon().name("zen-callback-dispatcher").start(this::run);
    }

    /** The retry topics a schedule needs: one per distinct delay after the first attempt. */
    public static List<TopicSpec> retryTopics(TopicCatalogue topics, List<Duration> schedule) {
        return schedule.stream().skip(1).distinct().map(topics::callbackRetry).toList();
    }

    /** Parses {@code 0s,5s,5m,30m,2h}: the delay before each attempt, the first included. */
    public static List<Duration> parseSchedule(String text) {
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (!p.matches("\\d+[smh]")) {
                throw new IllegalArgumentException("Expected ZEN_CALLBACK_RETRY_SCHEDULE like 0s,5s,5m,30m,2h, but '" + p + "' is not a delay");
            }
            long n = Long.parseLong(p.substring(0, p.length() - 1));
            delays.add(switch (p.charAt(p.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        return delays;
    }

    private void run() {
        try {
            consumer.subscribe(subscribed);
            while (running) {
                resumeDue();
                var records = consumer.poll(Duration.ofMillis(200));
                java.util.Set<TopicPartition> pausedNow = new java.util.HashSet<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (pausedNow.contains(partition)) {
                        continue;
                    }
                    CallbackDelivery delivery;
                    try {
                        delivery = codec.decode(record.value(), CallbackDelivery.class);
                    } catch (RuntimeException e) {
                        LOG.warn("Skipped an unreadable callback delivery {}@{}: {}", partition, record.offset(), e.getMessage());
                        track(partition).put(record.offset(), true);
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    if (delivery.dueAt() > now) {
                        consumer.pause(List.of(partition));
                        consumer.seek(partition, record.offset());
                        pausedUntil.put(partition, delivery.dueAt());
                        pausedNow.add(partition);
                        continue;
                    }
                    long offset = record.offset();
                    track(partition).put(offset, false);
                    Thread.ofVirtual().name("zen-callback-" + delivery.jobId()).start(() -> {
                        try {
                            deliver(delivery);
                        } catch (RuntimeException e) {
                            LOG.warn("Callback of job {} failed unexpectedly: {}", delivery.jobId(), e.toString());
                        } finally {
                            done.add(() -> inFlight.get(partition).put(offset, true));
                        }
                    });
                }
                commitFinished();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("The callback dispatcher stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private TreeMap<Long, Boolean> track(TopicPartition partition) {
        return inFlight.computeIfAbsent(partition, p -> new TreeMap<>());
    }

    private void resumeDue() {
        long now = System.currentTimeMillis();
        List<TopicPartition> due = new ArrayList<>();
        pausedUntil.forEach((partition, at) -> {
            if (at <= now) {
                due.add(partition);
            }
        });
        due.forEach(pausedUntil::remove);
        due.retainAll(consumer.assignment());
        if (!due.isEmpty()) {
            consumer.resume(due);
        }
    }

    private void commitFinished() {
        for (Runnable r = done.poll(); r != null; r = done.poll()) {
            r.run();
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        inFlight.forEach((partition, offsets) -> {
            Long next = null;
            while (!offsets.isEmpty() && offsets.firstEntry().getValue()) {
                next = offsets.pollFirstEntry().getKey() + 1;
            }
            if (next != null && consumer.assignment().contains(partition)) {
                commits.put(partition, new OffsetAndMetadata(next));
            }
        });
        if (!commits.isEmpty()) {
            consumer.commitAsync(commits, null);
        }
    }

    /** One attempt: send, record it on the job, and queue the next attempt or the dead letter. */
    void deliver(CallbackDelivery delivery) {
        long started = System.currentTimeMillis();
        Integer status = null;
        String error = null;
        long retryAfterMs = 0;
        try {
            URI url = guard.check(delivery.url());
            long timestamp = started / 1000;
            String signatures = java.util.Arrays.stream(delivery.sealedSecret().split(" ")) // several during a key rotation
                    .map(sealed -> Webhooks.sign(sealer.open(sealed), delivery.webhookId(), timestamp, delivery.body()))
                    .collect(java.util.stream.Collectors.joining(" "));
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("User-Agent", "Zen-Webhooks/1")
                    .header("webhook-id", delivery.webhookId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signatures)
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body())).build(), HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            retryAfterMs = response.headers().firstValue("Retry-After").map(CallbackDispatcher::retryAfterMillis).orElse(0L);
        } catch (InvalidJobRequest e) {
            error = e.getMessage();
            record(delivery, started, null, error, "gave_up");
            deadLetter(delivery, error);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (status != null && status >= 200 && status < 300) {
            record(delivery, started, status, null, "delivered");
            return;
        }
        if (status != null && status == 410) {
            record(delivery, started, status, "the receiver answered 410 Gone: no more tries", "gone");
            return;
        }
        if (delivery.attempt() >= schedule.size()) {
            record(delivery, started, status, error, "gave_up");
            deadLetter(delivery, error != null ? error : "HTTP " + status);
            return;
        }
        Duration delay = schedule.get(delivery.attempt());
        long wait = Math.max(delay.toMillis(), retryAfterMs);
        wait += (long) (wait * 0.1 * ThreadLocalRandom.current().nextDouble());
        record(delivery, started, status, error, "retry");
        CallbackDelivery next = delivery.next(System.currentTimeMillis() + wait);
        producer.send(new ProducerRecord<>(topics.callbackRetry(delay).name(), delivery.jobId(), codec.encode(next)));
    }

    private void deadLetter(CallbackDelivery delivery, String reason) {
        LOG.warn("Callback of job {} given up after {} attempt(s): {}", delivery.jobId(), delivery.attempt(), reason);
        producer.send(new ProducerRecord<>(topics.callbacksDlt(), delivery.jobId(), codec.encode(delivery)));
    }

    private void record(CallbackDelivery delivery, long started, Integer status, String error, String outcome) {
        long now = System.currentTimeMillis();
        store.find(delivery.jobId()).ifPresent(job -> {
            try {
                store.save(job.withDelivery(new Job.Delivery(delivery.attempt(), started, status, error, now - started, outcome), now))
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Attempt {} of job {}'s callback not recorded: {}", delivery.attempt(), delivery.jobId(), e.toString());
            }
        });
    }

    private static long retryAfterMillis(String value) {
        try {
            return Math.min(Long.parseLong(value.trim()), 86_400) * 1000;
        } catch (NumberFormatException e) {
            return 0; // an HTTP date: the schedule decides
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaClientDefaults.wakeAndJoin(consumer, thread);
        producer.flush(); // the producer is the gateway's one, closed after every user of it
    }
}
