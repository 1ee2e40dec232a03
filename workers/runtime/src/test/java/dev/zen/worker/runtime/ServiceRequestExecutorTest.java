package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.Principal;
import dev.zen.schemas.RpcError;
import dev.zen.schemas.ServiceRequest;
import dev.zen.schemas.ServiceResponse;
import dev.zen.schemas.WorkerRef;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class ServiceRequestExecutorTest {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final ServiceRequestExecutor executor = new ServiceRequestExecutor(new ServiceDefinition("svc", "1", List.of(),
            List.of(new ResourceDefinition(JSON.objectNode().put("uri", "x://static").put("name", "static"), (uri, call) -> text(uri, "static")),
                    new ResourceDefinition(JSON.objectNode().put("uri", "x://broken").put("name", "broken"), (uri, call) -> {
                        throw new IllegalStateException("disk on fire");
                    })),
            List.of(new ResourceTemplateDefinition(JSON.objectNode().put("uriTemplate", "x://items/{id}").put("name", "item"),
                    (uri, call) -> {
                        if (call.argument("id").equals("gone")) {
                            throw new ResourceNotFound(uri, "no item gone");
                        }
                        return text(uri, "item " + call.argument("id"));
                    }, (argument, partial, call) -> IntStream.range(0, 150).mapToObj(i -> partial + i).toList())),
            List.of(new PromptDefinition(prompt(), call -> JSON.objectNode().put("said", call.argument("who"))))),
            new WorkerRef("svc", "i-1", "1"));

    static ObjectNode prompt() {
        ObjectNode prompt = JSON.objectNode().put("name", "hello");
        prompt.putArray("arguments").addObject().put("name", "who").put("required", true);
        return prompt;
    }

    static ObjectNode text(String uri, String text) {
        ObjectNode result = JSON.objectNode();
        result.putArray("contents").addObject().put("uri", uri).put("text", text);
        return result;
    }

    static ServiceRequest request(String method, String params) {
        long now = System.currentTimeMillis();
        return new ServiceRequest(null, "r-1", "svc", method, dev.zen.schemas.RecordCodec.shared().tree(params.getBytes()),
                Principal.ANONYMOUS, null, now + 5_000, null, now);
    }

    ServiceResponse run(String method, String params) {
        return executor.execute(request(method, params), ClientChannel.NONE);
    }

    @Test
    void shouldReadStaticResourcesBeforeTemplates() {
        assertThat(run("resources/read", "{\"uri\":\"x://static\"}").result().path("contents").get(0).path("text").asString()).isEqualTo("static");
        assertThat(run("resources/read", "{\"uri\":\"x://items/7\"}").result().path("contents").get(0).path("text").asString()).isEqualTo("item 7");
    }

    @Test
    void shouldAnswerUnknownAndMissingResourcesWithMinus32002AndTheUri() {
        RpcError unknown = run("resources/read", "{\"uri\":\"x://nothing\"}").error();
        RpcError gone = run("resources/read", "{\"uri\":\"x://items/gone\"}").error();

        assertThat(unknown.code()).isEqualTo(-32002);
        assertThat(unknown.data().path("uri").asString()).isEqualTo("x://nothing");
        assertThat(gone.code()).isEqualTo(-32002);
        assertThat(gone.message()).isEqualTo("no item gone");
    }

    @Test
    void shouldReportACrashedReaderAsAnInternalErrorNamingTheService() {
        RpcError error = run("resources/read", "{\"uri\":\"x://broken\"}").error();

        assertThat(error.code()).isEqualTo(-32603);
        assertThat(error.message()).contains("svc").contains("disk on fire");
    }

    @Test
    void shouldCheckPromptArgumentsBeforeCallingTheHandler() {
        assertThat(run("prompts/get", "{\"name\":\"hello\",\"arguments\":{\"who\":\"Ada\"}}").result().path("said").asString()).isEqualTo("Ada");
        assertThat(run("prompts/get", "{\"name\":\"hello\"}").error().message()).contains("[who]");
        assertThat(run("prompts/get", "{\"name\":\"hello\",\"arguments\":[1]}").error().code()).isEqualTo(-32602);
        assertThat(run("prompts/get", "{\"name\":\"bye\"}").error().message()).contains("unknown prompt 'bye'");
    }

    @Test
    void shouldCapCompletionsAtAHundredAndSayThereIsMore() {
        JsonNode completion = run("completion/complete", "{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"x://items/{id}\"},"
                + "\"argument\":{\"name\":\"id\",\"value\":\"a\"}}").result().path("completion");
        JsonNode none = run("completion/complete", "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"hello\"},"
                + "\"argument\":{\"name\":\"who\",\"value\":\"A\"}}").result().path("completion");

        assertThat(completion.path("values")).hasSize(100);
        assertThat(completion.path("values").get(0).asString()).isEqualTo("a0");
        assertThat(completion.path("total").asInt()).isEqualTo(150);
        assertThat(completion.path("hasMore").asBoolean()).isTrue();
        assertThat(none.path("values")).isEmpty();
    }

    @Test
    void shouldKnowWhichUrisCanBeSubscribedTo() {
        assertThat(run("resources/subscribe", "{\"uri\":\"x://items/1\"}").result()).isNotNull();
        assertThat(run("resources/subscribe", "{\"uri\":\"y://other\"}").error().code()).isEqualTo(-32002);
        assertThat(run("resources/unsubscribe", "{}").error().code()).isEqualTo(-32602);
    }

    @Test
    void shouldSubscribeOnlyWhereTheReaderLetsTheCaller() {
        ResourceReader privateItems = new ResourceReader() {
            @Override
            public JsonNode read(String uri, ServiceCall call) {
                return text(uri, "mine");
            }

            @Override
            public boolean maySubscribe(String uri, ServiceCall call) {
                return call.argument("owner").equals(call.principal().subject());
            }
        };
        ServiceRequestExecutor guarded = new ServiceRequestExecutor(new ServiceDefinition("svc", "1", List.of(), List.of(),
                List.of(new ResourceTemplateDefinition(JSON.objectNode().put("uriTemplate", "p://{owner}/item").put("name", "p"), privateItems,
                        null)), List.of()), new WorkerRef("svc", "i-1", "1"));
        assertThat(guarded.execute(request("resources/subscribe", "{\"uri\":\"p://anonymous/item\"}"), ClientChannel.NONE).result())
                .isNotNull();
        assertThat(guarded.execute(request("resources/subscribe", "{\"uri\":\"p://alice/item\"}"), ClientChannel.NONE).error().code())
                .isEqualTo(RpcError.RESOURCE_NOT_FOUND);
        // leaving a subscription needs no permission
        assertThat(guarded.execute(request("resources/unsubscribe", "{\"uri\":\"p://alice/item\"}"), ClientChannel.NONE).result())
                .isNotNull();
    }

    @Test
    void shouldNotRunARequestWhoseDeadlinePassed() {
        ServiceRequest late = new ServiceRequest(null, "r-2", "svc", "resources/read", JSON.objectNode().put("uri", "x://static"),
                Principal.ANONYMOUS, null, System.currentTimeMillis() - 1, null, 0);

        assertThat(executor.execute(late, ClientChannel.NONE).error().message()).contains("deadline");
    }
}
