package dev.zen.worker.filesystem;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists directories for the listing, tree and search tools: entries sorted by name (stable output),
 * attributes read without following links, so a walk never leaves the root through a link. A
 * subdirectory that cannot be read is skipped, not fatal. Stops when the call's thread is interrupted
 * (its deadline passed).
 */
final class DirectoryWalker {

    private DirectoryWalker() {
    }

    /** One entry of a directory, with its attributes as a link-free read saw them. */
    record Entry(Path path, String name, BasicFileAttributes attributes) {

        EntryType type() {
            return EntryType.of(attributes);
        }

        boolean hidden() {
            return name.startsWith(".");
        }
    }

    /** The entries of {@code directory}, sorted by name. */
    static List<Entry> entries(Path directory) throws IOException {
        requireNotInterrupted();
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                try {
                    BasicFileAttributes attributes =
                            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    entries.add(new Entry(path, path.getFileName().toString(), attributes));
                } catch (IOException e) {
                    // vanished between listing and reading: not an entry any more
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    /** As {@link #entries(Path)}, but an unreadable subdirectory below the starting point just has no entries. */
    static List<Entry> entriesOrNone(Path directory) {
        try {
            return entries(directory);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@code path} relative to {@code start}, '/'-separated: what glob patterns match. */
    static String relative(Path start, Path path) {
        StringBuilder relative = new StringBuilder();
        for (Path name : start.relativize(path)) {
            if (!relative.isEmpty()) {
                relative.append('/');
            }
            relative.append(name);
        }
        return relative.toString();
    }

    static void requireNotInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            // the runtime interrupts a call past its deadline: stop walking, and do not retry a walk that long
            throw new ToolFailure("Expected the walk to finish before the call's deadline, but it did not");
        }
    }
}
