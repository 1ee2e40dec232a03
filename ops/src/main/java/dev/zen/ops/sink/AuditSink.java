package dev.zen.ops.sink;

import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.RecordCodec;
import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's {@code service_logs} in step with the audit topic: a consumer group
 * ({@code zen-audit-sink}, so replicas share the partitions) that upserts each poll's events in one
 * transaction ({@code ON CONFLICT (event_id) DO NOTHING}) and commits the offsets only after the
 * transaction committed. A crash between the two replays the batch, and the upsert makes the replay a
 * no-op: at-least-once delivery, exactly one row per event. An undecodable record is logged and
 * skipped. Run it with {@code ./zen audit-sink}, or {@code java -cp ... dev.zen.ops.sink.AuditSink}.
 * {@link #run} blocks; {@link #close} stops it from another thread.
 */
public final class AuditSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditSink.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final ServiceLogsTable table = new ServiceLogsTable();
    private final RecordCodec codec = RecordCodec.shared();
    private final AtomicLong rows = new AtomicLong();
    private volatile boolean running = true;

    public AuditSink(String bootstrap, String prefix, String group, String jdbcUrl, String user, String password) {
        Map<String, Object> config = KafkaClientDefaults.groupConsumer(bootstrap, "zen-audit-sink", group);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(config);
        this.topic = TopicCatalogue.withPrefix(prefix).audit();
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Rows this sink inserted (events already in the table are not counted). */
    public long rows() {
        return rows.get();
    }

    /** Creates or completes the table, then upserts batches until {@link #close}. */
    public void run() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            ServiceLogsTable.create(connection);
            connection.setAutoCommit(false);
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<AuditEvent> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        batch.add(codec.decode(record.value(), AuditEvent.class));
                    } catch (RuntimeException e) {
                        LOG.warn("Audit record {}-{}@{} is not an audit event; skipped: {}", record.topic(), record.partition(), record.offset(),
                                e.getMessage());
                    }
                }
                try {
                    rows.addAndGet(table.upsert(connection, batch));
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
                // only now: a crash before this line replays the batch, which the upsert ignores
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    /** {@code --bootstrap --prefix --group --jdbc-url --user --password}; defaults from ZEN_* environment variables. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --option value pairs, but got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        AuditSink sink = new AuditSink(
                options.getOrDefault("bootstrap", env("ZEN_KAFKA_BOOTSTRAP", "127.0.0.1:9092")),
                options.getOrDefault("prefix", env("ZEN_TOPIC_PREFIX", "zen.")),
                options.getOrDefault("group", env("ZEN_AUDIT_SINK_GROUP", "zen-audit-sink")),
                options.getOrDefault("jdbc-url", env("ZEN_AUDIT_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres")),
                options.getOrDefault("user", env("ZEN_AUDIT_JDBC_USER", "postgres")),
                options.getOrDefault("password", env("ZEN_AUDIT_JDBC_PASSWORD", "")));
        Runtime.getRuntime().addShutdownHook(new Thread(sink::close, "zen-audit-sink-stop"));
        LOG.info("Audit sink: {} -> service_logs", sink.topic);
        sink.run();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
