package dev.zen.worker.filesystem;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Small builders for the tools' JSON Schemas (draft 2020-12), so each tool reads as a list of properties. */
final class JsonSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonSchemas() {
    }

    static ObjectBuilder object() {
        return new ObjectBuilder();
    }

    static ObjectNode string(String description) {
        ObjectNode schema = typed("string");
        schema.put("description", description);
        return schema;
    }

    static ObjectNode string(String description, String defaultValue) {
        return string(description).put("default", defaultValue);
    }

    static ObjectNode enumeration(String description, String... values) {
        ObjectNode schema = string(description);
        ArrayNode allowed = schema.putArray("enum");
        for (String value : values) {
            allowed.add(value);
        }
        return schema;
    }

    static ObjectNode integer(String description, long minimum, long maximum) {
        ObjectNode schema = typed("integer");
        schema.put("description", description);
        schema.put("minimum", minimum);
        schema.put("maximum", maximum);
        return schema;
    }

    static ObjectNode integer(String description, long minimum, long maximum, long defaultValue) {
        return integer(description, minimum, maximum).put("default", defaultValue);
    }

    /** A non-negative integer without an upper bound (sizes, counts in outputs). */
    static ObjectNode count(String description) {
        ObjectNode schema = typed("integer");
        schema.put("description", description);
        schema.put("minimum", 0);
        return schema;
    }

    static ObjectNode bool(String description) {
        ObjectNode schema = typed("boolean");
        schema.put("description", description);
        return schema;
    }

    static ObjectNode bool(String description, boolean defaultValue) {
        return bool(description).put("default", defaultValue);
    }

    static ObjectNode array(String description, JsonNode items) {
        ObjectNode schema = typed("array");
        schema.put("description", description);
        schema.set("items", items);
        return schema;
    }

    static ObjectNode array(String description, JsonNode items, int minItems, int maxItems) {
        return array(description, items).put("minItems", minItems).put("maxItems", maxItems);
    }

    static ObjectNode dateTime(String description) {
        return string(description).put("format", "date-time");
    }

    static ObjectNode anyOf(JsonNode... alternatives) {
        ObjectNode schema = NODES.objectNode();
        schema.putArray("anyOf").addAll(List.of(alternatives));
        return schema;
    }

    private static ObjectNode typed(String type) {
        return NODES.objectNode().put("type", type);
    }

    /** An object schema: named properties, the required ones, and no others. */
    static final class ObjectBuilder {

        private final ObjectNode schema = typed("object");
        private final ObjectNode properties = NODES.objectNode();
        private final ArrayNode required = NODES.arrayNode();
        private final ObjectNode defs = NODES.objectNode();

        ObjectBuilder description(String description) {
            schema.put("description", description);
            return this;
        }

        ObjectBuilder required(String name, JsonNode property) {
            properties.set(name, property);
            required.add(name);
            return this;
        }

        ObjectBuilder optional(String name, JsonNode property) {
            properties.set(name, property);
            return this;
        }

        ObjectBuilder definition(String name, JsonNode definition) {
            defs.set(name, definition);
            return this;
        }

        ObjectNode build() {
            schema.set("properties", properties);
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
            schema.put("additionalProperties", false);
            if (!defs.isEmpty()) {
                schema.set("$defs", defs);
            }
            return schema;
        }
    }
}
