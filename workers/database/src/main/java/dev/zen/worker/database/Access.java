package dev.zen.worker.database;

import java.util.Locale;

/**
 * What a source lets callers do: {@code read-only} (the default: every statement runs in a READ ONLY
 * transaction), {@code read-write} (DML through {@code db_execute}), {@code admin} (also DDL with
 * {@code confirmed: true}, backups and restore checks).
 */
enum Access {
    READ_ONLY, READ_WRITE, ADMIN;

    static Access parse(String text) {
        for (Access access : values()) {
            if (access.wire().equals(text)) {
                return access;
            }
        }
        throw new IllegalArgumentException("Expected an access of read-only, read-write or admin, but got '" + text + "'");
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    boolean writes() {
        return this != READ_ONLY;
    }
}
