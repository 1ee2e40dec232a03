package dev.zen.worker.git;

import static dev.zen.worker.git.GitFields.REPO;
import static dev.zen.worker.git.GitFields.REPO_OUT;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;

/**
 * {@code git_diff}: the changes between worktree, index, HEAD or a target revision, as per-file line
 * counts and a unified patch of at most {@code GIT_MAX_PATCH_BYTES} ({@code next_file} reads on). The
 * text block is the patch itself.
 */
public final class GitDiffTool implements ToolHandler {

    public static final String NAME = "git_diff";

    static final Field<Boolean> STAGED = Field.bool("staged", "Compare the index (what git_commit would commit) instead of the "
            + "worktree").defaultsTo(false);
    static final Field<String> TARGET = GitFields.revision("target", "A revision to compare with, instead of the index (or HEAD when "
            + "staged)");
    static final Field<List<String>> PATHS = GitFields.paths("Only changes under these files or directories");
    static final ObjectShape INPUT = ObjectShape.of(REPO, STAGED, TARGET, PATHS, PatchOutput.CONTEXT_LINES, PatchOutput.FROM_FILE);

    static final Field<String> COMPARED = Field.string("compared", "What was compared, new side first: worktree..index, index..HEAD, "
            + "worktree..<hash> or index..<hash>").required();
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, COMPARED, PatchOutput.FILES, PatchOutput.TOTAL_FILES, PatchOutput.PATCH,
            PatchOutput.PATCH_FILES, PatchOutput.LAST_FILE_CUT, PatchOutput.TRUNCATED, PatchOutput.NEXT_FILE);

    private final DiffOperation operation;

    GitDiffTool(GitRepositories repositories) {
        this.operation = new DiffOperation(repositories);
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git diff")
                .description("Shows uncommitted changes as a unified diff, like git diff: by default the worktree against the index "
                        + "(unstaged changes); staged: the index against HEAD (what git_commit would commit); target: that revision "
                        + "against the worktree (or the index when staged). Untracked files are not part of a diff (see git_status). "
                        + "Limit with paths and context_lines. " + PatchOutput.capsSentence(settings))
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new GitDiffTool(repositories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        int fromFile = args.get(PatchOutput.FROM_FILE);
        DiffOperation.Result diff = operation.diff(new DiffOperation.Request(args.get(REPO), args.get(STAGED), args.get(TARGET),
                args.get(PATHS), args.get(PatchOutput.CONTEXT_LINES), fromFile));
        String text = diff.page().totalFiles() == 0 ? "No differences (" + diff.compared() + ")\n" : PatchOutput.text(diff.page(), fromFile);
        return PatchOutput.put(OUTPUT.builder().put(REPO_OUT, diff.repo()).put(COMPARED, diff.compared()), diff.page()).result(text);
    }
}
