package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.JsonSchemas.bool;
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
import java.nio.file.Files;
import tools.jackson.databind.node.ObjectNode;

/** {@code file_mkdir}: creates a directory and its missing parents; an existing directory is fine. */
public final class FileMkdirTool implements ToolHandler {

    public static final String NAME = "file_mkdir";

    private final PathJail jail;

    public FileMkdirTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        ObjectNode input = object()
                .required("path", string("Directory to create: relative to the root, or absolute inside it"))
                .build();
        ObjectNode output = object()
                .required("path", string("The directory, relative to the root"))
                .required("created", bool("Whether it did not exist before"))
                .build();
        return ToolSupport.define(NAME, "Create directory",
                "Creates a directory inside the filesystem root, with its missing parents. Succeeds if it exists.",
                input, output, ToolAnnotations.writing("Create directory", false, true), jail, new FileMkdirTool(jail));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        JailedPath directory = jail.resolve(new Arguments(call.arguments()).requiredString("path"));
        boolean existed = Files.isDirectory(directory.path());
        if (!existed && Files.exists(directory.path())) {
            throw new ToolFailure("Expected '" + directory.relative() + "' to be a directory, but it is a file");
        }
        Files.createDirectories(directory.path());
        ObjectNode structured = ToolSupport.object()
                .put("path", directory.relative())
                .put("created", !existed);
        return ToolSupport.result((existed ? "Directory already exists: '" : "Created directory '")
                + directory.relative() + "'", structured);
    }
}
