package dev.zen.worker.conformance;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.worker.runtime.ClientRequest;
import dev.zen.worker.runtime.MissingClientCapability;
import dev.zen.worker.runtime.PromptDefinition;
import dev.zen.worker.runtime.ResourceDefinition;
import dev.zen.worker.runtime.ResourceTemplateDefinition;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.schemas.TaskSupport;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerService;
import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code conformance} service: the fixture tools, resources, resource template and prompts that
 * {@code @modelcontextprotocol/conformance} uses, with the exact shapes its scenarios check (read
 * from the suite's own source). The logging, progress, sampling, elicitation and reconnection tools
 * talk to the client mid-call through {@link dev.zen.worker.runtime.ClientChannel}. Nothing of it lives in the gateway: the suite
 * reaches these tools through Kafka like any other.
 */
public final class ConformanceService implements WorkerService {

    public static final String SERVICE = "conformance";

    /** The switch that lets this service run at all: its tools certify the platform and are not for production use. */
    public static final Setting<Boolean> FIXTURES = Setting.bool("ZEN_CONFORMANCE_FIXTURES",
            "`true` lets the conformance worker serve (the fixture tools of the MCP conformance suite)").defaultsTo("false");

    /** A 1×1 red PNG. */
    static final String RED_PIXEL_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Override
    public String name() {
        return SERVICE;
    }

    @Override
    public String summary() {
        return "the fixture tools of the MCP conformance suite";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(FIXTURES);
    }

    @Override
    public String unavailableReason(Settings values) {
        return values.get(FIXTURES) ? null : "it serves only with ZEN_CONFORMANCE_FIXTURES=true";
    }

    @Override
    public ServiceDefinition define(Settings values, String version) {
        return definition(version);
    }

    public static ServiceDefinition definition(String version) {
        return new ServiceDefinition(SERVICE, version, tools(), resources(), templates(), prompts());
    }

    private static List<ToolDefinition> tools() {
        return List.of(
                tool("test_simple_text", "Returns a simple text", call ->
                        CallToolResult.text("This is a simple text response for testing.")),
                tool("test_image_content", "Returns an image", call ->
                        new CallToolResult(List.of(image()), null, null)),
                tool("test_audio_content", "Returns audio", call ->
                        new CallToolResult(List.of(audio()), null, null)),
                tool("test_embedded_resource", "Returns an embedded resource", call ->
                        new CallToolResult(List.of(resource("test://embedded-resource", "text/plain",
                                "This is an embedded resource content.")), null, null)),
                tool("test_multiple_content_types", "Returns text, an image and a resource", call ->
                        new CallToolResult(List.of(CallToolResult.textBlock("Multiple content types test:"), image(),
                                resource("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}")),
                                null, null)),
                tool("test_error_handling", "Always fails", call -> {
                    throw new ToolFailure("This tool intentionally returns an error for testing");
                }),
                new ToolDefinition(new ToolDescriptor("json_schema_2020_12_tool", null, "Tool with JSON Schema 2020-12 features",
                        jsonSchema2020(), null, ToolAnnotations.readOnly("JSON Schema 2020-12"), null),
                        call -> CallToolResult.text("ok")),
                tool("test_tool_with_logging", "Sends three log messages while it runs", call -> {
                    call.client().log("info", "conformance", JSON.stringNode("Tool execution started"));
                    Thread.sleep(50);
                    call.client().log("info", "conformance", JSON.stringNode("Tool processing data"));
                    Thread.sleep(50);
                    call.client().log("info", "conformance", JSON.stringNode("Tool execution completed"));
                    return CallToolResult.text("Tool with logging executed successfully");
                }),
                tool("test_tool_with_progress", "Reports progress 0, 50, 100 of 100", call -> {
                    call.client().progress(0, 100.0, null);
                    Thread.sleep(50);
                    call.client().progress(50, 100.0, null);
                    Thread.sleep(50);
                    call.client().progress(100, 100.0, null);
                    return CallToolResult.text("Tool with progress executed successfully");
                }),
                toolWith("test_sampling", "Asks the client's model to answer a prompt", stringArgument("prompt", "The prompt to send to the LLM"),
                        call -> {
                            ObjectNode params = JSON.objectNode();
                            params.putArray("messages").addObject().put("role", "user").putObject("content")
                                    .put("type", "text").put("text", call.arguments().path("prompt").asString());
                            params.put("maxTokens", 100);
                            JsonNode answer = call.client().sample(params);
                            return CallToolResult.text("LLM response: " + answer.path("content").path("text").asString(""));
                        }),
                toolWith("test_elicitation", "Asks the user for a username and an email", stringArgument("message", "The message to show the user"),
                        call -> {
                            ObjectNode params = JSON.objectNode().put("message", call.arguments().path("message").asString());
                            ObjectNode schema = params.putObject("requestedSchema").put("type", "object");
                            ObjectNode properties = schema.putObject("properties");
                            properties.putObject("username").put("type", "string").put("description", "User's response");
                            properties.putObject("email").put("type", "string").put("description", "User's email address");
                            schema.putArray("required").add("username").add("email");
                            JsonNode answer = call.client().elicit(params);
                            return CallToolResult.text("User response: action=" + answer.path("action").asString("")
                                    + ", content=" + answer.path("content"));
                        }),
                tool("test_elicitation_sep1034_defaults", "Elicits with defaults for every primitive type", call -> {
                    ObjectNode params = JSON.objectNode().put("message", "Please review and update the form fields with defaults");
                    ObjectNode schema = params.putObject("requestedSchema").put("type", "object");
                    ObjectNode properties = schema.putObject("properties");
                    properties.putObject("name").put("type", "string").put("description", "User name").put("default", "John Doe");
                    properties.putObject("age").put("type", "integer").put("description", "User age").put("default", 30);
                    properties.putObject("score").put("type", "number").put("description", "User score").put("default", 95.5);
                    ObjectNode status = properties.putObject("status").put("type", "string").put("description", "User status");
                    status.putArray("enum").add("active").add("inactive").add("pending");
                    status.put("default", "active");
                    properties.putObject("verified").put("type", "boolean").put("description", "Verification status").put("default", true);
                    JsonNode answer = call.client().elicit(params);
                    return CallToolResult.text("Elicitation completed: action=" + answer.path("action").asString("")
                            + ", content=" + answer.path("content"));
                }),
                tool("test_elicitation_sep1330_enums", "Elicits with the five enum schema variants", call -> {
                    JsonNode answer = call.client().elicit(enumElicitation());
                    return CallToolResult.text("Elicitation completed: action=" + answer.path("action").asString("")
                            + ", content=" + answer.path("content"));
                }),
                tool("test_missing_capability", "Needs the client's sampling capability (2026-07-28: -32021 without it)", call -> {
                    if (!call.client().supports("sampling")) {
                        throw new MissingClientCapability("sampling", "Server requires the sampling capability for this request");
                    }
                    return CallToolResult.text("Success");
                }),
                tool("test_streaming_elicitation", "Streams a notification, then its result", call -> {
                    call.client().log("info", "conformance", JSON.stringNode("Streaming step"));
                    call.client().progress(1, 1.0, "streaming");
                    return CallToolResult.text("Streaming complete");
                }),
                tool("test_logging_tool", "Logs only when the request asked for a log level", call -> {
                    call.client().log("info", "conformance", JSON.stringNode("Logging tool ran"));
                    return CallToolResult.text("Logging evaluated");
                }),
                tool("test_trigger_tool_change", "Tells listening clients that the tool list changed", call -> {
                    call.client().listChanged("tools");
                    return CallToolResult.text("Mutation triggered");
                }),
                tool("test_trigger_prompt_change", "Tells listening clients that the prompt list changed", call -> {
                    call.client().listChanged("prompts");
                    return CallToolResult.text("Mutation triggered");
                }),
                tool("test_input_required_result_elicitation", "Asks the user's name (input_required for 2026-07-28 clients)", call -> {
                    JsonNode answer = call.client().ask(Map.of("user_name", ClientRequest.elicitation(nameElicitation()))).get("user_name");
                    return CallToolResult.text("Hello, " + answer.path("content").path("name").asString("stranger") + "!");
                }),
                tool("test_input_required_result_sampling", "Asks the client's model a question", call -> {
                    JsonNode answer = call.client().ask(Map.of("capital", ClientRequest.sampling(samplingParams("What is the capital of France?"))))
                            .get("capital");
                    return CallToolResult.text("The model said: " + answer.path("content").path("text").asString(""));
                }),
                tool("test_input_required_result_list_roots", "Asks the client for its roots", call -> {
                    JsonNode answer = call.client().ask(Map.of("client_roots", ClientRequest.roots())).get("client_roots");
                    return CallToolResult.text("The client has " + answer.path("roots").size() + " root(s)");
                }),
                tool("test_input_required_result_request_state", "Asks for a confirmation, then continues from its request state", call -> {
                    ObjectNode params = JSON.objectNode().put("message", "Confirm?");
                    ObjectNode schema = params.putObject("requestedSchema").put("type", "object");
                    schema.putObject("properties").putObject("ok").put("type", "boolean");
                    JsonNode answer = call.client().ask(Map.of("confirm", ClientRequest.elicitation(params))).get("confirm");
                    return CallToolResult.text(answer.path("content").path("ok").asBoolean(false) ? "state-ok" : "state-declined");
                }),
                tool("test_input_required_result_multiple_inputs", "Asks for a name, a greeting and the roots in one round", call -> {
                    Map<String, JsonNode> answers = call.client().ask(new java.util.LinkedHashMap<>(Map.of(
                            "user_name", ClientRequest.elicitation(nameElicitation()),
                            "greeting", ClientRequest.sampling(samplingParams("Write a greeting")),
                            "client_roots", ClientRequest.roots())));
                    return CallToolResult.text("Got " + answers.keySet().stream().sorted().toList());
                }),
                tool("test_input_required_result_multi_round", "Asks twice, one round after the other", call -> {
                    call.client().ask(Map.of("step_one", ClientRequest.elicitation(nameElicitation())));
                    call.client().ask(Map.of("step_two", ClientRequest.elicitation(nameElicitation())));
                    return CallToolResult.text("Both rounds answered");
                }),
                tool("test_input_required_result_tampered_state", "Asks once; a changed request state must be refused", call -> {
                    call.client().ask(Map.of("confirm", ClientRequest.elicitation(nameElicitation())));
                    return CallToolResult.text("Answered");
                }),
                tool("test_input_required_result_capabilities", "Asks only what the client declared it can answer", call -> {
                    Map<String, ClientRequest> requests = new java.util.LinkedHashMap<>();
                    if (call.client().supports("elicitation")) {
                        requests.put("user_name", ClientRequest.elicitation(nameElicitation()));
                    }
                    if (call.client().supports("sampling")) {
                        requests.put("greeting", ClientRequest.sampling(samplingParams("Write a greeting")));
                    }
                    return CallToolResult.text("Got " + call.client().ask(requests).keySet());
                }),
                // the tasks extension's fixtures (2026-07-28): found by name; task support as the scenarios need it
                taskTool("greet", "Greets by name, at once", TaskSupport.FORBIDDEN, stringArgument("name", "Who to greet"),
                        call -> CallToolResult.text("Hello, " + call.arguments().path("name").asString() + "!")),
                taskTool("slow_compute", "Works for the given seconds (interruptible), reporting progress each second", TaskSupport.OPTIONAL,
                        slowComputeSchema(), call -> {
                            int seconds = Math.max(0, call.arguments().path("seconds").asInt(1));
                            for (int i = 0; i < seconds; i++) {
                                call.client().progress(i, (double) seconds, "second " + (i + 1) + " of " + seconds);
                                Thread.sleep(1_000);
                            }
                            return CallToolResult.text("Computed " + call.arguments().path("label").asString("result") + " in " + seconds
                                    + " s");
                        }),
                taskTool("failing_job", "Runs only as a task and ends with a tool error", TaskSupport.REQUIRED, noArguments(), call -> {
                    Thread.sleep(1_000);
                    throw new ToolFailure("The job failed on purpose");
                }),
                taskTool("protocol_error_job", "Ends with a protocol error (the handler crashes)", TaskSupport.OPTIONAL, noArguments(), call -> {
                    Thread.sleep(500);
                    throw new IllegalStateException("The job crashed on purpose");
                }),
                taskTool("confirm_delete", "Asks the user to confirm before it deletes a file", TaskSupport.OPTIONAL,
                        stringArgument("filename", "The file to delete"), call -> {
                            Thread.sleep(500); // long enough to become a task first
                            ObjectNode params = JSON.objectNode().put("mode", "form")
                                    .put("message", "Delete " + call.arguments().path("filename").asString() + "?");
                            ObjectNode schema = params.putObject("requestedSchema").put("type", "object");
                            schema.putObject("properties").putObject("confirm").put("type", "boolean");
                            schema.putArray("required").add("confirm");
                            JsonNode answer = call.client().ask(Map.of("confirm", ClientRequest.elicitation(params))).get("confirm");
                            boolean confirmed = "accept".equals(answer.path("action").asString(""))
                                    && answer.path("content").path("confirm").asBoolean(false);
                            return CallToolResult.text((confirmed ? "Deleted " : "Kept ") + call.arguments().path("filename").asString());
                        }),
                taskTool("multi_input", "Asks for a name and a confirmation at once", TaskSupport.OPTIONAL, noArguments(), call -> {
                    Thread.sleep(500); // long enough to become a task first
                    ObjectNode confirm = JSON.objectNode().put("mode", "form").put("message", "Go on?");
                    ObjectNode schema = confirm.putObject("requestedSchema").put("type", "object");
                    schema.putObject("properties").putObject("confirm").put("type", "boolean");
                    Map<String, JsonNode> answers = call.client().ask(new java.util.LinkedHashMap<>(Map.of(
                            "name", ClientRequest.elicitation(nameElicitation()),
                            "confirm", ClientRequest.elicitation(confirm))));
                    return CallToolResult.text("Hello, " + answers.get("name").path("content").path("name").asString("stranger") + "!");
                }),
                taskTool("test_tool_with_task", "Asks the user's name first, then works on as a task", TaskSupport.REQUIRED, noArguments(), call -> {
                    JsonNode answer = call.client().ask(Map.of("user_name", ClientRequest.elicitation(nameElicitation()))).get("user_name");
                    Thread.sleep(1_000); // long enough to become a task
                    return CallToolResult.text("Hello, " + answer.path("content").path("name").asString("stranger") + "!");
                }),
                toolWith("test_custom_header", "Takes a region that also travels in the Mcp-Param-Region header (SEP-2243)",
                        customHeaderSchema(), call -> CallToolResult.text("region: " + call.arguments().path("region").asString())),
                tool("test_reconnection", "Closes the response stream mid-call; the client resumes it with Last-Event-ID", call -> {
                    Thread.sleep(100);
                    call.client().closeStream();
                    Thread.sleep(500);
                    return CallToolResult.text("Reconnection test completed");
                }));
    }

    private static ObjectNode customHeaderSchema() {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        schema.putObject("properties").putObject("region").put("type", "string").put("description", "Where to run")
                .put("x-mcp-header", "Region");
        schema.putArray("required").add("region");
        return schema;
    }

    private static ObjectNode nameElicitation() {
        ObjectNode params = JSON.objectNode().put("message", "What is your name?");
        ObjectNode schema = params.putObject("requestedSchema").put("type", "object");
        schema.putObject("properties").putObject("name").put("type", "string");
        schema.putArray("required").add("name");
        return params;
    }

    private static ObjectNode samplingParams(String question) {
        ObjectNode params = JSON.objectNode();
        params.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text").put("text", question);
        params.put("maxTokens", 100);
        return params;
    }

    private static ObjectNode enumElicitation() {
        ObjectNode params = JSON.objectNode().put("message", "Please select options from the enum fields");
        ObjectNode schema = params.putObject("requestedSchema").put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ObjectNode untitledSingle = properties.putObject("untitledSingle").put("type", "string").put("description", "Untitled single-select");
        untitledSingle.putArray("enum").add("option1").add("option2").add("option3");
        ObjectNode titledSingle = properties.putObject("titledSingle").put("type", "string").put("description", "Titled single-select");
        var oneOf = titledSingle.putArray("oneOf");
        oneOf.addObject().put("const", "value1").put("title", "First Option");
        oneOf.addObject().put("const", "value2").put("title", "Second Option");
        oneOf.addObject().put("const", "value3").put("title", "Third Option");
        ObjectNode legacy = properties.putObject("legacyEnum").put("type", "string").put("description", "Legacy titled enum");
        legacy.putArray("enum").add("opt1").add("opt2").add("opt3");
        legacy.putArray("enumNames").add("Option One").add("Option Two").add("Option Three");
        ObjectNode untitledMulti = properties.putObject("untitledMulti").put("type", "array").put("description", "Untitled multi-select");
        untitledMulti.putObject("items").put("type", "string").putArray("enum").add("option1").add("option2").add("option3");
        ObjectNode titledMulti = properties.putObject("titledMulti").put("type", "array").put("description", "Titled multi-select");
        var anyOf = titledMulti.putObject("items").putArray("anyOf");
        anyOf.addObject().put("const", "value1").put("title", "First Choice");
        anyOf.addObject().put("const", "value2").put("title", "Second Choice");
        anyOf.addObject().put("const", "value3").put("title", "Third Choice");
        return params;
    }

    private static List<ResourceDefinition> resources() {
        return List.of(
                new ResourceDefinition(JSON.objectNode().put("uri", "test://static-text").put("name", "static-text")
                        .put("description", "A static text resource").put("mimeType", "text/plain"),
                        (uri, call) -> contents(JSON.objectNode().put("uri", uri).put("mimeType", "text/plain")
                                .put("text", "This is the content of the static text resource."))),
                new ResourceDefinition(JSON.objectNode().put("uri", "test://static-binary").put("name", "static-binary")
                        .put("description", "A static binary resource (a PNG image)").put("mimeType", "image/png"),
                        (uri, call) -> contents(JSON.objectNode().put("uri", uri).put("mimeType", "image/png").put("blob", RED_PIXEL_PNG))),
                new ResourceDefinition(JSON.objectNode().put("uri", "test://watched-resource").put("name", "watched-resource")
                        .put("description", "A resource clients subscribe to").put("mimeType", "text/plain"),
                        (uri, call) -> contents(JSON.objectNode().put("uri", uri).put("mimeType", "text/plain")
                                .put("text", "Watched resource content"))));
    }

    private static List<ResourceTemplateDefinition> templates() {
        return List.of(new ResourceTemplateDefinition(JSON.objectNode().put("uriTemplate", "test://template/{id}/data")
                .put("name", "template-data").put("description", "Data for an id").put("mimeType", "application/json"),
                (uri, call) -> {
                    String id = call.argument("id");
                    ObjectNode data = JSON.objectNode().put("id", id).put("templateTest", true).put("data", "Data for ID: " + id);
                    return contents(JSON.objectNode().put("uri", uri).put("mimeType", "application/json")
                            .put("text", RecordCodec.shared().mapper().writeValueAsString(data)));
                }));
    }

    private static List<PromptDefinition> prompts() {
        return List.of(
                new PromptDefinition(prompt("test_simple_prompt", "A simple prompt without arguments"),
                        call -> messages(userText("This is a simple prompt for testing."))),
                new PromptDefinition(prompt("test_prompt_with_arguments", "A prompt with two required arguments",
                        argument("arg1", "First test argument"), argument("arg2", "Second test argument")),
                        call -> messages(userText("Prompt with arguments: arg1='" + call.argument("arg1") + "', arg2='"
                                + call.argument("arg2") + "'")),
                        (name, partial, call) -> List.of("paris", "park", "party", "test", "testing").stream()
                                .filter(v -> v.startsWith(partial)).toList()),
                new PromptDefinition(prompt("test_prompt_with_embedded_resource", "A prompt that embeds a resource",
                        argument("resourceUri", "URI of the resource to embed")),
                        call -> {
                            ObjectNode embedded = JSON.objectNode().put("role", "user");
                            embedded.putObject("content").put("type", "resource").putObject("resource")
                                    .put("uri", call.argument("resourceUri")).put("mimeType", "text/plain")
                                    .put("text", "Embedded resource content for testing.");
                            return messages(embedded, userText("Please process the embedded resource above."));
                        }),
                new PromptDefinition(prompt("test_input_required_result_prompt", "A prompt that first asks the user for context"),
                        call -> {
                            ObjectNode params = JSON.objectNode().put("message", "What context should the prompt use?");
                            ObjectNode schema = params.putObject("requestedSchema").put("type", "object");
                            schema.putObject("properties").putObject("context").put("type", "string");
                            JsonNode answer = call.client().ask(Map.of("user_context", ClientRequest.elicitation(params))).get("user_context");
                            return messages(userText("Use this context: " + answer.path("content").path("context").asString("none")));
                        }),
                new PromptDefinition(prompt("test_prompt_with_image", "A prompt with an image"),
                        call -> {
                            ObjectNode picture = JSON.objectNode().put("role", "user");
                            picture.set("content", image());
                            return messages(picture, userText("Please analyze the image above."));
                        }));
    }

    private static ObjectNode prompt(String name, String description, ObjectNode... arguments) {
        ObjectNode prompt = JSON.objectNode().put("name", name).put("description", description);
        if (arguments.length > 0) {
            var array = prompt.putArray("arguments");
            for (ObjectNode argument : arguments) {
                array.add(argument);
            }
        }
        return prompt;
    }

    private static ObjectNode argument(String name, String description) {
        return JSON.objectNode().put("name", name).put("description", description).put("required", true);
    }

    private static ObjectNode userText(String text) {
        ObjectNode message = JSON.objectNode().put("role", "user");
        message.putObject("content").put("type", "text").put("text", text);
        return message;
    }

    private static ObjectNode messages(ObjectNode... messages) {
        ObjectNode result = JSON.objectNode();
        var array = result.putArray("messages");
        for (ObjectNode message : messages) {
            array.add(message);
        }
        return result;
    }

    private static ObjectNode contents(ObjectNode content) {
        ObjectNode result = JSON.objectNode();
        result.putArray("contents").add(content);
        return result;
    }

    private static ObjectNode stringArgument(String name, String description) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        schema.putObject("properties").putObject(name).put("type", "string").put("description", description);
        schema.putArray("required").add(name);
        return schema;
    }

    // the suite's scenarios expect these fixtures without task support unless they name it
    private static ToolDefinition toolWith(String name, String description, ObjectNode inputSchema, ToolHandler handler) {
        return ToolDefinition.named(name).description(description).inputSchema(inputSchema).taskSupport(TaskSupport.FORBIDDEN)
                .handler(handler);
    }

    private static ToolDefinition tool(String name, String description, ToolHandler handler) {
        return ToolDefinition.named(name).description(description).inputSchema(noArguments()).readOnly()
                .taskSupport(TaskSupport.FORBIDDEN).handler(handler);
    }

    private static ToolDefinition taskTool(String name, String description, TaskSupport taskSupport, ObjectNode inputSchema,
            ToolHandler handler) {
        return ToolDefinition.named(name).description(description).inputSchema(inputSchema).taskSupport(taskSupport)
                .handler(handler);
    }

    private static ObjectNode noArguments() {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    private static ObjectNode slowComputeSchema() {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("seconds").put("type", "integer").put("minimum", 0).put("description", "How long to work");
        properties.putObject("label").put("type", "string").put("description", "What to call the result");
        return schema;
    }

    private static ObjectNode image() {
        return JSON.objectNode().put("type", "image").put("data", RED_PIXEL_PNG).put("mimeType", "image/png");
    }

    private static ObjectNode audio() {
        return JSON.objectNode().put("type", "audio").put("data", Base64.getEncoder().encodeToString(silentWav()))
                .put("mimeType", "audio/wav");
    }

    private static ObjectNode resource(String uri, String mimeType, String text) {
        ObjectNode block = JSON.objectNode().put("type", "resource");
        block.putObject("resource").put("uri", uri).put("mimeType", mimeType).put("text", text);
        return block;
    }

    /** 0.1 s of silence: 8 kHz, 8-bit mono PCM in a RIFF/WAVE container. */
    static byte[] silentWav() {
        int samples = 800;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + samples).put("WAVE".getBytes());
        header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(8000)
                .putShort((short) 1).putShort((short) 8);
        header.put("data".getBytes()).putInt(samples);
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        wav.writeBytes(header.array());
        for (int i = 0; i < samples; i++) {
            wav.write(128); // unsigned 8-bit silence
        }
        return wav.toByteArray();
    }

    /** The suite's own 2020-12 schema (SEP-1613, SEP-2106): $defs with an $anchor, allOf/anyOf, if/then/else. */
    private static JsonNode jsonSchema2020() {
        return RecordCodec.shared().tree(("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"$defs\":{\"address\":{\"$anchor\":\"addressDef\",\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"},"
                + "\"city\":{\"type\":\"string\"}}}},\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"address\":{\"$ref\":\"#/$defs/address\"},\"contactMethod\":{\"type\":\"string\",\"enum\":[\"phone\",\"email\"]},"
                + "\"phone\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"}},"
                + "\"allOf\":[{\"anyOf\":[{\"required\":[\"phone\"]},{\"required\":[\"email\"]}]}],"
                + "\"if\":{\"properties\":{\"contactMethod\":{\"const\":\"phone\"}},\"required\":[\"contactMethod\"]},"
                + "\"then\":{\"required\":[\"phone\"]},\"else\":{\"required\":[\"email\"]},\"additionalProperties\":false}").getBytes());
    }

}
