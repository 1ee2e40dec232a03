package dev.zen.worker.git;

import static dev.zen.worker.git.GitFields.REPO;
import static dev.zen.worker.git.GitFields.REPO_OUT;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Caps;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code git_add}: stages new, modified and deleted files under the given paths and answers with what
 * is staged under them, at most {@code GIT_MAX_STATUS_ENTRIES} entries. Staging the same paths again
 * changes nothing more: idempotent.
 */
public final class GitAddTool implements ToolHandler {

    public static final String NAME = "git_add";

    static final Field<List<String>> PATHS = GitFields.paths("Files or directories to stage, relative to the repository ('.' stages "
            + "everything); a deleted file is staged as deleted").required();
    static final ObjectShape INPUT = ObjectShape.of(REPO, PATHS);

    static final Field<List<ObjectNode>> STAGED = Field.objects("staged", "What is staged under the given paths now (added, then "
            + "modified, then deleted, each sorted by path)", GitFields.ENTRY).required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, STAGED, TRUNCATED);

    private final ChangeOperation operation;

    GitAddTool(GitRepositories repositories) {
        this.operation = new ChangeOperation(repositories);
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git add")
                .description("Stages files for the next commit, like git add --all on the given paths: new and modified files are "
                        + "added, deleted ones staged as deleted. Every path must exist in the worktree or be tracked; nothing "
                        + "inside .git or outside the repository. Answers with what is staged under those paths (at most "
                        + settings.maxStatusEntries() + " entries; when truncated, git_status pages through the rest). Then use "
                        + "git_commit, or git_diff with staged to review.")
                .input(INPUT).output(OUTPUT).writes(false, true)
                .handler(new GitAddTool(repositories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        ChangeOperation.AddResult added = operation.add(new ChangeOperation.AddRequest(args.get(REPO), args.get(PATHS)));
        StringBuilder text = new StringBuilder();
        for (StatusOperation.Entry entry : added.staged()) {
            text.append(GitFields.porcelain(entry)).append(' ').append(entry.path()).append('\n');
        }
        if (added.staged().isEmpty()) {
            text.append("(nothing staged under these paths: no changes)\n");
        }
        if (added.truncated()) {
            text.append("(truncated at ").append(added.staged().size()).append(" entries; git_status lists them all)\n");
        }
        return OUTPUT.builder()
                .put(REPO_OUT, added.repo())
                .put(STAGED, added.staged().stream().map(GitFields::entry).toList())
                .put(TRUNCATED, added.truncated())
                .result(text.toString());
    }
}
