package dev.zen.worker.filesystem;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.worker.runtime.ClientChannel;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Builds calls and settings for the tool tests. */
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
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return call(tool, RecordCodec.shared().mapper().valueToTree(arguments));
    }

    static ToolCall call(String tool, JsonNode arguments) {
        return new ToolCall("call-1", tool, arguments, Principal.ANONYMOUS, System.currentTimeMillis() + 60_000);
    }

    /** Runs a tool through its definition, as the runtime does (I/O failures become tool failures there). */
    static CallToolResult run(ToolDefinition tool, Object... namesAndValues) throws Exception {
        return tool.handler().handle(call(tool.name(), namesAndValues));
    }

    /** As {@link #run}, with {@code client} as the call's line back to its client. */
    static CallToolResult runWith(ToolDefinition tool, ClientChannel client, Object... namesAndValues) throws Exception {
        ToolCall call = call(tool.name(), namesAndValues);
        return tool.handler().handle(new ToolCall(call.callId(), call.tool(), call.arguments(), call.principal(),
                call.deadline(), client));
    }

    static String text(CallToolResult result) {
        return result.content().getFirst().get("text").asString();
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
