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
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;

/**
 * {@code file_move}: moves or renames a file or directory inside the root. A link is moved itself,
 * not its target. A file may only move between allowed extensions: otherwise a rename would turn a
 * refused file into a readable one, or the reverse. The resource subscribers of both paths are told.
 */
public final class FileMoveTool implements ToolHandler {

    public static final String NAME = "file_move";

    static final Field<String> SOURCE =
            Field.string("source", "File or directory to move: relative to the root, or absolute inside it").required();
    static final Field<String> DESTINATION =
            Field.string("destination", "New path: relative to the root, or absolute inside it").required();
    static final Field<Boolean> OVERWRITE =
            Field.bool("overwrite", "Replace an existing file at the destination").defaultsTo(false);
    static final ObjectShape INPUT = ObjectShape.of(SOURCE, DESTINATION, OVERWRITE);

    static final Field<String> FROM = Field.string("source", "The former path, relative to the root").required();
    static final Field<String> TO = Field.string("destination", "The new path, relative to the root").required();
    static final Field<Boolean> OVERWRITTEN =
            Field.bool("overwritten", "Whether an existing entry at the destination was replaced").required();
    static final ObjectShape OUTPUT = ObjectShape.of(FROM, TO, OVERWRITTEN);

    private final PathJail jail;
    private final PathLocks locks;

    public FileMoveTool(PathJail jail, PathLocks locks) {
        this.jail = jail;
        this.locks = locks;
    }

    public static ToolDefinition definition(PathJail jail, PathLocks locks) {
        return ToolDefinition.named(NAME).title("Move file")
                .description("Moves or renames a file or directory inside the filesystem root. Fails if the destination "
                        + "exists, unless overwrite is true; the destination's parent directory must exist.")
                .input(INPUT).output(OUTPUT).writes(true, false)
                .handler(ToolSupport.reportingFailures(jail, new FileMoveTool(jail, locks)));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = INPUT.bind(call);
        JailedPath source = jail.resolve(args.get(SOURCE));
        JailedPath destination = jail.resolve(args.get(DESTINATION));
        boolean overwrite = args.get(OVERWRITE);
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
            return OUTPUT.builder()
                    .put(FROM, source.relative())
                    .put(TO, destination.relative())
                    .put(OVERWRITTEN, exists)
                    .result("Moved '" + source.relative() + "' to '" + destination.relative() + "'"
                            + (exists ? " (replaced the existing entry)" : ""));
        }, source.entry(), destination.entry());
    }
}
