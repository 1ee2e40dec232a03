package dev.zen.ops;

import dev.zen.ops.replay.ReplayCommand;
import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The replay row of {@code ./zen bench}: {@link #prepare} writes {@code events} gateway-shaped audit
 * events (accepted, started, completed of five tools and fifty principals, with redacted arguments)
 * to the audit topic of a bench prefix ({@code zen.bench-replay.}, recreated each run), then
 * {@link #replayStats} times {@code ./zen replay --stats} over all of them, in this process, as an
 * analyst would run it (measured apart, so that writing the events is not counted).
 */
final class AuditBench {

    static final String PREFIX = "zen.bench-replay.";

    /** What one replay read measured. */
    record ReplayRate(long events, double seconds, double eventsPerSecond) {
    }

    private AuditBench() {
    }

    static void prepare(String bootstrap, int events) throws Exception {
        TopicCatalogue topics = TopicCatalogue.withPrefix(PREFIX);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topics.audit())) {
                admin.deleteTopics(List.of(topics.audit())).all().get(30, TimeUnit.SECONDS);
                Thread.sleep(2_000); // the broker forgets the topic asynchronously
            }
            new TopicProvisioner(admin, Duration.ofSeconds(60)).provision(List.of(topics.fixed("audit")));
        }
        RecordCodec codec = RecordCodec.shared();
        String[] tools = {"file_read", "file_list", "file_write", "db_query", "git_log"};
        long at = System.currentTimeMillis() - events;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer())) {
            var arguments = codec.mapper().createObjectNode().put("path", "notes/a.txt").put("token", "sha256:" + "0".repeat(64));
            for (int i = 0; i < events; i++) {
                String type = i % 3 == 0 ? AuditEvent.ACCEPTED : i % 3 == 1 ? AuditEvent.STARTED : AuditEvent.COMPLETED;
                String callId = "call-" + (i / 3);
                AuditEvent event = AuditEvent.builder(type, "gateway:bench", at + i).callId(callId).tool(tools[(i / 3) % tools.length])
                        .service("svc").principal(new Principal("user-" + (i / 3) % 50, List.of("user"), null))
                        .outcome(type.equals(AuditEvent.COMPLETED) ? "ok" : null).durationMs((long) (i % 200))
                        .arguments(type.equals(AuditEvent.ACCEPTED) ? arguments : null).argumentBytes(40).build();
                producer.send(new ProducerRecord<>(topics.audit(), null, event.at(), callId, codec.encode(event)));
            }
            producer.flush();
        }
    }

    static ReplayRate replayStats(String bootstrap) throws Exception {
        StringWriter err = new StringWriter();
        int exit = ReplayCommand.run(new String[] {"--bootstrap", bootstrap, "--prefix", PREFIX, "--from-offset", "0", "--stats",
            "--progress", "never"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        Matcher m = Pattern.compile("(\\d+) events read.* in ([0-9.]+) s \\((\\d+) events/s\\)").matcher(err.toString());
        if (exit != 0 || !m.find()) {
            throw new IllegalStateException("Expected ./zen replay --stats to report its rate, but it said: " + err);
        }
        return new ReplayRate(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
    }
}
