package dev.zen.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes wrong JSON-RPC requests out of right ones, for {@link McpParamsFuzzIT}: one field of the
 * params (or the envelope) gets another JSON type, goes missing, gains a sibling, becomes deeply
 * nested, huge or odd unicode. Every choice comes from one {@link Random}, so a seed gives the same
 * requests again. Not thread safe.
 */
final class ParamsMutator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Strings that have broken servers: control characters, lone surrogates, byte order marks, RTL, emoji, zero width. */
    private static final List<String> ODD_STRINGS = List.of("", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "x\ud83dy", "\ufeff",
            "\u202eevil", "\ud83d\ude00\ud83d\udc4d", "e\u0301\u0301\u0301", "\u200b", "\n\r\t", "../../etc/passwd", "%00", "\\", "\"",
            "null", "{}", "[]", "0", "-1", "1e999", "true", "=?base64?Zm9v?=", "zen-r:x:y", "o:0", "bzow", "b:-1",
            "\u4e2d\u6587", "\u0645\u0631\u062d\u0628\u0627", "\uffff", "\ufffd");

    /** What was done to a request, for the failure report and for the expected answer. */
    enum Kind {
        /** a field's value replaced by one of another JSON type (or null) */
        WRONG_TYPE,
        /** a field removed */
        MISSING,
        /** a field added next to the others */
        EXTRA,
        /** a field's value replaced by nesting within the parser's depth limit */
        DEEP,
        /** a field's value replaced by nesting past the parser's depth limit: -32700 */
        TOO_DEEP,
        /** a field's value replaced by a big string or array, within the body limit */
        HUGE,
        /** a field's value replaced by a string that makes the body larger than the limit: 413 */
        TOO_LARGE,
        /** a string field's value replaced by an odd one (unicode, control characters, a random word) */
        ODD_STRING,
        /** a number field's value replaced by an odd number */
        ODD_NUMBER,
        /** params replaced by something that is not an object: -32602 */
        PARAMS_NOT_OBJECT,
        /** the id replaced by one of a type JSON-RPC does not allow: -32600 */
        BAD_ID,
        /** the id replaced by an odd one JSON-RPC allows (big, negative, unicode): answered with it */
        ODD_ID,
        /** the method replaced by one nobody serves: -32601 */
        UNKNOWN_METHOD
    }

    /**
     * One change: what, where in the params ({@code field} dotted, array positions left out; empty for
     * the params themselves or the envelope), and the name of the field an error message should name.
     */
    record Mutation(Kind kind, String field, String leaf) {

        @Override
        public String toString() {
            return kind + (field.isEmpty() ? "" : " at " + field);
        }
    }

    private final Random random;
    private final int maxBodyBytes;

    ParamsMutator(Random random, int maxBodyBytes) {
        this.random = random;
        this.maxBodyBytes = maxBodyBytes;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /**
     * Mutates {@code message} (a valid JSON-RPC message) in place: its member {@code member} (the params,
     * or a response's result), else now and then its envelope when {@code envelopeToo}. Returns what it did.
     */
    Mutation mutate(ObjectNode message, String member, boolean envelopeToo) {
        if (envelopeToo && random.nextInt(100) < 12) {
            return mutateEnvelope(message);
        }
        JsonNode params = message.get(member);
        List<String[]> paths = new ArrayList<>();
        collect(params, new ArrayList<>(), paths);
        String[] path = paths.get(random.nextInt(paths.size()));
        int roll = random.nextInt(100);
        Kind kind;
        if (path.length == 0) {
            kind = roll < 70 ? Kind.EXTRA : roll < 85 ? Kind.PARAMS_NOT_OBJECT : Kind.HUGE;
        } else if (roll < 35) {
            kind = Kind.WRONG_TYPE;
        } else if (roll < 50) {
            kind = Kind.MISSING;
        } else if (roll < 60) {
            kind = Kind.EXTRA;
        } else if (roll < 67) {
            kind = Kind.DEEP;
        } else if (roll < 70) {
            kind = Kind.TOO_DEEP;
        } else if (roll < 76) {
            kind = Kind.HUGE;
        } else if (roll < 78) {
            kind = Kind.TOO_LARGE;
        } else {
            JsonNode value = at(params, path);
            kind = value.isNumber() ? Kind.ODD_NUMBER : value.isString() ? Kind.ODD_STRING : Kind.WRONG_TYPE;
        }
        List<String> names = java.util.Arrays.stream(path).filter(p -> !p.startsWith("[")).toList();
        String field = String.join(".", names);
        String leaf = names.isEmpty() ? member : names.getLast();
        switch (kind) {
            case PARAMS_NOT_OBJECT -> message.set(member, random.nextBoolean() ? JSON.arrayNode().add(JSON.objectNode()) : scalar());
            case EXTRA -> {
                JsonNode target = path.length == 0 ? params : at(params, path);
                if (!target.isObject()) {
                    target = parentOf(params, path);
                    field = names.size() > 1 ? String.join(".", names.subList(0, names.size() - 1)) : "";
                }
                if (target.isObject()) {
                    ((ObjectNode) target).set(randomName(), value(3));
                } else {
                    ((ArrayNode) target).add(value(3));
                }
            }
            case HUGE -> replace(message, member, params, path, random.nextBoolean() ? JSON.stringNode(text(20_000 + random.nextInt(maxBodyBytes / 3)))
                    : bigArray(1_000 + random.nextInt(15_000)));
            default -> {
                JsonNode replacement = switch (kind) {
                    case WRONG_TYPE -> otherType(at(params, path));
                    case DEEP -> nested(4 + random.nextInt(40));
                    case TOO_DEEP -> nested(70 + random.nextInt(200));
                    case TOO_LARGE -> JSON.stringNode(text(maxBodyBytes + random.nextInt(maxBodyBytes)));
                    case ODD_STRING -> JSON.stringNode(oddString());
                    case ODD_NUMBER -> oddNumber();
                    default -> null;
                };
                replace(message, member, params, path, replacement);
            }
        }
        return new Mutation(kind, field, leaf);
    }

    private Mutation mutateEnvelope(ObjectNode message) {
        int roll = random.nextInt(3);
        if (roll == 0 && message.has("id")) {
            message.set("id", switch (random.nextInt(6)) {
                case 0 -> JSON.objectNode().put("id", 1);
                case 1 -> JSON.arrayNode().add(1);
                case 2 -> JSON.numberNode(1.5);
                case 3 -> JSON.booleanNode(true);
                case 4 -> JSON.nullNode();
                default -> JSON.numberNode(-0.0);
            });
            return new Mutation(Kind.BAD_ID, "", "id");
        }
        if (roll == 1 && message.has("id")) {
            message.set("id", switch (random.nextInt(6)) {
                case 0 -> JSON.numberNode(new java.math.BigInteger("9".repeat(20 + random.nextInt(60))));
                case 1 -> JSON.numberNode(Long.MIN_VALUE);
                case 2 -> JSON.stringNode(oddString());
                case 3 -> JSON.stringNode(text(1 + random.nextInt(20_000)));
                case 4 -> JSON.numberNode(0);
                default -> JSON.stringNode("");
            });
            return new Mutation(Kind.ODD_ID, "", "id");
        }
        message.put("method", List.of("tools/delete", "TOOLS/LIST", "rpc.discover", "tools/list/", "tasks/purge", "\u0000",
                "notifications/unknown", "x".repeat(500)).get(random.nextInt(8)));
        return new Mutation(Kind.UNKNOWN_METHOD, "", "method");
    }

    /** Every path in {@code node}: fields by name, array elements as {@code [i]}; the empty path is the node itself. */
    private static void collect(JsonNode node, List<String> prefix, List<String[]> paths) {
        paths.add(prefix.toArray(String[]::new));
        if (node.isObject()) {
            for (var entry : node.properties()) {
                prefix.add(entry.getKey());
                collect(entry.getValue(), prefix, paths);
                prefix.removeLast();
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                prefix.add("[" + i + "]");
                collect(node.get(i), prefix, paths);
                prefix.removeLast();
            }
        }
    }

    private static JsonNode at(JsonNode root, String[] path) {
        JsonNode node = root;
        for (String step : path) {
            node = step.startsWith("[") ? node.get(Integer.parseInt(step.substring(1, step.length() - 1))) : node.get(step);
        }
        return node;
    }

    private static JsonNode parentOf(JsonNode root, String[] path) {
        return at(root, java.util.Arrays.copyOf(path, path.length - 1));
    }

    /** Sets the value at {@code path} (null: removes it); the empty path replaces the whole member. */
    private static void replace(ObjectNode message, String member, JsonNode params, String[] path, JsonNode value) {
        if (path.length == 0) {
            if (value == null) {
                message.remove(member);
            } else {
                message.set(member, value);
            }
            return;
        }
        JsonNode parent = parentOf(params, path);
        String last = path[path.length - 1];
        if (parent instanceof ObjectNode object) {
            if (value == null) {
                object.remove(last);
            } else {
                object.set(last, value);
            }
        } else {
            int index = Integer.parseInt(last.substring(1, last.length() - 1));
            if (value == null) {
                ((ArrayNode) parent).remove(index);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }
    }

    /** A value of a JSON type other than {@code current}'s (null counts as a type). */
    JsonNode otherType(JsonNode current) {
        while (true) {
            JsonNode value = value(2);
            boolean same = value.getNodeType() == current.getNodeType() && (!value.isNumber() || value.isIntegralNumber() == current.isIntegralNumber());
            if (!same) {
                return value;
            }
        }
    }

    /** A random JSON value at most {@code depth} containers deep. */
    JsonNode value(int depth) {
        int roll = random.nextInt(depth > 0 ? 9 : 7);
        return switch (roll) {
            case 0 -> JSON.nullNode();
            case 1 -> JSON.booleanNode(random.nextBoolean());
            case 2 -> oddNumber();
            case 3 -> JSON.numberNode(random.nextInt(2_000) - 1_000);
            case 4, 5 -> JSON.stringNode(random.nextBoolean() ? oddString() : text(random.nextInt(40)));
            case 6 -> random.nextBoolean() ? JSON.objectNode() : JSON.arrayNode();
            case 7 -> {
                ObjectNode object = JSON.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(randomName(), value(depth - 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = JSON.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(depth - 1));
                }
                yield array;
            }
        };
    }

    private JsonNode scalar() {
        return switch (random.nextInt(5)) {
            case 0 -> JSON.nullNode();
            case 1 -> JSON.booleanNode(false);
            case 2 -> JSON.numberNode(42);
            case 3 -> JSON.stringNode("params");
            default -> JSON.numberNode(-1.25);
        };
    }

    private JsonNode oddNumber() {
        return switch (random.nextInt(9)) {
            case 0 -> JSON.numberNode(0);
            case 1 -> JSON.numberNode(-1);
            case 2 -> JSON.numberNode(Long.MAX_VALUE);
            case 3 -> JSON.numberNode(Long.MIN_VALUE);
            case 4 -> JSON.numberNode(new java.math.BigInteger("1" + "0".repeat(20 + random.nextInt(70))));
            case 5 -> JSON.numberNode(new java.math.BigInteger("-" + "9".repeat(20 + random.nextInt(70))));
            case 6 -> JSON.numberNode(1e308);
            case 7 -> JSON.numberNode(new java.math.BigDecimal("1.5e-300"));
            default -> JSON.numberNode(0.5);
        };
    }

    private String oddString() {
        return ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size()));
    }

    private String randomName() {
        return random.nextInt(4) == 0 ? oddString() : "x" + text(1 + random.nextInt(12));
    }

    /** {@code length} characters, mostly ASCII letters, now and then unicode. */
    String text(int length) {
        StringBuilder text = new StringBuilder(length);
        boolean unicode = random.nextInt(4) == 0;
        for (int i = 0; i < length; i++) {
            text.append(unicode && i % 7 == 3 ? '\u00e9' : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private JsonNode nested(int depth) {
        JsonNode node = JSON.stringNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? JSON.arrayNode().add(node) : JSON.objectNode().set("n", node);
        }
        return node;
    }

    private JsonNode bigArray(int size) {
        ArrayNode array = JSON.arrayNode();
        for (int i = 0; i < size; i++) {
            array.add(i % 3 == 0 ? JSON.stringNode("s" + i) : JSON.numberNode(i));
        }
        return array;
    }
}
