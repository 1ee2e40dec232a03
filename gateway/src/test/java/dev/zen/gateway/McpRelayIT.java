package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.testkit.SharedKafka;
import dev.zen.worker.runtime.PromptDefinition;
import dev.zen.worker.runtime.ResourceDefinition;
import dev.zen.worker.runtime.ResourceTemplateDefinition;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP surface beyond tools/call, end to end through Kafka: a worker that talks back to its client
 * (progress, log messages, sampling, elicitation, cancellation, closing its stream), serves resources,
 * a resource template, a prompt with completion, and announces resource updates. Driven by the
 * official Java SDK client and by raw HTTP where the exact wire matters.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class McpRelayIT {

    static final String PREFIX = SharedKafka.uniquePrefix("relay");
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final List<WorkerRuntime> workers = new CopyOnWriteArrayList<>();
    static final CountDownLatch cancelSeen = new CountDownLatch(1);
    static final AtomicBoolean cancelledHandlerFinished = new AtomicBoolean();

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
        registry.add("zen.call-timeout", () -> "15s");
    }

    @BeforeAll
    static void startWorker() throws Exception {
        WorkerRuntime runtime = new WorkerRuntime(interactiveService(), WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX,
                "talk-1").withHeartbeatInterval(Duration.ofSeconds(1))).start();
        assertThat(runtime.awaitAssignment(Duration.ofSeconds(60))).isTrue();
        workers.add(runtime);
    }

    @AfterAll
    static void stopWorker() {
        workers.forEach(WorkerRuntime::stop);
    }

    @BeforeEach
    void awaitService() {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/v1/tools").contains("\"steps\""));
    }

    static ServiceDefinition interactiveService() {
        List<ToolDefinition> tools = List.of(
                tool("steps", call -> {
                    int count = call.arguments().path("count").asInt(3);
                    for (int i = 1; i <= count; i++) {
                        call.client().progress(i, (double) count, "step " + i);
                    }
                    return CallToolResult.text("did " + count + " steps");
                }),
                tool("chatty", call -> {
                    call.client().log("debug", "chatty", JSON.stringNode("debug detail"));
                    call.client().log("info", "chatty", JSON.stringNode("info line"));
                    call.client().log("warning", "chatty", JSON.stringNode("warning sign"));
                    return CallToolResult.text("said three things");
                }),
                tool("ask_model", call -> {
                    ObjectNode params = JSON.objectNode().put("maxTokens", 10);
                    params.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text")
                            .put("text", "What is 6 x 7?");
                    return CallToolResult.text("model said: " + call.client().sample(params).path("content").path("text").asString());
                }),
                tool("ask_user", call -> {
                    ObjectNode params = JSON.objectNode().put("message", "Your name?");
                    ObjectNode schema = params.putObject("requestedSchema").put("type", "object");
                    schema.putObject("properties").putObject("name").put("type", "string");
                    JsonNode answer = call.client().elicit(params);
                    return CallToolResult.text("user " + answer.path("action").asString() + "ed: " + answer.path("content").path("name").asString());
                }),
                tool("wait_for_cancel", call -> {
                    try {
                        while (!call.client().cancelled()) {
                            Thread.sleep(20);
                        }
                    } catch (InterruptedException e) {
                        // the runtime interrupts a cancelled handler
                    }
                    cancelledHandlerFinished.set(true);
                    cancelSeen.countDown();
                    return CallToolResult.text("finished after cancel: must not reach the client");
                }),
                tool("hang_up", call -> {
                    call.client().progress(1, 2.0, null);
                    call.client().closeStream();
                    Thread.sleep(300);
                    return CallToolResult.text("answer after the reconnect");
                }),
                tool("touch_note", call -> {
                    call.client().resourceUpdated("test://note");
                    return CallToolResult.text("touched");
                }),
                tool("tools_changed", call -> {
                    call.client().listChanged("tools");
                    return CallToolResult.text("announced");
                }),
                tool("two_questions", call -> {
                    var answers = call.client().ask(new java.util.LinkedHashMap<>(Map.of(
                            "name", dev.zen.worker.runtime.ClientRequest.elicitation(JSON.objectNode().put("message", "name?")),
                            "roots", dev.zen.worker.runtime.ClientRequest.roots())));
                    return CallToolResult.text(answers.get("name").path("content").path("name").asString() + " has "
                            + answers.get("roots").path("roots").size() + " root(s)");
                }));
        List<ResourceDefinition> resources = List.of(new ResourceDefinition(JSON.objectNode().put("uri", "test://note")
                .put("name", "note").put("mimeType", "text/plain"), (uri, call) -> contents(uri, "a note")));
        List<ResourceTemplateDefinition> templates = List.of(new ResourceTemplateDefinition(JSON.objectNode()
                .put("uriTemplate", "test://items/{id}").put("name", "item"), (uri, call) -> contents(uri, "item " + call.argument("id"))));
        ObjectNode greet = JSON.objectNode().put("name", "greet").put("description", "Greets someone");
        greet.putArray("arguments").addObject().put("name", "name").put("required", true);
        PromptDefinition askFirst = new PromptDefinition(JSON.objectNode().put("name", "ask_first").put("description", "Asks, then renders"),
                call -> {
                    JsonNode answer = call.client().elicit(JSON.objectNode().put("message", "topic?"));
                    ObjectNode result = JSON.objectNode();
                    result.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text")
                            .put("text", "Talk about " + answer.path("content").path("topic").asString());
                    return result;
                });
        List<PromptDefinition> prompts = List.of(askFirst, new PromptDefinition(greet, call -> {
            ObjectNode result = JSON.objectNode();
            result.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text")
                    .put("text", "Hello, " + call.argument("name") + "!");
            return result;
        }, (argument, partial, call) -> List.of("Ada", "Alan", "Grace").stream().filter(n -> n.startsWith(partial)).toList()));
        return new ServiceDefinition("talk", "test", tools, resources, templates, prompts);
    }

    static ToolDefinition tool(String name, ToolHandler handler) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        schema.putObject("properties").putObject("count").put("type", "integer");
        return new ToolDefinition(new ToolDescriptor(name, null, name, schema, null, null, null), handler);
    }

    static ObjectNode contents(String uri, String text) {
        ObjectNode result = JSON.objectNode();
        result.putArray("contents").addObject().put("uri", uri).put("mimeType", "text/plain").put("text", text);
        return result;
    }

    // ---------------------------------------------------------------- the official Java SDK client

    @Test
    void shouldRelayProgressLogsSamplingAndElicitationToTheJavaSdkClient() throws InterruptedException {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = McpClient.sync(transport())
                .requestTimeout(Duration.ofSeconds(20))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
                .sampling(request -> new McpSchema.CreateMessageResult(McpSchema.Role.ASSISTANT, new McpSchema.TextContent("42"),
                        "test-model", McpSchema.CreateMessageResult.StopReason.END_TURN))
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "Ada")))
                .progressConsumer(progress::add)
                .loggingConsumer(logs::add)
                .build()) {
            client.initialize();

            McpSchema.CallToolResult steps = client.callTool(McpSchema.CallToolRequest.builder().name("steps")
                    .arguments(Map.of("count", 4)).progressToken("tok-1").build());
            assertThat(text(steps)).isEqualTo("did 4 steps");
            // (the SDK hands notifications to consumers on several threads, so their order is checked on the wire, below)
            // (the SDK may hand a notification to its consumer after the call returned)
            await().atMost(Duration.ofSeconds(5)).until(() -> progress.size() >= 4);
            assertThat(progress).extracting(McpSchema.ProgressNotification::progress).containsExactlyInAnyOrder(1.0, 2.0, 3.0, 4.0);
            assertThat(progress).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("tok-1"));
            assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(4.0));
            assertThat(progress).extracting(McpSchema.ProgressNotification::message).contains("step 1");

            client.setLoggingLevel(McpSchema.LoggingLevel.INFO);
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("chatty", Map.of())))).isEqualTo("said three things");
            await().atMost(Duration.ofSeconds(5)).until(() -> logs.size() >= 2);
            Thread.sleep(200); // and nothing more arrives (the debug line is below the level)
            assertThat(logs).extracting(l -> l.data().toString()).containsExactlyInAnyOrder("info line", "warning sign");
            assertThat(logs).allSatisfy(l -> assertThat(l.logger()).isEqualTo("chatty"));

            assertThat(text(client.callTool(new McpSchema.CallToolRequest("ask_model", Map.of())))).isEqualTo("model said: 42");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("ask_user", Map.of())))).isEqualTo("user accepted: Ada");
        }
    }

    @Test
    void shouldServeResourcesTemplatesPromptsAndCompletionFromTheWorker() {
        try (McpSyncClient client = McpClient.sync(transport()).requestTimeout(Duration.ofSeconds(20)).build()) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.capabilities().resources().subscribe()).isTrue();
            assertThat(init.capabilities().prompts()).isNotNull();
            assertThat(init.capabilities().completions()).isNotNull();

            assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri).contains("test://note");
            assertThat(client.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                    .contains("test://items/{id}");
            McpSchema.ReadResourceResult note = client.readResource(new McpSchema.ReadResourceRequest("test://note"));
            assertThat(((McpSchema.TextResourceContents) note.contents().get(0)).text()).isEqualTo("a note");
            McpSchema.ReadResourceResult item = client.readResource(new McpSchema.ReadResourceRequest("test://items/a%20b"));
            assertThat(((McpSchema.TextResourceContents) item.contents().get(0)).text()).isEqualTo("item a b");

            assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name).contains("greet");
            McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("greet", Map.of("name", "Ada")));
            assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text()).isEqualTo("Hello, Ada!");
            McpSchema.CompleteResult completion = client.completeCompletion(new McpSchema.CompleteRequest(
                    new McpSchema.PromptReference("greet"), new McpSchema.CompleteRequest.CompleteArgument("name", "A")));
            assertThat(completion.completion().values()).containsExactly("Ada", "Alan");
        }
    }

    // ---------------------------------------------------------------- the wire, exactly

    @Test
    void shouldAnswerUnknownResourcesAndBadPromptRequestsWithExactErrors() throws Exception {
        String session = initialize("{}");

        JsonNode missing = rpc(session, "resources/read", "{\"uri\":\"test://nothing-here\"}");
        JsonNode noUri = rpc(session, "resources/read", "{}");
        JsonNode unknownPrompt = rpc(session, "prompts/get", "{\"name\":\"nope\"}");
        JsonNode missingArgument = rpc(session, "prompts/get", "{\"name\":\"greet\",\"arguments\":{}}");
        JsonNode badArgument = rpc(session, "prompts/get", "{\"name\":\"greet\",\"arguments\":{\"name\":7}}");
        JsonNode badRef = rpc(session, "completion/complete", "{\"ref\":{\"type\":\"ref/tool\"},\"argument\":{\"name\":\"a\",\"value\":\"b\"}}");
        JsonNode subscribeMissing = rpc(session, "resources/subscribe", "{\"uri\":\"test://nothing-here\"}");

        assertThat(missing.path("error").path("code").asInt()).isEqualTo(-32002);
        assertThat(missing.path("error").path("data").path("uri").asString()).isEqualTo("test://nothing-here");
        assertThat(noUri.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(noUri.path("error").path("message").asString()).contains("'uri'");
        assertThat(unknownPrompt.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(unknownPrompt.path("error").path("message").asString()).contains("nope");
        assertThat(missingArgument.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(missingArgument.path("error").path("message").asString()).contains("[name]");
        assertThat(badArgument.path("error").path("message").asString()).contains("arguments.name");
        assertThat(badRef.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(subscribeMissing.path("error").path("code").asInt()).isEqualTo(-32002);
    }

    @Test
    void shouldStopACancelledCallAndSendNoResult() throws Exception {
        String session = initialize("{}");
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(post(session, "text/event-stream, application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":\"c-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"wait_for_cancel\",\"arguments\":{}}}"),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500); // the handler is running

        HttpResponse<String> cancel = send(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":\"c-1\",\"reason\":\"changed my mind\"}}");

        assertThat(cancel.statusCode()).isEqualTo(202);
        assertThat(cancelSeen.await(10, TimeUnit.SECONDS)).as("the handler saw the cancel").isTrue();
        HttpResponse<String> response = call.get(10, TimeUnit.SECONDS);
        assertThat(response.body()).doesNotContain("\"result\"").doesNotContain("must not reach");
        assertThat(cancelledHandlerFinished).isTrue();
    }

    @Test
    void shouldResumeAStreamTheWorkerClosedWithLastEventId() throws Exception {
        String session = initialize("{}");
        HttpResponse<String> first = send(session, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"hang_up\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p\"}}}");

        assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(first.body()).contains("retry: ").contains("notifications/progress").doesNotContain("answer after the reconnect");
        List<String> ids = first.body().lines().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
        assertThat(ids).hasSizeGreaterThanOrEqualTo(2); // the priming event, then the progress notification
        String lastEventId = ids.get(ids.size() - 1);

        HttpResponse<String> resumed = http.send(HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(20))
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", session).header("Last-Event-ID", lastEventId).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(resumed.body()).contains("answer after the reconnect").contains("\"id\":9").doesNotContain("notifications/progress");
    }

    @Test
    void shouldStreamACallsMessagesInOrderAndAllBeforeItsResult() throws Exception {
        String session = initialize("{}");

        HttpResponse<String> response = send(session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"steps\",\"arguments\":{\"count\":20},\"_meta\":{\"progressToken\":\"o\"}}}");

        List<JsonNode> messages = response.body().lines().filter(l -> l.startsWith("data: ") && l.length() > 6)
                .map(l -> codec.tree(l.substring(6).getBytes(StandardCharsets.UTF_8))).toList();
        assertThat(messages).hasSize(21);
        for (int i = 0; i < 20; i++) {
            assertThat(messages.get(i).path("params").path("progress").asDouble()).isEqualTo(i + 1.0);
        }
        assertThat(messages.get(20).path("result").path("content").get(0).path("text").asString()).isEqualTo("did 20 steps");
    }

    @Test
    void shouldAnswerAJsonOnlyClientWithJsonAndWithoutTheEvents() throws Exception {
        String session = initialize("{}");

        HttpResponse<String> response = http.send(post(session, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"steps\",\"arguments\":{\"count\":2},"
                        + "\"_meta\":{\"progressToken\":7}}}"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(codec.tree(response.body().getBytes()).path("result").path("content").get(0).path("text").asString()).isEqualTo("did 2 steps");
    }

    @Test
    void shouldRefuseResponsesToRequestsItNeverSent() throws Exception {
        String session = initialize("{}");

        HttpResponse<String> unknown = send(session, "{\"jsonrpc\":\"2.0\",\"id\":\"who-asked\",\"result\":{}}");
        HttpResponse<String> integerId = send(session, "{\"jsonrpc\":\"2.0\",\"id\":12,\"result\":{}}");
        HttpResponse<String> badError = send(session, "{\"jsonrpc\":\"2.0\",\"id\":\"zen-r:abc:def\",\"error\":{\"message\":\"x\"}}");
        HttpResponse<String> noSession = http.send(HttpRequest.newBuilder(uri()).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":\"zen-r:a:b\",\"result\":{}}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("-32600").contains("who-asked");
        assertThat(integerId.statusCode()).isEqualTo(400);
        assertThat(badError.statusCode()).isEqualTo(400);
        assertThat(badError.body()).contains("'code'");
        assertThat(noSession.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldTellSubscribedSessionsThatAResourceChanged() throws Exception {
        String subscriber = initialize("{}");
        String bystander = initialize("{}");
        assertThat(rpc(subscriber, "resources/subscribe", "{\"uri\":\"test://note\"}").path("result").isObject()).isTrue();
        List<String> received = new CopyOnWriteArrayList<>();
        List<String> bystanderReceived = new CopyOnWriteArrayList<>();
        Thread reader = openStream(subscriber, received);
        Thread other = openStream(bystander, bystanderReceived);
        Thread.sleep(300);

        rpc(bystander, "tools/call", "{\"name\":\"touch_note\",\"arguments\":{}}");

        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(l -> l.contains("notifications/resources/updated")));
        assertThat(received).anyMatch(l -> l.contains("\"uri\":\"test://note\""));
        assertThat(rpc(subscriber, "resources/unsubscribe", "{\"uri\":\"test://note\"}").path("result").isObject()).isTrue();
        Thread.sleep(300);
        assertThat(bystanderReceived).noneMatch(l -> l.contains("resources/updated"));
        reader.interrupt();
        other.interrupt();
    }

    @Test
    void shouldAnswerBatchesOnlyForTheRevisionThatHadThem() throws Exception {
        String old = initialize("{}", "2025-03-26");
        String current = initialize("{}", "2025-11-25");
        String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"steps\",\"arguments\":{\"count\":1}}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"no/such\"},{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"initialize\"}]";

        HttpResponse<String> answered = send(old, batch);
        HttpResponse<String> refused = send(current, batch);
        HttpResponse<String> notificationsOnly = send(old, "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]");
        HttpResponse<String> empty = send(old, "[]");

        JsonNode answers = codec.tree(answered.body().getBytes(StandardCharsets.UTF_8));
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answers.isArray()).isTrue();
        assertThat(answers).hasSize(4);
        assertThat(answers.get(0).path("id").asInt()).isEqualTo(1);
        assertThat(answers.get(1).path("result").path("content").get(0).path("text").asString()).isEqualTo("did 1 steps");
        assertThat(answers.get(2).path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(answers.get(3).path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("-32600").contains("2025-06-18");
        assertThat(notificationsOnly.statusCode()).isEqualTo(202);
        assertThat(empty.statusCode()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- 2026-07-28: stateless

    static final String V2026 = "2026-07-28";

    static String meta(String capabilities, String extra) {
        return "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + V2026 + "\",\"io.modelcontextprotocol/clientCapabilities\":"
                + capabilities + extra + "}";
    }

    HttpResponse<String> stateless(String method, String name, String paramsWithoutBraces, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").header("Mcp-Method", method)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":\"" + method + "\",\"params\":{"
                        + paramsWithoutBraces + "}}"));
        if (name != null) {
            builder.header("Mcp-Name", name);
        }
        boolean versionGiven = false;
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
            versionGiven |= headers[i].equalsIgnoreCase("MCP-Protocol-Version");
        }
        if (!versionGiven) {
            builder.header("MCP-Protocol-Version", V2026);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode body(HttpResponse<String> response) {
        String body = response.body();
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            List<String> data = body.lines().filter(l -> l.startsWith("data: ") && l.length() > 6).toList();
            body = data.get(data.size() - 1).substring(6);
        }
        return codec.tree(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldDiscoverAndServeStatelessRequestsWithoutASession() throws Exception {
        JsonNode discover = body(stateless("server/discover", null, meta("{}", "")));
        HttpResponse<String> call = stateless("tools/call", "steps", "\"name\":\"steps\",\"arguments\":{\"count\":1}," + meta("{}", ""));
        JsonNode list = body(stateless("tools/list", null, meta("{}", "")));

        assertThat(discover.path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(discover.path("result").path("supportedVersions").toString()).contains(V2026);
        assertThat(discover.path("result").path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asString()).isEqualTo("zen");
        assertThat(discover.path("result").path("capabilities").has("tools")).isTrue();
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(body(call).path("result").path("content").get(0).path("text").asString()).isEqualTo("did 1 steps");
        assertThat(body(call).path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(list.path("result").path("ttlMs").isIntegralNumber()).isTrue();
        assertThat(list.path("result").path("cacheScope").asString()).isEqualTo("public");
    }

    @Test
    void shouldRefuseStatelessRequestsWhoseHeadersOrMetaAreWrongWithTheRevisionsCodes() throws Exception {
        HttpResponse<String> noVersionHeader = http.send(HttpRequest.newBuilder(uri()).header("Content-Type", "application/json")
                .header("Accept", "application/json").header("Mcp-Method", "tools/list")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{"
                        + meta("{}", "") + "}}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noMeta = stateless("tools/list", null, "");
        HttpResponse<String> mismatch = stateless("tools/list", null, meta("{}", ""), "MCP-Protocol-Version", "2099-01-01");
        HttpResponse<String> unsupported = stateless("tools/list", null, meta("{}", "").replace(V2026, "v999"),
                "MCP-Protocol-Version", "v999");
        HttpResponse<String> wrongMethod = stateless("tools/list", null, meta("{}", ""), "Mcp-Method", "TOOLS/LIST");
        HttpResponse<String> wrongName = stateless("tools/call", "chatty", "\"name\":\"steps\",\"arguments\":{}," + meta("{}", ""));
        HttpResponse<String> encodedName = stateless("tools/call", "=?base64?c3RlcHM=?=", "\"name\":\"steps\",\"arguments\":{}," + meta("{}", ""));
        HttpResponse<String> removed = stateless("logging/setLevel", null, "\"level\":\"info\"," + meta("{}", ""));

        assertThat(noVersionHeader.statusCode()).isEqualTo(400);
        assertThat(body(noVersionHeader).path("error").path("code").asInt()).isEqualTo(-32020);
        assertThat(noMeta.statusCode()).isEqualTo(400);
        assertThat(body(noMeta).path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(body(noMeta).path("id").asString()).isEqualTo("s-1");
        assertThat(body(mismatch).path("error").path("code").asInt()).isEqualTo(-32020);
        assertThat(unsupported.statusCode()).isEqualTo(400);
        assertThat(body(unsupported).path("error").path("code").asInt()).isEqualTo(-32022);
        assertThat(body(unsupported).path("error").path("data").path("requested").asString()).isEqualTo("v999");
        assertThat(body(unsupported).path("error").path("data").path("supported").toString()).contains(V2026);
        assertThat(body(wrongMethod).path("error").path("code").asInt()).isEqualTo(-32020);
        assertThat(body(wrongName).path("error").path("code").asInt()).isEqualTo(-32020);
        assertThat(body(wrongName).path("error").path("message").asString()).contains("'chatty'").contains("'steps'");
        assertThat(encodedName.statusCode()).isEqualTo(200);
        assertThat(removed.statusCode()).isEqualTo(404);
        assertThat(body(removed).path("error").path("code").asInt()).isEqualTo(-32601);
    }

    @Test
    void shouldAnswerMinus32021WhenTheHandlerNeedsACapabilityTheRequestLacks() throws Exception {
        HttpResponse<String> response = stateless("tools/call", "ask_model", "\"name\":\"ask_model\",\"arguments\":{}," + meta("{}", ""));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).path("error").path("code").asInt()).isEqualTo(-32021);
        assertThat(body(response).path("error").path("data").path("requiredCapabilities").path("sampling").isObject()).isTrue();
    }

    @Test
    void shouldAskAStatelessClientWithAnInputRequiredResultAndContinueOnItsRetry() throws Exception {
        String capabilities = "{\"elicitation\":{},\"roots\":{}}";
        JsonNode first = body(stateless("tools/call", "two_questions", "\"name\":\"two_questions\",\"arguments\":{}," + meta(capabilities, "")));

        assertThat(first.path("result").path("resultType").asString()).isEqualTo("input_required");
        assertThat(first.path("result").path("inputRequests").path("name").path("method").asString()).isEqualTo("elicitation/create");
        assertThat(first.path("result").path("inputRequests").path("roots").path("method").asString()).isEqualTo("roots/list");
        String state = first.path("result").path("requestState").asString();

        JsonNode tampered = body(stateless("tools/call", "two_questions", "\"name\":\"two_questions\",\"arguments\":{},\"requestState\":\""
                + state + "x\",\"inputResponses\":{}," + meta(capabilities, "")));
        JsonNode partial = body(stateless("tools/call", "two_questions", "\"name\":\"two_questions\",\"arguments\":{},\"requestState\":\""
                + state + "\",\"inputResponses\":{\"name\":{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}}," + meta(capabilities, "")));
        JsonNode done = body(stateless("tools/call", "two_questions", "\"name\":\"two_questions\",\"arguments\":{},\"requestState\":\""
                + state + "\",\"inputResponses\":{\"name\":{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}},"
                + "\"roots\":{\"roots\":[{\"uri\":\"file:///a\"},{\"uri\":\"file:///b\"}]}}," + meta(capabilities, "")));
        JsonNode replayed = body(stateless("tools/call", "two_questions", "\"name\":\"two_questions\",\"arguments\":{},\"requestState\":\""
                + state + "\",\"inputResponses\":{}," + meta(capabilities, "")));

        assertThat(tampered.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(partial.path("result").path("resultType").asString()).isEqualTo("input_required");
        assertThat(partial.path("result").path("inputRequests").has("roots")).isTrue();
        assertThat(partial.path("result").path("inputRequests").has("name")).isFalse();
        assertThat(done.path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(done.path("result").path("content").get(0).path("text").asString()).isEqualTo("Ada has 2 root(s)");
        assertThat(replayed.path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void shouldLetAPromptAskTheClientBothWays() throws Exception {
        String capabilities = "{\"elicitation\":{}}";
        JsonNode first = body(stateless("prompts/get", "ask_first", "\"name\":\"ask_first\"," + meta(capabilities, "")));
        String state = first.path("result").path("requestState").asString();
        JsonNode done = body(stateless("prompts/get", "ask_first", "\"name\":\"ask_first\",\"requestState\":\"" + state
                + "\",\"inputResponses\":{\"elicitation\":{\"action\":\"accept\",\"content\":{\"topic\":\"Kafka\"}}}," + meta(capabilities, "")));

        assertThat(first.path("result").path("resultType").asString()).isEqualTo("input_required");
        assertThat(first.path("result").path("inputRequests").path("elicitation").path("method").asString()).isEqualTo("elicitation/create");
        assertThat(done.path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(done.path("result").path("messages").get(0).path("content").path("text").asString()).isEqualTo("Talk about Kafka");

        try (McpSyncClient client = McpClient.sync(transport()).requestTimeout(Duration.ofSeconds(20))
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("topic", "MCP")))
                .build()) {
            client.initialize();
            McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("ask_first", Map.of()));
            assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text()).isEqualTo("Talk about MCP");
        }
    }

    @Test
    void shouldSendLogMessagesToAStatelessClientOnlyWhenItAskedForALevel() throws Exception {
        HttpResponse<String> silent = stateless("tools/call", "chatty", "\"name\":\"chatty\",\"arguments\":{}," + meta("{}", ""));
        HttpResponse<String> warned = stateless("tools/call", "chatty", "\"name\":\"chatty\",\"arguments\":{},"
                + meta("{}", ",\"io.modelcontextprotocol/logLevel\":\"warning\""));

        assertThat(silent.body()).doesNotContain("notifications/message").contains("said three things");
        assertThat(warned.body()).contains("notifications/message").contains("warning sign").doesNotContain("info line");
    }

    @Test
    void shouldStreamWhatAListenerAskedForStampedWithItsSubscriptionId() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread listener = listen(77, "{\"toolsListChanged\":true}", lines);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("subscriptions/acknowledged")));

        stateless("tools/call", "tools_changed", "\"name\":\"tools_changed\",\"arguments\":{}," + meta("{}", ""));

        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("notifications/tools/list_changed")));
        assertThat(lines.stream().filter(l -> l.contains("list_changed")).findFirst().orElseThrow())
                .contains("\"io.modelcontextprotocol/subscriptionId\":77");
        assertThat(lines).noneMatch(l -> l.contains("prompts/list_changed"));
        listener.interrupt();
    }

    @Test
    void shouldHonourOnlyTheResourceSubscriptionsTheOwningWorkerAccepts() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread listener = listen(78, "{\"resourceSubscriptions\":[\"test://note\",\"test://items/7\",\"test://nothing-here\"]}", lines);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("subscriptions/acknowledged")));
        String acknowledged = lines.stream().filter(l -> l.contains("subscriptions/acknowledged")).findFirst().orElseThrow();
        assertThat(acknowledged).contains("\"resourceSubscriptions\":[\"test://items/7\",\"test://note\"]").doesNotContain("nothing-here");
        listener.interrupt();
    }

    // ---------------------------------------------------------------- helpers

    HttpClientStreamableHttpTransport transport() {
        return HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp").build();
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    /** A {@code subscriptions/listen} stream (request {@code id}, asking for {@code notifications}) whose lines go to {@code lines}. */
    Thread listen(int id, String notifications, List<String> lines) {
        return Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri()).header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", V2026)
                        .header("Mcp-Method", "subscriptions/listen")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"subscriptions/listen\","
                                + "\"params\":{\"notifications\":" + notifications + "," + meta("{}", "") + "}}")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.add(line);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
        });
    }

    String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    HttpRequest post(String session, String accept, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        return builder.build();
    }

    HttpResponse<String> send(String session, String body) throws IOException, InterruptedException {
        return http.send(post(session, "application/json, text/event-stream", body), HttpResponse.BodyHandlers.ofString());
    }

    String initialize(String capabilities) throws IOException, InterruptedException {
        return initialize(capabilities, "2025-11-25");
    }

    String initialize(String capabilities, String version) throws IOException, InterruptedException {
        HttpResponse<String> response = send(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"" + version + "\",\"capabilities\":" + capabilities + ",\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    /** A request answered as JSON, or the last message of its SSE stream. */
    JsonNode rpc(String session, String method, String params) throws IOException, InterruptedException {
        HttpResponse<String> response = send(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
        String body = response.body();
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            List<String> data = new ArrayList<>(body.lines().filter(l -> l.startsWith("data: ") && l.length() > 6).toList());
            body = data.get(data.size() - 1).substring(6);
        }
        return codec.tree(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the session's GET stream into {@code lines} on a background thread until interrupted. */
    Thread openStream(String session, List<String> lines) {
        return Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri()).header("Accept", "text/event-stream")
                        .header("Mcp-Session-Id", session).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.add(line);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // stream ended
            }
        });
    }
}
