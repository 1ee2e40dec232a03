package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.JsonSchemas.array;
import static dev.zen.worker.filesystem.JsonSchemas.bool;
import static dev.zen.worker.filesystem.JsonSchemas.count;
import static dev.zen.worker.filesystem.JsonSchemas.dateTime;
import static dev.zen.worker.filesystem.JsonSchemas.enumeration;
import static dev.zen.worker.filesystem.JsonSchemas.integer;
import static dev.zen.worker.filesystem.JsonSchemas.object;
import static dev.zen.worker.filesystem.JsonSchemas.string;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.worker.filesystem.DirectoryWalker.Entry;
import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code file_list}: the entries of a directory, optionally of its subdirectories too. */
public final class FileListTool implements ToolHandler {

    public static final String NAME = "file_list";

    static final int DEFAULT_MAX_ENTRIES = 1000;
    static final int MAX_ENTRIES = 10_000;

    private final PathJail jail;

    public FileListTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        ObjectNode input = object()
                .optional("path", string("Directory to list: relative to the root, or absolute inside it", "."))
                .optional("recursive", bool("Also list the entries of subdirectories (links are not followed)", false))
                .optional("includeHidden", bool("Include entries whose name starts with '.'", false))
                .optional("maxEntries", integer("Most entries to return", 1, MAX_ENTRIES, DEFAULT_MAX_ENTRIES))
                .build();
        ObjectNode entry = object()
                .required("name", string("Entry name"))
                .required("path", string("Entry path relative to the root"))
                .required("type", enumeration("Entry kind; a link is not followed", EntryType.labels()))
                .required("size", count("Size in bytes"))
                .required("modified", dateTime("Last modification time (ISO-8601)"))
                .build();
        ObjectNode output = object()
                .required("path", string("The directory listed, relative to the root"))
                .required("entries", array("Entries sorted by name, depth first", entry))
                .required("truncated", bool("Whether more entries exist than maxEntries"))
                .build();
        return ToolSupport.define(NAME, "List directory",
                "Lists the files and directories in a directory inside the filesystem root, with type, size and "
                        + "modification time.",
                input, output, ToolAnnotations.readOnly("List directory"), jail, new FileListTool(jail));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = new Arguments(call.arguments());
        JailedPath directory = jail.resolve(args.string("path", "."));
        boolean recursive = args.bool("recursive", false);
        boolean includeHidden = args.bool("includeHidden", false);
        int maxEntries = args.integer("maxEntries", DEFAULT_MAX_ENTRIES, 1, MAX_ENTRIES);
        if (!Files.isDirectory(directory.path())) {
            throw new ToolFailure("Expected a directory at '" + directory.relative() + "', but "
                    + (Files.exists(directory.path()) ? "it is a file" : "nothing is there"));
        }

        ObjectNode structured = ToolSupport.object().put("path", directory.relative());
        ArrayNode entries = structured.putArray("entries");
        StringBuilder text = new StringBuilder();
        boolean truncated = !list(DirectoryWalker.entries(directory.path()), recursive, includeHidden, maxEntries,
                entries, text);
        structured.put("truncated", truncated);
        if (entries.isEmpty()) {
            text.append("(empty directory)\n");
        }
        if (truncated) {
            text.append("(truncated at ").append(maxEntries).append(" entries)\n");
        }
        return ToolSupport.result(text.toString(), structured);
    }

    /** Depth-first listing; false when it stopped at maxEntries with entries left. */
    private boolean list(List<Entry> level, boolean recursive, boolean includeHidden, int maxEntries, ArrayNode out,
            StringBuilder text) {
        for (Entry entry : level) {
            if (!includeHidden && entry.hidden()) {
                continue;
            }
            if (out.size() >= maxEntries) {
                return false;
            }
            String relative = jail.relative(entry.path());
            EntryType type = entry.type();
            out.addObject()
                    .put("name", entry.name())
                    .put("path", relative)
                    .put("type", type.label())
                    .put("size", entry.attributes().size())
                    .put("modified", ToolSupport.iso(entry.attributes().lastModifiedTime()));
            text.append(line(type, relative, entry.attributes().size())).append('\n');
            if (recursive && type == EntryType.DIRECTORY) {
                Path directory = entry.path();
                if (!list(DirectoryWalker.entriesOrNone(directory), true, includeHidden, maxEntries, out, text)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String line(EntryType type, String relative, long size) {
        return switch (type) {
            case DIRECTORY -> "[DIR]  " + relative + "/";
            case FILE -> "[FILE] " + relative + " (" + size + " bytes)";
            case SYMLINK -> "[LINK] " + relative;
            case OTHER -> "[OTHER] " + relative;
        };
    }
}
