package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
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
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.net.InetSocketAddress;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Authentication at the gate with real tokens: HS256 with a shared secret, RS256 and ES256 from a
 * JWKS endpoint (a real HTTP server), issuer and audience checked. Every refused token gets 401 with
 * the MCP challenge, and nothing reaches the tool's Kafka topic.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthenticationIT {

    static final String PREFIX = SharedKafka.uniquePrefix("auth");
    static final String SECRET = "a-test-secret-of-at-least-thirty-two-bytes!!";
    static final String ISSUER = "https://issuer.example";
    static final String AUDIENCE = "zen-test";
    static RSAKey rsa;
    static RSAKey otherRsa;
    static ECKey ec;
    static HttpServer jwks;
    static WorkerRuntime worker;
    static java.nio.file.Path policy;
    static final String POLICY = "roles:\n  reader:\n    tools: [whoami]\n  auditor:\n    tools: [\"secret_*\"]\n";

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final RecordCodec codec = RecordCodec.shared();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        otherRsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] keys = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.api-rate-limit", () -> "0"); // the seed's default of 100/min is not what this test is about
        registry.add("zen.auth-enabled", () -> "true");
        registry.add("zen.jwt-secret", () -> SECRET);
        registry.add("zen.jwks-uri", () -> "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
        registry.add("zen.auth-issuer", () -> ISSUER);
        registry.add("zen.auth-audience", () -> AUDIENCE);
        policy = java.nio.file.Files.createTempFile("zen-policy", ".yaml");
        java.nio.file.Files.writeString(policy, POLICY);
        registry.add("zen.policy-file", () -> policy.toString());
    }

    @BeforeAll
    static void startWorker() throws Exception {
        ServiceDefinition whoami = new ServiceDefinition("who", "test", List.of(new ToolDefinition(
                new ToolDescriptor("whoami", null, "Says who called", JsonNodeFactory.instance.objectNode().put("type", "object"), null, null,
                        null),
                call -> CallToolResult.text(call.principal().subject() + " " + call.principal().roles())),
                new ToolDefinition(new ToolDescriptor("secret_report", null, "Only for auditors",
                        JsonNodeFactory.instance.objectNode().put("type", "object"), null, null, null),
                        call -> CallToolResult.text("the secret"))));
        worker = new WorkerRuntime(whoami, WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "who-1")
                .withHeartbeatInterval(Duration.ofSeconds(1))).start();
    }

    @AfterAll
    static void stop() {
        worker.stop();
        jwks.stop(0);
    }

    @BeforeEach
    void awaitTool() {
        await().atMost(Duration.ofSeconds(60)).until(() -> call(hs256(claims(c -> { })), "/v1/tools", null).body().contains("whoami"));
    }

    // ---------------------------------------------------------------- tokens

    static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("alice").issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("roles", List.of("reader", "writer"));
        change.accept(builder);
        return builder.build();
    }

    static String hs256(JWTClaimsSet claims) throws Exception {
        return hs256(claims, SECRET);
    }

    static String hs256(JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    static String rs256(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String es256(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(ec));
        return jwt.serialize();
    }

    /** Refused tokens, each with why. */
    static List<Object[]> refusedTokens() throws Exception {
        String valid = hs256(claims(c -> { }));
        String[] parts = valid.split("\\.");
        String rsAsHmac;
        {
            // key confusion: an HS256 token whose "secret" is the RSA public key the JWKS publishes
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims(c -> { }));
            jwt.sign(new MACSigner(rsa.toPublicKey().getEncoded()));
            rsAsHmac = jwt.serialize();
        }
        return List.of(
                new Object[] {"malformed", "not-a-jwt"},
                new Object[] {"alg none", new PlainJWT(claims(c -> { })).serialize()},
                new Object[] {"alg none with a signature part", Base64.getUrlEncoder().withoutPadding()
                        .encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + "." + parts[2]},
                new Object[] {"wrong secret", hs256(claims(c -> { }), "another-secret-of-at-least-thirty-two-bytes")},
                new Object[] {"RS public key used as HMAC secret", rsAsHmac},
                new Object[] {"signed by an unknown RSA key with a known kid", rs256(claims(c -> { }), otherRsa)},
                new Object[] {"tampered payload", parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        claims(c -> c.subject("admin")).toString().getBytes()) + "." + parts[2]},
                new Object[] {"expired", hs256(claims(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))))},
                new Object[] {"not yet valid", hs256(claims(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))))},
                new Object[] {"no expiry", hs256(claims(c -> c.expirationTime(null)))},
                new Object[] {"wrong issuer", hs256(claims(c -> c.issuer("https://evil.example")))},
                new Object[] {"wrong audience", hs256(claims(c -> c.audience("someone-else")))},
                new Object[] {"HS384", signed(JWSAlgorithm.HS384)},
                new Object[] {"oversized garbage", "x".repeat(6_000)},
                new Object[] {"empty", ""});
    }

    static String signed(JWSAlgorithm algorithm) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).build(), claims(c -> { }));
        jwt.sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    // ---------------------------------------------------------------- the tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void shouldRefuseTheTokenWith401AndSendNothingToKafka(String why, String token) throws Exception {
        long before = endOffsets();

        HttpResponse<String> mcp = call(token, "/mcp", callBody());
        HttpResponse<String> rest = call(token, "/v1/tools/whoami", "{}");

        for (HttpResponse<String> response : List.of(mcp, rest)) {
            assertThat(response.statusCode()).as(why).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
                    .startsWith("Bearer resource_metadata=\"http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/mcp\"")
                    .contains("error=\"invalid_token\"");
            assertThat(response.body()).contains("Unauthorized").doesNotContain(token.length() > 20 ? token.substring(token.length() - 20) : "\u0000");
        }
        assertThat(endOffsets()).as("records on the tool topic").isEqualTo(before);
    }

    @Test
    void shouldChallengeARequestWithoutATokenOrWithAnotherScheme() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(callBody())).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tools"))
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0").GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> inQuery = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tools?access_token="
                + hs256(claims(c -> { })))).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer resource_metadata=").doesNotContain("error=");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(inQuery.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAcceptEachConfiguredAlgorithmAndCarryOnlyThePrincipalToTheWorker() throws Exception {
        for (String token : List.of(hs256(claims(c -> { })), rs256(claims(c -> { }), rsa), es256(claims(c -> c.subject("bob"))),
                // expired 10 s ago: inside the 30 s clock skew
                hs256(claims(c -> c.issueTime(Date.from(Instant.now().minusSeconds(60)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(10))))))) {
            HttpResponse<String> response = call(token, "/mcp", callBody());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode result = codec.tree(response.body().getBytes(StandardCharsets.UTF_8)).path("result");
            // roles sorted; nothing of the token itself
            assertThat(result.path("content").get(0).path("text").asString()).matches("(alice|bob) \\[reader, writer]");
        }
    }

    @Autowired
    ObservationRegistry observations;

    @Test
    void shouldObserveTheRequestButNotEachSecurityFilter() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                seen.add(context.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });

        assertThat(call(hs256(claims(c -> { })), "/mcp", callBody()).statusCode()).isEqualTo(200);

        // the request itself is still timed (so the handler above does see this gateway's observations)
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("http.server.requests"));
        // but Spring Security's per-filter observations cost more than authentication itself (SecurityConfiguration)
        assertThat(seen).noneMatch(name -> name.startsWith("spring.security"));
    }

    @Test
    void shouldKeepHealthAndTheProtectedResourceMetadataOpen() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/.well-known/oauth-protected-resource/mcp")).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/.well-known/oauth-protected-resource")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).doesNotContain(SECRET);
        assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
        JsonNode json = codec.tree(metadata.body().getBytes(StandardCharsets.UTF_8));
        assertThat(json.has("authorization_servers")).as(metadata.body()).isTrue();
        assertThat(json.path("resource").asString()).isEqualTo("http://127.0.0.1:" + port + "/mcp");
        assertThat(json.path("authorization_servers").get(0).asString()).isEqualTo(ISSUER);
        assertThat(json.path("bearer_methods_supported").get(0).asString()).isEqualTo("header");
        assertThat(root.statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- API keys

    /** Stores a key record on the keys topic, as {@code ./zen keys} does. */
    static void store(ApiKey record) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(dev.zen.topics.TopicCatalogue.withPrefix(PREFIX).keys(), record.id(),
                    RecordCodec.shared().encode(record))).get();
        }
    }

    HttpResponse<String> withKey(String header, String value, String path, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "whoami")
                .header(header, value);
        return http.send((body == null ? builder.GET() : builder.POST(HttpRequest.BodyPublishers.ofString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAcceptAnApiKeyInEitherHeaderAndActAsItsServiceAccount() throws Exception {
        ApiKey.Issued issued = ApiKey.issue("nightly-ci", List.of("reader"), "acme", System.currentTimeMillis());
        store(issued.record());

        await().atMost(Duration.ofSeconds(10)).until(() -> withKey("X-API-Key", issued.key(), "/mcp", callBody()).statusCode() == 200);
        HttpResponse<String> header = withKey("X-API-Key", issued.key(), "/mcp", callBody());
        HttpResponse<String> bearer = withKey("Authorization", "Bearer " + issued.key(), "/v1/tools/whoami", "{}");
        HttpResponse<String> tools = withKey("Authorization", "Bearer " + issued.key(), "/v1/tools", null);
        HttpResponse<String> denied = withKey("X-API-Key", issued.key(), "/v1/tools/secret_report", "{}");

        assertThat(header.body()).contains("key:nightly-ci [reader]");
        assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(200);
        assertThat(bearer.body()).contains("key:nightly-ci [reader]");
        assertThat(tools.body()).contains("whoami").doesNotContain("secret_report");
        assertThat(denied.statusCode()).isEqualTo(403);
    }

    static List<Object[]> refusedKeys() {
        ApiKey.Issued known = ApiKey.issue("known", List.of("reader"), null, 1);
        return List.of(
                new Object[] {"unknown id", "X-API-Key", ApiKey.issue("never-stored", List.of("reader"), null, 1).key()},
                new Object[] {"known id, wrong secret", "X-API-Key", known.key().substring(0, 15) + "A".repeat(43)},
                new Object[] {"malformed key", "X-API-Key", "zen_nope"},
                new Object[] {"empty key", "X-API-Key", ""},
                new Object[] {"not a zen key", "X-API-Key", "sk-live-123"},
                new Object[] {"malformed bearer key", "Authorization", "Bearer zen_" + "x".repeat(60)},
                new Object[] {"key with an encoded newline", "X-API-Key", known.key().substring(0, 15) + "%0A" + known.key().substring(15)});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedKeys")
    void shouldRefuseTheKeyWith401AndSendNothingToKafka(String why, String header, String value) throws Exception {
        store(ApiKey.issue("known", List.of("reader"), null, 1).record());
        long before = endOffsets();

        for (String path : List.of("/mcp", "/v1/tools/whoami")) {
            HttpResponse<String> response = withKey(header, value, path, path.equals("/mcp") ? callBody() : "{}");
            assertThat(response.statusCode()).as(why + " on " + path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer resource_metadata=")
                    .contains("error=\"invalid_token\"");
            assertThat(response.body()).contains("Unauthorized");
            if (value.length() > 20) {
                assertThat(response.body()).doesNotContain(value.substring(value.length() - 20));
            }
        }
        assertThat(endOffsets()).as("records on the tool topic").isEqualTo(before);
    }

    @Test
    void shouldRefuseARevokedKeyWithinASecondOnTheNextRequest() throws Exception {
        ApiKey.Issued issued = ApiKey.issue("short-lived", List.of("reader"), null, System.currentTimeMillis());
        store(issued.record());
        await().atMost(Duration.ofSeconds(10)).until(() -> withKey("X-API-Key", issued.key(), "/mcp", callBody()).statusCode() == 200);
        long before = endOffsets();

        store(issued.record().revoked(System.currentTimeMillis()));

        await().atMost(Duration.ofSeconds(2)).until(() -> withKey("X-API-Key", issued.key(), "/mcp", callBody()).statusCode() == 401);
        HttpResponse<String> refused = withKey("Authorization", "Bearer " + issued.key(), "/v1/tools/whoami", "{}");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("unknown or was revoked");
        assertThat(endOffsets()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- the policy file

    @Test
    void shouldShowEachCallerOnlyWhatItMayCallAndRefuseTheRestBeforeKafka() throws Exception {
        String reader = hs256(claims(c -> c.claim("roles", List.of("reader"))));
        String auditor = hs256(claims(c -> c.claim("roles", List.of("auditor"))));
        String nobody = hs256(claims(c -> c.claim("roles", List.of())));
        long before = endOffsets("secret_report");

        String readerTools = call(reader, "/v1/tools", null).body();
        String auditorTools = call(auditor, "/v1/tools", null).body();
        JsonNode listed = codec.tree(stateless(reader, "tools/list", null, "").body().getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> denied = stateless(reader, "tools/call", "secret_report", "\"name\":\"secret_report\",\"arguments\":{},");
        HttpResponse<String> deniedRest = call(reader, "/v1/tools/secret_report", "{}");
        HttpResponse<String> deniedUnknown = stateless(nobody, "tools/call", "whoami", "\"name\":\"whoami\",\"arguments\":{},");
        long afterDenied = endOffsets("secret_report");
        HttpResponse<String> allowed = stateless(auditor, "tools/call", "secret_report", "\"name\":\"secret_report\",\"arguments\":{},");

        assertThat(readerTools).contains("whoami").doesNotContain("secret_report");
        assertThat(call(reader, "/v1/services", null).body()).contains("whoami").doesNotContain("secret_report");
        assertThat(auditorTools).contains("secret_report").doesNotContain("whoami");
        assertThat(listed.path("result").path("tools").toString()).contains("whoami").doesNotContain("secret_report");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"insufficient_scope\"");
        assertThat(denied.body()).contains("-32003").contains("secret_report").contains("[reader]");
        assertThat(deniedRest.statusCode()).isEqualTo(403);
        assertThat(deniedUnknown.statusCode()).isEqualTo(403);
        assertThat(afterDenied).as("nothing reached the tool's topic while denied").isEqualTo(before);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("the secret");
    }

    @Test
    void shouldApplyAChangedPolicyFileWithinSecondsWithoutARestart() throws Exception {
        String reader = hs256(claims(c -> c.claim("roles", List.of("reader"))));
        try {
            java.nio.file.Files.writeString(policy, "roles:\n  reader:\n    tools: [\"*\"]\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> call(reader, "/v1/tools", null).body().contains("secret_report"));
            java.nio.file.Files.writeString(policy, "roles: [this is not a map]\n"); // broken: the last good policy stays
            Thread.sleep(2_500);
            assertThat(call(reader, "/v1/tools", null).body()).contains("secret_report");
        } finally {
            java.nio.file.Files.writeString(policy, POLICY);
            await().atMost(Duration.ofSeconds(10)).until(() -> !call(reader, "/v1/tools", null).body().contains("secret_report"));
        }
    }

    HttpResponse<String> stateless(String token, String method, String name, String params) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{" + params
                        + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}"));
        if (name != null) {
            builder.header("Mcp-Name", name);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------- helpers

    static String callBody() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{},"
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    }

    HttpResponse<String> call(String token, String path, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "whoami");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        builder = body == null ? builder.GET() : builder.POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Records ever written to the whoami tool's topic. */
    static long endOffsets() {
        return endOffsets("whoami");
    }

    static long endOffsets(String tool) {
        return ToolTopicOffsets.of(PREFIX, tool);
    }
}
