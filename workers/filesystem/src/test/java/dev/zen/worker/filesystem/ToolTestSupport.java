package dev.zen.worker.filesystem;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ClientChannel;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.testkit.ToolCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Builds settings and files for the filesystem tool tests; calls come from the runtime's test kit ({@link ToolCalls}). */
final class ToolTestSupport {

    static final long ONE_MB = 1024 * 1024;

    private ToolTestSupport() {
    }

    static FilesystemSettings settings(Path root) {
        return settings(root, ONE_MB);
    }

    static FilesystemSettings settings(Path root, long maxFileSize) {
        return new FilesystemSettings(root, maxFileSize,
                FilesystemSettings.parseExtensions(FilesystemSettings.DEFAULT_ALLOWED_EXTENSIONS));
    }

    static FilesystemSettings anyExtension(Path root) {
        return new FilesystemSettings(root, ONE_MB, Set.of());
    }

    static PathJail jail(Path root) {
        return new PathJail(settings(root));
    }

    /** A call of {@code tool} with arguments given as name, value, name, value… (lists become arrays). */
    static ToolCall call(String tool, Object... namesAndValues) {
        return ToolCalls.call(tool, namesAndValues);
    }

    static ToolCall call(String tool, JsonNode arguments) {
        return ToolCalls.call(tool, arguments);
    }

    /** Runs a tool through its definition, as the runtime does (I/O failures become tool failures there). */
    static CallToolResult run(ToolDefinition tool, Object... namesAndValues) throws Exception {
        return ToolCalls.run(tool, namesAndValues);
    }

    /** As {@link #run}, with {@code client} as the call's line back to its client. */
    static CallToolResult runWith(ToolDefinition tool, ClientChannel client, Object... namesAndValues) throws Exception {
        return ToolCalls.runWith(tool, client, namesAndValues);
    }

    static String text(CallToolResult result) {
        return ToolCalls.text(result);
    }

    static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path under {@code directory}, links not followed: to show that a refused call changed nothing. */
    static List<String> snapshot(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.map(path -> directory.relativize(path).toString()).sorted().toList();
        }
    }
}
