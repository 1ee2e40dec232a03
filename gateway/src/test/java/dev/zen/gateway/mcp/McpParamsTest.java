package dev.zen.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zen.schemas.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

class McpParamsTest {

    static JsonNode json(String text) {
        return RecordCodec.shared().tree(text.getBytes(StandardCharsets.UTF_8));
    }

    static JsonRpcException refusal(Runnable read) {
        return catchThrowableOfType(JsonRpcException.class, read::run);
    }

    @Test
    void shouldReadEveryFieldOfAFullCallTool() {
        McpParams.CallTool call = McpParams.CallTool.read(json("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},\"task\":{\"ttl\":1500},"
                + "\"_meta\":{\"progressToken\":7},\"requestState\":\"s\",\"inputResponses\":{\"k\":{}},\"unknown\":[1]}"));

        assertThat(call.name()).isEqualTo("echo");
        assertThat(call.arguments().toString()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(call.progressToken().asInt()).isEqualTo(7);
        assertThat(call.task().ttl()).isEqualTo(1500L);
        assertThat(call.task().ttlSeconds()).isEqualTo(2L);
        assertThat(call.retry().requestState()).isEqualTo("s");
        assertThat(call.retry().responses().has("k")).isTrue();
    }

    @Test
    void shouldReadAMinimalCallToolWithDefaults() {
        McpParams.CallTool call = McpParams.CallTool.read(json("{\"name\":\"echo\",\"arguments\":null,\"_meta\":null,\"task\":null}"));

        assertThat(call.arguments().isEmpty()).isTrue();
        assertThat(call.progressToken()).isNull();
        assertThat(call.task()).isNull();
        assertThat(call.retry()).isNull();
    }

    @Test
    void shouldReadAbsentParamsAsEmpty() {
        assertThat(McpParams.ListRequest.read(MissingNode.getInstance()).cursor()).isNull();
        assertThat(McpParams.Listen.read(MissingNode.getInstance())).isEqualTo(new McpParams.Listen(false, false, false, Set.of()));
        assertThat(refusal(() -> McpParams.ReadResource.read(MissingNode.getInstance())).getMessage())
                .isEqualTo("Invalid params: 'uri' must be a non-empty string");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "list            | {\"cursor\":{}}                                        | Invalid params: 'cursor' must be a string, but was OBJECT",
        "list            | {\"cursor\":[\"a\"]}                                  | Invalid params: 'cursor' must be a string, but was ARRAY",
        "call            | {\"name\":5}                                          | Invalid params: 'name' must be a non-empty string naming the tool",
        "call            | {\"name\":\"t\",\"arguments\":[1]}                    | Invalid params: 'arguments' must be an object, but was ARRAY",
        "call            | {\"name\":\"t\",\"_meta\":\"x\"}                      | Invalid params: '_meta' must be an object, but was STRING",
        "call            | {\"name\":\"t\",\"_meta\":{\"progressToken\":1.5}}    | Invalid params: '_meta.progressToken' must be a string or an integer",
        "call            | {\"name\":\"t\",\"task\":true}                        | Invalid params: 'task' must be an object, but was BOOLEAN",
        "call            | {\"name\":\"t\",\"task\":{\"ttl\":0}}                 | Invalid params: 'task.ttl' must be a positive integer (milliseconds)",
        "call            | {\"name\":\"t\",\"task\":{\"ttl\":99999999999999999999999}} | Invalid params: 'task.ttl' must be a positive integer (milliseconds)",
        "call            | {\"name\":\"t\",\"requestState\":{}}                  | Invalid params: 'requestState' must be a string, but was OBJECT",
        "call            | {\"name\":\"t\",\"inputResponses\":[]}                | Invalid params: 'inputResponses' must be an object, but was ARRAY",
        "read            | {\"uri\":\"\"}                                        | Invalid params: 'uri' must be a non-empty string",
        "prompt          | {\"name\":\"p\",\"arguments\":{\"name\":7}}           | Invalid params: 'arguments.name' must be a string, but was NUMBER",
        "prompt          | {\"name\":\"p\",\"arguments\":\"x\"}                  | Invalid params: 'arguments' must be an object of strings, but was STRING",
        "complete        | {\"argument\":{\"name\":\"a\",\"value\":\"b\"}}       | Invalid params: 'ref' is required (an object)",
        "complete        | {\"ref\":{\"type\":\"ref/tool\"}}                     | Invalid params: 'ref.type' must be 'ref/prompt' or 'ref/resource'",
        "complete        | {\"ref\":{\"type\":[]}}                               | Invalid params: 'ref.type' must be a string, but was ARRAY",
        "complete        | {\"ref\":{\"type\":\"ref/prompt\"}}                   | Invalid params: 'ref.name' must be a non-empty string naming the prompt",
        "complete        | {\"ref\":{\"type\":\"ref/resource\",\"uri\":1}}       | Invalid params: 'ref.uri' must be a non-empty string (a URI or URI template)",
        "complete        | {\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"},\"argument\":{\"name\":\"a\",\"value\":null}} | Invalid params: 'argument.value' must be a string",
        "complete        | {\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"},\"argument\":{\"name\":\"a\",\"value\":\"\"},\"context\":{\"arguments\":{\"b\":{}}}} | Invalid params: 'context.arguments.b' must be a string, but was OBJECT",
        "level           | {\"level\":\"loud\"}                                  | Invalid params: 'level' must be one of [debug, info, notice, warning, error, critical, alert, emergency]",
        "task            | {\"taskId\":[]}                                       | Invalid params: 'taskId' must be a non-empty string",
        "update          | {\"taskId\":\"t\"}                                    | Invalid params: 'inputResponses' must be an object keyed by the task's input requests",
        "listen          | {\"notifications\":{\"toolsListChanged\":\"yes\"}}    | Invalid params: 'notifications.toolsListChanged' must be a boolean, but was STRING",
        "listen          | {\"notifications\":{\"resourceSubscriptions\":{\"a\":\"b\"}}} | Invalid params: 'notifications.resourceSubscriptions' must be an array of URIs",
        "initialize      | {\"protocolVersion\":20251125}                        | Invalid params: 'protocolVersion' must be a string",
        "initialize      | {\"protocolVersion\":\"x\",\"capabilities\":\"all\"}   | Invalid params: 'capabilities' must be an object, but was STRING",
        "cancelled       | {\"requestId\":{}}                                    | Invalid params: 'requestId' must be the id of a request (an integer, or a string of at most 256 characters of valid Unicode)"})
    void shouldRefuseAFieldOfTheWrongTypeNamingIt(String method, String params, String message) {
        Runnable read = switch (method) {
            case "list" -> () -> McpParams.ListRequest.read(json(params));
            case "call" -> () -> McpParams.CallTool.read(json(params));
            case "read" -> () -> McpParams.ReadResource.read(json(params));
            case "prompt" -> () -> McpParams.GetPrompt.read(json(params));
            case "complete" -> () -> McpParams.Complete.read(json(params));
            case "level" -> () -> McpParams.SetLevel.read(json(params));
            case "task" -> () -> McpParams.TaskId.read(json(params));
            case "update" -> () -> McpParams.UpdateTask.read(json(params));
            case "listen" -> () -> McpParams.Listen.read(json(params));
            case "initialize" -> () -> McpParams.Initialize.read(json(params));
            default -> () -> McpParams.Cancelled.read(json(params));
        };

        JsonRpcException refused = refusal(read);

        assertThat(refused).as(params).isNotNull();
        assertThat(refused.code()).isEqualTo(JsonRpcException.INVALID_PARAMS);
        assertThat(refused.httpStatus()).isEqualTo(200);
        assertThat(refused.getMessage()).isEqualTo(message);
    }

    @Test
    void shouldReadCompletionReferencesAndContext() {
        McpParams.Complete prompt = McpParams.Complete.read(json("{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},"
                + "\"argument\":{\"name\":\"name\",\"value\":\"A\"},\"context\":{\"arguments\":{\"x\":\"y\"}}}"));
        McpParams.Complete template = McpParams.Complete.read(json("{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"test://items/{id}\"},"
                + "\"argument\":{\"name\":\"id\",\"value\":\"\"}}"));

        assertThat(prompt.ref().prompt()).isTrue();
        assertThat(prompt.ref().target()).isEqualTo("greet");
        assertThat(prompt.argument()).isEqualTo(new McpParams.Complete.Argument("name", "A"));
        assertThat(prompt.context()).isEqualTo(Map.of("x", "y"));
        assertThat(template.ref().prompt()).isFalse();
        assertThat(template.ref().target()).isEqualTo("test://items/{id}");
        assertThat(template.context()).isEmpty();
    }

    @Test
    void shouldKeepACancelWhoseReasonIsNotAString() {
        McpParams.Cancelled cancelled = McpParams.Cancelled.read(json("{\"requestId\":\"r-1\",\"reason\":42}"));

        assertThat(cancelled.requestId().asString()).isEqualTo("r-1");
        assertThat(cancelled.reason()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"1 | true", "\"a\" | true", "1.5 | false", "{} | false", "null | false", "\"\\ud800\" | false",
            "\"\\ud83d\\ude00\" | true"})
    void shouldAcceptIdsTheRecordsOnKafkaCanCarry(String id, boolean valid) {
        assertThat(McpWire.validId(json(id))).isEqualTo(valid);
        assertThat(McpWire.validId(json("\"" + "a".repeat(McpWire.MAX_ID_LENGTH) + "\""))).isTrue();
        assertThat(McpWire.validId(json("\"" + "a".repeat(McpWire.MAX_ID_LENGTH + 1) + "\""))).isFalse();
    }
}
