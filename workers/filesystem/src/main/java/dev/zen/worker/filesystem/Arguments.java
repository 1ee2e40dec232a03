package dev.zen.worker.filesystem;

import dev.zen.worker.runtime.ToolFailure;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Typed access to a call's arguments. The gateway validated them against the inputSchema already;
 * these checks repeat the essentials so that a handler called any other way still fails as a tool
 * error naming the argument, never with a NullPointerException.
 */
final class Arguments {

    private final JsonNode arguments;

    Arguments(JsonNode arguments) {
        this.arguments = arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments;
        if (!this.arguments.isObject()) {
            throw new ToolFailure("Expected the arguments to be a JSON object, but they were " + this.arguments.getNodeType());
        }
    }

    boolean has(String name) {
        JsonNode value = arguments.get(name);
        return value != null && !value.isNull();
    }

    String requiredString(String name) {
        if (!has(name)) {
            throw new ToolFailure("Expected argument '" + name + "', but it is missing");
        }
        return string(name, null);
    }

    String string(String name, String fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = arguments.get(name);
        if (!value.isString()) {
            throw new ToolFailure("Expected argument '" + name + "' to be a string, but it was " + value.getNodeType());
        }
        return value.asString();
    }

    /** An optional integer within [min, max]; null when absent. */
    Integer optionalInteger(String name, int min, int max) {
        if (!has(name)) {
            return null;
        }
        JsonNode value = arguments.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ToolFailure("Expected argument '" + name + "' to be an integer, but it was " + value);
        }
        int number = value.intValue();
        if (number < min || number > max) {
            throw new ToolFailure("Expected argument '" + name + "' to be between " + min + " and " + max
                    + ", but it was " + number);
        }
        return number;
    }

    int integer(String name, int fallback, int min, int max) {
        Integer value = optionalInteger(name, min, max);
        return value == null ? fallback : value;
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = arguments.get(name);
        if (!value.isBoolean()) {
            throw new ToolFailure("Expected argument '" + name + "' to be true or false, but it was " + value);
        }
        return value.booleanValue();
    }

    /** An array argument's elements; empty when absent. */
    List<JsonNode> array(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode value = arguments.get(name);
        if (!value.isArray()) {
            throw new ToolFailure("Expected argument '" + name + "' to be an array, but it was " + value.getNodeType());
        }
        return List.copyOf(value.values());
    }

    List<String> strings(String name) {
        List<String> strings = new ArrayList<>();
        List<JsonNode> values = array(name);
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isString()) {
                throw new ToolFailure("Expected " + name + "[" + i + "] to be a string, but it was "
                        + values.get(i).getNodeType());
            }
            strings.add(values.get(i).asString());
        }
        return strings;
    }
}
