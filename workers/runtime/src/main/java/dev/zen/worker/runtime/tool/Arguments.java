package dev.zen.worker.runtime.tool;

import java.util.Map;

/**
 * A call's arguments, read and checked against an {@link ObjectShape}: {@link #get(Field)} returns the
 * value, the field's default when the argument was absent, or null for an optional field without one.
 */
public final class Arguments {

    private final ObjectShape shape;
    private final Map<Field<?>, Object> values;

    Arguments(ObjectShape shape, Map<Field<?>, Object> values) {
        this.shape = shape;
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Field<T> field) {
        if (!shape.declares(field)) {
            throw new IllegalArgumentException("Expected a field of the tool's input shape, but got " + field.name());
        }
        T value = (T) values.get(field);
        return value == null ? field.defaultValue() : value;
    }

    /** Whether the caller gave the argument (a default does not count). */
    public boolean has(Field<?> field) {
        return values.containsKey(field);
    }
}
