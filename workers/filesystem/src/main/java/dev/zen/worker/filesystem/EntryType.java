package dev.zen.worker.filesystem;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/** The kind of a directory entry as the tools name it; a link is reported as a link, never followed. */
enum EntryType {
    FILE, DIRECTORY, SYMLINK, OTHER;

    /** From attributes read with {@code NOFOLLOW_LINKS}. */
    static EntryType of(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return SYMLINK;
        }
        if (attributes.isDirectory()) {
            return DIRECTORY;
        }
        return attributes.isRegularFile() ? FILE : OTHER;
    }

    /** The schema's enum values. */
    static String[] labels() {
        return java.util.Arrays.stream(values()).map(EntryType::label).toArray(String[]::new);
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
