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
import java.util.List;

/**
 * {@code file_read}: the text of one file, whole or a slice of its lines (head, tail or a range), up to
 * {@code maxBytes} of content: a longer slice stops at the last whole line that fits, says
 * {@code truncated} and gives the {@code nextStartLine} that reads on.
 */
public final class FileReadTool implements ToolHandler {

    public static final String NAME = "file_read";

    private static final int MAX_LINES = 100_000_000;
    /**
     * Content in one answer by default. The content travels twice (text block and structured content)
     * in one Kafka record, whose default limit is 1 MB.
     */
    static final int DEFAULT_MAX_BYTES = 256 * 1024;
    static final int MAX_BYTES = 1024 * 1024;
    /** A cut line still shows at least one character (at most 4 bytes in UTF-8). */
    static final int MIN_BYTES = 1024;

    static final Field<String> PATH =
            Field.string("path", "File to read: relative to the root, or absolute inside it").required();
    static final Field<Integer> HEAD = Field.integer("head", "Return only the first N lines", 1, MAX_LINES);
    static final Field<Integer> TAIL = Field.integer("tail", "Return only the last N lines", 1, MAX_LINES);
    static final Field<Integer> START_LINE =
            Field.integer("startLine", "First line to return (1-based, inclusive)", 1, MAX_LINES);
    static final Field<Integer> END_LINE = Field.integer("endLine", "Last line to return (1-based, inclusive)", 1, MAX_LINES);
    static final Field<String> ENCODING = Field.string("encoding", "Character encoding of the file").defaultsTo("UTF-8");
    static final Field<Integer> MAX_BYTES_ARGUMENT = Field.integer("maxBytes", "Most bytes of content (as UTF-8) to "
            + "return; a longer slice stops at the last whole line that fits, and nextStartLine reads on", MIN_BYTES, MAX_BYTES)
            .defaultsTo(DEFAULT_MAX_BYTES);
    static final ObjectShape INPUT = ObjectShape.of(PATH, HEAD, TAIL, START_LINE, END_LINE, ENCODING, MAX_BYTES_ARGUMENT);

    static final Field<String> FILE = Field.string("path", "The file, relative to the root").required();
    static final Field<String> CONTENT = Field.string("content", "The lines returned, with their line endings").required();
    static final Field<Long> TOTAL_LINES = Field.count("totalLines", "Lines in the whole file").required();
    static final Field<Long> FIRST_LINE = Field.count("startLine", "First line returned (1-based; 0 when none)").required();
    static final Field<Long> LAST_LINE = Field.count("endLine", "Last line returned (1-based; 0 when none)").required();
    static final Field<Long> SIZE = Field.count("size", "Size of the whole file in bytes").required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final Field<Long> NEXT_START_LINE = Field.count("nextStartLine", "When truncated: the startLine that reads on "
            + "(with the same endLine, if one was given); absent when only the rest of a line longer than maxBytes was "
            + "left out");
    static final ObjectShape OUTPUT =
            ObjectShape.of(FILE, CONTENT, TOTAL_LINES, FIRST_LINE, LAST_LINE, SIZE, TRUNCATED, NEXT_START_LINE);

    private final TextFileReader reader;

    public FileReadTool(PathJail jail) {
        this.reader = new TextFileReader(jail);
    }

    public static ToolDefinition definition(PathJail jail) {
        return ToolDefinition.named(NAME).title("Read file")
                .description("Reads a text file inside the filesystem root. Use head or tail (not both), or "
                        + "startLine/endLine, to read part of a large file. At most maxBytes of content come back: a "
                        + "longer read says truncated and gives the nextStartLine to read on from. Only files with an "
                        + "allowed extension and within the size limit can be read.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(ToolSupport.reportingFailures(jail, new FileReadTool(jail)));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = INPUT.bind(call);
        Integer head = args.get(HEAD);
        Integer tail = args.get(TAIL);
        Integer startLine = args.get(START_LINE);
        Integer endLine = args.get(END_LINE);
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
        var charset = TextFileReader.charset(args.get(ENCODING));
        TextFile file = reader.read(args.get(PATH));
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
        if (last < first) {
            return answer(file, "", total, 0, 0, null).result("");
        }

        int maxBytes = args.get(MAX_BYTES_ARGUMENT);
        Slice slice = Slice.of(lines, first, last, maxBytes);
        String content = first == 1 && slice.end() == total && !slice.cut() ? text : slice.content();
        if (slice.end() == last && !slice.cut()) {
            return answer(file, content, total, first, last, null).result(content);
        }
        // truncated: the text block says how to read on, for a model that reads only the text
        Integer next = slice.end() < last ? slice.end() + 1 : null;
        String range = next == null || last == total ? "" : ", endLine: " + last;
        String note = slice.cut()
                ? "(line " + slice.end() + " is longer than maxBytes: only its first " + TextFileReader.utf8Length(content)
                        + " bytes are shown" + (next == null ? "; pass a larger maxBytes, up to " + MAX_BYTES + ", to see more"
                        : "; the next lines read on with startLine: " + next + range) + ")"
                : "(truncated at " + maxBytes + " bytes: lines " + first + "-" + slice.end() + " of " + total
                        + "; read on with startLine: " + next + range + ")";
        return answer(file, content, total, first, slice.end(), next)
                .put(TRUNCATED, true)
                .result(content + (content.endsWith("\n") ? "" : "\n") + note + "\n");
    }

    /** The answer, not truncated unless the caller says so. */
    private static ObjectShape.Builder answer(TextFile file, String content, int total, int first, int last, Integer next) {
        return OUTPUT.builder()
                .put(FILE, file.file().relative())
                .put(CONTENT, content)
                .put(TOTAL_LINES, total)
                .put(FIRST_LINE, first)
                .put(LAST_LINE, last)
                .put(SIZE, file.bytes().length)
                .put(TRUNCATED, false)
                .put(NEXT_START_LINE, next == null ? null : Long.valueOf(next));
    }

    /**
     * The lines {@code first}..{@code end} of a slice that fit in {@code maxBytes}; when not even the
     * first one fits, its start, {@code cut}.
     */
    private record Slice(String content, int end, boolean cut) {

        static Slice of(List<String> lines, int first, int last, int maxBytes) {
            StringBuilder content = new StringBuilder();
            int bytes = 0;
            int end = first - 1;
            while (end < last) {
                String line = lines.get(end);
                int size = TextFileReader.utf8Length(line);
                if (bytes + size > maxBytes) {
                    break;
                }
                bytes += size;
                content.append(line);
                end++;
            }
            if (end < first) {
                return new Slice(TextFileReader.utf8Prefix(lines.get(first - 1), maxBytes), first, true);
            }
            return new Slice(content.toString(), end, false);
        }
    }
}
