package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.zen.schemas.ApiKey;
import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit topic end to end: a scripted session of good calls, a denied call, a failed call, a
 * rate-limited call, an async job with a callback, and a call and a job of a tool that records audit
 * facts, through a real gateway, worker and broker, reads back from the audit topic as exactly that
 * sequence of events per call, with no secret in it and the facts in the end events' {@code detail}.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditIT {

    static final String PREFIX = SharedKafka.uniquePrefix("audit");
    static final String POLICY = "roles:\n  user:\n    tools: [lookup, fail, echo, slow, run]\n  guest:\n    tools: [echo]\n"
            + "  limited:\n    tools: [lookup]\n    rate_limit: 1/1m\n";
    static final String TOKEN = "TOPSECRET-token-4711";
    static HttpServer receiver;
    static WorkerRuntime worker;
    static ApiKey.Issued alice;
    static ApiKey.Issued mallory;
    static ApiKey.Issued limited;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final RecordCodec codec = RecordCodec.shared();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        java.nio.file.Path policy = java.nio.file.Files.createTempFile("zen-audit-policy", ".yaml");
        java.nio.file.Files.writeString(policy, POLICY);
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "true");
        registry.add("zen.api-rate-limit", () -> "0");
        registry.add("zen.policy-file", policy::toString);
        registry.add("zen.callback-allowlist", () -> "127.0.0.1");
        registry.add("zen.callback-key", () -> "an-audit-test-callback-key");
        registry.add("zen.audit-retention", () -> "45d");
        alice = ApiKey.issue("alice", List.of("user"), null, 1);
        mallory = ApiKey.issue("mallory", List.of("guest"), null, 1);
        limited = ApiKey.issue("limited", List.of("limited"), null, 1);
        TestKeys.publish(PREFIX, alice, mallory, limited);
    }

    /** Started by the test, after the gateway: the gateway creates the topics, with its audit retention. */
    static synchronized void startWorker() {
        if (worker != null) {
            return;
        }
        ObjectNode lookupSchema = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode properties = lookupSchema.putObject("properties");
        properties.putObject("query").put("type", "string");
        properties.putObject("apiToken").put("type", "string").put("x-zen-sensitive", true);
        ObjectNode open = JsonNodeFactory.instance.objectNode().put("type", "object");
        ServiceDefinition service = new ServiceDefinition("audit-test", "test", List.of(
                new ToolDefinition(new ToolDescriptor("lookup", null, "lookup", lookupSchema, null,
                        dev.zen.schemas.ToolAnnotations.readOnly("Lookup"), null),
                        call -> CallToolResult.text("found " + call.arguments().path("query").asString())),
                new ToolDefinition(new ToolDescriptor("slow", null, "takes longer than the audit holds an acceptance", open, null,
                        dev.zen.schemas.ToolAnnotations.readOnly("Slow"), null), call -> {
                    Thread.sleep(dev.zen.gateway.core.CallAudit.ACCEPTED_AFTER_MS + 600);
                    return CallToolResult.text("slow");
                }),
                new ToolDefinition(new ToolDescriptor("fail", null, "always fails", open, null, null, null), call -> {
                    throw new ToolFailure("Expected a record, but there is none");
                }),
                new ToolDefinition(new ToolDescriptor("echo", null, "echo", open, null, null, null),
                        call -> CallToolResult.text("echo " + call.arguments().path("text").asString())),
                new ToolDefinition(new ToolDescriptor("run", null, "records what it ran for the audit", open, null,
                        dev.zen.schemas.ToolAnnotations.readOnly("Run"), null), call -> {
                    call.facts().put("exitCode", 0).put("command", "make");
                    return CallToolResult.text("ran");
                })));
        worker = new WorkerRuntime(service, WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "audit-1")
                .withHeartbeatInterval(Duration.ofSeconds(1))).start();
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.stop();
        }
        receiver.stop(0);
    }

    HttpResponse<String> send(ApiKey.Issued key, String method, String path, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", key.key());
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldReplayAScriptedSessionAsExactlyItsEventsPerCallWithNoSecret() throws Exception {
        startWorker();
        await().atMost(Duration.ofSeconds(60)).until(() -> send(alice, "GET", "/v1/tools", null).body().contains("\"lookup\""));
        String lookup = "{\"query\":\"q%d\",\"apiToken\":\"" + TOKEN + "\"}";

        // when: the scripted session
        assertThat(send(alice, "POST", "/v1/tools/lookup", lookup.formatted(1)).statusCode()).isEqualTo(200);
        assertThat(send(alice, "POST", "/v1/tools/lookup", lookup.formatted(2)).statusCode()).isEqualTo(200);
        assertThat(send(mallory, "POST", "/v1/tools/lookup", lookup.formatted(3)).statusCode()).isEqualTo(403);
        HttpResponse<String> failed = send(alice, "POST", "/v1/tools/fail", "{\"why\":\"test\"}");
        assertThat(failed.body()).contains("\"isError\":true");
        assertThat(send(limited, "POST", "/v1/tools/lookup", lookup.formatted(4)).statusCode()).isEqualTo(200);
        assertThat(send(limited, "POST", "/v1/tools/lookup", lookup.formatted(5)).statusCode()).isEqualTo(429);
        assertThat(send(alice, "POST", "/v1/tools/slow", "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> job = send(alice, "POST", "/v1/jobs", "{\"tool\":\"echo\",\"arguments\":{\"text\":\"hi\"},\"callback\":{\"url\":"
                + "\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?token=" + TOKEN + "\"}}");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
        String jobId = codec.tree(job.body().getBytes(StandardCharsets.UTF_8)).path("id").asString();
        String callbackSecret = codec.tree(job.body().getBytes(StandardCharsets.UTF_8)).path("callback").path("secret").asString();
        HttpResponse<String> run = send(alice, "POST", "/v1/tools/run", "{}");
        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(send(alice, "POST", "/v1/jobs", "{\"tool\":\"run\",\"arguments\":{}}").statusCode()).isEqualTo(202);

        // then: 10 calls, 17 events: a read-only sync call that ended at once is one event; the fail tool (not idempotent)
        // also has the worker's started; the slow call outlived the held acceptance; the jobs have all of their steps
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            records.clear();
            records.addAll(readAudit());
            return records.size() >= 17;
        });
        Thread.sleep(500); // nothing more may come
        records.clear();
        records.addAll(readAudit());
        Map<String, List<AuditEvent>> byCall = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            AuditEvent event = codec.decode(record.value(), AuditEvent.class);
            assertThat(record.key()).isEqualTo(event.callId());
            byCall.computeIfAbsent(event.callId(), k -> new ArrayList<>()).add(event);
        }
        byCall.values().forEach(events -> events.sort(AuditEvent.CALL_ORDER));
        List<List<AuditEvent>> calls = byCall.values().stream()
                .sorted(java.util.Comparator.comparingLong((List<AuditEvent> events) -> events.getFirst().at())).toList();

        assertThat(calls).extracting(events -> events.stream().map(e -> e.type() + "/" + e.outcome()).toList()).containsExactly(
                List.of("completed/ok"),
                List.of("completed/ok"),
                List.of("denied/forbidden"),
                List.of("started/null", "failed/tool_error"),
                List.of("completed/ok"),
                List.of("rate_limited/rate_limited"),
                List.of("accepted/null", "completed/ok"),
                List.of("accepted/null", "started/null", "completed/ok", "callback_attempted/delivered"),
                List.of("completed/ok"),
                List.of("accepted/null", "started/null", "completed/ok"));
        assertThat(calls).extracting(events -> events.getFirst().subject())
                .containsExactly("key:alice", "key:alice", "key:mallory", "key:alice", "key:limited", "key:limited", "key:alice", "key:alice",
                        "key:alice", "key:alice");
        // the one event of a whole call carries what accepted and started carried
        AuditEvent accepted = calls.getFirst().get(0);
        assertThat(accepted.whole()).isTrue();
        assertThat(accepted.acceptedAt()).isNotNull().isLessThanOrEqualTo(accepted.startedAt());
        assertThat(accepted.startedAt()).isLessThanOrEqualTo(accepted.at());
        assertThat(calls.get(3).get(1).whole()).isTrue();
        assertThat(calls.get(6)).noneMatch(AuditEvent::whole);
        assertThat(calls.get(6).get(0).arguments()).isNotNull();
        assertThat(calls.get(6).get(1).startedAt()).isNotNull();
        assertThat(accepted.arguments().path("query").asString()).isEqualTo("q1");
        assertThat(accepted.arguments().path("apiToken").asString()).startsWith("sha256:");
        assertThat(accepted.roles()).containsExactly("user");
        assertThat(accepted.service()).isEqualTo("audit-test");
        assertThat(accepted.mode()).isEqualTo("sync");
        assertThat(accepted.argumentBytes()).isGreaterThan(0);
        assertThat(calls.get(3).get(0).source()).isEqualTo("worker:audit-test/audit-1");
        AuditEvent completed = calls.getFirst().get(0);
        assertThat(completed.instance()).isEqualTo("audit-1");
        assertThat(completed.resultBytes()).isGreaterThan(0);
        assertThat(completed.durationMs()).isNotNull();
        assertThat(calls.get(3).get(1).errorCode()).isEqualTo("tool_error");
        assertThat(calls.get(7)).allSatisfy(e -> assertThat(e.jobId()).isEqualTo(jobId));
        assertThat(calls.get(7).get(3).detail().path("url").asString()).doesNotContain("?");
        // the audit facts the handler recorded end its call's and its job's end event, and only there; no caller sees them
        JsonNode facts = codec.tree("{\"exitCode\":0,\"command\":\"make\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(calls.get(8).get(0).whole()).isTrue();
        assertThat(calls.get(8).get(0).detail()).isEqualTo(facts);
        assertThat(calls.get(9).get(2).jobId()).isNotNull();
        assertThat(calls.get(9).get(2).detail()).isEqualTo(facts);
        assertThat(calls.get(9).get(0).detail()).isNull();
        assertThat(calls.get(9).get(1).detail()).isNull();
        assertThat(completed.detail()).isNull();
        assertThat(calls.get(7).get(2).detail()).isNull();
        assertThat(run.body()).doesNotContain("exitCode");
        assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).allSatisfy(text -> assertThat(text)
                .doesNotContain(TOKEN).doesNotContain(alice.key()).doesNotContain(mallory.key()).doesNotContain(limited.key())
                .doesNotContain(callbackSecret).doesNotContain("sealed"));
        assertThat(SharedKafka.admin().describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, TopicCatalogue.withPrefix(PREFIX).audit()))).all().get()
                .values().iterator().next().get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(45).toMillis()));
    }

    static List<ConsumerRecord<String, byte[]>> readAudit() {
        String topic = TopicCatalogue.withPrefix(PREFIX).audit();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }
}
