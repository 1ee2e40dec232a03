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
 * {@code git_status}: the branch, its upstream, and the conflicting, staged, unstaged and untracked
 * files, at most {@code GIT_MAX_STATUS_ENTRIES} entries per call ({@code next_offset} reads on). The
 * text block reads like {@code git status --short --branch}.
 */
public final class GitStatusTool implements ToolHandler {

    public static final String NAME = "git_status";

    static final Field<Integer> OFFSET = Field.integer("offset", "Entries to skip: the next_offset of a truncated answer", 0,
            Integer.MAX_VALUE).defaultsTo(0);
    static final ObjectShape INPUT = ObjectShape.of(REPO, OFFSET);

    static final Field<String> BRANCH = Field.string("branch", "Current branch (absent when HEAD is detached)");
    static final Field<String> HEAD = Field.string("head", "Current commit, full hash (absent before the first commit)");
    static final Field<String> UPSTREAM = Field.string("upstream", "Upstream of the branch, like origin/main (absent without one)");
    static final Field<Long> AHEAD = Field.count("ahead", "Commits on the branch that its upstream lacks (absent without upstream)");
    static final Field<Long> BEHIND = Field.count("behind", "Commits on the upstream that the branch lacks (absent without upstream)");
    static final Field<String> STATE = Field.string("state", "Repository state: SAFE, or MERGING, REBASING_MERGE, ... while one is in "
            + "progress").required();
    static final Field<Boolean> CLEAN = Field.bool("clean", "Whether there is nothing to commit and nothing untracked").required();
    static final Field<Long> STAGED = Field.count("staged", "Staged files").required();
    static final Field<Long> UNSTAGED = Field.count("unstaged", "Files changed in the worktree but not staged").required();
    static final Field<Long> UNTRACKED = Field.count("untracked", "Untracked files").required();
    static final Field<Long> CONFLICTING = Field.count("conflicting", "Files with merge conflicts").required();
    static final ObjectShape COUNTS_SHAPE = ObjectShape.of(STAGED, UNSTAGED, UNTRACKED, CONFLICTING)
            .describedAs("How many entries of each kind exist in total (whole even when the entries are truncated)");
    static final Field<ObjectNode> COUNTS = Field.object("counts", "Entries of each kind in total", COUNTS_SHAPE).required();
    static final Field<List<ObjectNode>> ENTRIES = Field.objects("entries", "This page of entries: conflicting, staged, unstaged, "
            + "then untracked, each sorted by path", GitFields.ENTRY).required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final Field<Long> NEXT_OFFSET = Field.count("next_offset", "When truncated: the offset that reads on");
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, BRANCH, HEAD, UPSTREAM, AHEAD, BEHIND, STATE, CLEAN, COUNTS, ENTRIES,
            TRUNCATED, NEXT_OFFSET);

    private final StatusOperation operation;

    GitStatusTool(GitRepositories repositories) {
        this.operation = new StatusOperation(repositories);
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git status")
                .description("Shows the working tree status of a repository under GIT_ROOT: the current branch, its upstream with "
                        + "ahead/behind counts, and the conflicting, staged, unstaged and untracked files (counts are always whole). "
                        + "At most " + settings.maxStatusEntries() + " entries come back per call; a longer list says truncated and "
                        + "gives next_offset to pass as offset. Start here before git_add, git_commit or git_pull.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new GitStatusTool(repositories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        int offset = args.get(OFFSET);
        StatusOperation.Result status = operation.status(new StatusOperation.Request(args.get(REPO), offset));
        StatusOperation.Counts counts = status.counts();
        ObjectNode countsNode = COUNTS_SHAPE.builder()
                .put(STAGED, counts.staged())
                .put(UNSTAGED, counts.unstaged())
                .put(UNTRACKED, counts.untracked())
                .put(CONFLICTING, counts.conflicting())
                .build();
        return OUTPUT.builder()
                .put(REPO_OUT, status.repo())
                .put(BRANCH, status.branch())
                .put(HEAD, status.head())
                .put(UPSTREAM, status.upstream())
                .put(AHEAD, status.ahead() == null ? null : Long.valueOf(status.ahead()))
                .put(BEHIND, status.behind() == null ? null : Long.valueOf(status.behind()))
                .put(STATE, status.state())
                .put(CLEAN, status.clean())
                .put(COUNTS, countsNode)
                .put(ENTRIES, status.entries().stream().map(GitFields::entry).toList())
                .put(TRUNCATED, status.truncated())
                .put(NEXT_OFFSET, status.nextOffset() == null ? null : Long.valueOf(status.nextOffset()))
                .result(text(status, offset));
    }

    /** Like {@code git status --short --branch}, with a line on what is left out. */
    private static String text(StatusOperation.Result status, int offset) {
        StringBuilder text = new StringBuilder("## ");
        if (status.head() == null) {
            text.append("No commits yet").append(status.branch() == null ? "" : " on " + status.branch());
        } else if (status.branch() == null) {
            text.append("HEAD (detached at ").append(GitFields.shortHash(status.head())).append(')');
        } else {
            text.append(status.branch());
            if (status.upstream() != null) {
                text.append("...").append(status.upstream());
                if (status.ahead() != null && status.behind() != null && (status.ahead() > 0 || status.behind() > 0)) {
                    text.append(" [").append(status.ahead() > 0 ? "ahead " + status.ahead() : "")
                            .append(status.ahead() > 0 && status.behind() > 0 ? ", " : "")
                            .append(status.behind() > 0 ? "behind " + status.behind() : "").append(']');
                }
            }
        }
        text.append('\n');
        if (!"SAFE".equals(status.state())) {
            text.append("## state: ").append(status.state()).append('\n');
        }
        for (StatusOperation.Entry entry : status.entries()) {
            text.append(GitFields.porcelain(entry)).append(' ').append(entry.path()).append('\n');
        }
        if (status.clean()) {
            text.append("nothing to commit, working tree clean\n");
        }
        if (status.truncated()) {
            StatusOperation.Counts counts = status.counts();
            int total = counts.staged() + counts.unstaged() + counts.untracked() + counts.conflicting();
            text.append("(truncated: entries ").append(offset + 1).append('-').append(offset + status.entries().size()).append(" of ")
                    .append(total).append(" shown; read on with offset: ").append(status.nextOffset()).append(")\n");
        }
        return text.toString();
    }
}
