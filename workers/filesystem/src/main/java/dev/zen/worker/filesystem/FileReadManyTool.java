package dev.zen.worker.filesystem;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.filesystem.TextFileReader.TextFile;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Caps;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code file_read_many}: the text of several files in one call. A file that cannot be read is
 * reported in its own entry; the others are still returned. The files' content together stays within
 * {@code maxBytes}: the paths past it come back in {@code unread}, to ask for again; a file larger than
 * {@code maxBytes} on its own gets an error entry that points to {@code file_read}, which pages.
 */
public final class FileReadManyTool implements ToolHandler {

    public static final String NAME = "file_read_many";

    static final int MAX_PATHS = 100;

    static final Field<List<String>> PATHS = Field.list("paths", "Files to read, relative to the root or absolute inside it",
            Field.string("path", "A file to read"), 1, MAX_PATHS).required();
    static final Field<Integer> MAX_BYTES = Field.integer("maxBytes", "Most bytes of content (as UTF-8) to return in all; "
            + "the paths past it are listed in unread", FileReadTool.MIN_BYTES, FileReadTool.MAX_BYTES)
            .defaultsTo(FileReadTool.DEFAULT_MAX_BYTES);
    static final ObjectShape INPUT = ObjectShape.of(PATHS, MAX_BYTES);

    static final Field<String> PATH = Field.string("path", "The file as asked for").required();
    static final Field<String> CONTENT = Field.string("content", "Its text (UTF-8)").required();
    static final Field<String> ERROR = Field.string("error", "Why it could not be read").required();
    static final ObjectShape READ = ObjectShape.of(PATH, CONTENT);
    static final ObjectShape FAILED = ObjectShape.of(PATH, ERROR);
    static final Field<List<ObjectNode>> FILES = Field.list("files", "One entry per path read or failed, in the order "
            + "asked for; the paths past maxBytes are in unread instead",
            Field.anyOf("file", "A file's text, or why it could not be read", READ, FAILED)).required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final Field<List<String>> UNREAD = Field.list("unread", "When truncated: the paths not read because the "
            + "answer reached maxBytes, in the order asked for; pass them as paths to read them",
            Field.string("path", "A file to ask for again"));
    static final ObjectShape OUTPUT = ObjectShape.of(FILES, TRUNCATED, UNREAD);

    private final PathJail jail;
    private final TextFileReader reader;

    public FileReadManyTool(PathJail jail) {
        this.jail = jail;
        this.reader = new TextFileReader(jail);
    }

    public static ToolDefinition definition(PathJail jail) {
        return ToolDefinition.named(NAME).title("Read files")
                .description("Reads several UTF-8 text files inside the filesystem root at once. A file that cannot be "
                        + "read gets an error entry instead of failing the whole call. At most maxBytes of content come "
                        + "back: the files past it are listed in unread (truncated: true) to ask for again.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(ToolSupport.reportingFailures(jail, new FileReadManyTool(jail)));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        List<String> paths = args.get(PATHS);
        int maxBytes = args.get(MAX_BYTES);
        List<ObjectNode> files = new ArrayList<>();
        List<String> unread = List.of();
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        int done = 0;
        for (String path : paths) {
            if (done > 0) {
                call.client().progress(done, (double) paths.size(), null); // files read so far, when the caller asked for progress
            }
            String content;
            try {
                TextFile file = reader.read(path);
                content = file.text(StandardCharsets.UTF_8);
            } catch (ToolFailure | IOException e) {
                failed(files, text, path, message(path, e));
                done++;
                continue;
            }
            int size = TextFileReader.utf8Length(content);
            if (size > maxBytes) {
                failed(files, text, path, "Expected at most " + maxBytes + " bytes of content (maxBytes), but '" + path
                        + "' has " + size + " (read it with file_read, which pages with startLine)");
            } else if (bytes + size > maxBytes) {
                unread = paths.subList(done, paths.size());
                break;
            } else {
                bytes += size;
                files.add(READ.builder().put(PATH, path).put(CONTENT, content).build());
                text.append(path).append(":\n").append(content);
                if (!content.endsWith("\n")) {
                    text.append('\n');
                }
                text.append("---\n");
            }
            done++;
        }
        if (unread.isEmpty()) {
            call.client().progress(done, (double) paths.size(), null); // when truncated, the last one was sent already
        } else {
            text.append("(truncated at ").append(maxBytes).append(" bytes: ").append(unread.size())
                    .append(unread.size() == 1 ? " file" : " files").append(" not read; ask again with paths: ")
                    .append(String.join(", ", unread)).append(")\n");
        }
        return OUTPUT.builder()
                .put(FILES, files)
                .put(TRUNCATED, !unread.isEmpty())
                .put(UNREAD, unread.isEmpty() ? null : unread)
                .result(text.toString());
    }

    private static void failed(List<ObjectNode> files, StringBuilder text, String path, String message) {
        files.add(FAILED.builder().put(PATH, path).put(ERROR, message).build());
        text.append(path).append(": error: ").append(message).append('\n').append("---\n");
    }

    private String message(String path, Exception e) {
        return switch (e) {
            case ToolFailure failure -> failure.getMessage();
            case FileSystemException fse -> ToolSupport.failure(fse, jail).getMessage();
            default -> "Expected to read '" + path + "', but " + e.getClass().getSimpleName();
        };
    }
}
