package dev.zen.gateway.kafka;

import dev.zen.gateway.core.CallAnalytics;
import dev.zen.gateway.core.CallStatistics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live analytics: a Kafka Streams application over the audit topic that keeps per-tool
 * {@link CallStatistics} in 10-second buckets (an in-memory window store, one hour plus grace),
 * and answers a window of 1m, 5m or 1h by merging the buckets that cover it.
 *
 * <p>Every gateway replica runs its own application ({@code application.id} = prefix + {@code analytics.}
 * + instance id) over all partitions of the topic, so any replica answers any window from its own
 * state, with no interactive queries between replicas. The audit carries a few small events per
 * call, so reading all of it on each replica is cheap next to the calls themselves. The store is not
 * logged (no changelog topic) and the records are not repartitioned (the processor keeps one partial
 * per tool per input partition, merged at query time), so the application creates no internal topic.
 * At start it forgets its group's offsets and reads the last hour plus grace again
 * ({@code auto.offset.reset=by_duration}), which rebuilds the in-memory state. Thread safe.
 */
public final class KafkaCallAnalytics implements CallAnalytics, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCallAnalytics.class);
    static final String STORE = "zen-call-statistics";
    static final Duration BUCKET = Duration.ofSeconds(10);
    static final Duration GRACE = Duration.ofMinutes(1);
    private static final Duration LONGEST = Duration.ofHours(1);

    private final KafkaStreams streams;
    private final String applicationId;
    private final String bootstrap;
    private final LongSupplier clock;
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();

    public KafkaCallAnalytics(String bootstrap, String auditTopic, String topicPrefix, String instanceId, LongSupplier clock) {
        this.bootstrap = bootstrap;
        this.clock = clock;
        this.applicationId = (topicPrefix + "analytics." + instanceId).replaceAll("[^A-Za-z0-9._-]", "_");
        forgetOffsets();
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(System.getProperty("java.io.tmpdir"), "zen-analytics", applicationId).toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // no record cache: a bucket is visible to queries as soon as it is updated
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 5_000);
        config.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 5_000);
        // buckets are 10 s wide: fetch in large bites (up to 64 KiB or 500 ms) rather than one fetch per few events,
        // which under load cost the broker and this gateway a fetch round trip every few calls (docs/benchmarks.md)
        config.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 65_536);
        config.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 500);
        this.streams = new KafkaStreams(topology(auditTopic), new StreamsConfig(config));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Live analytics stopped: {}", e.toString());
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
    }

    private Topology topology(String auditTopic) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<CallStatistics> statistics = Serdes.serdeFrom((topic, value) -> value.toBytes(),
                (topic, bytes) -> bytes == null ? null : CallStatistics.fromBytes(bytes));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.inMemoryWindowStore(STORE, LONGEST.plus(GRACE).plus(BUCKET.multipliedBy(2)), BUCKET, false), Serdes.String(), statistics)
                .withLoggingDisabled().withCachingDisabled());
        builder.stream(auditTopic, Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withOffsetResetPolicy(AutoOffsetReset.byDuration(LONGEST.plus(GRACE).plus(BUCKET))))
                .process(() -> new CallStatisticsProcessor(STORE, BUCKET, GRACE, late, undecodable), STORE);
        return builder.build();
    }

    /** The state lives in memory only: start from by_duration again, not from the offsets a previous run of this instance committed. */
    private void forgetOffsets() {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        try {
            admin.deleteConsumerGroups(List.of(applicationId)).all().get(3, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException) {
                LOG.warn("The analytics group {} has members: is another gateway running with this ZEN_INSTANCE_ID?", applicationId);
            } else if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                LOG.warn("The analytics group {} could not be reset: {}", applicationId, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warn("The analytics group {} could not be reset within 3 s", applicationId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public Optional<Snapshot> last(String window) {
        Duration length = WINDOWS.get(window);
        if (length == null) {
            throw new IllegalArgumentException("Expected a window of " + WINDOW_NAMES + ", but was '" + window + "'");
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        long from = now - length.toMillis();
        from -= Math.floorMod(from, BUCKET.toMillis());
        Map<String, CallStatistics> tools = new TreeMap<>();
        try {
            ReadOnlyWindowStore<String, CallStatistics> store = streams.store(
                    StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.windowStore()));
            try (KeyValueIterator<Windowed<String>, CallStatistics> buckets = store.fetchAll(Instant.ofEpochMilli(from),
                    Instant.ofEpochMilli(now))) {
                while (buckets.hasNext()) {
                    KeyValue<Windowed<String>, CallStatistics> bucket = buckets.next();
                    tools.computeIfAbsent(bucket.key.key(), t -> new CallStatistics()).merge(bucket.value);
                }
            }
        } catch (InvalidStateStoreException e) {
            return Optional.empty(); // rebalancing: the stores are being (re)opened
        }
        return Optional.of(new Snapshot(window, Instant.ofEpochMilli(from), Instant.ofEpochMilli(now), tools));
    }

    @Override
    public long lateEvents() {
        return late.get();
    }

    /** Records of the audit topic that were not audit events, since start. */
    public long undecodable() {
        return undecodable.get();
    }

    @Override
    public void close() {
        streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(3)));
        forgetOffsets(); // no member left: the group goes with this instance
    }
}
