package dev.zen.worker.git;

import dev.zen.worker.runtime.tool.Caps;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code git_diff} and {@code git_show} share: their paging arguments, the output fields of one
 * page of a patch ({@link PatchPager.Page}), and its text (the patch, then how to read on).
 */
final class PatchOutput {

    static final Field<Integer> CONTEXT_LINES =
            Field.integer("context_lines", "Lines of context around each change", 0, 1000).defaultsTo(3);
    static final Field<Integer> FROM_FILE = Field.integer("from_file", "First changed file to show (0-based), to read on after a "
            + "truncated answer: pass its next_file", 0, Integer.MAX_VALUE).defaultsTo(0);

    static final Field<String> CHANGE = Field.choice("change", "How the file changed", "ADD", "MODIFY", "DELETE", "RENAME", "COPY")
            .required();
    static final Field<String> OLD_PATH = Field.string("old_path", "Path before (absent for an added file)");
    static final Field<String> NEW_PATH = Field.string("new_path", "Path after (absent for a deleted file)");
    static final Field<Long> ADDITIONS = Field.count("additions", "Lines added (0 for a binary file)").required();
    static final Field<Long> DELETIONS = Field.count("deletions", "Lines deleted (0 for a binary file)").required();
    static final Field<Boolean> BINARY = Field.bool("binary", "Whether the file is binary (no line counts, no text patch)").required();
    static final ObjectShape FILE = ObjectShape.of(CHANGE, OLD_PATH, NEW_PATH, ADDITIONS, DELETIONS, BINARY).describedAs("One changed file");

    static final Field<java.util.List<ObjectNode>> FILES = Field.objects("files",
            "Changed files from from_file on (at most GIT_MAX_STATUS_ENTRIES), with line counts", FILE).required();
    static final Field<Long> TOTAL_FILES = Field.count("total_files", "How many files changed in all").required();
    static final Field<String> PATCH = Field.string("patch", "Unified diff of the files from from_file on, whole files up to "
            + "GIT_MAX_PATCH_BYTES").required();
    static final Field<Long> PATCH_FILES = Field.count("patch_files", "How many files the patch covers, from from_file on").required();
    static final Field<Boolean> LAST_FILE_CUT = Field.bool("last_file_cut", "Whether the last file's patch alone exceeds "
            + "GIT_MAX_PATCH_BYTES and was cut at a line end (the rest of that file is not shown)").required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final Field<Long> NEXT_FILE = Field.count("next_file", "When truncated: the from_file that reads on");

    private PatchOutput() {
    }

    static ObjectShape.Builder put(ObjectShape.Builder builder, PatchPager.Page page) {
        return builder
                .put(FILES, page.files().stream().map(PatchOutput::file).toList())
                .put(TOTAL_FILES, page.totalFiles())
                .put(PATCH, page.patch())
                .put(PATCH_FILES, page.patchFiles())
                .put(LAST_FILE_CUT, page.lastFileCut())
                .put(TRUNCATED, page.truncated())
                .put(NEXT_FILE, page.nextFileOffset() == null ? null : Long.valueOf(page.nextFileOffset()));
    }

    /** The patch, then a line saying what was left out and how to read on, if anything was. */
    static String text(PatchPager.Page page, int fromFile) {
        StringBuilder text = new StringBuilder(page.patch());
        if (!page.patch().isEmpty() && !page.patch().endsWith("\n")) {
            text.append('\n');
        }
        if (page.lastFileCut()) {
            PatchPager.FileChange cut = page.files().get(page.patchFiles() - 1);
            text.append("(the patch of ").append(cut.newPath() != null ? cut.newPath() : cut.oldPath())
                    .append(" is longer than GIT_MAX_PATCH_BYTES: it was cut at a line end)\n");
        }
        if (page.truncated()) {
            text.append("(truncated: the patch covers files ").append(fromFile + 1).append('-').append(fromFile + page.patchFiles())
                    .append(" of ").append(page.totalFiles()).append("; read on with from_file: ").append(page.nextFileOffset()).append(")\n");
        }
        return text.toString();
    }

    private static ObjectNode file(PatchPager.FileChange change) {
        return FILE.builder()
                .put(CHANGE, change.change())
                .put(OLD_PATH, change.oldPath())
                .put(NEW_PATH, change.newPath())
                .put(ADDITIONS, change.additions())
                .put(DELETIONS, change.deletions())
                .put(BINARY, change.binary())
                .build();
    }

    /** What git_diff and git_show tell a model about their caps and how to page on. */
    static String capsSentence(GitSettings settings) {
        return "The answer lists every changed file with line counts (at most " + settings.maxStatusEntries() + " per call) and the "
                + "patch of whole files up to " + settings.maxPatchBytes() + " bytes (GIT_MAX_PATCH_BYTES); when more follows it says "
                + "truncated and gives next_file to pass as from_file.";
    }
}
