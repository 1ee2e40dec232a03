package dev.zen.worker.memory;

import java.util.regex.Pattern;

/**
 * The name of a store's collection, safe as an SQL identifier (pgvector's tables are named after it)
 * and as a Qdrant collection name: a lowercase letter or underscore, then up to 39 lowercase letters,
 * digits or underscores.
 */
record CollectionName(String value) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,39}");

    CollectionName {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "Expected a collection name of 1 to 40 lowercase letters, digits or underscores (not starting with a digit), but it was '"
                            + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
