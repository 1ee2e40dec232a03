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
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code file_move}: moves or renames a file or directory inside the root. A link is moved itself,
 * not its target. A file may only move between allowed extensions: otherwise a rename would turn a
 * refused file into a readable one, or the reverse. The resource subscribers of both paths are told.
 */
public final class FileMoveTool implements ToolHandler {

    public static final String NAME = "file_move";

    private final PathJail jail;
    private final PathLocks locks;

    public FileMoveTool(PathJail jail, PathLocks locks) {
        this.jail = jail;
        this.locks = locks;
    }

    public static ToolDefinition definition(PathJail jail, PathLocks locks) {
        ObjectNode input = object()
                .required("source", string("File or directory to move: relative to the root, or absolute inside it"))
                .required("destination", string("New path: relative to the root, or absolute inside it"))
                .optional("overwrite", bool("Replace an existing file at the destination", false))
                .build();
        ObjectNode output = object()
                .required("source", string("The former path, relative to the root"))
                .required("destination", string("The new path, relative to the root"))
                .required("overwritten", bool("Whether an existing entry at the destination was replaced"))
                .build();
        return ToolSupport.define(NAME, "Move file",
                "Moves or renames a file or directory inside the filesystem root. Fails if the destination exists, "
                        + "unless overwrite is true; the destination's parent directory must exist.",
                input, output, ToolAnnotations.writing("Move file", true, false), jail, new FileMoveTool(jail, locks));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = new Arguments(call.arguments());
        JailedPath source = jail.resolve(args.requiredString("source"));
        JailedPath destination = jail.resolve(args.requiredString("destination"));
        boolean overwrite = args.bool("overwrite", false);
        if (source.entry().equals(jail.root()) || destination.entry().equals(jail.root())) {
            throw new ToolFailure("Expected source and destination below the root, but one of them is the root itself");
        }

        return locks.withLocks(() -> {
            if (!Files.exists(source.entry(), LinkOption.NOFOLLOW_LINKS)) {
                throw new ToolFailure("Expected '" + source.relative() + "' to exist, but it does not");
            }
            if (Files.isRegularFile(source.entry(), LinkOption.NOFOLLOW_LINKS)) {
                jail.requireAllowedExtension(source.entry());
                jail.requireAllowedExtension(destination.entry());
            }
            boolean exists = Files.exists(destination.entry(), LinkOption.NOFOLLOW_LINKS);
            if (exists && !overwrite) {
                throw new ToolFailure("Expected destination '" + destination.relative()
                        + "' not to exist, but it does (pass overwrite: true to replace it)");
            }
            if (!Files.isDirectory(destination.entry().getParent())) {
                throw new ToolFailure("Expected directory '" + jail.relative(destination.entry().getParent())
                        + "' to exist, but it does not (create it with file_mkdir first)");
            }
            if (destination.entry().startsWith(source.entry())) {
                throw new ToolFailure("Expected a destination outside the source, but '" + destination.relative()
                        + "' is inside '" + source.relative() + "'");
            }
            CopyOption[] options = overwrite
                    ? new CopyOption[] {StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS}
                    : new CopyOption[] {LinkOption.NOFOLLOW_LINKS};
            Files.move(source.entry(), destination.entry(), options);
            FileResources.updated(call.client(), source.relative(), destination.relative());
            ObjectNode structured = ToolSupport.object()
                    .put("source", source.relative())
                    .put("destination", destination.relative())
                    .put("overwritten", exists);
            return ToolSupport.result("Moved '" + source.relative() + "' to '" + destination.relative() + "'"
                    + (exists ? " (replaced the existing entry)" : ""), structured);
        }, source.entry(), destination.entry());
    }
}
