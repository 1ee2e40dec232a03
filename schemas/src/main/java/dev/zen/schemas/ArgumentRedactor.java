package dev.zen.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Redacts a call's arguments for the audit topic, by the tool's own input schema. Keys are always
 * kept. A property whose schema says
 * <ul>
 *   <li>{@code "x-zen-sensitive": true} has its value replaced by {@code "sha256:<hex>"} of its JSON
 *       text, so analysts can still see that two calls used the same value without seeing it;
 *   <li>{@code "x-zen-content": true} (file contents, SQL text or results, documents) has its value
 *       replaced by {@code "[omitted: N bytes]"}: contents are never copied;
 * </ul>
 * and any string longer than {@link #MAX_STRING} characters is treated as content too, whatever
 * its schema says. Objects and arrays are walked with their {@code properties}, {@code items} and
 * {@code additionalProperties} schemas. The hash is unsalted: it hides values, but a low-entropy
 * value (a short PIN) can be guessed by hashing candidates, so mark such fields content, not sensitive.
 * Stateless and thread safe.
 */
public final class ArgumentRedactor {

    /** The keyword that marks a property whose value is replaced by its hash. */
    public static final String SENSITIVE = "x-zen-sensitive";
    /** The keyword that marks a property whose value is never copied, only its size. */
    public static final String CONTENT = "x-zen-content";
    /** Longer strings are never copied. */
    public static final int MAX_STRING = 256;

    private ArgumentRedactor() {
    }

    /** The arguments as the audit may keep them; null stays null. {@code inputSchema} may be null (then only long strings go). */
    public static JsonNode redact(JsonNode arguments, JsonNode inputSchema) {
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            return arguments;
        }
        return walk(arguments, inputSchema == null ? JsonNodeFactory.instance.objectNode() : inputSchema);
    }

    /** Only the keys of the arguments (values become {@code "[not recorded]"}): for a tool whose schema is not known. */
    public static JsonNode keysOnly(JsonNode arguments) {
        if (arguments == null || !arguments.isObject()) {
            return arguments == null || arguments.isNull() ? arguments : StringNode.valueOf("[not recorded]");
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : arguments.properties()) {
            copy.put(field.getKey(), "[not recorded]");
        }
        return copy;
    }

    private static JsonNode walk(JsonNode value, JsonNode schema) {
        if (schema.path(SENSITIVE).asBoolean(false)) {
            return StringNode.valueOf("sha256:" + sha256(value.toString()));
        }
        if (schema.path(CONTENT).asBoolean(false)) {
            return omitted(value);
        }
        if (value.isString() && value.asString().length() > MAX_STRING) {
            return omitted(value);
        }
        if (value.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                JsonNode fieldSchema = properties.path(field.getKey());
                if (fieldSchema.isMissingNode()) {
                    fieldSchema = additional.isObject() ? additional : JsonNodeFactory.instance.objectNode();
                }
                copy.set(field.getKey(), walk(field.getValue(), fieldSchema));
            }
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            JsonNode items = schema.path("items").isObject() ? schema.path("items") : JsonNodeFactory.instance.objectNode();
            for (JsonNode item : value) {
                copy.add(walk(item, items));
            }
            return copy;
        }
        return value;
    }

    private static JsonNode omitted(JsonNode value) {
        int bytes = value.isString() ? value.asString().getBytes(StandardCharsets.UTF_8).length
                : value.toString().getBytes(StandardCharsets.UTF_8).length;
        return StringNode.valueOf("[omitted: " + bytes + " bytes]");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
