package dev.zen.gateway.mcp;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The params of the MCP requests and notifications this gateway serves, as records in the shape of
 * the MCP Java SDK's {@code McpSchema} ({@code PaginatedRequest}, {@code CallToolRequest},
 * {@code ReadResourceRequest}, ...). The handler of a method reads its params once, with the static
 * reader of its record, and works with the record only. Reading checks each field's JSON type (and,
 * where the gateway depends on it, its value) through {@link ParamsReader}: anything wrong is -32602
 * with a message naming the field, and nothing has been sent anywhere yet. Unknown fields are
 * ignored; {@code _meta} is read where the gateway uses it. Requests a worker answers still carry
 * their params to the worker as the client sent them.
 */
final class McpParams {

    private McpParams() {
    }

    /** {@code initialize}: the revision the client asks for, and what it says of itself (null when absent). */
    record Initialize(String protocolVersion, ObjectNode capabilities, ObjectNode clientInfo) {

        static Initialize read(JsonNode params) {
            ParamsReader reader = ParamsReader.of(params);
            JsonNode version = reader.value("protocolVersion");
            if (version == null || !version.isString()) {
                throw reader.invalid("protocolVersion", "must be a string");
            }
            return new Initialize(version.asString(), reader.optionalObject("capabilities"), reader.optionalObject("clientInfo"));
        }
    }

    /** The paginated lists ({@code tools/list}, {@code resources/list}, {@code tasks/list}, ...): the page's cursor, null for the first. */
    record ListRequest(String cursor) {

        static ListRequest read(JsonNode params) {
            return new ListRequest(ParamsReader.of(params).optionalString("cursor"));
        }
    }

    /**
     * A 2026-07-28 retry of a request that got {@code input_required}: the state the server signed, and
     * the client's answers by the keys of the round's requests.
     */
    record InputResponses(String requestState, ObjectNode responses) {

        /** The retry in {@code reader}'s params, or null when they have no {@code requestState}. */
        static InputResponses read(ParamsReader reader) {
            String state = reader.optionalString("requestState");
            ObjectNode responses = reader.optionalObject("inputResponses");
            return state == null ? null : new InputResponses(state, responses == null ? JsonNodeFactory.instance.objectNode() : responses);
        }
    }

    /** {@code task} of a 2025-11-25 {@code tools/call}: the client asks for a task, kept {@code ttl} ms (null: the server's default). */
    record TaskRequest(Long ttl) {

        /** Seconds, rounded up; null for the server's default. */
        Long ttlSeconds() {
            return ttl == null ? null : ttl / 1000 + (ttl % 1000 == 0 ? 0 : 1);
        }
    }

    /**
     * {@code tools/call}: the tool, its arguments (an object; absent reads as empty), the progress
     * token of {@code _meta} (a string or an integer, or null), the 2025-11-25 task request (or null)
     * and a 2026-07-28 retry (or null).
     */
    record CallTool(String name, ObjectNode arguments, JsonNode progressToken, TaskRequest task, InputResponses retry) {

        static CallTool read(JsonNode params) {
            ParamsReader reader = ParamsReader.of(params);
            String name = reader.requiredString("name", "must be a non-empty string naming the tool");
            ObjectNode arguments = reader.optionalObject("arguments");
            JsonNode progressToken = reader.object("_meta").optionalToken("progressToken");
            TaskRequest task = null;
            if (reader.has("task")) {
                ParamsReader taskReader = reader.object("task");
                JsonNode ttl = taskReader.value("ttl");
                if (ttl != null && (!ttl.isIntegralNumber() || !ttl.canConvertToLong() || ttl.longValue() < 1)) {
                    throw taskReader.invalid("ttl", "must be a positive integer (milliseconds)");
                }
                task = new TaskRequest(ttl == null ? null : ttl.longValue());
            }
            return new CallTool(name, arguments == null ? JsonNodeFactory.instance.objectNode() : arguments, progressToken, task,
                    InputResponses.read(reader));
        }
    }

    /** {@code resources/read}: the resource, and a 2026-07-28 retry (or null). */
    record ReadResource(String uri, InputResponses retry) {

        static ReadResource read(JsonNode params) {
            ParamsReader reader = ParamsReader.of(params);
            return new ReadResource(readUri(reader), InputResponses.read(reader));
        }
    }

    /** {@code resources/subscribe} and {@code resources/unsubscribe}: the resource. */
    record Subscribe(String uri) {

        static Subscribe read(JsonNode params) {
            return new Subscribe(readUri(ParamsReader.of(params)));
        }
    }

    /** {@code prompts/get}: the prompt, its arguments (strings, in order; empty when absent), and a 2026-07-28 retry (or null). */
    record GetPrompt(String name, Map<String, String> arguments, InputResponses retry) {

        static GetPrompt read(JsonNode params) {
            ParamsReader reader = ParamsReader.of(params);
            return new GetPrompt(reader.requiredString("name", "must be a non-empty string naming the prompt"), reader.stringMap("arguments"),
                    InputResponses.read(reader));
        }
    }

    /** {@code completion/complete}: what to complete ({@code ref}), the argument so far, and the other arguments already chosen. */
    record Complete(Reference ref, Argument argument, Map<String, String> context) {

        static Complete read(JsonNode params) {
            ParamsReader reader = ParamsReader.of(params);
            ParamsReader ref = reader.requiredObject("ref");
            String type = ref.optionalString("type");
            Reference reference = switch (type == null ? "" : type) {
                case Reference.PROMPT -> new Reference(type, ref.requiredString("name", "must be a non-empty string naming the prompt"));
                case Reference.RESOURCE -> new Reference(type, ref.requiredString("uri", "must be a non-empty string (a URI or URI template)"));
                default -> throw ref.invalid("type", "must be '" + Reference.PROMPT + "' or '" + Reference.RESOURCE + "'");
            };
            ParamsReader argument = reader.requiredObject("argument");
            String name = argument.optionalString("name");
            String value = argument.optionalString("value");
            if (name == null) {
                throw argument.invalid("name", "must be a string");
            }
            if (value == null) {
                throw argument.invalid("value", "must be a string");
            }
            return new Complete(reference, new Argument(name, value), reader.object("context").stringMap("arguments"));
        }

        /** {@code ref/prompt} with the prompt's name, or {@code ref/resource} with a URI or URI template. */
        record Reference(String type, String target) {

            static final String PROMPT = "ref/prompt";
            static final String RESOURCE = "ref/resource";

            boolean prompt() {
                return PROMPT.equals(type);
            }
        }

        /** The argument being completed and what the user typed so far. */
        record Argument(String name, String value) {
        }
    }

    /** {@code logging/setLevel}: one of the syslog severities. */
    record SetLevel(String level) {

        static SetLevel read(JsonNode params) {
            ParamsReader reader = ParamsReader.of(params);
            JsonNode level = reader.value("level");
            if (level == null || !level.isString() || !McpProtocol.LOG_LEVELS.contains(level.asString())) {
                throw reader.invalid("level", "must be one of " + McpProtocol.LOG_LEVELS);
            }
            return new SetLevel(level.asString());
        }
    }

    /** {@code tasks/get}, {@code tasks/result}, {@code tasks/cancel}: the task. */
    record TaskId(String taskId) {

        static TaskId read(JsonNode params) {
            return new TaskId(readTaskId(ParamsReader.of(params)));
        }
    }

    /** {@code tasks/update} (2026-07-28): the task, and the client's answers by the keys of its input requests. */
    record UpdateTask(String taskId, ObjectNode inputResponses) {

        static UpdateTask read(JsonNode params) {
            ParamsReader reader = ParamsReader.of(params);
            String taskId = readTaskId(reader);
            ObjectNode responses = reader.optionalObject("inputResponses", "must be an object keyed by the task's input requests");
            if (responses == null) {
                throw reader.invalid("inputResponses", "must be an object keyed by the task's input requests");
            }
            return new UpdateTask(taskId, responses);
        }
    }

    /** {@code subscriptions/listen} (2026-07-28): which notifications the client wants on the stream. */
    record Listen(boolean toolsListChanged, boolean promptsListChanged, boolean resourcesListChanged, Set<String> resourceSubscriptions) {

        static Listen read(JsonNode params) {
            ParamsReader wanted = ParamsReader.of(params).object("notifications");
            List<String> uris = wanted.stringList("resourceSubscriptions", "must be an array of URIs");
            return new Listen(wanted.optionalBoolean("toolsListChanged", false), wanted.optionalBoolean("promptsListChanged", false),
                    wanted.optionalBoolean("resourcesListChanged", false), java.util.Collections.unmodifiableSet(new TreeSet<>(uris)));
        }
    }

    /**
     * {@code notifications/cancelled}: the request to stop (its JSON-RPC id) and why. The reason is
     * null when absent or not a string: a notification gets no answer, and the cancel still counts.
     */
    record Cancelled(JsonNode requestId, String reason) {

        static Cancelled read(JsonNode params) {
            ParamsReader reader = ParamsReader.of(params);
            JsonNode requestId = reader.value("requestId");
            if (!McpWire.validId(requestId)) {
                throw reader.invalid("requestId", "must be the id of a request (" + McpWire.ID_RULE + ")");
            }
            JsonNode reason = reader.value("reason");
            return new Cancelled(requestId, reason != null && reason.isString() ? reason.asString() : null);
        }
    }

    private static String readUri(ParamsReader reader) {
        return reader.requiredString("uri", "must be a non-empty string");
    }

    private static String readTaskId(ParamsReader reader) {
        return reader.requiredString("taskId", "must be a non-empty string");
    }
}
