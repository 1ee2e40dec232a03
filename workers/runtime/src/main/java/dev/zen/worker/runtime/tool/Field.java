package dev.zen.worker.runtime.tool;

import dev.zen.schemas.ArgumentRedactor;
import dev.zen.schemas.RecordCodec;
import dev.zen.worker.runtime.ToolFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One property of a tool's arguments or structured output, declared once: its name, description,
 * JSON type, bounds, whether it is required and its default. The same declaration yields the
 * property's JSON Schema (what the gateway validates and clients see) and reads the value out of a
 * call's arguments ({@link ObjectShape#bind}), so the schema and the parser cannot disagree.
 *
 * <p>Immutable and thread safe: declare fields as constants. {@link #required()},
 * {@link #defaultsTo(Object)}, {@link #minLength(int)}, {@link #maxLength(int)} and
 * {@link #pattern(String, String)} return new fields.
 *
 * <p>Errors name the argument by its path in the arguments: {@code argument 'path'},
 * {@code argument 'paths[2]'}, {@code argument 'edits[0].oldText'}.
 *
 * @param <T> the Java type of the value
 */
public final class Field<T> {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String name;
    private final String description;
    private final Kind<T> kind;
    private final boolean required;
    private final T defaultValue;
    private final ObjectNode constraints;
    private final List<Rule<T>> rules;

    private Field(String name, String description, Kind<T> kind, boolean required, T defaultValue, ObjectNode constraints,
            List<Rule<T>> rules) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("Expected a field name of [A-Za-z_][A-Za-z0-9_]{0,63}, but was '" + name + "'");
        }
        this.name = name;
        this.description = Objects.requireNonNull(description, "description");
        this.kind = kind;
        this.required = required;
        this.defaultValue = defaultValue;
        this.constraints = constraints;
        this.rules = List.copyOf(rules);
    }

    private static <T> Field<T> of(String name, String description, Kind<T> kind) {
        return new Field<>(name, description, kind, false, null, NODES.objectNode(), List.of());
    }

    // ------------------------------------------------------------------ kinds

    /** A string; never holds a NUL character. */
    public static Field<String> string(String name, String description) {
        return of(name, description, Kind.STRING);
    }

    /** A string that is one of {@code values}. */
    public static Field<String> choice(String name, String description, String... values) {
        List<String> allowed = List.of(values);
        Field<String> field = of(name, description, Kind.STRING);
        ArrayNode array = field.constraints.putArray("enum");
        allowed.forEach(array::add);
        return field.rule(allowed::contains, (where, v) -> expected(where, "one of " + String.join(", ", allowed), v));
    }

    /** An integer within [min, max]. */
    public static Field<Integer> integer(String name, String description, int min, int max) {
        Field<Integer> field = of(name, description, Kind.INTEGER);
        field.constraints.put("minimum", min).put("maximum", max);
        return field.rule(v -> v >= min && v <= max, (where, v) -> expected(where, "between " + min + " and " + max, v));
    }

    /** A non-negative whole number without an upper bound (sizes and counts in outputs). */
    public static Field<Long> count(String name, String description) {
        Field<Long> field = of(name, description, Kind.LONG);
        field.constraints.put("minimum", 0);
        return field.rule(v -> v >= 0, (where, v) -> expected(where, "at least 0", v));
    }

    public static Field<Double> number(String name, String description) {
        return of(name, description, Kind.NUMBER);
    }

    public static Field<Boolean> bool(String name, String description) {
        return of(name, description, Kind.BOOLEAN);
    }

    /** An RFC 3339 date-time string. */
    public static Field<String> dateTime(String name, String description) {
        Field<String> field = of(name, description, Kind.STRING);
        field.constraints.put("format", "date-time");
        return field.rule(Field::isDateTime, (where, v) -> expected(where, "an RFC 3339 date-time such as 2026-12-07T10:15:30Z", v));
    }

    private static boolean isDateTime(String text) {
        try {
            java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** An array of strings with between {@code minItems} and {@code maxItems} elements. */
    public static Field<List<String>> strings(String name, String description, int minItems, int maxItems) {
        return of(name, description, Kind.<String>list(null)).items(minItems, maxItems);
    }

    /** An array of strings, each checked as {@code item} declares (its maxLength, pattern); see {@link #list}. */
    public static Field<List<String>> strings(String name, String description, int minItems, int maxItems, Field<String> item) {
        return list(name, description, item, minItems, maxItems);
    }

    /**
     * An array of any length whose elements are each read and checked as {@code item} declares: its
     * kind, bounds, pattern. The array's {@code items} schema is the item's, with its description
     * (what one element is); the item's name only names it in code.
     */
    public static <E> Field<List<E>> list(String name, String description, Field<E> item) {
        return of(name, description, Kind.list(Objects.requireNonNull(item, "item")));
    }

    /** As {@link #list(String, String, Field)}, with between {@code minItems} and {@code maxItems} elements. */
    public static <E> Field<List<E>> list(String name, String description, Field<E> item, int minItems, int maxItems) {
        return list(name, description, item).items(minItems, maxItems);
    }

    /** A nested object of the given shape (outputs: built with {@link ObjectShape#builder()}). */
    public static Field<ObjectNode> object(String name, String description, ObjectShape shape) {
        return of(name, description, Kind.object(shape));
    }

    /** An array of objects of the given shape. */
    public static Field<List<ObjectNode>> objects(String name, String description, ObjectShape items) {
        return of(name, description, Kind.objects(items));
    }

    /**
     * An object of one of several shapes (JSON Schema {@code anyOf}), e.g. a result entry that is either
     * a success or an error. Reading accepts the value if it binds to any of them.
     */
    public static Field<ObjectNode> anyOf(String name, String description, ObjectShape... alternatives) {
        if (alternatives.length < 2) {
            throw new IllegalArgumentException("Expected at least two alternative shapes, but got " + alternatives.length);
        }
        return of(name, description, Kind.anyOf(List.of(alternatives)));
    }

    /**
     * An object of the shape defined as {@code definition} in the enclosing shape's {@code $defs} (see
     * {@link ObjectShape#define}): how a recursive shape, such as a tree's node, refers to itself. Only the
     * validator that sees the whole schema resolves the reference, so binding checks that the value is an
     * object and no more: use it for outputs and recursive shapes, {@link #object} everywhere else.
     */
    public static Field<ObjectNode> ref(String name, String description, String definition) {
        return of(name, description, Kind.ref(ObjectShape.requireDefinitionName(definition)));
    }

    /** Any JSON value that {@code schema} describes; the escape hatch for shapes the kinds above lack. */
    public static Field<JsonNode> json(String name, String description, ObjectNode schema) {
        return of(name, description, Kind.json(schema));
    }

    // ------------------------------------------------------------------ refinements

    /** The same field, required: absent is an error. */
    public Field<T> required() {
        return new Field<>(name, description, kind, true, null, constraints, rules);
    }

    /** The same field, optional with a default: stated in the schema and returned when the argument is absent. */
    public Field<T> defaultsTo(T value) {
        Objects.requireNonNull(value, "default");
        Field<T> field = new Field<>(name, description, kind, false, value, constraints, rules);
        field.check(value, "the default of " + name);
        return field;
    }

    /** A string field at least {@code min} characters (code points) long: {@code minLength(1)} refuses "". */
    public Field<T> minLength(int min) {
        ObjectNode more = constraints.deepCopy().put("minLength", min);
        return new Field<>(name, description, kind, required, defaultValue, more, append(
                new Rule<>(v -> length((String) v) >= min, (where, v) -> "Expected " + where + " to be at least " + min
                        + " characters long, but it has " + length((String) v))));
    }

    /**
     * A value that is content (file text, a commit message, SQL, a document): the audit omits it and
     * records only its size ({@code x-zen-content}, docs/audit.md).
     */
    public Field<T> content() {
        ObjectNode more = constraints.deepCopy().put(ArgumentRedactor.CONTENT, true);
        return new Field<>(name, description, kind, required, defaultValue, more, rules);
    }

    /** A value that must never be readable in the audit: recorded as its SHA-256 ({@code x-zen-sensitive}). */
    public Field<T> sensitive() {
        ObjectNode more = constraints.deepCopy().put(ArgumentRedactor.SENSITIVE, true);
        return new Field<>(name, description, kind, required, defaultValue, more, rules);
    }

    /** A string field at most {@code max} characters (code points) long. */
    public Field<T> maxLength(int max) {
        ObjectNode more = constraints.deepCopy().put("maxLength", max);
        return new Field<>(name, description, kind, required, defaultValue, more, append(
                new Rule<>(v -> length((String) v) <= max, (where, v) -> "Expected " + where + " to be at most " + max
                        + " characters long, but it has " + length((String) v))));
    }

    /**
     * A string field matching {@code regex} somewhere (JSON Schema {@code pattern} semantics: anchor
     * it with ^ and $ to match the whole); {@code meaning} says in words what it requires.
     */
    public Field<T> pattern(String regex, String meaning) {
        Pattern compiled = Pattern.compile(regex);
        ObjectNode more = constraints.deepCopy().put("pattern", regex);
        return new Field<>(name, description, kind, required, defaultValue, more,
                append(new Rule<>(v -> compiled.matcher((String) v).find(), (where, v) -> expected(where, meaning, v))));
    }

    /** An array field with between {@code min} and {@code max} elements. */
    private Field<T> items(int min, int max) {
        ObjectNode more = constraints.deepCopy().put("minItems", min).put("maxItems", max);
        // the field's name says what the elements are: "to have 1 to 100 paths"
        return new Field<>(name, description, kind, required, defaultValue, more, append(new Rule<>(
                v -> ((List<?>) v).size() >= min && ((List<?>) v).size() <= max, (where, v) -> "Expected " + where
                        + " to have " + min + " to " + max + " " + name + ", but it has " + ((List<?>) v).size())));
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private Field<T> rule(Predicate<T> test, BiFunction<String, T, String> expectation) {
        return new Field<>(name, description, kind, required, defaultValue, constraints, append(new Rule<>(test, expectation)));
    }

    private List<Rule<T>> append(Rule<T> rule) {
        List<Rule<T>> more = new ArrayList<>(rules);
        more.add(rule);
        return more;
    }

    // ------------------------------------------------------------------ use

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public boolean isRequired() {
        return required;
    }

    /** The default, or null. */
    public T defaultValue() {
        return defaultValue;
    }

    /** This property's JSON Schema. */
    public ObjectNode schema() {
        ObjectNode schema = kind.schema();
        schema.put("description", description);
        schema.setAll(constraints.deepCopy());
        if (defaultValue != null) {
            schema.set("default", kind.write(defaultValue));
        }
        return schema;
    }

    /** Reads and checks the argument's value; {@code path} is where it is in the arguments ("x", "paths[2]", "edits[0].oldText"). */
    T read(JsonNode value, String path) {
        T converted = kind.read(value, path);
        check(converted, where(path));
        return converted;
    }

    /** How errors name the argument at {@code path}. */
    static String where(String path) {
        return "argument '" + path + "'";
    }

    JsonNode write(T value) {
        return kind.write(value);
    }

    /**
     * Checks a value a tool is about to output against this field's rules (bounds, choices, lengths):
     * an output outside its declared schema is a bug of the tool, so an IllegalStateException.
     */
    void checkOutput(T value) {
        try {
            check(value, "output field '" + name + "'");
        } catch (ToolFailure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void check(T value, String where) {
        for (Rule<T> rule : rules) {
            if (!rule.test().test(value)) {
                throw new ToolFailure(rule.message().apply(where, value));
            }
        }
    }

    private static String expected(String where, String expectation, Object value) {
        return "Expected " + where + " to be " + expectation + ", but it was " + shown(value);
    }

    private static String shown(Object value) {
        String text = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return text.length() > 80 ? text.substring(0, 77) + "…" : text;
    }

    @Override
    public String toString() {
        return "Field[" + name + "]";
    }

    private record Rule<T>(Predicate<T> test, BiFunction<String, T, String> message) {
    }

    /** How a JSON value becomes a Java value and back, and the schema of the type. */
    private interface Kind<T> {

        ObjectNode schema();

        T read(JsonNode value, String path);

        default JsonNode write(T value) {
            return RecordCodec.shared().mapper().valueToTree(value);
        }

        Kind<String> STRING = new Kind<>() {
            public ObjectNode schema() {
                return NODES.objectNode().put("type", "string");
            }

            public String read(JsonNode value, String path) {
                if (!value.isString()) {
                    throw mismatch(path, "a string", value);
                }
                String text = value.asString();
                if (text.indexOf('\0') >= 0) {
                    throw new ToolFailure("Expected " + where(path) + " to have no NUL character, but it has one");
                }
                return text;
            }
        };

        Kind<Integer> INTEGER = new Kind<>() {
            public ObjectNode schema() {
                return NODES.objectNode().put("type", "integer");
            }

            public Integer read(JsonNode value, String path) {
                // JSON Schema's integer is any number with a zero fraction: 5.0 is 5
                if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
                    throw mismatch(path, "an integer", value);
                }
                return value.intValue();
            }
        };

        Kind<Long> LONG = new Kind<>() {
            public ObjectNode schema() {
                return NODES.objectNode().put("type", "integer");
            }

            public Long read(JsonNode value, String path) {
                if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
                    throw mismatch(path, "an integer", value);
                }
                return value.longValue();
            }
        };

        Kind<Double> NUMBER = new Kind<>() {
            public ObjectNode schema() {
                return NODES.objectNode().put("type", "number");
            }

            public Double read(JsonNode value, String path) {
                if (!value.isNumber()) {
                    throw mismatch(path, "a number", value);
                }
                return value.doubleValue();
            }
        };

        Kind<Boolean> BOOLEAN = new Kind<>() {
            public ObjectNode schema() {
                return NODES.objectNode().put("type", "boolean");
            }

            public Boolean read(JsonNode value, String path) {
                if (!value.isBoolean()) {
                    throw mismatch(path, "true or false", value);
                }
                return value.booleanValue();
            }
        };

        /** An array of {@code item}s; of plain strings when {@code item} is null. */
        @SuppressWarnings("unchecked")
        static <E> Kind<List<E>> list(Field<E> item) {
            return new Kind<>() {
                public ObjectNode schema() {
                    ObjectNode schema = NODES.objectNode().put("type", "array");
                    schema.set("items", item == null ? STRING.schema() : item.schema());
                    return schema;
                }

                public List<E> read(JsonNode value, String path) {
                    if (!value.isArray()) {
                        throw mismatch(path, "an array", value);
                    }
                    List<E> elements = new ArrayList<>(value.size());
                    int i = 0;
                    for (JsonNode element : value.values()) {
                        String at = path + "[" + i++ + "]";
                        elements.add(item == null ? (E) STRING.read(element, at) : item.read(element, at));
                    }
                    return List.copyOf(elements);
                }

                public JsonNode write(List<E> value) {
                    ArrayNode array = NODES.arrayNode();
                    value.forEach(element -> array.add(item == null ? STRING.write((String) element) : item.write(element)));
                    return array;
                }
            };
        }

        static Kind<ObjectNode> object(ObjectShape shape) {
            return new Kind<>() {
                public ObjectNode schema() {
                    return shape.schema();
                }

                public ObjectNode read(JsonNode value, String path) {
                    if (!value.isObject()) {
                        throw mismatch(path, "an object", value);
                    }
                    shape.bind(value, path + ".");
                    return (ObjectNode) value;
                }

                public JsonNode write(ObjectNode value) {
                    return value;
                }
            };
        }

        static Kind<List<ObjectNode>> objects(ObjectShape items) {
            return new Kind<>() {
                public ObjectNode schema() {
                    ObjectNode schema = NODES.objectNode().put("type", "array");
                    schema.set("items", items.schema());
                    return schema;
                }

                public List<ObjectNode> read(JsonNode value, String path) {
                    if (!value.isArray()) {
                        throw mismatch(path, "an array", value);
                    }
                    List<ObjectNode> objects = new ArrayList<>();
                    int i = 0;
                    for (JsonNode element : value.values()) {
                        objects.add(object(items).read(element, path + "[" + i++ + "]"));
                    }
                    return List.copyOf(objects);
                }

                public JsonNode write(List<ObjectNode> value) {
                    ArrayNode array = NODES.arrayNode();
                    value.forEach(array::add);
                    return array;
                }
            };
        }

        static Kind<ObjectNode> anyOf(List<ObjectShape> alternatives) {
            return new Kind<>() {
                public ObjectNode schema() {
                    ObjectNode schema = NODES.objectNode();
                    ArrayNode anyOf = schema.putArray("anyOf");
                    alternatives.forEach(shape -> anyOf.add(shape.schema()));
                    return schema;
                }

                public ObjectNode read(JsonNode value, String path) {
                    if (!value.isObject()) {
                        throw mismatch(path, "an object", value);
                    }
                    ToolFailure first = null;
                    for (ObjectShape shape : alternatives) {
                        try {
                            shape.bind(value, path + ".");
                            return (ObjectNode) value;
                        } catch (ToolFailure e) {
                            first = first == null ? e : first;
                        }
                    }
                    throw new ToolFailure("Expected " + where(path) + " to be an object of one of its " + alternatives.size()
                            + " shapes, but it matches none (against the first: " + first.getMessage() + ")");
                }

                public JsonNode write(ObjectNode value) {
                    return value;
                }
            };
        }

        static Kind<ObjectNode> ref(String definition) {
            return new Kind<>() {
                public ObjectNode schema() {
                    return NODES.objectNode().put("$ref", "#/$defs/" + definition);
                }

                public ObjectNode read(JsonNode value, String path) {
                    if (!value.isObject()) {
                        throw mismatch(path, "an object", value);
                    }
                    return (ObjectNode) value;
                }

                public JsonNode write(ObjectNode value) {
                    return value;
                }
            };
        }

        static Kind<JsonNode> json(ObjectNode schema) {
            return new Kind<>() {
                public ObjectNode schema() {
                    return schema.deepCopy();
                }

                public JsonNode read(JsonNode value, String path) {
                    return value;
                }

                public JsonNode write(JsonNode value) {
                    return value;
                }
            };
        }

        private static ToolFailure mismatch(String path, String expected, JsonNode value) {
            return new ToolFailure("Expected " + where(path) + " to be " + expected + ", but it was " + value.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT) + (value.isValueNode() ? " " + shown(value.toString()) : ""));
        }
    }
}
