package dev.zen.worker.database;

import java.util.Locale;

/**
 * What one {@code db_schema} call asks a source's catalog for: the kind of object, how much to say
 * about each, the name filters and the page. The name pattern is the caller's text, kept as a value
 * to bind ({@link #like()}), never written into the SQL; {@link PostgresCatalog} and
 * {@link MariaDbCatalog} turn a search into a query.
 *
 * @param pattern the caller's name pattern with {@code *} and {@code ?} wildcards, or null for every name
 * @param schema one schema's exact name, or null for every schema but the system ones
 * @param table one table's exact name (columns and indexes), or null
 * @param limit the most objects of the page
 * @param offset the objects to skip first
 */
record SchemaSearch(ObjectType type, Detail detail, String pattern, String schema, String table, int limit, int offset) {

    /** Longest definition text (view, function) an answer holds; a longer one is cut and says so. */
    static final int MAX_DEFINITION_CHARS = 4000;

    /** The escape character of the LIKE patterns: the same on PostgreSQL and MariaDB, with no backslash rules to differ. */
    static final char ESCAPE = '!';

    /** The kinds of object a search finds. */
    enum ObjectType {
        SCHEMA, TABLE, VIEW, COLUMN, INDEX, FUNCTION;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static ObjectType parse(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }

        /** Whether objects of this type belong to a table (so the {@code table} filter applies). */
        boolean inTable() {
            return this == COLUMN || this == INDEX;
        }
    }

    /** How much an answer says about each object; each level adds to the one before. */
    enum Detail {
        NAMES, SUMMARY, FULL;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Detail parse(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }

        boolean atLeast(Detail other) {
            return compareTo(other) >= 0;
        }
    }

    /** The pattern as a LIKE pattern with {@link #ESCAPE}, null when it matches every name. */
    String like() {
        if (pattern == null || pattern.chars().allMatch(c -> c == '*')) {
            return null;
        }
        StringBuilder like = new StringBuilder(pattern.length() + 8);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', ESCAPE -> like.append(ESCAPE).append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }
}
