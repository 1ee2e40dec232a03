package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.JsonSchemas.count;
import static dev.zen.worker.filesystem.JsonSchemas.integer;
import static dev.zen.worker.filesystem.JsonSchemas.object;
import static dev.zen.worker.filesystem.JsonSchemas.string;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.worker.filesystem.TextFileReader.TextFile;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code file_read}: the text of one file, whole or a slice of its lines (head, tail or a range). */
public final class FileReadTool implements ToolHandler {

    public static final String NAME = "file_read";

    private static final int MAX_LINES = 100_000_000;

    private final TextFileReader reader;

    public FileReadTool(PathJail jail) {
        this.reader = new TextFileReader(jail);
    }

    public static ToolDefinition definition(PathJail jail) {
        ObjectNode input = object()
                .required("path", string("File to read: relative to the root, or absolute inside it"))
                .optional("head", integer("Return only the first N lines", 1, MAX_LINES))
                .optional("tail", integer("Return only the last N lines", 1, MAX_LINES))
                .optional("startLine", integer("First line to return (1-based, inclusive)", 1, MAX_LINES))
                .optional("endLine", integer("Last line to return (1-based, inclusive)", 1, MAX_LINES))
                .optional("encoding", string("Character encoding of the file", "UTF-8"))
                .build();
        ObjectNode output = object()
                .required("path", string("The file, relative to the root"))
                .required("content", string("The lines returned, with their line endings"))
                .required("totalLines", count("Lines in the whole file"))
                .required("startLine", count("First line returned (1-based; 0 when none)"))
                .required("endLine", count("Last line returned (1-based; 0 when none)"))
                .required("size", count("Size of the whole file in bytes"))
                .build();
        return ToolSupport.define(NAME, "Read file",
                "Reads a text file inside the filesystem root. Use head or tail (not both), or startLine/endLine, "
                        + "to read part of a large file. Only files with an allowed extension and within the size "
                        + "limit can be read.",
                input, output, ToolAnnotations.readOnly("Read file"), jail, new FileReadTool(jail));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = new Arguments(call.arguments());
        Integer head = args.optionalInteger("head", 1, MAX_LINES);
        Integer tail = args.optionalInteger("tail", 1, MAX_LINES);
        Integer startLine = args.optionalInteger("startLine", 1, MAX_LINES);
        Integer endLine = args.optionalInteger("endLine", 1, MAX_LINES);
        if (head != null && tail != null) {
            throw new ToolFailure("Expected at most one of 'head' and 'tail', but both were given");
        }
        if ((head != null || tail != null) && (startLine != null || endLine != null)) {
            throw new ToolFailure("Expected either 'head'/'tail' or 'startLine'/'endLine', but both kinds were given");
        }
        if (startLine != null && endLine != null && startLine > endLine) {
            throw new ToolFailure("Expected startLine ≤ endLine, but startLine was " + startLine + " and endLine "
                    + endLine);
        }
        var charset = TextFileReader.charset(args.string("encoding", "UTF-8"));
        TextFile file = reader.read(args.requiredString("path"));
        String text = file.text(charset);
        List<String> lines = TextFileReader.lines(text);
        int total = lines.size();

        int first;
        int last;
        if (head != null) {
            first = 1;
            last = Math.min(head, total);
        } else if (tail != null) {
            first = Math.max(1, total - tail + 1);
            last = total;
        } else {
            first = startLine == null ? 1 : startLine;
            last = endLine == null ? total : Math.min(endLine, total);
            if (first > Math.max(total, 1)) {
                throw new ToolFailure("Expected startLine at most " + total + " (the lines of '"
                        + file.file().relative() + "'), but it was " + first);
            }
        }
        boolean whole = first == 1 && last == total;
        String content = whole ? text : String.join("", lines.subList(first - 1, Math.max(first - 1, last)));
        if (last < first) {
            first = 0;
            last = 0;
        }

        ObjectNode structured = ToolSupport.object()
                .put("path", file.file().relative())
                .put("content", content)
                .put("totalLines", total)
                .put("startLine", first)
                .put("endLine", last)
                .put("size", file.bytes().length);
        return ToolSupport.result(content, structured);
    }
}
