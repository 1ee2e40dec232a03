package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input at the gate, with authentication and a policy on: bodies, headers, protocol
 * envelopes and tool arguments that are wrong on purpose. Each case asserts the exact HTTP status and
 * JSON-RPC code, and that nothing was written to the tool's Kafka topic. (Token cases are in
 * {@link AuthenticationIT}, shared rate limits in {@link RateLimitIT}.)
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputIT {

    static final String PREFIX = SharedKafka.uniquePrefix("hostile");
    static final String SECRET = "hostile-input-secret-of-at-least-32-bytes";
    static WorkerRuntime worker;
    static String token;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path policy = Files.createTempFile("zen-hostile-policy", ".yaml");
        Files.writeString(policy, "roles:\n  writer:\n    tools: [store]\n");
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.api-rate-limit", () -> "0"); // the seed's default of 100/min is not what this test is about
        registry.add("zen.auth-enabled", () -> "true");
        registry.add("zen.jwt-secret", () -> SECRET);
        registry.add("zen.policy-file", policy::toString);
        registry.add("zen.max-body-bytes", () -> "3000000");
    }

    @BeforeAll
    static void start() throws Exception {
        JsonNode schema = RecordCodec.shared().tree(("{\"type\":\"object\",\"properties\":{"
                + "\"key\":{\"type\":\"string\",\"maxLength\":64,\"pattern\":\"^[a-z]+$\"},"
                + "\"count\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":10}},"
                + "\"required\":[\"key\"],\"additionalProperties\":false}").getBytes());
        worker = new WorkerRuntime(new ServiceDefinition("store", "test", List.of(
                new ToolDefinition(new ToolDescriptor("store", null, "stores", schema, null, null, null), call -> CallToolResult.text("ok")),
                new ToolDefinition(new ToolDescriptor("secret", null, "not for writers", RecordCodec.shared().tree("{\"type\":\"object\"}".getBytes()),
                        null, null, null), call -> CallToolResult.text("secret")))),
                WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "store-1").withHeartbeatInterval(Duration.ofSeconds(1)))
                .start();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("mallory")
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))).claim("roles", List.of("writer")).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        token = jwt.serialize();
    }

    @AfterAll
    static void stop() {
        worker.stop();
    }

    @BeforeEach
    void awaitTools() {
        await().atMost(Duration.ofSeconds(60)).until(() -> send(new Case("probe", "GET", "/v1/tools", Map.of(), null, 200, null))
                .body().contains("\"store\""));
    }

    /** One hostile request: what is sent, and the exact answer expected (code null: no JSON-RPC body checked). */
    record Case(String name, String method, String path, Map<String, String> headers, byte[] body, int status, Integer code) {

        @Override
        public String toString() {
            return name;
        }
    }

    static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    static Map<String, String> stateless(String method, String name) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("MCP-Protocol-Version", "2026-07-28");
        headers.put("Mcp-Method", method);
        if (name != null) {
            headers.put("Mcp-Name", name);
        }
        return headers;
    }

    static Case call(String name, String arguments, int status, Integer code) {
        return new Case(name, "POST", "/mcp", stateless("tools/call", "store"), ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"store\",\"arguments\":" + arguments + "," + META + "}}").getBytes(StandardCharsets.UTF_8), status, code);
    }

    static Case mcp(String name, Map<String, String> headers, String body, int status, Integer code) {
        return new Case(name, "POST", "/mcp", headers, body.getBytes(StandardCharsets.UTF_8), status, code);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> list = stateless("tools/list", null);
        String deep = "[".repeat(100) + "]".repeat(100);
        // bodies and envelopes
        cases.add(mcp("not JSON", list, "{", 400, -32700));
        cases.add(mcp("empty body", list, "", 400, -32600));
        cases.add(mcp("JSON string, not an object", list, "\"hello\"", 400, -32600));
        cases.add(mcp("batch array", list, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]", 400, -32600));
        cases.add(mcp("jsonrpc 1.0", list, "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META + "}}", 400, -32600));
        cases.add(mcp("method is a number", list, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", 400, -32600));
        cases.add(mcp("id is an object", list, "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"tools/list\"}", 400, -32600));
        cases.add(mcp("id is a fraction", list, "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}", 400, -32600));
        cases.add(mcp("params is an array", list, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[1]}", 200, -32602));
        cases.add(mcp("nesting 100 deep", list, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"x\":" + deep + "}}", 400, -32700));
        cases.add(mcp("string of 1.5 MB", list, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"x\":\""
                + "a".repeat(1_500_000) + "\"}}", 400, -32700));
        cases.add(mcp("number of 200 digits", list, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"x\":"
                + "9".repeat(200) + "}}", 400, -32700));
        cases.add(mcp("name of 2000 characters", list, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\""
                + "n".repeat(2_000) + "\":1}}", 400, -32700));
        cases.add(new Case("body over the limit", "POST", "/mcp", list, new byte[3_100_000], 413, -32600));
        cases.add(new Case("invalid UTF-8", "POST", "/mcp", list, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, 400, -32700));
        cases.add(mcp("unknown method", list, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/delete\",\"params\":{" + META + "}}", 400, -32020));
        // headers
        Map<String, String> html = new LinkedHashMap<>(list);
        html.put("Accept", "text/html");
        cases.add(mcp("Accept text/html", html, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META + "}}", 406, -32600));
        Map<String, String> evil = new LinkedHashMap<>(list);
        evil.put("Origin", "http://evil.example");
        cases.add(mcp("foreign Origin", evil, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META + "}}", 403, null));
        cases.add(mcp("Mcp-Method not the body's", stateless("prompts/list", null), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                + "\"params\":{" + META + "}}", 400, -32020));
        cases.add(new Case("Mcp-Name not the tool", "POST", "/mcp", stateless("tools/call", "secret"), ("{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"store\",\"arguments\":{\"key\":\"a\"}," + META + "}}").getBytes(), 400, -32020));
        cases.add(mcp("_meta without capabilities", list, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":"
                + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}", 400, -32602));
        cases.add(mcp("unsupported version", Map.of("MCP-Protocol-Version", "1999-01-01", "Mcp-Method", "tools/list"),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META.replace("2026-07-28", "1999-01-01") + "}}", 400, -32022));
        cases.add(mcp("no session on a 2025 request", Map.of("MCP-Protocol-Version", "2025-11-25"),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", 400, -32600));
        cases.add(mcp("unknown session", Map.of("Mcp-Session-Id", "no-such-session"), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                404, -32001));
        // tool arguments (the gateway validates them against the tool's inputSchema)
        cases.add(call("missing required key", "{}", 200, -32602));
        cases.add(call("extra property", "{\"key\":\"a\",\"rm\":\"-rf\"}", 200, -32602));
        cases.add(call("key of the wrong type", "{\"key\":42}", 200, -32602));
        cases.add(call("key longer than its maxLength", "{\"key\":\"" + "a".repeat(65) + "\"}", 200, -32602));
        cases.add(call("key against its pattern", "{\"key\":\"../etc/passwd\"}", 200, -32602));
        cases.add(call("key with a NUL byte", "{\"key\":\"a\\u0000b\"}", 200, -32602));
        cases.add(call("count above its maximum", "{\"key\":\"a\",\"count\":11}", 200, -32602));
        cases.add(call("count below its minimum", "{\"key\":\"a\",\"count\":-1}", 200, -32602));
        cases.add(call("count not an integer", "{\"key\":\"a\",\"count\":1.5}", 200, -32602));
        cases.add(call("arguments an array", "[\"a\"]", 200, -32602));
        cases.add(call("arguments a string", "\"key=a\"", 200, -32602));
        cases.add(new Case("progressToken an object", "POST", "/mcp", stateless("tools/call", "store"), ("{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"store\",\"arguments\":{\"key\":\"a\"},\"_meta\":{\"progressToken\":{},"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}").getBytes(),
                200, -32602));
        cases.add(new Case("tool name missing", "POST", "/mcp", stateless("tools/call", ""), ("{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"tools/call\",\"params\":{\"arguments\":{}," + META + "}}").getBytes(), 400, -32020));
        // policy
        cases.add(new Case("tool the role may not call", "POST", "/mcp", stateless("tools/call", "secret"), ("{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"secret\",\"arguments\":{}," + META + "}}").getBytes(), 403, -32003));
        cases.add(new Case("tool that does not exist", "POST", "/mcp", stateless("tools/call", "nope"), ("{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}," + META + "}}").getBytes(), 403, -32003));
        // REST
        cases.add(new Case("REST body not an object", "POST", "/v1/tools/store", Map.of(), "[1]".getBytes(), 400, -32602));
        cases.add(new Case("REST body not JSON", "POST", "/v1/tools/store", Map.of(), "key=a".getBytes(), 400, -32700));
        cases.add(new Case("REST arguments against the schema", "POST", "/v1/tools/store", Map.of(), "{\"key\":\"A\"}".getBytes(), 400, -32602));
        cases.add(new Case("REST nesting 100 deep", "POST", "/v1/tools/store", Map.of(), ("{\"key\":" + deep + "}").getBytes(), 400, -32700));
        cases.add(new Case("REST tool the role may not call", "POST", "/v1/tools/secret", Map.of(), "{}".getBytes(), 403, -32003));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRefuseExactlyAndSendNothingToKafka(Case hostile) throws Exception {
        long before = endOffsets("store") + endOffsets("secret");

        HttpResponse<String> response = send(hostile);

        assertThat(response.statusCode()).as(hostile.name() + ": " + abbreviate(response.body())).isEqualTo(hostile.status());
        if (hostile.code() != null) {
            JsonNode error = RecordCodec.shared().tree(response.body().getBytes(StandardCharsets.UTF_8)).path("error");
            assertThat(error.path("code").asInt()).as(hostile.name() + ": " + abbreviate(response.body())).isEqualTo(hostile.code());
            assertThat(error.path("message").asString()).isNotBlank();
        }
        assertThat(endOffsets("store") + endOffsets("secret")).as(hostile.name() + ": records on the tool topics").isEqualTo(before);
    }

    HttpResponse<String> send(Case hostile) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + hostile.path()))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        if (!hostile.headers().containsKey("Accept")) {
            builder.header("Accept", "application/json, text/event-stream");
        }
        hostile.headers().forEach(builder::header);
        builder = hostile.body() == null ? builder.GET() : builder.method(hostile.method(), HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    static long endOffsets(String tool) {
        return ToolTopicOffsets.of(PREFIX, tool);
    }
}
