package dev.zen.worker.filesystem;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code file_roots}: the directory the other tools are confined to, and the limits on file content. */
public final class FileRootsTool implements ToolHandler {

    public static final String NAME = "file_roots";

    static final ObjectShape INPUT = ObjectShape.of();

    static final Field<String> PATH =
            Field.string("path", "Absolute path of the root; other tools take paths relative to it").required();
    static final Field<Long> MAX_FILE_SIZE =
            Field.count("maxFileSize", "Largest file, in bytes, whose content can be read or written").required();
    static final Field<List<String>> ALLOWED_EXTENSIONS = Field.list("allowedExtensions",
            "Extensions whose content can be read or written; [\"*\"] for any",
            Field.string("extension", "An extension with its dot, or *")).required();
    static final ObjectShape ROOT = ObjectShape.of(PATH, MAX_FILE_SIZE, ALLOWED_EXTENSIONS);

    static final Field<List<ObjectNode>> ROOTS = Field.objects("roots", "The allowed roots", ROOT).required();
    static final ObjectShape OUTPUT = ObjectShape.of(ROOTS);

    private final PathJail jail;

    public FileRootsTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        return ToolDefinition.named(NAME).title("List allowed roots")
                .description("Lists the directory the filesystem tools can access, with the file size limit and the "
                        + "allowed extensions. Paths elsewhere are refused.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(ToolSupport.reportingFailures(jail, new FileRootsTool(jail)));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        INPUT.bind(call);
        FilesystemSettings settings = jail.settings();
        List<String> extensions = settings.anyExtension() ? List.of("*")
                : settings.allowedExtensions().stream().sorted().toList();
        ObjectNode root = ROOT.builder()
                .put(PATH, jail.root().toString())
                .put(MAX_FILE_SIZE, settings.maxFileSize())
                .put(ALLOWED_EXTENSIONS, extensions)
                .build();
        return OUTPUT.builder().put(ROOTS, List.of(root)).result();
    }
}
