package dev.zen.worker.filesystem;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;
import java.nio.file.Files;

/** {@code file_mkdir}: creates a directory and its missing parents; an existing directory is fine. */
public final class FileMkdirTool implements ToolHandler {

    public static final String NAME = "file_mkdir";

    static final Field<String> PATH =
            Field.string("path", "Directory to create: relative to the root, or absolute inside it").required();
    static final ObjectShape INPUT = ObjectShape.of(PATH);

    static final Field<String> DIRECTORY = Field.string("path", "The directory, relative to the root").required();
    static final Field<Boolean> CREATED = Field.bool("created", "Whether it did not exist before").required();
    static final ObjectShape OUTPUT = ObjectShape.of(DIRECTORY, CREATED);

    private final PathJail jail;

    public FileMkdirTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        return ToolDefinition.named(NAME).title("Create directory")
                .description("Creates a directory inside the filesystem root, with its missing parents. Succeeds if it "
                        + "exists.")
                .input(INPUT).output(OUTPUT).writes(false, true)
                .handler(ToolSupport.reportingFailures(jail, new FileMkdirTool(jail)));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        JailedPath directory = jail.resolve(INPUT.bind(call).get(PATH));
        boolean existed = Files.isDirectory(directory.path());
        if (!existed && Files.exists(directory.path())) {
            throw new ToolFailure("Expected '" + directory.relative() + "' to be a directory, but it is a file");
        }
        Files.createDirectories(directory.path());
        return OUTPUT.builder()
                .put(DIRECTORY, directory.relative())
                .put(CREATED, !existed)
                .result((existed ? "Directory already exists: '" : "Created directory '") + directory.relative() + "'");
    }
}
