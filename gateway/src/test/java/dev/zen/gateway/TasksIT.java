package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.ApiKey;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * MCP tasks end to end with a real broker and worker, on both shapes MCP has had: the 2025-11-25
 * session methods (the client asks for a task) and the 2026-07-28 extension (the server turns a
 * call that outlives {@code ZEN_TASK_AFTER} into a task). A task is a job: REST sees the same object.
 * (The 2026-07-28 input round trip through {@code tasks/update} is covered by the conformance suite.)
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TasksIT {

    static final String PREFIX = SharedKafka.uniquePrefix("tasks");
    static final AtomicInteger slowRuns = new AtomicInteger();
    static final AtomicBoolean slowInterrupted = new AtomicBoolean();
    static WorkerRuntime worker;
    static ApiKey.Issued alice;
    static ApiKey.Issued bob;

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
        registry.add("zen.task-after", () -> "300ms");
        alice = ApiKey.issue("alice", List.of("user"), null, 1);
        bob = ApiKey.issue("bob", List.of("user"), null, 1);
        TestKeys.publish(PREFIX, alice, bob);
    }

    @BeforeAll
    static void startWorker() {
        var object = JsonNodeFactory.instance.objectNode().put("type", "object");
        ServiceDefinition service = new ServiceDefinition("tasks-test", "test", List.of(
                new ToolDefinition(new ToolDescriptor("quick", null, "answers at once", object, null, null, null),
                        call -> CallToolResult.text("quick")),
                // test-only slow tool: works in 100 ms steps until done or cancelled
                new ToolDefinition(new ToolDescriptor("slow", null, "slow", object, null, null, "optional"), call -> {
                    slowRuns.incrementAndGet();
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
                    return CallToolResult.text("slow done after " + steps);
                }),
                new ToolDefinition(new ToolDescriptor("batch_only", null, "runs only as a task", object, null, null, "required"),
                        call -> CallToolResult.text("batch done"))));
        worker = new WorkerRuntime(service, WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "tasks-1")
                .withHeartbeatInterval(Duration.ofSeconds(1))).start();
    }

    @AfterAll
    static void stop() {
        worker.stop();
    }

    @BeforeEach
    void awaitTools() {
        await().atMost(Duration.ofSeconds(60)).until(() -> rest(alice, "GET", "/v1/tools").body().contains("\"batch_only\""));
    }

    // ------------------------------------------------------------------ helpers

    HttpResponse<String> rest(ApiKey.Issued key, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", key.key()).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A 2025-11-25 session of {@code key}'s principal; returns its id. */
    String session(ApiKey.Issued key, String version) throws Exception {
        HttpResponse<String> response = post(key, null, version, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"" + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"tasks-it\",\"version\":\"1\"}}}");
        String id = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(key, id, version, null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        lastInitialize = json(response);
        return id;
    }

    JsonNode lastInitialize;

    HttpResponse<String> post(ApiKey.Issued key, String session, String version, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("X-API-Key", key.key()).header("MCP-Protocol-Version", version);
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        if (headers != null) {
            headers.forEach(builder::header);
        }
        return http.send(builder.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON-RPC request in a 2025-11-25 session: the whole response message. */
    JsonNode rpc(ApiKey.Issued key, String session, String method, String params) throws Exception {
        return json(post(key, session, "2025-11-25", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":"
                + params + "}"));
    }

    /** A 2026-07-28 request (no session; the tasks extension declared when {@code tasks}). */
    JsonNode stateless(ApiKey.Issued key, String method, String name, String params, boolean tasks) throws Exception {
        String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":"
                + (tasks ? "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}" : "{}") + "}";
        String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":{" + meta + (params.isEmpty() ? "" : "," + params)
                + "}}";
        return json(post(key, null, "2026-07-28", name == null ? Map.of("Mcp-Method", method) : Map.of("Mcp-Method", method, "Mcp-Name", name),
                body));
    }

    JsonNode json(HttpResponse<String> response) {
        String body = response.body();
        if (body.startsWith("event:") || body.startsWith("id:") || body.startsWith("data:") || body.startsWith(":")) {
            String last = null;
            for (String line : body.split("\n")) {
                if (line.startsWith("data:") && line.length() > 5 && line.contains("\"jsonrpc\"")) {
                    last = line.substring(5).trim();
                }
            }
            body = last;
        }
        return codec.tree(body.getBytes(StandardCharsets.UTF_8));
    }

    JsonNode awaitTaskStatus(ApiKey.Issued key, String session, String taskId, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = rpc(key, session, "tasks/get", "{\"taskId\":\"" + taskId + "\"}").path("result");
            return status.equals(last[0].path("status").asString());
        });
        return last[0];
    }

    // ------------------------------------------------------------------ 2025-11-25

    @Test
    void shouldOfferTasksToA20251125SessionOnlyAndShowEachToolsTaskSupport() throws Exception {
        String session = session(alice, "2025-11-25");
        JsonNode tasks = lastInitialize.path("result").path("capabilities").path("tasks");
        assertThat(tasks.path("list").isObject()).isTrue();
        assertThat(tasks.path("cancel").isObject()).isTrue();
        assertThat(tasks.path("requests").path("tools").path("call").isObject()).isTrue();
        session(alice, "2025-06-18");
        assertThat(lastInitialize.path("result").path("capabilities").has("tasks")).as("older revisions have no tasks").isFalse();

        JsonNode tools = rpc(alice, session, "tools/list", "{}").path("result").path("tools");
        Map<String, String> support = new java.util.HashMap<>();
        tools.forEach(t -> support.put(t.path("name").asString(), t.path("execution").path("taskSupport").asString("(none)")));
        assertThat(support).containsEntry("slow", "optional").containsEntry("batch_only", "required").containsEntry("quick", "(none)");
    }

    @Test
    void shouldRunATaskAndHandBackExactlyItsResultWhichRestSeesAsTheSameJob() throws Exception {
        String session = session(alice, "2025-11-25");

        JsonNode created = rpc(alice, session, "tools/call", "{\"name\":\"slow\",\"arguments\":{\"steps\":5},\"task\":{\"ttl\":60000}}");
        JsonNode task = created.path("result").path("task");
        String taskId = task.path("taskId").asString();
        assertThat(taskId).as(created.toString()).isNotEmpty();
        assertThat(task.path("status").asString()).isEqualTo("working");
        assertThat(task.path("ttl").asLong()).isEqualTo(60_000);
        assertThat(task.path("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(created.path("result").has("content")).as("a task, not a result").isFalse();

        JsonNode result = rpc(alice, session, "tasks/result", "{\"taskId\":\"" + taskId + "\"}").path("result");
        assertThat(result.path("content").get(0).path("text").asString()).as("tasks/result waits for the end").isEqualTo("slow done after 5");
        assertThat(result.path("_meta").path("io.modelcontextprotocol/related-task").path("taskId").asString()).isEqualTo(taskId);
        assertThat(rpc(alice, session, "tasks/get", "{\"taskId\":\"" + taskId + "\"}").path("result").path("status").asString())
                .isEqualTo("completed");
        JsonNode job = json(rest(alice, "GET", "/v1/jobs/" + taskId));
        assertThat(job.path("status").asString()).isEqualTo("completed");
        assertThat(job.path("result").path("content").get(0).path("text").asString()).isEqualTo("slow done after 5");
        assertThat(job.path("progress").path("progress").asDouble()).as("progress on the job").isEqualTo(5.0);
    }

    @Test
    void shouldTellTheSessionOnItsGetStreamOfTheTasksProgressAndEnd() throws Exception {
        String session = session(alice, "2025-11-25");
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        var stream = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Accept", "text/event-stream").header("X-API-Key", alice.key()).header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25").GET().build(), HttpResponse.BodyHandlers.ofLines());
        // async: were the response already there, thenAccept would run the endless read on this thread
        stream.thenAcceptAsync(response -> response.body().forEach(lines::add));
        Thread.sleep(300); // the GET stream is open

        String taskId = rpc(alice, session, "tools/call", "{\"name\":\"slow\",\"arguments\":{\"steps\":3},\"task\":{},"
                + "\"_meta\":{\"progressToken\":\"p-1\"}}").path("result").path("task").path("taskId").asString();

        JsonNode ended = null;
        List<Double> progress = new java.util.ArrayList<>();
        long until = System.currentTimeMillis() + 30_000;
        while (ended == null && System.currentTimeMillis() < until) {
            String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (line != null && line.startsWith("data:") && line.contains("notifications/progress")) {
                JsonNode message = codec.tree(line.substring(5).trim().getBytes(StandardCharsets.UTF_8));
                assertThat(message.path("params").path("progressToken").asString()).isEqualTo("p-1");
                progress.add(message.path("params").path("progress").asDouble());
            }
            if (line != null && line.startsWith("data:") && line.contains("notifications/tasks/status")) {
                JsonNode message = codec.tree(line.substring(5).trim().getBytes(StandardCharsets.UTF_8));
                if (message.path("params").path("taskId").asString().equals(taskId)
                        && "completed".equals(message.path("params").path("status").asString())) {
                    ended = message.path("params");
                }
            }
        }
        stream.cancel(true);
        assertThat(ended).as("notifications/tasks/status of the completed task").isNotNull();
        assertThat(ended.path("lastUpdatedAt").asString()).isNotEmpty();
        assertThat(progress).as("the handler's progress, as MCP progress for the call's token").isNotEmpty().contains(3.0);
    }

    @Test
    void shouldListAndShowTasksToTheirOwnerOnly() throws Exception {
        String mine = session(alice, "2025-11-25");
        String theirs = session(bob, "2025-11-25");
        String taskId = rpc(alice, mine, "tools/call", "{\"name\":\"slow\",\"arguments\":{\"steps\":1},\"task\":{}}")
                .path("result").path("task").path("taskId").asString();

        assertThat(rpc(alice, mine, "tasks/list", "{}").path("result").path("tasks").toString()).contains(taskId);
        assertThat(rpc(bob, theirs, "tasks/list", "{}").path("result").path("tasks").toString()).doesNotContain(taskId);
        JsonNode stranger = rpc(bob, theirs, "tasks/get", "{\"taskId\":\"" + taskId + "\"}");
        assertThat(stranger.path("error").path("code").asInt()).as(stranger.toString()).isEqualTo(-32602);
        assertThat(rpc(bob, theirs, "tasks/cancel", "{\"taskId\":\"" + taskId + "\"}").path("error").path("code").asInt()).isEqualTo(-32602);
        JsonNode badCursor = rpc(alice, mine, "tasks/list", "{\"cursor\":\"not-a-cursor\"}");
        assertThat(badCursor.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(badCursor.path("error").path("message").asString()).contains("cursor");
    }

    @Test
    void shouldCancelARunningTaskInItsHandlerAndRefuseToCancelItTwice() throws Exception {
        String session = session(alice, "2025-11-25");
        slowInterrupted.set(false);
        String taskId = rpc(alice, session, "tools/call", "{\"name\":\"slow\",\"arguments\":{\"steps\":300},\"task\":{}}")
                .path("result").path("task").path("taskId").asString();
        awaitProgress(taskId);

        JsonNode cancelled = rpc(alice, session, "tasks/cancel", "{\"taskId\":\"" + taskId + "\"}").path("result");
        assertThat(cancelled.path("status").asString()).as("cancelled before the answer").isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(10)).untilTrue(slowInterrupted);
        JsonNode again = rpc(alice, session, "tasks/cancel", "{\"taskId\":\"" + taskId + "\"}");
        assertThat(again.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(again.path("error").path("message").asString()).contains("terminal status 'cancelled'");
        JsonNode result = rpc(alice, session, "tasks/result", "{\"taskId\":\"" + taskId + "\"}");
        assertThat(result.path("error").path("data").path("status").asString()).isEqualTo("cancelled");
    }

    private void awaitProgress(String taskId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> json(rest(alice, "GET", "/v1/jobs/" + taskId)).has("progress"));
    }

    @Test
    void shouldRefuseTaskRequestsThatDoNotFitTheTool() throws Exception {
        String session = session(alice, "2025-11-25");
        int runs = slowRuns.get();

        JsonNode required = rpc(alice, session, "tools/call", "{\"name\":\"batch_only\",\"arguments\":{}}");
        assertThat(required.path("error").path("code").asInt()).as(required.toString()).isEqualTo(-32601);
        assertThat(required.path("error").path("message").asString()).contains("only as a task");
        JsonNode forbidden = rpc(alice, session, "tools/call", "{\"name\":\"quick\",\"arguments\":{},\"task\":{}}");
        assertThat(forbidden.path("error").path("code").asInt()).isEqualTo(-32601);
        JsonNode badTask = rpc(alice, session, "tools/call", "{\"name\":\"slow\",\"arguments\":{},\"task\":\"soon\"}");
        assertThat(badTask.path("error").path("message").asString()).contains("'task'");
        JsonNode badTtl = rpc(alice, session, "tools/call", "{\"name\":\"slow\",\"arguments\":{},\"task\":{\"ttl\":-5}}");
        assertThat(badTtl.path("error").path("message").asString()).contains("'task.ttl'");
        JsonNode unknown = rpc(alice, session, "tasks/get", "{\"taskId\":\"no-such-task\"}");
        assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32602);
        JsonNode noId = rpc(alice, session, "tasks/get", "{}");
        assertThat(noId.path("error").path("message").asString()).contains("'taskId'");
        assertThat(slowRuns.get()).as("nothing refused ran").isEqualTo(runs);
        String older = session(alice, "2025-06-18");
        JsonNode noTasks = json(post(alice, older, "2025-06-18", null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks/list\",\"params\":{}}"));
        assertThat(noTasks.path("error").path("code").asInt()).isEqualTo(-32601);
        String ran = rpc(alice, session, "tools/call", "{\"name\":\"batch_only\",\"arguments\":{},\"task\":{}}")
                .path("result").path("task").path("taskId").asString();
        assertThat(awaitTaskStatus(alice, session, ran, "completed").path("taskId").asString()).isEqualTo(ran);
    }

    // ------------------------------------------------------------------ 2026-07-28

    @Test
    void shouldAnswerAQuickCallAtOnceAndTurnASlowOneIntoATaskForAClientWithTheExtension() throws Exception {
        JsonNode quick = stateless(alice, "tools/call", "slow", "\"name\":\"slow\",\"arguments\":{\"steps\":1}", true).path("result");
        assertThat(quick.path("resultType").asString()).as("done within ZEN_TASK_AFTER: the result itself").isEqualTo("complete");
        assertThat(quick.path("content").get(0).path("text").asString()).isEqualTo("slow done after 1");

        JsonNode created = stateless(alice, "tools/call", "slow", "\"name\":\"slow\",\"arguments\":{\"steps\":10}", true).path("result");
        assertThat(created.path("resultType").asString()).as(created.toString()).isEqualTo("task");
        String taskId = created.path("taskId").asString();
        assertThat(created.has("task")).isFalse();
        assertThat(created.path("ttlMs").asLong()).isPositive();

        JsonNode[] done = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            done[0] = stateless(alice, "tasks/get", taskId, "\"taskId\":\"" + taskId + "\"", true).path("result");
            return "completed".equals(done[0].path("status").asString());
        });
        assertThat(done[0].path("result").path("content").get(0).path("text").asString()).isEqualTo("slow done after 10");
        assertThat(json(rest(alice, "GET", "/v1/jobs/" + taskId)).path("status").asString()).as("the same job on REST").isEqualTo("completed");
        JsonNode stranger = stateless(bob, "tasks/get", taskId, "\"taskId\":\"" + taskId + "\"", true);
        assertThat(stranger.path("error").path("code").asInt()).isEqualTo(-32602);

        JsonNode plain = stateless(alice, "tools/call", "slow", "\"name\":\"slow\",\"arguments\":{\"steps\":5}", false).path("result");
        assertThat(plain.path("content").get(0).path("text").asString()).as("without the extension: a plain result").isEqualTo("slow done after 5");
        JsonNode required = stateless(alice, "tools/call", "batch_only", "\"name\":\"batch_only\",\"arguments\":{}", false);
        assertThat(required.path("error").path("code").asInt()).isEqualTo(-32021);
        assertThat(required.path("error").path("data").path("requiredCapabilities").path("extensions")
                .has("io.modelcontextprotocol/tasks")).isTrue();
    }

    @Test
    void shouldCancelATaskTheServerCreatedInItsHandler() throws Exception {
        slowInterrupted.set(false);
        CompletableFuture<JsonNode> call = CompletableFuture.supplyAsync(() -> {
            try {
                return stateless(alice, "tools/call", "slow", "\"name\":\"slow\",\"arguments\":{\"steps\":300}", true).path("result");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String taskId = call.get(30, java.util.concurrent.TimeUnit.SECONDS).path("taskId").asString();

        JsonNode ack = stateless(alice, "tasks/cancel", taskId, "\"taskId\":\"" + taskId + "\"", true).path("result");
        assertThat(ack.path("resultType").asString()).isEqualTo("complete");
        assertThat(ack.has("status")).isFalse();
        await().atMost(Duration.ofSeconds(10)).untilTrue(slowInterrupted);
        assertThat(stateless(alice, "tasks/get", taskId, "\"taskId\":\"" + taskId + "\"", true).path("result").path("status").asString())
                .isEqualTo("cancelled");
        JsonNode mismatch = json(post(alice, null, "2026-07-28", Map.of("Mcp-Method", "tasks/get", "Mcp-Name", "another-task"),
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tasks/get\",\"params\":{\"taskId\":\"" + taskId + "\",\"_meta\":{"
                        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":"
                        + "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}}}"));
        assertThat(mismatch.path("error").path("code").asInt()).isEqualTo(-32020);
        JsonNode undeclared = stateless(alice, "tasks/get", taskId, "\"taskId\":\"" + taskId + "\"", false);
        assertThat(undeclared.path("error").path("code").asInt()).isEqualTo(-32021);
        JsonNode removed = stateless(alice, "tasks/list", null, "", true);
        assertThat(removed.path("error").path("code").asInt()).as("tasks/list is gone from 2026-07-28").isEqualTo(-32601);
    }
}
