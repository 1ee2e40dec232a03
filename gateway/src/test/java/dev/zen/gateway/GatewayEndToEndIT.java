package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.testkit.SharedKafka;
import dev.zen.worker.filesystem.FilesystemService;
import dev.zen.worker.filesystem.FilesystemSettings;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The spine end to end, all real: the gateway on a random port, two filesystem worker replicas in one
 * group, one in-JVM KRaft broker, and the official MCP Java SDK client.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayEndToEndIT {

    static final String PREFIX = SharedKafka.uniquePrefix("e2e");
    static final long MAX_FILE_SIZE = 64 * 1024;
    static Path root;
    static Path outside;
    static final List<WorkerRuntime> workers = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    final RecordCodec codec = RecordCodec.shared();
    final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "false"); // on loopback only, as BindGuard requires
        registry.add("zen.api-rate-limit", () -> "0"); // the seed's default of 100/min is not what this test is about
        registry.add("zen.call-timeout", () -> "10s");
        registry.add("zen.page-size", () -> "4");
        registry.add("zen.redis-host", GatewayEndToEndIT::redisHost);
    }

    /** The machine's Redis (sessions are shared through it); {@code .ci/run} starts one if none runs. */
    static String redisHost() {
        return System.getenv().getOrDefault("ZEN_TEST_REDIS_HOST", "127.0.0.1");
    }

    @BeforeAll
    static void startWorkers() throws Exception {
        root = Files.createTempDirectory("zen-e2e-root").toRealPath();
        outside = Files.createTempDirectory("zen-e2e-outside").toRealPath();
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        workers.add(startFilesystemWorker("fs-1"));
        workers.add(startFilesystemWorker("fs-2"));
    }

    static WorkerRuntime startFilesystemWorker(String instance) throws InterruptedException {
        FilesystemSettings settings = new FilesystemSettings(root, MAX_FILE_SIZE, Set.of(".txt", ".md", ".json"));
        WorkerRuntime runtime = new WorkerRuntime(FilesystemService.definition(settings, "test"),
                WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, instance).withHeartbeatInterval(Duration.ofSeconds(1)))
                .start();
        assertThat(runtime.awaitAssignment(Duration.ofSeconds(60))).isTrue();
        return runtime;
    }

    static WorkerRuntime startEchoWorker(String service, String tool, String instance) {
        return startEchoWorker(service, tool, instance, List.of());
    }

    static WorkerRuntime startEchoWorker(String service, String tool, String instance, List<String> warnings) {
        ServiceDefinition definition = new ServiceDefinition(service, "test", List.of(new ToolDefinition(
                new ToolDescriptor(tool, null, "echo", JsonNodeFactory.instance.objectNode().put("type", "object"), null, null, null),
                call -> CallToolResult.text("echo")))).withWarnings(warnings);
        return new WorkerRuntime(definition, WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, instance)
                .withHeartbeatInterval(Duration.ofSeconds(1))).start();
    }

    @AfterAll
    static void stopWorkers() {
        workers.forEach(WorkerRuntime::stop);
    }

    @BeforeEach
    void awaitTools() {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/v1/tools").body().contains("\"file_roots\""));
    }

    // ---------------------------------------------------------------- the official Java SDK client

    @Test
    void shouldServeEveryFilesystemToolToTheJavaSdkClient() throws Exception {
        try (McpSyncClient client = sdkClient()) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
            assertThat(init.serverInfo().name()).isEqualTo("zen");

            List<McpSchema.Tool> tools = allTools(client);
            assertThat(tools).extracting(McpSchema.Tool::name).contains("file_read", "file_read_many", "file_write", "file_edit",
                    "file_list", "file_tree", "file_search", "file_analyze", "file_move", "file_mkdir", "file_roots");
            assertThat(tools).allSatisfy(t -> {
                assertThat(t.outputSchema()).isNotNull();
                assertThat(t.annotations()).isNotNull();
            });

            assertOk(call(client, "file_mkdir", Map.of("path", "docs")));
            assertOk(call(client, "file_write", Map.of("path", "docs/a.md", "content", "alpha\nbeta\ngamma\n")));
            McpSchema.CallToolResult read = call(client, "file_read", Map.of("path", "docs/a.md", "head", 2));
            assertOk(read);
            assertThat(text(read)).contains("alpha").contains("beta").doesNotContain("gamma");
            assertThat(read.structuredContent()).isNotNull();

            assertThat(text(call(client, "file_read", Map.of("path", root.resolve("docs/a.md").toString(), "tail", 1)))).contains("gamma");
            assertOk(call(client, "file_read_many", Map.of("paths", List.of("docs/a.md", "missing.md"))));
            McpSchema.CallToolResult dryRun = call(client, "file_edit", Map.of("path", "docs/a.md",
                    "edits", List.of(Map.of("oldText", "beta", "newText", "BETA")), "dryRun", true));
            assertOk(dryRun);
            assertThat(text(dryRun)).contains("-beta").contains("+BETA");
            assertThat(Files.readString(root.resolve("docs/a.md"))).contains("beta");
            assertOk(call(client, "file_edit", Map.of("path", "docs/a.md", "edits", List.of(Map.of("oldText", "beta", "newText", "BETA")))));
            assertThat(Files.readString(root.resolve("docs/a.md"))).contains("BETA");
            assertThat(text(call(client, "file_list", Map.of("path", "docs")))).contains("a.md");
            assertThat(text(call(client, "file_tree", Map.of("path", ".")))).contains("a.md");
            assertThat(text(call(client, "file_search", Map.of("pattern", "**/*.md")))).contains("docs/a.md");
            assertThat(text(call(client, "file_search", Map.of("content", "gam+a")))).contains("docs/a.md");
            McpSchema.CallToolResult analyze = call(client, "file_analyze", Map.of("path", "docs/a.md"));
            assertOk(analyze);
            assertThat(text(analyze)).contains("sha256");
            assertOk(call(client, "file_move", Map.of("source", "docs/a.md", "destination", "docs/b.md")));
            assertThat(root.resolve("docs/b.md")).exists();
            assertThat(text(call(client, "file_roots", Map.of()))).contains(root.toString());
        }
    }

    @Test
    void shouldRefuseHostilePathsWithoutTouchingAnything() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), outside);
        List<String> hostile = List.of("../" + outside.getFileName() + "/secret.txt", outside.resolve("secret.txt").toString(),
                "escape/secret.txt", "a\u0000b.txt", "x/".repeat(3000) + "y.txt", "/etc/passwd");
        try (McpSyncClient client = sdkClient()) {
            client.initialize();
            for (String path : hostile) {
                McpSchema.CallToolResult read = call(client, "file_read", Map.of("path", path));
                assertThat(read.isError()).as("read of %s", path.length() > 40 ? path.substring(0, 40) + "…" : path).isTrue();
                assertThat(text(read)).doesNotContain("top secret");
                McpSchema.CallToolResult write = call(client, "file_write", Map.of("path", path, "content", "pwned"));
                assertThat(write.isError()).isTrue();
            }
        }
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("top secret");
        try (var files = Files.list(outside)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void shouldRefuseOversizedFilesAndDisallowedExtensions() throws Exception {
        Files.writeString(root.resolve("big.txt"), "x".repeat((int) MAX_FILE_SIZE + 1));
        Files.writeString(root.resolve("script.exe"), "MZ");

        JsonNode big = mcpCall("file_read", "{\"path\":\"big.txt\"}");
        JsonNode exe = mcpCall("file_read", "{\"path\":\"script.exe\"}");

        assertThat(big.path("result").path("isError").asBoolean()).isTrue();
        assertThat(big.path("result").path("content").get(0).path("text").asString()).contains("FILESYSTEM_MAX_FILE_SIZE");
        assertThat(exe.path("result").path("isError").asBoolean()).isTrue();
        assertThat(exe.path("result").path("content").get(0).path("text").asString()).contains("FILESYSTEM_ALLOWED_EXTENSIONS");
    }

    // ---------------------------------------------------------------- exact JSON-RPC errors

    @Test
    void shouldAnswerExactJsonRpcErrorCodes() throws Exception {
        String session = initialize();

        HttpResponse<String> malformed = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", session);
        HttpResponse<String> noVersion = post("{\"id\":1,\"method\":\"ping\"}", session);
        HttpResponse<String> batch = post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", session);
        HttpResponse<String> badId = post("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}", session);
        HttpResponse<String> unknownMethod = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/frobnicate\"}", session);
        HttpResponse<String> unknownTool = post(callBody("no_such_tool", "{}"), session);
        HttpResponse<String> badArguments = post(callBody("file_read", "{\"path\":42}"), session);
        HttpResponse<String> missingArgument = post(callBody("file_read", "{}"), session);
        HttpResponse<String> argumentsNotObject = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"file_read\",\"arguments\":[1]}}", session);
        HttpResponse<String> ping = post("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}", session);

        assertError(malformed, 400, -32700);
        assertError(noVersion, 400, -32600);
        assertError(batch, 400, -32600);
        assertError(badId, 400, -32600);
        assertError(unknownMethod, 200, -32601);
        assertError(unknownTool, 200, -32602);
        assertThat(json(unknownTool).path("error").path("message").asString()).contains("no_such_tool");
        assertError(badArguments, 200, -32602);
        assertThat(json(badArguments).path("error").path("data").path("errors").get(0).path("pointer").asString())
                .isEqualTo("/arguments/path");
        assertError(missingArgument, 200, -32602);
        assertThat(json(missingArgument).path("error").path("message").asString()).contains("/path");
        assertError(argumentsNotObject, 200, -32602);
        assertThat(json(ping).path("result").isObject()).isTrue();
        assertThat(json(ping).path("id").asString()).isEqualTo("p");
    }

    @Test
    void shouldKeepSessionsApartAndEndThemOnDelete() throws Exception {
        String session = initialize();

        HttpResponse<String> withoutSession = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", null);
        HttpResponse<String> unknownSession = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "nope");
        HttpResponse<String> badVersion = http.send(request("/mcp").header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "1999-01-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> deleted = http.send(request("/mcp").header("Mcp-Session-Id", session).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> afterDelete = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", session);
        HttpResponse<String> deleteWithoutSession = http.send(request("/mcp").DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(withoutSession.statusCode()).isEqualTo(400);
        assertThat(unknownSession.statusCode()).isEqualTo(404);
        assertThat(badVersion.statusCode()).isEqualTo(400);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(afterDelete.statusCode()).isEqualTo(404);
        assertThat(deleteWithoutSession.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldNegotiateProtocolVersionsAndAnswerNotificationsWith202() throws Exception {
        for (String version : List.of("2025-11-25", "2025-06-18", "2025-03-26")) {
            HttpResponse<String> init = post(initializeBody(version), null);
            assertThat(json(init).path("result").path("protocolVersion").asString()).isEqualTo(version);
        }
        HttpResponse<String> future = post(initializeBody("2099-01-01"), null);
        assertThat(json(future).path("result").path("protocolVersion").asString()).isEqualTo("2025-11-25");
        String session = future.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAnswerAsServerSentEventsWhenTheClientOnlyAcceptsThem() throws Exception {
        String session = initialize();
        Files.writeString(root.resolve("sse.txt"), "streamed");

        HttpResponse<String> response = http.send(request("/mcp").header("Accept", "text/event-stream")
                .header("Content-Type", "application/json").header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString(callBody("file_read", "{\"path\":\"sse.txt\"}"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        // (a 2025-11-25 stream may start with a priming event: an id and empty data)
        String data = response.body().lines().filter(l -> l.startsWith("data: ") && !l.isBlank() && l.length() > 6).findFirst()
                .orElseThrow().substring(6);
        assertThat(codec.tree(data.getBytes()).path("result").path("content").get(0).path("text").asString()).contains("streamed");
    }

    @Test
    void shouldPaginateToolsListWithOpaqueCursors() throws Exception {
        String session = initialize();
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String params = cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}";
            JsonNode page = json(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":" + params + "}", session));
            page.path("result").path("tools").forEach(t -> names.add(t.path("name").asString()));
            cursor = page.path("result").path("nextCursor").asString(null);
            pages++;
        } while (cursor != null);

        assertThat(pages).isGreaterThan(2);
        assertThat(names).doesNotHaveDuplicates().contains("file_read", "file_roots");
        assertError(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"garbage!\"}}", session),
                200, -32602);
    }

    @Test
    void shouldAcceptKnownLogLevelsOnly() throws Exception {
        String session = initialize();

        HttpResponse<String> warning = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}", session);
        HttpResponse<String> bogus = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}", session);

        assertThat(json(warning).path("result").isObject()).isTrue();
        assertThat(json(warning).path("result").size()).isZero();
        assertError(bogus, 200, -32602);
        assertThat(json(bogus).path("error").path("message").asString()).contains("'level'");
    }

    @Test
    void shouldContinueASessionOnAnotherGatewayReplica() throws Exception {
        Files.writeString(root.resolve("replica.txt"), "seen from replica B");
        // command-line arguments, because they outrank application.yml (default properties do not)
        try (var second = new org.springframework.boot.builder.SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--zen.kafka-bootstrap=" + SharedKafka.bootstrapServers(), "--zen.topic-prefix=" + PREFIX,
                        "--zen.redis-host=" + redisHost(), "--zen.api-rate-limit=0", "--zen.instance-id=gw-b", "--zen.auth-enabled=false")) {
            int portB = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            String session = initialize(); // on replica A
            HttpRequest.Builder onB = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portB + "/mcp"))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .header("Mcp-Session-Id", session);

            HttpResponse<String> pingOnB = http.send(onB.copy()
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + portB + "/v1/tools")).build(), HttpResponse.BodyHandlers.ofString()).body().contains("file_read"));
            HttpResponse<String> callOnB = http.send(onB.copy()
                    .POST(HttpRequest.BodyPublishers.ofString(callBody("file_read", "{\"path\":\"replica.txt\"}"))).build(),
                    HttpResponse.BodyHandlers.ofString());

            // a subscription made through A is session state: B, holding the GET stream, delivers the update
            HttpResponse<String> subscribeOnA = post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/subscribe\","
                    + "\"params\":{\"uri\":\"file:///replica.txt\"}}", session);
            List<String> streamOnB = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portB + "/mcp"))
                            .header("Accept", "text/event-stream").header("Mcp-Session-Id", session).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            streamOnB.add(line);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // closed
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> !streamOnB.isEmpty());
            mcpCall("file_write", "{\"path\":\"replica.txt\",\"content\":\"changed\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> streamOnB.stream().anyMatch(l -> l.contains("notifications/resources/updated")));
            reader.interrupt();

            HttpResponse<String> deleteOnB = http.send(onB.copy().DELETE().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> pingOnA = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}", session);

            assertThat(pingOnB.statusCode()).as(pingOnB.body()).isEqualTo(200);
            assertThat(json(callOnB).path("result").path("content").get(0).path("text").asString()).contains("seen from replica B");
            assertThat(subscribeOnA.statusCode()).isEqualTo(200);
            assertThat(streamOnB).anyMatch(l -> l.contains("file:///replica.txt"));
            assertThat(deleteOnB.statusCode()).isEqualTo(200);
            assertThat(pingOnA.statusCode()).isEqualTo(404);
        }
    }

    // ---------------------------------------------------------------- registry, liveness, replicas

    @Test
    void shouldFailAtOnceWhenTheToolsServiceHasNoLiveWorker() throws Exception {
        WorkerRuntime ghost = startEchoWorker("ghost", "ghost_echo", "g-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/tools").body().contains("ghost_echo"));
        assertThat(mcpCall("ghost_echo", "{}").path("result").path("isError").asBoolean(false)).isFalse();
        ghost.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !get("/v1/tools").body().contains("ghost_echo"));

        long started = System.nanoTime();
        JsonNode answer = mcpCall("ghost_echo", "{}");
        HttpResponse<String> rest = http.send(request("/v1/tools/ghost_echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(elapsedMs).isLessThan(2_000);
        assertThat(answer.path("result").path("isError").asBoolean()).isTrue();
        assertThat(answer.path("result").path("content").get(0).path("text").asString()).contains("live worker of service 'ghost'");
        assertThat(rest.statusCode()).isEqualTo(503);
        assertThat(get("/v1/services").body()).contains("\"ghost\"").contains("\"stopped\"");
    }

    @Test
    void shouldShowTheWarningsAServiceAnnouncesAndNoneForOneWithout() throws Exception {
        String warning = "unsandboxed: commands run with the worker's own rights";
        WorkerRuntime warned = startEchoWorker("warned", "warned_echo", "w-1", List.of(warning));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/tools").body().contains("warned_echo"));

            JsonNode services = json(get("/v1/services"));
            JsonNode health = json(get("/health"));

            JsonNode service = null;
            JsonNode filesystem = null;
            for (JsonNode s : services.path("services")) {
                service = s.path("name").asString().equals("warned") ? s : service;
                filesystem = s.path("name").asString().equals("filesystem") ? s : filesystem;
            }
            assertThat(service).isNotNull();
            assertThat(service.path("warnings").toString()).isEqualTo("[\"" + warning + "\"]");
            assertThat(service.path("instances").get(0).path("warnings").toString()).isEqualTo("[\"" + warning + "\"]");
            assertThat(health.path("services").path("warned").path("warnings").toString()).isEqualTo("[\"" + warning + "\"]");
            assertThat(filesystem.has("warnings")).isFalse();
            assertThat(filesystem.path("instances")).allSatisfy(i -> assertThat(i.has("warnings")).isFalse());
            assertThat(health.path("services").path("filesystem").has("warnings")).isFalse();
        } finally {
            warned.stop();
        }
    }

    @Test
    void shouldNotifyOpenStreamsWhenTheToolListChanges() throws Exception {
        String session = initialize();
        HttpResponse<java.io.InputStream> stream = http.send(request("/mcp").header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // closed
            }
        });
        WorkerRuntime late = startEchoWorker("late", "late_echo", "l-1");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains("notifications/tools/list_changed")));
        } finally {
            late.stop();
            http.send(request("/mcp").header("Mcp-Session-Id", session).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            reader.interrupt();
        }
    }

    @Test
    void shouldServeFromBothReplicasAndLoseNoCallWhenOneStopsMidStream() throws Exception {
        for (int i = 0; i < 10; i++) {
            Files.writeString(root.resolve("r" + i + ".txt"), "replica test " + i);
        }
        WorkerRuntime third = startFilesystemWorker("fs-3");
        Set<String> servedBy = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 300; i++) {
                String body = "{\"path\":\"r" + (i % 10) + ".txt\"}";
                calls.add(pool.submit(() -> {
                    HttpResponse<String> response = http.send(request("/v1/tools/file_read").header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    answered.incrementAndGet();
                    servedBy.add(json(response).path("_meta").path("dev.zen/worker").asString(""));
                    return response;
                }));
                if (i == 100) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() >= 50);
                    Thread.startVirtualThread(third::stop);
                }
            }
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                JsonNode body = json(response);
                // each call is answered: either the file, or a clear timeout error within the deadline
                if (response.statusCode() == 504) {
                    assertThat(body.path("content").get(0).path("text").asString()).contains("Expected");
                } else {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    assertThat(body.path("content").get(0).path("text").asString()).contains("replica test");
                }
            }
        } finally {
            third.stop();
        }
        assertThat(servedBy).contains("filesystem/fs-3");
        assertThat(servedBy.stream().filter(s -> s.startsWith("filesystem/")).count()).isGreaterThan(1);
    }

    @Test
    void shouldRefuseForeignOriginsAndRebindingHostsBeforeAnythingRuns() throws Exception {
        String session = initialize();
        HttpRequest.Builder evil = request("/v1/tools/file_write").header("Content-Type", "text/plain")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"pwned.txt\",\"content\":\"x\"}"));

        HttpResponse<String> crossSite = http.send(evil.build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> crossSiteMcp = http.send(request("/mcp").header("Content-Type", "application/json")
                .header("Origin", "http://evil.example:7000").header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> localPage = http.send(request("/mcp").header("Content-Type", "application/json")
                .header("Origin", "http://localhost:6274").header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String reboundStatus;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /v1/tools HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            reboundStatus = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSiteMcp.statusCode()).isEqualTo(403);
        assertThat(json(crossSiteMcp).path("error").path("message").asString()).contains("Origin");
        assertThat(localPage.statusCode()).isEqualTo(200);
        assertThat(reboundStatus).contains(" 403");
        assertThat(root.resolve("pwned.txt")).doesNotExist();
    }

    @Test
    void shouldRefuseOversizedBodiesWith413BeforeParsing() throws Exception {
        String session = initialize();
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}}";

        HttpResponse<String> mcp = post(huge, session);
        HttpResponse<String> rest = http.send(request("/v1/tools/file_read").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(huge)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = http.send(request("/mcp").header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes()))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(mcp.statusCode()).isEqualTo(413);
        assertThat(rest.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(json(chunked).path("error").path("message").asString()).contains("Payload Too Large");
    }

    @Test
    void shouldAnswerAWrongNotificationWith202AndNoBody() throws Exception {
        String session = initialize();

        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"params\":[1]}", session);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEmpty();
    }

    // ---------------------------------------------------------------- REST

    @Test
    void shouldServeTheRestApi() throws Exception {
        Files.writeString(root.resolve("rest.txt"), "via rest");

        JsonNode health = json(get("/health"));
        JsonNode services = json(get("/v1/services"));
        JsonNode tools = json(get("/v1/tools"));
        HttpResponse<String> call = http.send(request("/v1/tools/file_read").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"rest.txt\"}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(request("/v1/tools/nope").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> invalid = http.send(request("/v1/tools/file_read").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> malformed = http.send(request("/v1/tools/file_read").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.path("status").asString()).isIn("ok", "degraded");
        assertThat(health.path("services").path("filesystem").path("status").asString()).isEqualTo("healthy");
        assertThat(health.path("kafka").path("status").asString()).isEqualTo("up");
        assertThat(health.has("timestamp") && health.has("version") && health.has("uptime")).isTrue();
        JsonNode filesystem = null;
        for (JsonNode s : services.path("services")) {
            if (s.path("name").asString().equals("filesystem")) {
                filesystem = s;
            }
        }
        assertThat(filesystem).isNotNull();
        assertThat(filesystem.path("status").asString()).isEqualTo("healthy");
        assertThat(filesystem.path("tools").toString()).contains("file_read");
        assertThat(filesystem.path("instances").size()).isGreaterThanOrEqualTo(2);
        assertThat(tools.path("tools").toString()).contains("\"file_read\"").contains("\"service\":\"filesystem\"");
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(json(call).path("content").get(0).path("text").asString()).contains("via rest");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).path("error").path("data").path("errors").get(0).path("pointer").asString()).isEqualTo("/path");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("error").path("code").asInt()).isEqualTo(-32700);
    }

    // ---------------------------------------------------------------- helpers

    McpSyncClient sdkClient() {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(20))
                .clientInfo(new McpSchema.Implementation("zen-e2e", "1.0"))
                .build();
    }

    static List<McpSchema.Tool> allTools(McpSyncClient client) {
        List<McpSchema.Tool> tools = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = client.listTools(cursor);
            tools.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null);
        return tools;
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    static void assertOk(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as("%s", result).isNotEqualTo(Boolean.TRUE);
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String body, String session) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request("/mcp").header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String initializeBody(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    }

    String initialize() throws IOException, InterruptedException {
        HttpResponse<String> response = post(initializeBody("2025-11-25"), null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    static String callBody(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";
    }

    JsonNode mcpCall(String tool, String arguments) throws IOException, InterruptedException {
        return json(post(callBody(tool, arguments), initialize()));
    }

    JsonNode json(HttpResponse<String> response) {
        return codec.tree(response.body().getBytes(StandardCharsets.UTF_8));
    }

    void assertError(HttpResponse<String> response, int status, int code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).path("error").path("code").asInt()).as(response.body()).isEqualTo(code);
    }
}
