package dev.zen.worker.runtime.tool;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolFailure;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An object of named {@link Field}s and nothing else: a tool's arguments (its {@code inputSchema}),
 * its structured output ({@code outputSchema}), or an object nested in either. {@link #schema()}
 * yields the JSON Schema (draft 2020-12, {@code additionalProperties: false}); {@link #bind} reads
 * and checks arguments against the same declaration; {@link #builder()} builds output that must
 * carry every required field. A recursive shape (a tree's node) is {@link #define}d in {@code $defs}
 * and referred to with {@link Field#ref}.
 *
 * <p>Immutable and thread safe: declare shapes as constants next to their fields.
 */
public final class ObjectShape {

    private static final Pattern DEFINITION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private final List<Field<?>> fields;
    private final Map<String, Field<?>> byName = new LinkedHashMap<>();
    private final String description;
    private final Map<String, ObjectShape> definitions;

    private ObjectShape(List<Field<?>> fields, String description, Map<String, ObjectShape> definitions) {
        this.fields = List.copyOf(fields);
        this.description = description;
        this.definitions = definitions;
        for (Field<?> field : this.fields) {
            if (byName.put(field.name(), field) != null) {
                throw new IllegalArgumentException("Expected distinct field names, but '" + field.name() + "' is declared twice");
            }
        }
    }

    public static ObjectShape of(Field<?>... fields) {
        return new ObjectShape(List.of(fields), null, Map.of());
    }

    /** The same shape with a description (shown for nested objects). */
    public ObjectShape describedAs(String text) {
        return new ObjectShape(fields, text, definitions);
    }

    /**
     * The same shape with {@code shape} in its {@code $defs} as {@code name}, where a {@link Field#ref}
     * field of this shape or of any shape inside it, {@code shape} itself included, can refer to it.
     * Define on the outermost shape: a reference resolves against the whole schema's {@code $defs}.
     */
    public ObjectShape define(String name, ObjectShape shape) {
        requireDefinitionName(name);
        if (definitions.containsKey(name)) {
            throw new IllegalArgumentException("Expected distinct definition names, but '" + name + "' is defined twice");
        }
        Map<String, ObjectShape> more = new LinkedHashMap<>(definitions);
        more.put(name, Objects.requireNonNull(shape, "shape"));
        return new ObjectShape(fields, description, Collections.unmodifiableMap(more));
    }

    static String requireDefinitionName(String name) {
        if (name == null || !DEFINITION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Expected a definition name of " + DEFINITION_NAME + ", but was '" + name + "'");
        }
        return name;
    }

    public List<Field<?>> fields() {
        return fields;
    }

    /** The JSON Schema of this object. A fresh copy: callers may change it. */
    public ObjectNode schema() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode schema = nodes.objectNode().put("type", "object");
        if (description != null) {
            schema.put("description", description);
        }
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = nodes.arrayNode();
        for (Field<?> field : fields) {
            properties.set(field.name(), field.schema());
            if (field.isRequired()) {
                required.add(field.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        if (!definitions.isEmpty()) {
            ObjectNode defs = schema.putObject("$defs");
            definitions.forEach((name, shape) -> defs.set(name, shape.schema()));
        }
        return schema;
    }

    /** Reads and checks a call's arguments: every error names the argument. */
    public Arguments bind(ToolCall call) {
        return bind(call.arguments());
    }

    /**
     * Reads and checks {@code arguments}: an unknown argument, a missing required one, or a value of
     * the wrong type or out of bounds is a {@link ToolFailure} naming it. The gateway validated the
     * same schema already; this keeps a handler called any other way just as safe.
     */
    public Arguments bind(JsonNode arguments) {
        JsonNode object = arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments;
        if (!object.isObject()) {
            throw new ToolFailure("Expected the arguments to be a JSON object, but they were "
                    + object.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return new Arguments(this, bind(object, ""));
    }

    /** Binds an object found at {@code prefix} ("" for the arguments, "edits[0]." for an element). */
    Map<Field<?>, Object> bind(JsonNode object, String prefix) {
        for (Iterator<String> names = object.propertyNames().iterator(); names.hasNext();) {
            String name = names.next();
            if (!byName.containsKey(name)) {
                throw new ToolFailure("Expected only the arguments " + String.join(", ", byName.keySet()) + ", but got '"
                        + prefix + name + "'");
            }
        }
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        for (Field<?> field : fields) {
            JsonNode value = object.get(field.name());
            String path = prefix + field.name();
            if (value == null || value.isNull()) {
                if (field.isRequired()) {
                    throw new ToolFailure("Expected " + Field.where(path) + ", but it is missing");
                }
                continue;
            }
            values.put(field, field.read(value, path));
        }
        return values;
    }

    /** A builder of an object of this shape (structured output). */
    public Builder builder() {
        return new Builder(this);
    }

    boolean declares(Field<?> field) {
        return byName.get(field.name()) == field;
    }

    /**
     * Builds one object of the shape. {@link #build()} fails when a required field was not set, so an
     * output cannot drift from its declared schema.
     */
    public static final class Builder {

        private final ObjectShape shape;
        private final ObjectNode node = JsonNodeFactory.instance.objectNode();

        private Builder(ObjectShape shape) {
            this.shape = shape;
        }

        public <T> Builder put(Field<T> field, T value) {
            requireDeclared(field);
            if (value == null) {
                node.remove(field.name());
            } else {
                field.checkOutput(value);
                node.set(field.name(), field.write(value));
            }
            return this;
        }

        /** A whole number; sizes and counts are {@code long}. */
        public Builder put(Field<Long> field, long value) {
            return put(field, Long.valueOf(value));
        }

        private void requireDeclared(Field<?> field) {
            if (!shape.declares(field)) {
                throw new IllegalArgumentException("Expected a field of this shape (" + String.join(", ", shape.byName.keySet())
                        + "), but got " + field.name());
            }
        }

        /** The structured result of a tool: its text block is the JSON of the object. */
        public CallToolResult result() {
            ObjectNode structured = build();
            return CallToolResult.structured(RecordCodec.shared().mapper().writeValueAsString(structured), structured);
        }

        /** The structured result with a readable text block (file content, a diff) beside it. */
        public CallToolResult result(String text) {
            return CallToolResult.structured(text, build());
        }

        public ObjectNode build() {
            for (Field<?> field : shape.fields) {
                if (field.isRequired() && !node.has(field.name())) {
                    throw new IllegalStateException("Expected output field '" + field.name() + "' to be set, but it is not");
                }
            }
            return node;
        }
    }
}
