package dev.zen.worker.filesystem;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.zen.schemas.CallToolResult;
import dev.zen.worker.filesystem.TextFileReader.TextFile;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code file_edit}: replaces exact snippets of a UTF-8 text file and answers with a git-style
 * unified diff. Every edit's {@code oldText} must occur exactly once (after the previous edits), so
 * that an edit never lands somewhere the model did not mean; a dry run shows the diff without writing.
 * A write that changed the file is announced to the file's resource subscribers.
 */
public final class FileEditTool implements ToolHandler {

    public static final String NAME = "file_edit";

    static final int MAX_EDITS = 100;
    private static final int CONTEXT_LINES = 3;

    static final Field<String> OLD_TEXT =
            Field.string("oldText", "Exact text to replace; must occur exactly once").minLength(1).required();
    static final Field<String> NEW_TEXT = Field.string("newText", "Text to put in its place").required();
    static final ObjectShape EDIT = ObjectShape.of(OLD_TEXT, NEW_TEXT);

    static final Field<String> PATH =
            Field.string("path", "File to edit: relative to the root, or absolute inside it").required();
    static final Field<List<ObjectNode>> EDITS = Field.list("edits", "Replacements, applied in order",
            Field.object("edit", "One replacement", EDIT), 1, MAX_EDITS).content().required();
    static final Field<Boolean> DRY_RUN = Field.bool("dryRun", "Show the diff without writing the file").defaultsTo(false);
    static final ObjectShape INPUT = ObjectShape.of(PATH, EDITS, DRY_RUN);

    static final Field<String> FILE = Field.string("path", "The file, relative to the root").required();
    static final Field<String> DIFF =
            Field.string("diff", "Unified diff of the change (empty when nothing changed)").required();
    static final Field<Boolean> APPLIED = Field.bool("applied", "Whether the file was written (false for a dry run)")
            .required();
    static final ObjectShape OUTPUT = ObjectShape.of(FILE, DIFF, APPLIED);

    private final PathJail jail;
    private final PathLocks locks;
    private final TextFileReader reader;

    public FileEditTool(PathJail jail, PathLocks locks) {
        this.jail = jail;
        this.locks = locks;
        this.reader = new TextFileReader(jail);
    }

    public static ToolDefinition definition(PathJail jail, PathLocks locks) {
        return ToolDefinition.named(NAME).title("Edit file")
                .description("Replaces exact text snippets in a UTF-8 text file inside the filesystem root and returns "
                        + "a git-style unified diff. Each oldText must match exactly once; include surrounding lines to "
                        + "make it unique. Use dryRun to preview.")
                .input(INPUT).output(OUTPUT).writes(true, false)
                .handler(ToolSupport.reportingFailures(jail, new FileEditTool(jail, locks)));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = INPUT.bind(call);
        List<Arguments> edits = args.get(EDITS).stream().map(EDIT::bind).toList();
        boolean dryRun = args.get(DRY_RUN);
        String path = args.get(PATH);
        var checked = reader.checkedFile(path);

        return locks.withLocks(() -> {
            TextFile file = reader.read(path);
            String original = file.strictUtf8();
            String edited = apply(original, edits, file.file().relative());
            String diff = diff(file.file().relative(), original, edited);
            byte[] bytes = edited.getBytes(StandardCharsets.UTF_8);
            if (!dryRun && !edited.equals(original)) {
                jail.requireWithinSizeLimit(file.file().path(), bytes.length);
                Files.write(file.file().path(), bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                        LinkOption.NOFOLLOW_LINKS);
                FileResources.updated(call.client(), jail, file.file());
            }
            String text = diff.isEmpty() ? "No changes to '" + file.file().relative() + "'"
                    : (dryRun ? "Dry run, nothing written:\n" : "") + diff;
            return OUTPUT.builder()
                    .put(FILE, file.file().relative())
                    .put(DIFF, diff)
                    .put(APPLIED, !dryRun)
                    .result(text);
        }, checked.path());
    }

    /** Applies the edits in order; each was bound to {@link #EDIT}, so its texts are there and oldText is not empty. */
    private static String apply(String original, List<Arguments> edits, String relative) {
        // a CRLF file edited with LF snippets (as models write them) should still match
        boolean crlf = original.contains("\r\n");
        String text = original;
        for (int i = 0; i < edits.size(); i++) {
            String oldText = edits.get(i).get(OLD_TEXT);
            String newText = edits.get(i).get(NEW_TEXT);
            if (crlf && !oldText.contains("\r\n")) {
                oldText = oldText.replace("\n", "\r\n");
                newText = newText.replace("\r\n", "\n").replace("\n", "\r\n");
            }
            int at = text.indexOf(oldText);
            if (at < 0) {
                throw new ToolFailure("Expected edits[" + i + "].oldText to match exactly once in '" + relative
                        + "', but it was not found");
            }
            int matches = occurrences(text, oldText);
            if (matches > 1) {
                throw new ToolFailure("Expected edits[" + i + "].oldText to match exactly once in '" + relative
                        + "', but it matched " + matches + " times (include surrounding lines to make it unique)");
            }
            text = text.substring(0, at) + newText + text.substring(at + oldText.length());
        }
        return text;
    }

    /** Overlapping occurrences count: "aa" occurs twice in "aaa", so neither place is unique. */
    private static int occurrences(String text, String snippet) {
        int count = 0;
        for (int at = text.indexOf(snippet); at >= 0; at = text.indexOf(snippet, at + 1)) {
            count++;
        }
        return count;
    }

    static String diff(String relative, String original, String edited) {
        if (original.equals(edited)) {
            return "";
        }
        List<String> before = diffLines(original);
        List<String> after = diffLines(edited);
        Patch<String> patch = DiffUtils.diff(before, after);
        List<String> unified = new ArrayList<>();
        unified.add("diff --git a/" + relative + " b/" + relative);
        unified.addAll(UnifiedDiffUtils.generateUnifiedDiff("a/" + relative, "b/" + relative, before, patch,
                CONTEXT_LINES));
        return String.join("\n", unified) + "\n";
    }

    private static List<String> diffLines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        if (lines.size() > 1 && lines.getLast().isEmpty()) {
            lines.removeLast(); // the final newline ends the last line; it does not start another
        }
        return lines;
    }
}
