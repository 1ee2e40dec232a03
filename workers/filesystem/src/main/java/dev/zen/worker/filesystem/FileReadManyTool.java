package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.JsonSchemas.anyOf;
import static dev.zen.worker.filesystem.JsonSchemas.array;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code file_read_many}: the text of several files in one call. A file that cannot be read is
 * reported in its own entry; the others are still returned.
 */
public final class FileReadManyTool implements ToolHandler {

    public static final String NAME = "file_read_many";

    static final int MAX_PATHS = 100;

    private final PathJail jail;
    private final TextFileReader reader;

    public FileReadManyTool(PathJail jail) {
        this.jail = jail;
        this.reader = new TextFileReader(jail);
    }

    public static ToolDefinition definition(PathJail jail) {
        ObjectNode input = object()
                .required("paths", array("Files to read, relative to the root or absolute inside it",
                        string("A file to read"), 1, MAX_PATHS))
                .build();
        ObjectNode read = object()
                .required("path", string("The file as asked for"))
                .required("content", string("Its text (UTF-8)"))
                .build();
        ObjectNode failed = object()
                .required("path", string("The file as asked for"))
                .required("error", string("Why it could not be read"))
                .build();
        ObjectNode output = object()
                .required("files", array("One entry per path, in the order asked for", anyOf(read, failed)))
                .build();
        return ToolSupport.define(NAME, "Read files",
                "Reads several UTF-8 text files inside the filesystem root at once. A file that cannot be read "
                        + "gets an error entry instead of failing the whole call.",
                input, output, ToolAnnotations.readOnly("Read files"), jail, new FileReadManyTool(jail));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        List<String> paths = new Arguments(call.arguments()).strings("paths");
        if (paths.isEmpty() || paths.size() > MAX_PATHS) {
            throw new ToolFailure("Expected 1 to " + MAX_PATHS + " paths, but got " + paths.size());
        }
        ObjectNode structured = ToolSupport.object();
        ArrayNode files = structured.putArray("files");
        StringBuilder text = new StringBuilder();
        int done = 0;
        for (String path : paths) {
            if (done > 0) {
                call.client().progress(done, (double) paths.size(), null); // files read so far, when the caller asked for progress
            }
            done++;
            ObjectNode entry = files.addObject().put("path", path);
            try {
                TextFile file = reader.read(path);
                String content = file.text(StandardCharsets.UTF_8);
                entry.put("content", content);
                text.append(path).append(":\n").append(content);
                if (!content.endsWith("\n")) {
                    text.append('\n');
                }
            } catch (ToolFailure | IOException e) {
                String message = message(path, e);
                entry.put("error", message);
                text.append(path).append(": error: ").append(message).append('\n');
            }
            text.append("---\n");
        }
        call.client().progress(done, (double) paths.size(), null);
        return ToolSupport.result(text.toString(), structured);
    }

    private String message(String path, Exception e) {
        return switch (e) {
            case ToolFailure failure -> failure.getMessage();
            case FileSystemException fse -> ToolSupport.failure(fse, jail).getMessage();
            default -> "Expected to read '" + path + "', but " + e.getClass().getSimpleName();
        };
    }
}
