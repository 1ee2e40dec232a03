package dev.zen.gateway.mcp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the fields of a JSON-RPC {@code params} object (or of an object inside it) by their JSON
 * type, for {@link McpParams}: a field of the wrong type, or a required one that is missing, is
 * -32602 with a message naming the field by its dotted path ("Invalid params: 'ref.type' must be a
 * string"). Absent and {@code null} are the same for optional fields. Never coerces one type into
 * another. Immutable.
 */
final class ParamsReader {

    private final JsonNode node;
    private final String path;

    private ParamsReader(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** A reader of a request's params; absent params read as an empty object (the controller refuses params that are not an object). */
    static ParamsReader of(JsonNode params) {
        return new ParamsReader(params, "");
    }

    /** The field's dotted path from the params, as messages name it. */
    private String name(String field) {
        return path + field;
    }

    /** -32602: {@code 'field' mustBe}. */
    JsonRpcException invalid(String field, String mustBe) {
        return JsonRpcException.invalidParams("Invalid params: '" + name(field) + "' " + mustBe);
    }

    /** Whether the field is there and not null. */
    boolean has(String field) {
        JsonNode value = node.path(field);
        return !value.isMissingNode() && !value.isNull();
    }

    /** The field's value as it is: null when absent or null. */
    JsonNode value(String field) {
        return has(field) ? node.get(field) : null;
    }

    /** A string, or null when absent. */
    String optionalString(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw invalid(field, "must be a string, but was " + type(value));
        }
        return value.asString();
    }

    /** A string that must be there and not be empty; {@code mustBe} says so in the error (e.g. "must be a non-empty string naming the tool"). */
    String requiredString(String field, String mustBe) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.asString().isEmpty()) {
            throw invalid(field, mustBe);
        }
        return value.asString();
    }

    /** A boolean, or {@code otherwise} when absent. */
    boolean optionalBoolean(String field, boolean otherwise) {
        JsonNode value = value(field);
        if (value == null) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw invalid(field, "must be a boolean, but was " + type(value));
        }
        return value.booleanValue();
    }

    /** An object as it is, or null when absent. */
    ObjectNode optionalObject(String field) {
        return optionalObject(field, "must be an object");
    }

    /** {@link #optionalObject(String)} with the error's own wording. */
    ObjectNode optionalObject(String field, String mustBe) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(field, mustBe + ", but was " + type(value));
        }
        return (ObjectNode) value;
    }

    /** A reader of the object in {@code field}; one of an empty object when absent. */
    ParamsReader object(String field) {
        ObjectNode value = optionalObject(field);
        return new ParamsReader(value == null ? MissingNode.getInstance() : value, name(field) + ".");
    }

    /** A reader of the object in {@code field}, which must be there. */
    ParamsReader requiredObject(String field) {
        if (!has(field)) {
            throw invalid(field, "is required (an object)");
        }
        return object(field);
    }

    /** An object whose values are all strings ({@code GetPromptRequest.arguments}), in order; empty when absent. */
    Map<String, String> stringMap(String field) {
        ObjectNode value = optionalObject(field, "must be an object of strings");
        if (value == null) {
            return Map.of();
        }
        Map<String, String> strings = new LinkedHashMap<>();
        for (var entry : value.properties()) {
            if (!entry.getValue().isString()) {
                throw invalid(field + "." + entry.getKey(), "must be a string, but was " + type(entry.getValue()));
            }
            strings.put(entry.getKey(), entry.getValue().asString());
        }
        return Collections.unmodifiableMap(strings);
    }

    /** An array of strings; empty when absent; {@code mustBe} words the error. */
    List<String> stringList(String field, String mustBe) {
        JsonNode value = value(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(field, mustBe);
        }
        List<String> strings = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw invalid(field, mustBe);
            }
            strings.add(item.asString());
        }
        return List.copyOf(strings);
    }

    /** A JSON-RPC id or progress token: a string or an integer as it is, or null when absent. */
    JsonNode optionalToken(String field) {
        JsonNode value = value(field);
        if (value != null && !value.isString() && !value.isIntegralNumber()) {
            throw invalid(field, "must be a string or an integer");
        }
        return value;
    }

    /** How a message names a JSON type. */
    static String type(JsonNode value) {
        return value.getNodeType().toString();
    }
}
