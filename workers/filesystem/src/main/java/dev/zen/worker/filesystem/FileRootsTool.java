package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.JsonSchemas.array;
import static dev.zen.worker.filesystem.JsonSchemas.count;
import static dev.zen.worker.filesystem.JsonSchemas.object;
import static dev.zen.worker.filesystem.JsonSchemas.string;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code file_roots}: the directory the other tools are confined to, and the limits on file content. */
public final class FileRootsTool implements ToolHandler {

    public static final String NAME = "file_roots";

    private final PathJail jail;

    public FileRootsTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        ObjectNode input = object().build();
        ObjectNode root = object()
                .required("path", string("Absolute path of the root; other tools take paths relative to it"))
                .required("maxFileSize", count("Largest file, in bytes, whose content can be read or written"))
                .required("allowedExtensions", array("Extensions whose content can be read or written; [\"*\"] for any",
                        string("An extension with its dot, or *")))
                .build();
        ObjectNode output = object()
                .required("roots", array("The allowed roots", root))
                .build();
        return ToolSupport.define(NAME, "List allowed roots",
                "Lists the directory the filesystem tools can access, with the file size limit and the allowed "
                        + "extensions. Paths elsewhere are refused.",
                input, output, ToolAnnotations.readOnly("List allowed roots"), jail, new FileRootsTool(jail));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        FilesystemSettings settings = jail.settings();
        ObjectNode structured = ToolSupport.object();
        ObjectNode root = structured.putArray("roots").addObject()
                .put("path", jail.root().toString())
                .put("maxFileSize", settings.maxFileSize());
        ArrayNode extensions = root.putArray("allowedExtensions");
        if (settings.anyExtension()) {
            extensions.add("*");
        } else {
            settings.allowedExtensions().stream().sorted().forEach(extensions::add);
        }
        return ToolSupport.result(structured);
    }
}
