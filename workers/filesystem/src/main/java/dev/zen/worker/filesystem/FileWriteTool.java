package dev.zen.worker.filesystem;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code file_write}: creates or overwrites a text file (UTF-8), or appends to it, then tells the
 * file's resource subscribers.
 */
public final class FileWriteTool implements ToolHandler {

    public static final String NAME = "file_write";

    static final Field<String> PATH =
            Field.string("path", "File to write: relative to the root, or absolute inside it").required();
    static final Field<String> CONTENT = Field.string("content", "Text to write, stored as UTF-8").content().required();
    static final Field<Boolean> APPEND =
            Field.bool("append", "Append to the file instead of replacing its content").defaultsTo(false);
    static final Field<Boolean> CREATE_DIRECTORIES =
            Field.bool("createDirectories", "Create missing parent directories").defaultsTo(true);
    static final ObjectShape INPUT = ObjectShape.of(PATH, CONTENT, APPEND, CREATE_DIRECTORIES);

    static final Field<String> FILE = Field.string("path", "The file, relative to the root").required();
    static final Field<Long> BYTES_WRITTEN = Field.count("bytesWritten", "Bytes written by this call").required();
    static final Field<Boolean> CREATED = Field.bool("created", "Whether the file did not exist before").required();
    static final ObjectShape OUTPUT = ObjectShape.of(FILE, BYTES_WRITTEN, CREATED);

    private final PathJail jail;
    private final PathLocks locks;

    public FileWriteTool(PathJail jail, PathLocks locks) {
        this.jail = jail;
        this.locks = locks;
    }

    public static ToolDefinition definition(PathJail jail, PathLocks locks) {
        // destructive: it replaces content; not idempotent: an append repeated appends twice
        return ToolDefinition.named(NAME).title("Write file")
                .description("Creates a text file inside the filesystem root, replaces its content, or appends to it. "
                        + "Only files with an allowed extension and within the size limit can be written.")
                .input(INPUT).output(OUTPUT).writes(true, false)
                .handler(ToolSupport.reportingFailures(jail, new FileWriteTool(jail, locks)));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = INPUT.bind(call);
        String content = args.get(CONTENT);
        boolean append = args.get(APPEND);
        boolean createDirectories = args.get(CREATE_DIRECTORIES);
        JailedPath file = jail.resolve(args.get(PATH));
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
            String verb = !exists ? "Created" : append ? "Appended to" : "Overwrote";
            return OUTPUT.builder()
                    .put(FILE, file.relative())
                    .put(BYTES_WRITTEN, bytes.length)
                    .put(CREATED, !exists)
                    .result(verb + " '" + file.relative() + "' (" + bytes.length + " bytes written)");
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
