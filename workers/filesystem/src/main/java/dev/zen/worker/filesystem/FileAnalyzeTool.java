package dev.zen.worker.filesystem;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * {@code file_analyze}: metadata of one entry (kind, size, times, MIME type) and, for a file, its
 * encoding, line count and SHA-256. Reads the content but never returns it, so the extension policy
 * does not apply.
 */
public final class FileAnalyzeTool implements ToolHandler {

    public static final String NAME = "file_analyze";

    static final Field<String> PATH =
            Field.string("path", "File or directory to analyse: relative to the root, or absolute inside it").required();
    static final ObjectShape INPUT = ObjectShape.of(PATH);

    static final Field<String> ENTRY = Field.string("path", "The entry, relative to the root").required();
    static final Field<Long> SIZE = Field.count("size", "Size in bytes").required();
    static final Field<String> TYPE = Field.choice("type", "Entry kind; for a link, the other fields describe its target",
            EntryType.labels()).required();
    static final Field<String> MIME_TYPE = Field.string("mimeType", "MIME type, probed or guessed from the extension")
            .required();
    static final Field<Long> LINE_COUNT = Field.count("lineCount", "Lines of a text file");
    static final Field<String> ENCODING = Field.choice("encoding", "Guessed encoding of a file", ContentProbe.ENCODINGS);
    static final Field<String> LINK_TARGET = Field.string("linkTarget", "Where a link points, relative to the root");
    static final Field<String> CREATED =
            Field.dateTime("created", "Creation time (ISO-8601; the modification time where unsupported)").required();
    static final Field<String> MODIFIED = Field.dateTime("modified", "Last modification time (ISO-8601)").required();
    static final Field<String> ACCESSED = Field.dateTime("accessed", "Last access time (ISO-8601)").required();
    static final Field<String> SHA256 = Field.string("sha256", "SHA-256 of a file's content, hex")
            .pattern("^[0-9a-f]{64}$", "64 lower-case hex digits");
    static final ObjectShape OUTPUT = ObjectShape.of(ENTRY, SIZE, TYPE, MIME_TYPE, LINE_COUNT, ENCODING, LINK_TARGET,
            CREATED, MODIFIED, ACCESSED, SHA256);

    private final PathJail jail;

    public FileAnalyzeTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        return ToolDefinition.named(NAME).title("Analyse file")
                .description("Describes a file or directory inside the filesystem root: type, size, times, MIME type "
                        + "and, for a file, encoding, line count and SHA-256.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(ToolSupport.reportingFailures(jail, new FileAnalyzeTool(jail)));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        JailedPath target = jail.resolve(INPUT.bind(call).get(PATH));
        BasicFileAttributes entry = Files.readAttributes(target.entry(), BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        EntryType type = EntryType.of(entry);
        BasicFileAttributes attributes = Files.readAttributes(target.path(), BasicFileAttributes.class);
        ContentProbe probe = attributes.isRegularFile() ? ContentProbe.of(target.path()) : null;
        return OUTPUT.builder()
                .put(ENTRY, target.relative())
                .put(SIZE, attributes.size())
                .put(TYPE, type.label())
                .put(MIME_TYPE, mimeType(target.path(), attributes, probe))
                .put(LINE_COUNT, probe != null && probe.lineCountable() ? Long.valueOf(probe.lineCount()) : null)
                .put(ENCODING, probe == null ? null : probe.encoding())
                .put(LINK_TARGET, type == EntryType.SYMLINK ? jail.relative(target.path()) : null)
                .put(CREATED, iso(attributes.creationTime()))
                .put(MODIFIED, iso(attributes.lastModifiedTime()))
                .put(ACCESSED, iso(attributes.lastAccessTime()))
                .put(SHA256, probe == null ? null : probe.sha256())
                .result();
    }

    private static String iso(FileTime time) {
        return time.toInstant().toString();
    }

    private static String mimeType(Path path, BasicFileAttributes attributes, ContentProbe probe) {
        if (attributes.isDirectory()) {
            return "inode/directory";
        }
        return MimeTypes.of(path, probe != null && !probe.encoding().equals(ContentProbe.BINARY));
    }
}
