package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.zen.schemas.ApiKey;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.testkit.SharedKafka;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Long jobs end to end with a real broker, a real worker and a real callback receiver: accepted
 * with 202, tracked to their end on the jobs topic, called back with a Standard Webhooks signature,
 * retried while the receiver fails, cancelled while running, and seen only by their owner.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobsIT {

    static final String PREFIX = SharedKafka.uniquePrefix("jobs");
    static final AtomicInteger echoRuns = new AtomicInteger();
    static final AtomicBoolean slowInterrupted = new AtomicBoolean();
    static final ConcurrentLinkedQueue<Map<String, String>> received = new ConcurrentLinkedQueue<>();
    static final AtomicInteger failuresLeft = new AtomicInteger();
    static volatile int failureStatus = 503;
    static HttpServer receiver;
    static WorkerRuntime worker;
    static ApiKey.Issued alice;
    static ApiKey.Issued bob;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final RecordCodec codec = RecordCodec.shared();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? failureStatus : 200;
            received.add(Map.of("path", exchange.getRequestURI().getPath(), "body", new String(body, StandardCharsets.UTF_8),
                    "id", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")),
                    "timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    "signature", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature")),
                    "status", Integer.toString(status)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "true");
        registry.add("zen.api-rate-limit", () -> "0");
        registry.add("zen.callback-allowlist", () -> "127.0.0.1");
        registry.add("zen.callback-key", () -> "a-test-callback-key");
        registry.add("zen.callback-retry-schedule", () -> "0s,1s,2s");
        alice = ApiKey.issue("alice", List.of("user"), null, 1);
        bob = ApiKey.issue("bob", List.of("user"), null, 1);
        TestKeys.publish(PREFIX, alice, bob);
    }

    @BeforeAll
    static void startWorker() {
        var echoSchema = JsonNodeFactory.instance.objectNode().put("type", "object");
        echoSchema.putArray("required").add("text");
        echoSchema.putObject("properties").putObject("text").put("type", "string");
        ServiceDefinition service = new ServiceDefinition("jobs-test", "test", List.of(
                new ToolDefinition(new ToolDescriptor("echo", null, "echo", echoSchema, null, null, null), call -> {
                    echoRuns.incrementAndGet();
                    return CallToolResult.text("echo " + call.arguments().path("text").asString());
                }),
                // test-only slow tool: reports progress every 100 ms until its time is up or it is cancelled
                new ToolDefinition(new ToolDescriptor("slow", null, "slow", JsonNodeFactory.instance.objectNode().put("type", "object"), null,
                        null, null), call -> {
                    int steps = call.arguments().path("steps").asInt(100);
                    try {
                        for (int i = 1; i <= steps; i++) {
                            call.client().progress(i, (double) steps, "step " + i);
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException e) {
                        slowInterrupted.set(true);
                        throw e;
                    }
                    return CallToolResult.text("slow done");
                })));
        worker = new WorkerRuntime(service, WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "jobs-1")
                .withHeartbeatInterval(Duration.ofSeconds(1))).start();
    }

    @AfterAll
    static void stop() {
        worker.stop();
        receiver.stop(0);
    }

    @BeforeEach
    void awaitTools() {
        received.clear();
        failuresLeft.set(0);
        await().atMost(Duration.ofSeconds(60)).until(() -> send(alice, "GET", "/v1/tools", null, null).body().contains("\"slow\""));
    }

    HttpResponse<String> send(ApiKey.Issued key, String method, String path, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", key.key());
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> response) {
        return codec.tree(response.body().getBytes(StandardCharsets.UTF_8));
    }

    String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    JsonNode awaitStatus(ApiKey.Issued key, String id, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = json(send(key, "GET", "/v1/jobs/" + id, null, null));
            return status.equals(last[0].path("status").asString());
        });
        return last[0];
    }

    @Test
    void shouldRunAJobAndCallBackWithAStandardWebhooksSignature() throws Exception {
        HttpResponse<String> accepted = send(alice, "POST", "/v1/jobs",
                "{\"tool\":\"echo\",\"arguments\":{\"text\":\"hi\"},\"callback\":{\"url\":\"" + hook() + "\"}}", null);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode job = json(accepted);
        String id = job.path("id").asString();
        String secret = job.path("callback").path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(job.path("status").asString()).isEqualTo("working");
        assertThat(job.path("links").path("self").asString()).isEqualTo("/v1/jobs/" + id);
        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        Map<String, String> hook = received.peek();
        JsonNode body = codec.tree(hook.get("body").getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("type").asString()).isEqualTo("job.completed");
        assertThat(body.path("data").path("id").asString()).isEqualTo(id);
        assertThat(body.path("data").path("result").path("content").get(0).path("text").asString()).isEqualTo("echo hi");
        assertThat(hook.get("body")).doesNotContain(secret).doesNotContain("sealed");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((hook.get("id") + "." + hook.get("timestamp") + "."
                + hook.get("body")).getBytes(StandardCharsets.UTF_8)));
        assertThat(hook.get("signature")).isEqualTo(expected);
        assertThat(Math.abs(Long.parseLong(hook.get("timestamp")) - System.currentTimeMillis() / 1000)).isLessThan(60);
        JsonNode done = awaitStatus(alice, id, "completed");
        await().atMost(Duration.ofSeconds(10)).until(() -> json(send(alice, "GET", "/v1/jobs/" + id, null, null))
                .path("callback").path("deliveries").size() == 1);
        JsonNode delivery = json(send(alice, "GET", "/v1/jobs/" + id, null, null)).path("callback").path("deliveries").get(0);
        assertThat(delivery.path("outcome").asString()).isEqualTo("delivered");
        assertThat(delivery.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(done.path("result").path("content").get(0).path("text").asString()).isEqualTo("echo hi");
        assertThat(done.has("completedAt")).isTrue();
        assertThat(done.toString()).doesNotContain(secret);
    }

    @Test
    void shouldTreatTheSameIdempotencyKeyOfTheSamePrincipalAsTheSameJob() throws Exception {
        int before = echoRuns.get();
        String request = "{\"tool\":\"echo\",\"arguments\":{\"text\":\"once\"}}";

        HttpResponse<String> first = send(alice, "POST", "/v1/jobs", request, "nightly-42");
        awaitStatus(alice, json(first).path("id").asString(), "completed");
        HttpResponse<String> again = send(alice, "POST", "/v1/jobs", request, "nightly-42");
        HttpResponse<String> otherCaller = send(bob, "POST", "/v1/jobs", request, "nightly-42");

        assertThat(json(again).path("id").asString()).isEqualTo(json(first).path("id").asString());
        assertThat(json(again).path("status").asString()).isEqualTo("completed");
        assertThat(json(otherCaller).path("id").asString()).isNotEqualTo(json(first).path("id").asString());
        awaitStatus(bob, json(otherCaller).path("id").asString(), "completed");
        assertThat(echoRuns.get() - before).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown tool|{\"tool\":\"nope\",\"arguments\":{}}|404|tool",
            "missing tool|{\"arguments\":{}}|400|tool",
            "arguments not an object|{\"tool\":\"echo\",\"arguments\":[1]}|400|arguments",
            "arguments against the schema|{\"tool\":\"echo\",\"arguments\":{\"text\":5}}|400|arguments/text",
            "callback to a private address|{\"tool\":\"echo\",\"arguments\":{\"text\":\"x\"},\"callback\":{\"url\":\"http://10.1.2.3/hook\"}}|400|callback.url",
            "callback to cloud metadata|{\"tool\":\"echo\",\"arguments\":{\"text\":\"x\"},\"callback\":{\"url\":\"http://169.254.169.254/latest/meta-data\"}}|400|callback.url",
            "callback to IPv6 loopback|{\"tool\":\"echo\",\"arguments\":{\"text\":\"x\"},\"callback\":{\"url\":\"http://[::1]:9/hook\"}}|400|callback.url",
            "callback by ftp|{\"tool\":\"echo\",\"arguments\":{\"text\":\"x\"},\"callback\":{\"url\":\"ftp://example.com/x\"}}|400|callback.url",
            "callback with user info|{\"tool\":\"echo\",\"arguments\":{\"text\":\"x\"},\"callback\":{\"url\":\"http://user:pw@127.0.0.1/x\"}}|400|callback.url",
            "callback secret not whsec_|{\"tool\":\"echo\",\"arguments\":{\"text\":\"x\"},\"callback\":{\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"hunter2\"}}|400|callback.secret",
            "ttl zero|{\"tool\":\"echo\",\"arguments\":{\"text\":\"x\"},\"ttl_seconds\":0}|400|ttl_seconds",
            "ttl not a number|{\"tool\":\"echo\",\"arguments\":{\"text\":\"x\"},\"ttl_seconds\":\"soon\"}|400|ttl_seconds",
            "not an object|[1,2]|400|body"})
    void shouldRefuseABadJobNamingTheFieldAndSendNothing(String why, String body, int status, String field) throws Exception {
        long before = ToolTopicOffsets.of(PREFIX, "echo");

        HttpResponse<String> response = send(alice, "POST", "/v1/jobs", body, null);

        assertThat(response.statusCode()).as(why + ": " + response.body()).isEqualTo(status);
        assertThat(json(response).path("error").path("data").path("field").asString()).as(why).isEqualTo(field);
        assertThat(ToolTopicOffsets.of(PREFIX, "echo")).as("records on the tool topic").isEqualTo(before);
    }

    @Test
    void shouldShowProgressAndCancelARunningJob() throws Exception {
        String id = json(send(alice, "POST", "/v1/jobs", "{\"tool\":\"slow\",\"arguments\":{\"steps\":300}}", null)).path("id").asString();

        await().atMost(Duration.ofSeconds(30)).until(() -> json(send(alice, "GET", "/v1/jobs/" + id, null, null))
                .path("progress").path("progress").asDouble() >= 3);
        JsonNode running = json(send(alice, "GET", "/v1/jobs/" + id, null, null));
        HttpResponse<String> othersCancel = send(bob, "DELETE", "/v1/jobs/" + id, null, null);
        HttpResponse<String> cancel = send(alice, "DELETE", "/v1/jobs/" + id, null, null);

        assertThat(running.path("status").asString()).isEqualTo("working");
        assertThat(running.path("progress").path("total").asDouble()).isEqualTo(300);
        assertThat(othersCancel.statusCode()).isEqualTo(404);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        JsonNode cancelled = awaitStatus(alice, id, "cancelled");
        assertThat(slowInterrupted.get()).as("the handler saw the cancellation").isTrue();
        assertThat(cancelled.has("result")).isFalse();
        assertThat(send(alice, "DELETE", "/v1/jobs/" + id, null, null).statusCode()).isEqualTo(409);
    }

    @Test
    void shouldCallBackOnceWithJobCancelledWhenAJobIsCancelled() throws Exception {
        String id = json(send(alice, "POST", "/v1/jobs", "{\"tool\":\"slow\",\"arguments\":{\"steps\":300},\"callback\":{\"url\":\""
                + hook() + "\"}}", null)).path("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> json(send(alice, "GET", "/v1/jobs/" + id, null, null)).has("progress"));

        HttpResponse<String> cancel = send(alice, "DELETE", "/v1/jobs/" + id, null, null);

        assertThat(cancel.statusCode()).isEqualTo(202);
        assertThat(json(cancel).path("status").asString()).as("cancelled before the answer").isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        Thread.sleep(1_500); // the worker's own cancelled reply arrives meanwhile and must not call back again
        assertThat(received).hasSize(1);
        JsonNode body = codec.tree(received.peek().get("body").getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("type").asString()).isEqualTo("job.cancelled");
        assertThat(body.path("data").path("id").asString()).isEqualTo(id);
    }

    @Test
    void shouldFailAJobWhoseWorkerNeverRepliedOnceItIsPastItsDeadline() throws Exception {
        // a job accepted earlier whose command never got a reply (its worker died): written as the gateway would have
        long now = System.currentTimeMillis();
        String id = java.util.UUID.randomUUID().toString();
        dev.zen.schemas.Job lost = dev.zen.schemas.Job.accepted(id, "slow", alice.record().principal(),
                new dev.zen.schemas.Job.Callback(hook(), new dev.zen.gateway.core.SecretSealer("a-test-callback-key")
                        .seal("whsec_" + Base64.getEncoder().encodeToString(new byte[32]))), null, now - 120_000, now - 60_000, now + 600_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(dev.zen.topics.TopicCatalogue.withPrefix(PREFIX).jobs(), id, codec.encode(lost))).get();
        }

        JsonNode failed = awaitStatus(alice, id, "failed");

        assertThat(failed.path("error").path("code").asString()).isEqualTo("deadline_exceeded");
        assertThat(failed.path("statusMessage").asString()).contains("deadline").contains("may or may not have been applied");
        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        JsonNode body = codec.tree(received.peek().get("body").getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("type").asString()).isEqualTo("job.failed");
        assertThat(body.path("data").path("id").asString()).isEqualTo(id);
    }

    @Test
    void shouldRunOneJobWhenTheSameIdempotencyKeyArrivesManyTimesAtOnce() throws Exception {
        int before = echoRuns.get();
        String request = "{\"tool\":\"echo\",\"arguments\":{\"text\":\"race\"}}";
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> racers = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            racers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return send(alice, "POST", "/v1/jobs", request, "race-" + before);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var racer : racers) {
            HttpResponse<String> response = racer.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
            ids.add(json(response).path("id").asString());
        }

        assertThat(ids).hasSize(1);
        awaitStatus(alice, ids.iterator().next(), "completed");
        Thread.sleep(500);
        assertThat(echoRuns.get() - before).as("the handler ran once").isEqualTo(1);
    }

    @Test
    void shouldSignWithEverySecretDuringAKeyRotation() throws Exception {
        String fresh = "whsec_" + Base64.getEncoder().encodeToString("the-new-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
        String old = "whsec_" + Base64.getEncoder().encodeToString("the-old-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> accepted = send(alice, "POST", "/v1/jobs", "{\"tool\":\"echo\",\"arguments\":{\"text\":\"rotate\"},"
                + "\"callback\":{\"url\":\"" + hook() + "\",\"secret\":[\"" + fresh + "\",\"" + old + "\"]}}", null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        Map<String, String> hook = received.peek();
        String signed = hook.get("id") + "." + hook.get("timestamp") + "." + hook.get("body");
        List<String> expected = new java.util.ArrayList<>();
        for (String secret : List.of(fresh, old)) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
            expected.add("v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8))));
        }
        assertThat(hook.get("signature")).isEqualTo(String.join(" ", expected));
        HttpResponse<String> tooMany = send(alice, "POST", "/v1/jobs", "{\"tool\":\"echo\",\"arguments\":{\"text\":\"x\"},"
                + "\"callback\":{\"url\":\"" + hook() + "\",\"secret\":[\"" + fresh + "\",\"" + old + "\",\"" + fresh + "\",\"" + old + "\"]}}",
                null);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("callback.secret");
        HttpResponse<String> notASecret = send(alice, "POST", "/v1/jobs", "{\"tool\":\"echo\",\"arguments\":{\"text\":\"x\"},"
                + "\"callback\":{\"url\":\"" + hook() + "\",\"secret\":[\"" + fresh + "\",\"hunter2\"]}}", null);
        assertThat(notASecret.statusCode()).isEqualTo(400);
        assertThat(notASecret.body()).contains("callback.secret");
    }

    @Test
    void shouldRetryAFailingReceiverAndStopAtGone() throws Exception {
        failuresLeft.set(2);
        failureStatus = 503;
        String id = json(send(alice, "POST", "/v1/jobs", "{\"tool\":\"echo\",\"arguments\":{\"text\":\"retry\"},\"callback\":{\"url\":\""
                + hook() + "\",\"secret\":\"whsec_" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}}", null)).path("id").asString();

        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> json(send(alice, "GET", "/v1/jobs/" + id, null, null))
                .path("callback").path("deliveries").size() == 3);
        JsonNode deliveries = json(send(alice, "GET", "/v1/jobs/" + id, null, null)).path("callback").path("deliveries");
        assertThat(List.of(deliveries.get(0).path("outcome").asString(), deliveries.get(1).path("outcome").asString(),
                deliveries.get(2).path("outcome").asString())).containsExactly("retry", "retry", "delivered");
        assertThat(received.stream().map(m -> m.get("id")).distinct()).hasSize(1); // the same message every time

        received.clear();
        failuresLeft.set(100);
        failureStatus = 410;
        String gone = json(send(alice, "POST", "/v1/jobs", "{\"tool\":\"echo\",\"arguments\":{\"text\":\"gone\"},\"callback\":{\"url\":\""
                + hook() + "\"}}", null)).path("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> json(send(alice, "GET", "/v1/jobs/" + gone, null, null))
                .path("callback").path("deliveries").size() == 1);
        Thread.sleep(3_500); // longer than the whole test schedule
        assertThat(received).hasSize(1);
        assertThat(json(send(alice, "GET", "/v1/jobs/" + gone, null, null)).path("callback").path("deliveries").get(0).path("outcome")
                .asString()).isEqualTo("gone");
    }

    @Test
    void shouldShowEachPrincipalOnlyItsOwnJobs() throws Exception {
        String mine = json(send(alice, "POST", "/v1/jobs", "{\"tool\":\"echo\",\"arguments\":{\"text\":\"a\"}}", null)).path("id").asString();
        awaitStatus(alice, mine, "completed");

        JsonNode aliceList = json(send(alice, "GET", "/v1/jobs?status=completed&tool=echo", null, null));
        JsonNode bobList = json(send(bob, "GET", "/v1/jobs", null, null));

        assertThat(aliceList.path("jobs").toString()).contains(mine);
        assertThat(bobList.path("jobs").toString()).doesNotContain(mine);
        assertThat(send(bob, "GET", "/v1/jobs/" + mine, null, null).statusCode()).isEqualTo(404);
        assertThat(send(alice, "GET", "/v1/jobs?status=done", null, null).statusCode()).isEqualTo(400);
        JsonNode page = json(send(alice, "GET", "/v1/jobs?limit=1", null, null));
        assertThat(page.path("jobs").size()).isEqualTo(1);
        assertThat(page.has("nextCursor")).isTrue();
    }
}
