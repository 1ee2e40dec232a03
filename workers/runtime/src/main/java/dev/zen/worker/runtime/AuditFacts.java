package dev.zen.worker.runtime;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Facts about what one tool call ran, which the handler records for the audit: an exit code, a count,
 * an id ({@code call.facts().put("exitCode", 0)}). They travel in the reply ({@code ToolReply.facts})
 * to the gateway, which writes them in the {@code detail} of the call's end event on the audit topic.
 * They are not shown to the caller. Put facts about what ran, never content (a command's output, a
 * file's text) and never a secret: the audit is kept longer and read by more people than the result.
 *
 * <p>Keys match {@code [a-zA-Z][a-zA-Z0-9_]{0,63}}; a second put of a key replaces its value. Values
 * are numbers, strings, booleans and lists of strings. The collector is bounded: at most
 * {@value #MAX_FACTS} facts, and {@link #toJson()} encodes to at most {@value #MAX_BYTES} bytes of
 * JSON. A put that would go beyond either bound is dropped (an earlier value of its key stays) and
 * {@code "factsTruncated": true} is recorded instead, so that the audit shows facts were lost. The
 * facts are sent only when the handler returns a result (a success or a tool error); a timeout or a
 * crash sends none.
 *
 * <p>Thread safe: a handler may put facts from the threads it starts (e.g. one that waits for a
 * process to exit).
 */
public final class AuditFacts {

    /** The most facts one call keeps. */
    public static final int MAX_FACTS = 32;
    /** The most bytes {@link #toJson()} encodes to (UTF-8), the truncation marker included. */
    public static final int MAX_BYTES = 4096;
    /** The key set to {@code true} when a put was dropped; handlers cannot put it. */
    public static final String TRUNCATED = "factsTruncated";

    private static final Pattern KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,63}");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Room kept for {@code ,"factsTruncated":true}, so the marker always fits. */
    private static final int MARKER_BYTES = encodedLength(TRUNCATED, JSON.booleanNode(true)) + 1;

    private final Map<String, JsonNode> facts = new LinkedHashMap<>();
    /** Encoded bytes of each fact, {@code "key":value}. */
    private final Map<String, Integer> sizes = new LinkedHashMap<>();
    private int bytes = 2; // {}
    private boolean truncated;

    public AuditFacts put(String key, long value) {
        return add(key, JSON.numberNode(value));
    }

    public AuditFacts put(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Expected a value for audit fact '" + key + "', but it was null");
        }
        return add(key, JSON.stringNode(value));
    }

    public AuditFacts put(String key, boolean value) {
        return add(key, JSON.booleanNode(value));
    }

    public AuditFacts put(String key, List<String> value) {
        if (value == null || value.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("Expected a list of strings for audit fact '" + key + "', but it was " + value);
        }
        ArrayNode array = JSON.arrayNode(value.size());
        value.forEach(array::add);
        return add(key, array);
    }

    /** Whether nothing was put (and nothing dropped). */
    public synchronized boolean isEmpty() {
        return facts.isEmpty() && !truncated;
    }

    /** Whether a put was dropped because the facts were full. */
    public synchronized boolean truncated() {
        return truncated;
    }

    /** The facts as a JSON object (a copy), with {@code factsTruncated} when some were dropped; null when there are none. */
    public synchronized ObjectNode toJson() {
        if (isEmpty()) {
            return null;
        }
        ObjectNode json = JSON.objectNode();
        facts.forEach((key, value) -> json.set(key, value.deepCopy()));
        if (truncated) {
            json.put(TRUNCATED, true);
        }
        return json;
    }

    @Override
    public synchronized String toString() {
        return String.valueOf(toJson());
    }

    private AuditFacts add(String key, JsonNode value) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Expected an audit fact key of [a-zA-Z][a-zA-Z0-9_]{0,63}, but was '" + key + "'");
        }
        if (TRUNCATED.equals(key)) {
            throw new IllegalArgumentException("Expected an audit fact key other than '" + TRUNCATED + "', which the runtime sets, but it was put");
        }
        int size = encodedLength(key, value);
        synchronized (this) {
            Integer replaced = sizes.get(key);
            int count = facts.size() + (replaced == null ? 1 : 0);
            // one comma between facts: each fact but the first brings one
            int next = replaced == null ? bytes + size + (facts.isEmpty() ? 0 : 1) : bytes - replaced + size;
            if (count > MAX_FACTS || next + MARKER_BYTES > MAX_BYTES) {
                truncated = true;
                return this;
            }
            facts.put(key, value);
            sizes.put(key, size);
            bytes = next;
            return this;
        }
    }

    /** Bytes of {@code "key":value} in UTF-8 JSON. */
    private static int encodedLength(String key, JsonNode value) {
        ObjectNode one = JSON.objectNode();
        one.set(key, value);
        return one.toString().getBytes(StandardCharsets.UTF_8).length - 2;
    }
}
