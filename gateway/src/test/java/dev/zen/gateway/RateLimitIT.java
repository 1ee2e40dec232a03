package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.testkit.SharedKafka;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Rate limits shared by two gateway replicas through the machine's Redis: a caller limited to 3
 * calls a minute gets its 4th refused with 429 and Retry-After, whichever replica it reaches, and the
 * refused calls never reach Kafka.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitIT {

    static final String PREFIX = SharedKafka.uniquePrefix("limits");
    static WorkerRuntime worker;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "false"); // on loopback only, as BindGuard requires
        registry.add("zen.redis-host", GatewayEndToEndIT::redisHost);
        registry.add("zen.api-rate-limit", () -> "3");
    }

    @BeforeAll
    static void startWorker() {
        worker = new WorkerRuntime(new ServiceDefinition("echo", "test", List.of(new ToolDefinition(new ToolDescriptor("echo", null, "echo",
                JsonNodeFactory.instance.objectNode().put("type", "object"), null, null, null), call -> CallToolResult.text("echo")))),
                WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "echo-1").withHeartbeatInterval(Duration.ofSeconds(1)))
                .start();
    }

    @AfterAll
    static void stopWorker() {
        worker.stop();
    }

    @Test
    void shouldHoldOneCallersLimitAcrossBothReplicas() throws Exception {
        try (var second = new org.springframework.boot.builder.SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--zen.kafka-bootstrap=" + SharedKafka.bootstrapServers(), "--zen.topic-prefix=" + PREFIX,
                        "--zen.redis-host=" + GatewayEndToEndIT.redisHost(), "--zen.api-rate-limit=3", "--zen.instance-id=gw-b", "--zen.auth-enabled=false")) {
            int portB = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            for (int p : new int[] {port, portB}) {
                await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p
                        + "/v1/tools")).build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"echo\""));
            }
            long before = endOffsets();

            HttpResponse<String> first = call(port);
            HttpResponse<String> secondCall = call(portB);
            HttpResponse<String> third = call(port);
            long afterAllowed = endOffsets();
            HttpResponse<String> fourth = call(portB);
            HttpResponse<String> fifthRest = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tools/echo"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(List.of(first.statusCode(), secondCall.statusCode(), third.statusCode())).containsOnly(200);
            assertThat(afterAllowed - before).isEqualTo(3);
            assertThat(fourth.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(fourth.headers().firstValue("Retry-After").orElse("0"))).isBetween(1L, 60L);
            JsonNode error = RecordCodec.shared().tree(fourth.body().getBytes(StandardCharsets.UTF_8)).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(-32004);
            assertThat(error.path("message").asString()).contains("limited to 3 per 60 s");
            assertThat(error.path("data").path("retryAfterMs").asLong()).isPositive();
            assertThat(fifthRest.statusCode()).isEqualTo(429);
            assertThat(fifthRest.headers().firstValue("Retry-After")).isPresent();
            assertThat(endOffsets()).as("refused calls reach no topic").isEqualTo(afterAllowed);
            assertThat(health.body()).contains("\"rateLimits\":{\"status\":\"ok (redis)\"}");
        }
    }

    HttpResponse<String> call(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp")).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "tools/call").header("Mcp-Name", "echo")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                        + "\"arguments\":{},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    static long endOffsets() {
        return ToolTopicOffsets.of(PREFIX, "echo");
    }
}
