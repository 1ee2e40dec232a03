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
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
 * A mutation fuzz test of {@code /mcp}: every method the gateway serves, in a 2025-11-25 session and
 * as 2026-07-28 stateless requests, starting from valid params and changing one thing at random
 * ({@link ParamsMutator}: a field of another JSON type, missing or extra fields, deep nesting, huge
 * strings and arrays within and past the body limit, odd unicode, params that are not an object,
 * ids of odd types, unknown methods). The gateway must never answer 5xx, and must answer every request
 * with a JSON-RPC result or an error of the right code; an invalid-params error must name the field.
 *
 * <p>Reproducible: the seed is fixed ({@value #DEFAULT_SEED}) unless {@code -Dzen.fuzz.seed=N} says
 * otherwise (the stateless test draws from its complement), and every failure report starts with it;
 * {@code -Dzen.fuzz.requests=N} sets the number of requests per revision. Requests go one at a time.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class McpParamsFuzzIT {

    static final long DEFAULT_SEED = 20_261_207L;
    static final long SEED = Long.getLong("zen.fuzz.seed", DEFAULT_SEED);
    static final int REQUESTS = Integer.getInteger("zen.fuzz.requests", 400);
    static final int MAX_BODY_BYTES = 300_000;

    static final String PREFIX = SharedKafka.uniquePrefix("fuzz");
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String SESSION_VERSION = "2025-11-25";
    static final String STATELESS_VERSION = "2026-07-28";
    static final String TASKS = "io.modelcontextprotocol/tasks";
    static WorkerRuntime worker;

    /** What a session's answers may be: the codes of JSON-RPC and of MCP 2025-11-25 (-32002: resource not found). */
    static final Set<Integer> SESSION_CODES = Set.of(-32700, -32600, -32601, -32602, -32002);
    /** What a stateless request's answers may be: also the 2026-07-28 codes (header mismatch, missing capability, unsupported version). */
    static final Set<Integer> STATELESS_CODES = Set.of(-32700, -32600, -32601, -32602, -32020, -32021, -32022);

    @LocalServerPort
    int port;

    final RecordCodec codec = RecordCodec.shared();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "false"); // on loopback only, as BindGuard requires
        registry.add("zen.api-rate-limit", () -> "0");
        registry.add("zen.call-timeout", () -> "10s");
        registry.add("zen.page-size", () -> "1"); // so that every list has a next cursor to start from
        registry.add("zen.max-body-bytes", () -> Integer.toString(MAX_BODY_BYTES));
    }

    @BeforeAll
    static void startWorker() {
        ObjectNode echoSchema = JSON.objectNode().put("type", "object");
        echoSchema.putObject("properties").<ObjectNode>set("text", JSON.objectNode().put("type", "string").put("maxLength", 1_000))
                .set("count", JSON.objectNode().put("type", "integer"));
        echoSchema.putArray("required").add("text");
        List<ToolDefinition> tools = List.of(
                new ToolDefinition(new ToolDescriptor("echo", null, "echoes", echoSchema, null, null, null),
                        call -> CallToolResult.text(call.arguments().path("text").asString(""))),
                new ToolDefinition(new ToolDescriptor("later", null, "may run as a task", JSON.objectNode().put("type", "object"), null, null,
                        "optional"), call -> CallToolResult.text("later")));
        ObjectNode greet = JSON.objectNode().put("name", "greet").put("description", "Greets someone");
        // the argument is optional: a missing required argument is the prompt's business (McpRelayIT), not the params' shape
        greet.putArray("arguments").addObject().put("name", "name").put("required", false);
        PromptDefinition prompt = new PromptDefinition(greet, call -> {
            ObjectNode result = JSON.objectNode();
            result.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text")
                    .put("text", "Hello, " + call.argument("name") + "!");
            return result;
        }, (argument, partial, call) -> List.of("Ada", "Alan", "Grace").stream().filter(n -> n.startsWith(partial)).toList());
        ServiceDefinition service = new ServiceDefinition("fuzz", "test", tools,
                List.of(new ResourceDefinition(JSON.objectNode().put("uri", "test://note").put("name", "note"), (uri, call) -> contents(uri))),
                List.of(new ResourceTemplateDefinition(JSON.objectNode().put("uriTemplate", "test://items/{id}").put("name", "item"),
                        (uri, call) -> contents(uri))),
                List.of(prompt));
        worker = new WorkerRuntime(service, WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "fuzz-1")
                .withHeartbeatInterval(Duration.ofSeconds(1))).start();
    }

    static ObjectNode contents(String uri) {
        ObjectNode result = JSON.objectNode();
        result.putArray("contents").addObject().put("uri", uri).put("mimeType", "text/plain").put("text", "contents of " + uri);
        return result;
    }

    @AfterAll
    static void stopWorker() {
        worker.stop();
    }

    @BeforeEach
    void awaitWorker() {
        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tools"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"later\""));
    }

    // ------------------------------------------------------------------ the two revisions

    @Test
    void shouldAnswerMutatedParamsOfEverySessionMethodWithoutAServerError() throws Exception {
        String session = initialize();
        String taskId = createTask(session);
        createTask(session);
        Map<String, String> headers = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", SESSION_VERSION);
        // cancellations go through a session of their own: a mutated requestId may name a later request of the fuzzing session
        Map<String, String> cancelling = Map.of("Mcp-Session-Id", initialize(), "MCP-Protocol-Version", SESSION_VERSION);
        String toolsCursor = nextCursor(send(headers, request("tools/list", "{}")));
        String tasksCursor = nextCursor(send(headers, request("tasks/list", "{}")));
        List<Base> bases = new ArrayList<>(List.of(
                base("initialize", "{\"protocolVersion\":\"" + SESSION_VERSION + "\",\"capabilities\":{\"sampling\":{},\"roots\":"
                        + "{\"listChanged\":true}},\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}"),
                base("ping", "{\"_meta\":{\"progressToken\":\"p-0\"}}"),
                base("tools/list", "{\"cursor\":\"" + toolsCursor + "\"}"),
                base("resources/list", "{\"cursor\":\"" + toolsCursor + "\"}"),
                base("resources/templates/list", "{\"cursor\":\"" + toolsCursor + "\"}"),
                base("prompts/list", "{\"cursor\":\"" + toolsCursor + "\"}"),
                base("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\",\"count\":2},\"_meta\":{\"progressToken\":\"p-1\"}}"),
                base("tools/call", "{\"name\":\"later\",\"arguments\":{},\"task\":{\"ttl\":60000},\"_meta\":{\"progressToken\":7}}"),
                base("resources/read", "{\"uri\":\"test://note\"}"),
                base("resources/read", "{\"uri\":\"test://items/42\"}"),
                base("resources/subscribe", "{\"uri\":\"test://note\"}"),
                base("resources/unsubscribe", "{\"uri\":\"test://note\"}"),
                base("prompts/get", "{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}"),
                base("completion/complete", "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"name\","
                        + "\"value\":\"A\"},\"context\":{\"arguments\":{\"other\":\"x\"}}}"),
                base("completion/complete", "{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"test://items/{id}\"},"
                        + "\"argument\":{\"name\":\"id\",\"value\":\"4\"}}"),
                base("logging/setLevel", "{\"level\":\"warning\"}"),
                base("tasks/get", "{\"taskId\":\"" + taskId + "\"}"),
                base("tasks/result", "{\"taskId\":\"" + taskId + "\"}"),
                base("tasks/list", "{\"cursor\":\"" + tasksCursor + "\"}"),
                base("tasks/cancel", "{\"taskId\":\"" + taskId + "\"}"),
                notification("notifications/initialized", "{}"),
                notification("notifications/cancelled", "{\"requestId\":\"r-1\",\"reason\":\"changed my mind\"}"),
                notification("notifications/progress", "{\"progressToken\":\"p-1\",\"progress\":1,\"total\":2}"),
                notification("notifications/roots/list_changed", "{}"),
                new Base(null, "result", json("{\"jsonrpc\":\"2.0\",\"id\":\"zen-r:nocall:1\",\"result\":{\"action\":\"accept\","
                        + "\"content\":{\"name\":\"Ada\"}}}"))));

        List<String> failures = fuzz(bases, new Random(SEED), (message, method) -> "initialize".equals(method)
                ? Map.of("MCP-Protocol-Version", SESSION_VERSION) : "notifications/cancelled".equals(method) ? cancelling : headers,
                SESSION_CODES);

        assertThat(failures).as(report(failures)).isEmpty();
    }

    @Test
    void shouldAnswerMutatedParamsOfEveryStatelessMethodWithoutAServerError() throws Exception {
        String taskId = createTask(initialize());
        String toolsCursor = nextCursor(send(statelessHeaders("tools/list", null), request("tools/list", "{" + meta() + "}")));
        List<Base> bases = new ArrayList<>(List.of(
                base("server/discover", "{" + meta() + "}"),
                base("tools/list", "{\"cursor\":\"" + toolsCursor + "\"," + meta() + "}"),
                base("resources/list", "{\"cursor\":\"" + toolsCursor + "\"," + meta() + "}"),
                base("resources/templates/list", "{\"cursor\":\"" + toolsCursor + "\"," + meta() + "}"),
                base("prompts/list", "{\"cursor\":\"" + toolsCursor + "\"," + meta() + "}"),
                base("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\",\"count\":2}," + meta() + "}"),
                base("tools/call", "{\"name\":\"later\",\"arguments\":{},\"requestState\":\"not-one-we-issued\",\"inputResponses\":"
                        + "{\"k\":{\"action\":\"accept\"}}," + meta() + "}"),
                base("resources/read", "{\"uri\":\"test://items/7\"," + meta() + "}"),
                base("prompts/get", "{\"name\":\"greet\",\"arguments\":{\"name\":\"Grace\"}," + meta() + "}"),
                base("completion/complete", "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"name\","
                        + "\"value\":\"G\"},\"context\":{\"arguments\":{\"other\":\"x\"}}," + meta() + "}"),
                base("subscriptions/listen", "{\"notifications\":{\"toolsListChanged\":true,\"promptsListChanged\":false,"
                        + "\"resourcesListChanged\":true,\"resourceSubscriptions\":[\"test://note\"]}," + meta() + "}"),
                base("tasks/get", "{\"taskId\":\"" + taskId + "\"," + meta() + "}"),
                base("tasks/update", "{\"taskId\":\"" + taskId + "\",\"inputResponses\":{\"k\":{\"action\":\"accept\"}}," + meta() + "}"),
                base("tasks/cancel", "{\"taskId\":\"" + taskId + "\"," + meta() + "}"),
                base("ping", "{" + meta() + "}"), // not part of the revision: -32601
                notification("notifications/cancelled", "{\"requestId\":\"r-1\"," + meta() + "}")));

        List<String> failures = fuzz(bases, new Random(~SEED), (message, method) -> statelessHeaders(method, message.path("params")),
                STATELESS_CODES);

        assertThat(failures).as(report(failures)).isEmpty();
    }

    // ------------------------------------------------------------------ the fuzzing

    /** A valid message to start from: a request (or a notification, {@code id} absent), or a response ({@code method} null). */
    record Base(String method, String member, ObjectNode message) {
    }

    interface Headers {
        Map<String, String> of(ObjectNode message, String method);
    }

    /** What one mutated request got. */
    record Answer(int status, String contentType, String body, JsonNode json) {
    }

    List<String> fuzz(List<Base> bases, Random random, Headers headers, Set<Integer> codes) throws Exception {
        ParamsMutator mutator = new ParamsMutator(random, MAX_BODY_BYTES);
        List<String> failures = new ArrayList<>();
        Map<Base, String> refusals = new java.util.IdentityHashMap<>(); // what a base is refused with unmutated (a task that ended, ...)
        for (int i = 0; i < REQUESTS; i++) {
            Base base = bases.get(i < bases.size() ? i : random.nextInt(bases.size()));
            ObjectNode message = base.message().deepCopy();
            if (message.has("id") && message.get("id").isIntegralNumber()) {
                message.put("id", i);
            }
            ParamsMutator.Mutation mutation = i < bases.size() ? null : mutator.mutate(message, base.member(), base.method() != null);
            String method = message.path("method").isString() ? message.path("method").asString() : null;
            byte[] body = codec.mapper().writeValueAsBytes(message);
            Answer answer = send(headers.of(message, method), body);
            if (mutation == null && answer.json() != null && answer.json().has("error")) {
                refusals.put(base, answer.json().path("error").path("message").asString(""));
            }
            String problem = problem(base, message, mutation, answer, codes, refusals.get(base));
            if (problem != null) {
                failures.add("#" + i + " " + base.method() + (mutation == null ? " (unmutated)" : " " + mutation) + ": " + problem
                        + "\n    sent:   " + abbreviate(new String(body, StandardCharsets.UTF_8))
                        + "\n    answer: HTTP " + answer.status() + " " + abbreviate(answer.body()));
            }
        }
        return failures;
    }

    /**
     * What is wrong with the answer to a mutated message, or null. {@code refusal} is the message the
     * unmutated base was refused with (null: it was not), which need not name the mutated field.
     */
    static String problem(Base base, ObjectNode sent, ParamsMutator.Mutation mutation, Answer answer, Set<Integer> codes, String refusal) {
        ParamsMutator.Kind kind = mutation == null ? null : mutation.kind();
        if (answer.status() >= 500) {
            return "a server error";
        }
        if (kind == ParamsMutator.Kind.TOO_LARGE) {
            return answer.status() == 413 ? null : "expected 413 for a body over the limit";
        }
        if (kind == ParamsMutator.Kind.TOO_DEEP) {
            return answer.status() == 400 && code(answer) == -32700 ? null : "expected 400 and -32700 for nesting past the limit";
        }
        boolean request = sent.has("id") && base.method() != null;
        if (!request) {
            // notifications and responses get no JSON-RPC answer (202), or a refusal of their envelope
            if (answer.status() == 202) {
                return null;
            }
            return answer.status() >= 400 && answer.json() != null && codes.contains(code(answer)) ? null
                    : "expected 202, or a 4xx JSON-RPC error of a known code";
        }
        JsonNode json = answer.json();
        if (json == null || !json.isObject() || !"2.0".equals(json.path("jsonrpc").asString(null))) {
            return "not a JSON-RPC response";
        }
        if (json.path("method").asString("").equals("notifications/subscriptions/acknowledged")) {
            // subscriptions/listen: a stream that stays open, acknowledged first (its subscription id is the request's)
            boolean ours = json.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId").toString()
                    .equals(sent.path("id").toString());
            return !ours ? "the acknowledgement does not name the request's id"
                    : kind == ParamsMutator.Kind.PARAMS_NOT_OBJECT || kind == ParamsMutator.Kind.UNKNOWN_METHOD
                            || kind == ParamsMutator.Kind.BAD_ID ? "a stream for a request that must be refused" : null;
        }
        if (json.has("result") == json.has("error")) {
            return "expected exactly one of result and error";
        }
        if (kind == ParamsMutator.Kind.BAD_ID) {
            return answer.status() == 400 && code(answer) == -32600 ? null : "expected 400 and -32600 for an id of a wrong type";
        }
        if (!json.path("id").isNull() && !json.path("id").toString().equals(sent.path("id").toString())) {
            return "the answer's id is not the request's";
        }
        if (json.has("result")) {
            if (!json.get("result").isObject()) {
                return "a result that is not an object";
            }
            if (kind == ParamsMutator.Kind.PARAMS_NOT_OBJECT || kind == ParamsMutator.Kind.UNKNOWN_METHOD) {
                return "a result for a request that must be refused";
            }
            return null;
        }
        int code = code(answer);
        String message = json.path("error").path("message").asString("");
        if (!codes.contains(code)) {
            return "error code " + code + " is not one this request may get";
        }
        if (message.isBlank()) {
            return "an error without a message";
        }
        if (kind == ParamsMutator.Kind.PARAMS_NOT_OBJECT && code != -32602) {
            return "expected -32602 for params that are not an object";
        }
        if (kind == ParamsMutator.Kind.UNKNOWN_METHOD && code != -32601 && code != -32600) {
            return "expected -32601 for an unknown method";
        }
        if (code == -32602 && (kind == ParamsMutator.Kind.WRONG_TYPE || kind == ParamsMutator.Kind.MISSING) && !message.equals(refusal)
                && !(message + json.path("error").path("data")).contains(mutation.leaf())) {
            return "the invalid-params message does not name the field '" + mutation.leaf() + "'";
        }
        return null;
    }

    static int code(Answer answer) {
        return answer.json() == null ? 0 : answer.json().path("error").path("code").asInt(0);
    }

    // ------------------------------------------------------------------ requests

    Base base(String method, String params) {
        ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0").put("id", 0).put("method", method);
        message.set("params", json(params));
        return new Base(method, "params", message);
    }

    Base notification(String method, String params) {
        ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0").put("method", method);
        message.set("params", json(params));
        return new Base(method, "params", message);
    }

    static String meta() {
        return "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + STATELESS_VERSION + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"" + TASKS + "\":{}}},"
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"},"
                + "\"io.modelcontextprotocol/logLevel\":\"info\",\"progressToken\":\"p-2\"}";
    }

    /** The headers of a 2026-07-28 request: the method, and the name the params carry (sent as they are, the header can't carry all). */
    static Map<String, String> statelessHeaders(String method, JsonNode params) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("MCP-Protocol-Version", STATELESS_VERSION);
        if (method != null) {
            headers.put("Mcp-Method", header(method));
        }
        String nameField = method == null ? null : switch (method) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            case "tasks/get", "tasks/update", "tasks/cancel" -> "taskId";
            default -> null;
        };
        JsonNode name = nameField == null || params == null ? null : params.path(nameField);
        if (name != null && name.isString() && name.asString().length() < 2_000) {
            headers.put("Mcp-Name", header(name.asString()));
        }
        return headers;
    }

    /** A header value: as it is when it is printable ASCII, else in the {@code =?base64?...?=} form. */
    static String header(String value) {
        boolean plain = !value.isEmpty() && value.chars().allMatch(c -> c >= 0x21 && c < 0x7f);
        return plain ? value : "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    byte[] request(String method, String params) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}").getBytes(StandardCharsets.UTF_8);
    }

    String initialize() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"" + SESSION_VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}"))
                .build();
        String session = http.send(request, HttpResponse.BodyHandlers.ofString()).headers().firstValue("Mcp-Session-Id").orElseThrow();
        send(Map.of("Mcp-Session-Id", session), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}".getBytes(StandardCharsets.UTF_8));
        return session;
    }

    /** Runs the task-capable tool as a 2025-11-25 task; returns the task's id. */
    String createTask(String session) throws Exception {
        Answer answer = send(Map.of("Mcp-Session-Id", session), request("tools/call", "{\"name\":\"later\",\"arguments\":{},\"task\":{}}"));
        String taskId = answer.json().path("result").path("task").path("taskId").asString("");
        assertThat(taskId).as(answer.body()).isNotEmpty();
        return taskId;
    }

    static String nextCursor(Answer answer) {
        String cursor = answer.json().path("result").path("nextCursor").asString("");
        assertThat(cursor).as(answer.body()).isNotEmpty();
        return cursor;
    }

    /**
     * Sends one POST to /mcp. A JSON answer is read whole; of an SSE answer, the events up to the
     * response (or the first event of a stream that goes on, {@code subscriptions/listen}).
     */
    Answer send(Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String text;
        JsonNode json = null;
        try (InputStream in = response.body()) {
            if (contentType.startsWith("text/event-stream")) {
                StringBuilder events = new StringBuilder();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    events.append(line).append('\n');
                    if (line.startsWith("data:") && line.length() > 6) {
                        JsonNode event = codec.tree(line.substring(5).strip().getBytes(StandardCharsets.UTF_8));
                        json = event;
                        if (event.has("id") || "subscriptions/listen".equals(headers.get("Mcp-Method"))) {
                            break; // the response, or the acknowledgement of a stream that stays open
                        }
                    }
                }
                text = events.toString();
            } else {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!text.isBlank()) {
                    try {
                        json = codec.tree(text.getBytes(StandardCharsets.UTF_8));
                    } catch (RuntimeException e) {
                        json = null; // not JSON: problem() says so
                    }
                }
            }
        }
        return new Answer(response.statusCode(), contentType, text, json);
    }

    ObjectNode json(String text) {
        return (ObjectNode) codec.tree(text.getBytes(StandardCharsets.UTF_8));
    }

    static String report(List<String> failures) {
        return failures.size() + " of " + REQUESTS + " mutated requests got a wrong answer (seed " + SEED + "; rerun with -Dzen.fuzz.seed="
                + SEED + "):\n" + String.join("\n", failures.subList(0, Math.min(25, failures.size())));
    }

    static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "… (" + text.length() + " chars)" : text;
    }
}
