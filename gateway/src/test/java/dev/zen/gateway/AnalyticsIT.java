package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.ApiKey;
import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Live analytics against a real broker: generated audit events on the gateway's audit topic show up
 * at {@code GET /v1/analytics} and {@code /actuator/prometheus} as exactly their counts, errors and
 * error rates per tool and window; an event older than the window is outside it, and one that comes
 * after its bucket's grace is not counted.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsIT {

    static final String PREFIX = SharedKafka.uniquePrefix("analytics");
    static final long NOW = System.currentTimeMillis();
    static ApiKey.Issued analyst;
    static ApiKey.Issued user;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final RecordCodec codec = RecordCodec.shared();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "true");
        registry.add("zen.api-rate-limit", () -> "0");
        analyst = ApiKey.issue("analyst", List.of("analyst"), null, 1);
        user = ApiKey.issue("user", List.of("user"), null, 1);
        TopicCatalogue topics = TopicCatalogue.withPrefix(PREFIX);
        new dev.zen.topics.TopicProvisioner(SharedKafka.admin(), Duration.ofSeconds(30)).provision(List.of(topics.fixed("keys"),
                topics.fixed("audit")));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (ApiKey.Issued key : List.of(analyst, user)) {
                producer.send(new ProducerRecord<>(topics.keys(), key.record().id(), RecordCodec.shared().encode(key.record()))).get();
            }
        }
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
    }

    static AuditEvent event(String type, String callId, String tool, String outcome, long durationMs, long at) {
        return AuditEvent.builder(type, "gateway:test", at).callId(callId).tool(tool).principal(new Principal("alice", List.of("user"), null))
                .outcome(outcome).durationMs(durationMs).build();
    }

    @BeforeAll
    void writeAuditEvents() throws Exception {
        String topic = TopicCatalogue.withPrefix(PREFIX).audit();
        long recent = NOW - 2_000;
        List<AuditEvent> first = new ArrayList<>();
        // ten minutes ago: in the last hour, not in the last 5 or 1 minutes (written first: event time only grows per partition)
        first.add(event("completed", "old-1", "alpha", "ok", 5, NOW - Duration.ofMinutes(10).toMillis()));
        List<AuditEvent> now = new ArrayList<>();
        // alpha: 6 completed in 3 ms, 3 failed in 40 ms, 1 timed out in 30 s; each call's accepted and started too (not counted)
        for (int i = 0; i < 10; i++) {
            String type = i < 6 ? "completed" : i < 9 ? "failed" : "timed_out";
            String outcome = i < 6 ? "ok" : i < 9 ? "tool_error" : "timeout";
            long ms = i < 6 ? 3 : i < 9 ? 40 : 30_000;
            now.add(event("accepted", "a-" + i, "alpha", null, 0, recent - ms));
            now.add(event("started", "a-" + i, "alpha", null, 1, recent - ms + 1));
            now.add(event(type, "a-" + i, "alpha", outcome, ms, recent));
        }
        // beta: 4 completed in 100 ms, 2 denied, 1 rate limited (refused, not calls)
        for (int i = 0; i < 4; i++) {
            now.add(event("completed", "b-" + i, "beta", "ok", 100, recent));
        }
        now.add(event("denied", "b-d1", "beta", "forbidden", 0, recent));
        now.add(event("denied", "b-d2", "beta", "forbidden", 0, recent));
        now.add(event("rate_limited", "b-r1", "beta", "rate_limited", 0, recent));
        // late: on the partition of old-1, twenty minutes back after that partition has seen the present: its bucket's grace is over
        List<AuditEvent> late = List.of(event("failed", "old-1", "alpha", "failed", 7, NOW - Duration.ofMinutes(20).toMillis()));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // gamma moves old-1's partition to the present before the late event; delta, after it, shows it was read
            for (List<AuditEvent> batch : List.of(first, now, List.of(event("completed", "old-1", "gamma", "ok", 1, recent)), late,
                    List.of(event("completed", "old-1", "delta", "ok", 1, recent)))) {
                for (AuditEvent e : batch) {
                    producer.send(new ProducerRecord<>(topic, null, e.at(), e.callId(), codec.encode(e))).get();
                }
            }
        }
    }

    HttpResponse<String> get(ApiKey.Issued key, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", key.key()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode analytics(String window) throws Exception {
        HttpResponse<String> response = get(analyst, "/v1/analytics?window=" + window);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
        return response.statusCode() == 200 ? codec.tree(response.body().getBytes()) : null;
    }

    @Test
    void shouldCountEachToolsCallsErrorsAndLatencyPerWindow() throws Exception {
        // when: the last hour has everything but the late event
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode hour = analytics("1h");
            assertThat(hour).isNotNull();
            assertThat(hour.path("tools").path("delta").path("count").asLong()).isEqualTo(1);
        });
        JsonNode hour = analytics("1h");
        JsonNode alpha = hour.path("tools").path("alpha");
        assertThat(alpha.path("count").asLong()).isEqualTo(11);
        assertThat(alpha.path("errors").asLong()).isEqualTo(4);
        assertThat(alpha.path("errorRate").asDouble()).isEqualTo(4.0 / 11);
        assertThat(alpha.path("refused").asLong()).isZero();
        // 7 of 11 at most 5 ms (the old call in 5 ms, six in 3 ms), 3 in 40 ms (bucket ≤ 50), one in 30 s
        assertThat(alpha.path("latencyMs").path("p50").asLong()).isEqualTo(5);
        assertThat(alpha.path("latencyMs").path("p95").asLong()).isEqualTo(30_000);
        assertThat(alpha.path("latencyMs").path("p99").asLong()).isEqualTo(30_000);

        // then: the last 5 minutes and the last minute lack the call of ten minutes ago
        for (String window : List.of("5m", "1m")) {
            JsonNode recent = analytics(window);
            assertThat(recent).as(window).isNotNull();
            assertThat(recent.path("window").asString()).isEqualTo(window);
            JsonNode a = recent.path("tools").path("alpha");
            assertThat(a.path("count").asLong()).as(window).isEqualTo(10);
            assertThat(a.path("errors").asLong()).as(window).isEqualTo(4);
            assertThat(a.path("errorRate").asDouble()).as(window).isEqualTo(0.4);
            // 3 ms lies in the bucket (2, 5]: a percentile is its bucket's upper bound
            assertThat(a.path("latencyMs").path("p50").asLong()).as(window).isEqualTo(5);
            assertThat(a.path("latencyMs").path("p95").asLong()).as(window).isEqualTo(30_000);
            JsonNode b = recent.path("tools").path("beta");
            assertThat(b.path("count").asLong()).as(window).isEqualTo(4);
            assertThat(b.path("errors").asLong()).as(window).isZero();
            assertThat(b.path("errorRate").asDouble()).as(window).isZero();
            assertThat(b.path("refused").asLong()).as(window).isEqualTo(3);
            assertThat(b.path("latencyMs").path("p99").asLong()).as(window).isEqualTo(100);
        }
    }

    @Test
    void shouldExportTheWindowsAsPrometheusGauges() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> scrape = get(analyst, "/actuator/prometheus");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("zen_analytics_calls{tool=\"alpha\",window=\"1h\"} 11.0")
                    .contains("zen_analytics_calls{tool=\"alpha\",window=\"5m\"} 10.0")
                    .contains("zen_analytics_errors{tool=\"alpha\",window=\"1m\"} 4.0")
                    .contains("zen_analytics_error_ratio{tool=\"alpha\",window=\"1m\"} 0.4")
                    .contains("zen_analytics_refused{tool=\"beta\",window=\"5m\"} 3.0")
                    .contains("zen_analytics_latency_ms{quantile=\"0.99\",tool=\"beta\",window=\"1h\"} 100.0")
                    .contains("zen_analytics_late_events 1.0");
        });
    }

    @Test
    void shouldRefuseCallersWithoutTheAnalystOrAdminRoleAndNameTheWindowThatIsWrong() throws Exception {
        HttpResponse<String> forbidden = get(user, "/v1/analytics?window=1m");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("[admin, analyst]");
        assertThat(get(user, "/actuator/prometheus").statusCode()).isEqualTo(403);

        HttpResponse<String> wrong = get(analyst, "/v1/analytics?window=2m");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(codec.tree(wrong.body().getBytes()).path("error").path("data").path("field").asString()).isEqualTo("window");
        assertThat(wrong.body()).contains("[1m, 5m, 1h]").contains("'2m'");
    }
}
