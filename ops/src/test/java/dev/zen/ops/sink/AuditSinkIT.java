package dev.zen.ops.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The audit sink against a real broker and the machine's PostgreSQL ({@code ZEN_TEST_POSTGRES_URL},
 * default {@code jdbc:postgresql://127.0.0.1:5432/test}): stopped mid-stream and started again, and
 * run again from the start with a new group, it leaves exactly one row per audit event.
 */
class AuditSinkIT {

    static final String URL = System.getenv().getOrDefault("ZEN_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    final String prefix = SharedKafka.uniquePrefix("sink");
    final String schema = "audit_it_" + Long.toHexString(System.nanoTime());

    @Test
    void shouldLeaveOneRowPerEventAfterAStopMidStreamAndAReplayFromTheStart() throws Exception {
        try (Connection admin = DriverManager.getConnection(URL, "postgres", ""); Statement s = admin.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        TopicCatalogue topics = TopicCatalogue.withPrefix(prefix);
        new TopicProvisioner(SharedKafka.admin(), Duration.ofSeconds(30)).provision(List.of(topics.fixed("audit")));
        int events = 20_000;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new ByteArraySerializer())) {
            // given: the first half on the topic, a sink consuming it
            write(producer, topics.audit(), 0, events / 2);
            AuditSink first = new AuditSink(SharedKafka.bootstrapServers(), prefix, "sink-it", url, "postgres", "");
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> run(first));
            // when: the second half arrives while it runs, and it is stopped mid-stream
            write(producer, topics.audit(), events / 2, events);
            await().atMost(Duration.ofSeconds(60)).until(() -> rows(url) > 0);
            first.close();
            running.get(30, java.util.concurrent.TimeUnit.SECONDS);
            long atStop = rows(url);
            // and started again in the same group, then once more from the start in a new group (every event written twice)
            AuditSink second = new AuditSink(SharedKafka.bootstrapServers(), prefix, "sink-it", url, "postgres", "");
            CompletableFuture<Void> again = CompletableFuture.runAsync(() -> run(second));
            await().atMost(Duration.ofSeconds(120)).until(() -> rows(url) == events);
            second.close();
            again.get(30, java.util.concurrent.TimeUnit.SECONDS);
            AuditSink replay = new AuditSink(SharedKafka.bootstrapServers(), prefix, "sink-it-replay", url, "postgres", "");
            CompletableFuture<Void> replaying = CompletableFuture.runAsync(() -> run(replay));
            await().atMost(Duration.ofSeconds(120)).until(() -> committed("sink-it-replay") == events);

            // then
            replay.close();
            replaying.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(atStop).isBetween(1L, (long) events);
            assertThat(replay.rows()).as("rows the replay from the start inserted").isZero();
            assertThat(rows(url)).isEqualTo(events);
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(DISTINCT event_id), count(*) FILTER (WHERE tool_name = 'lookup'),"
                            + " min(request_data->>'query'), max(execution_time) FROM service_logs")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(events);
                assertThat(r.getLong(2)).isEqualTo(events);
                assertThat(r.getString(3)).isEqualTo("q0");
                assertThat(r.getString(4)).isEqualTo("00:00:00.009");
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(URL, "postgres", ""); Statement s = admin.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** The sum of a group's committed offsets on the (fresh) audit topic: the number of events it has stored. */
    private static long committed(String group) throws Exception {
        return SharedKafka.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                .mapToLong(org.apache.kafka.clients.consumer.OffsetAndMetadata::offset).sum();
    }

    private static void run(AuditSink sink) {
        try {
            sink.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(KafkaProducer<String, byte[]> producer, String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            AuditEvent event = AuditEvent.builder("completed", "gateway:test", System.currentTimeMillis()).callId("c-" + i).tool("lookup")
                    .service("svc").principal(new Principal("alice", List.of("user"), null)).outcome("ok").durationMs((long) (i % 10))
                    .arguments(RecordCodec.shared().mapper().createObjectNode().put("query", "q" + i)).build();
            producer.send(new ProducerRecord<>(topic, null, event.at(), event.callId(), RecordCodec.shared().encode(event)));
        }
        producer.flush();
    }

    private static long rows(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM service_logs")) {
            r.next();
            return r.getLong(1);
        }
    }
}
