package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.JsonSchemas.bool;
import static dev.zen.worker.filesystem.JsonSchemas.count;
import static dev.zen.worker.filesystem.JsonSchemas.object;
import static dev.zen.worker.filesystem.JsonSchemas.string;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code file_write}: creates or overwrites a text file (UTF-8), or appends to it, then tells the
 * file's resource subscribers.
 */
public final class FileWriteTool implements ToolHandler {

    public static final String NAME = "file_write";

    private final PathJail jail;
    private final PathLocks locks;

    public FileWriteTool(PathJail jail, PathLocks locks) {
        this.jail = jail;
        this.locks = locks;
    }

    public static ToolDefinition definition(PathJail jail, PathLocks locks) {
        ObjectNode input = object()
                .required("path", string("File to write: relative to the root, or absolute inside it"))
                .required("content", string("Text to write, stored as UTF-8"))
                .optional("append", bool("Append to the file instead of replacing its content", false))
                .optional("createDirectories", bool("Create missing parent directories", true))
                .build();
        ObjectNode output = object()
                .required("path", string("The file, relative to the root"))
                .required("bytesWritten", count("Bytes written by this call"))
                .required("created", bool("Whether the file did not exist before"))
                .build();
        // destructive: it replaces content; not idempotent: an append repeated appends twice
        return ToolSupport.define(NAME, "Write file",
                "Creates a text file inside the filesystem root, replaces its content, or appends to it. "
                        + "Only files with an allowed extension and within the size limit can be written.",
                input, output, ToolAnnotations.writing("Write file", true, false), jail, new FileWriteTool(jail, locks));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = new Arguments(call.arguments());
        String content = args.requiredString("content");
        boolean append = args.bool("append", false);
        boolean createDirectories = args.bool("createDirectories", true);
        JailedPath file = jail.resolve(args.requiredString("path"));
        if (file.path().equals(jail.root())) {
            throw new ToolFailure("Expected a file path, but '" + file.relative() + "' is the root directory");
        }
        jail.requireAllowedExtension(file.entry());
        jail.requireAllowedExtension(file.path());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        jail.requireWithinSizeLimit(file.path(), bytes.length);

        return locks.withLocks(() -> {
            Path target = file.path();
            boolean exists = Files.exists(target);
            if (exists && !Files.isRegularFile(target)) {
                throw new ToolFailure("Expected '" + file.relative() + "' to be a file, but it is a "
                        + (Files.isDirectory(target) ? "directory" : "special file"));
            }
            if (append && exists) {
                jail.requireWithinSizeLimit(target, Files.size(target) + bytes.length);
            }
            prepareParent(file, createDirectories);
            // NOFOLLOW_LINKS: the path was resolved without links; one planted since is refused, not followed
            OpenOption[] options = {
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS
            };
            Files.write(target, bytes, options);
            FileResources.updated(call.client(), jail, file);
            ObjectNode structured = ToolSupport.object()
                    .put("path", file.relative())
                    .put("bytesWritten", bytes.length)
                    .put("created", !exists);
            String verb = !exists ? "Created" : append ? "Appended to" : "Overwrote";
            return ToolSupport.result(verb + " '" + file.relative() + "' (" + bytes.length + " bytes written)",
                    structured);
        }, file.path());
    }

    private void prepareParent(JailedPath file, boolean createDirectories) throws IOException {
        Path parent = file.path().getParent();
        if (Files.isDirectory(parent)) {
            return;
        }
        if (Files.exists(parent)) {
            throw new ToolFailure("Expected '" + jail.relative(parent) + "' to be a directory, but it is a file");
        }
        if (!createDirectories) {
            throw new ToolFailure("Expected directory '" + jail.relative(parent)
                    + "' to exist, but it does not (pass createDirectories: true to create it)");
        }
        Files.createDirectories(parent);
    }
}
