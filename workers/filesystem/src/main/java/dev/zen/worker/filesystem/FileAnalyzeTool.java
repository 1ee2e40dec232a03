package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.JsonSchemas.count;
import static dev.zen.worker.filesystem.JsonSchemas.dateTime;
import static dev.zen.worker.filesystem.JsonSchemas.enumeration;
import static dev.zen.worker.filesystem.JsonSchemas.object;
import static dev.zen.worker.filesystem.JsonSchemas.string;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code file_analyze}: metadata of one entry (kind, size, times, MIME type) and, for a file, its
 * encoding, line count and SHA-256. Reads the content but never returns it, so the extension policy
 * does not apply.
 */
public final class FileAnalyzeTool implements ToolHandler {

    public static final String NAME = "file_analyze";

    private final PathJail jail;

    public FileAnalyzeTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        ObjectNode input = object()
                .required("path", string("File or directory to analyse: relative to the root, or absolute inside it"))
                .build();
        ObjectNode output = object()
                .required("path", string("The entry, relative to the root"))
                .required("size", count("Size in bytes"))
                .required("type", enumeration("Entry kind; for a link, the other fields describe its target",
                        EntryType.labels()))
                .required("mimeType", string("MIME type, probed or guessed from the extension"))
                .optional("lineCount", count("Lines of a text file"))
                .optional("encoding", enumeration("Guessed encoding of a file", ContentProbe.ENCODINGS))
                .optional("linkTarget", string("Where a link points, relative to the root"))
                .required("created", dateTime("Creation time (ISO-8601; the modification time where unsupported)"))
                .required("modified", dateTime("Last modification time (ISO-8601)"))
                .required("accessed", dateTime("Last access time (ISO-8601)"))
                .optional("sha256", string("SHA-256 of a file's content, hex").put("pattern", "^[0-9a-f]{64}$"))
                .build();
        return ToolSupport.define(NAME, "Analyse file",
                "Describes a file or directory inside the filesystem root: type, size, times, MIME type and, for "
                        + "a file, encoding, line count and SHA-256.",
                input, output, ToolAnnotations.readOnly("Analyse file"), jail, new FileAnalyzeTool(jail));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        JailedPath target = jail.resolve(new Arguments(call.arguments()).requiredString("path"));
        BasicFileAttributes entry = Files.readAttributes(target.entry(), BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        EntryType type = EntryType.of(entry);
        BasicFileAttributes attributes = Files.readAttributes(target.path(), BasicFileAttributes.class);

        ObjectNode structured = ToolSupport.object()
                .put("path", target.relative())
                .put("size", attributes.size())
                .put("type", type.label());
        ContentProbe probe = attributes.isRegularFile() ? ContentProbe.of(target.path()) : null;
        structured.put("mimeType", mimeType(target.path(), attributes, probe));
        if (probe != null) {
            if (probe.lineCountable()) {
                structured.put("lineCount", probe.lineCount());
            }
            structured.put("encoding", probe.encoding());
        }
        if (type == EntryType.SYMLINK) {
            structured.put("linkTarget", jail.relative(target.path()));
        }
        structured.put("created", ToolSupport.iso(attributes.creationTime()))
                .put("modified", ToolSupport.iso(attributes.lastModifiedTime()))
                .put("accessed", ToolSupport.iso(attributes.lastAccessTime()));
        if (probe != null) {
            structured.put("sha256", probe.sha256());
        }
        return ToolSupport.result(structured);
    }

    private static String mimeType(Path path, BasicFileAttributes attributes, ContentProbe probe) {
        if (attributes.isDirectory()) {
            return "inode/directory";
        }
        return MimeTypes.of(path, probe != null && !probe.encoding().equals(ContentProbe.BINARY));
    }
}
