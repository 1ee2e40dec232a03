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

/**
 * {@code git_pull}: fetches a remote branch and integrates it into the current branch, fast-forward
 * only by default; {@code merge} and {@code rebase} need a clean worktree, and a conflict aborts them
 * so that HEAD, index and worktree are as before.
 */
public final class GitPullTool implements ToolHandler {

    public static final String NAME = "git_pull";

    static final Field<String> REMOTE = GitFields.remote("The remote to pull from; default: the current branch's configured remote, "
            + "else origin");
    static final Field<String> BRANCH = GitFields.revision("branch", "The remote branch to pull; default: the current branch's "
            + "upstream, else the branch of the same name");
    static final Field<String> STRATEGY = Field.choice("strategy", "ff-only: only fast-forward, refuse when the branches diverged; "
            + "merge: a merge commit when needed; rebase: replay local commits on top", "ff-only", "merge", "rebase").defaultsTo("ff-only");
    static final ObjectShape INPUT = ObjectShape.of(REPO, REMOTE, BRANCH, STRATEGY);

    static final Field<String> REMOTE_OUT = Field.string("remote", "The remote pulled from").required();
    static final Field<String> REMOTE_BRANCH = Field.string("remote_branch", "The remote branch pulled").required();
    static final Field<String> STRATEGY_OUT = Field.string("strategy", "The strategy used").required();
    static final Field<String> OUTCOME = Field.choice("outcome", "What happened", "UP_TO_DATE", "FAST_FORWARD", "MERGED", "REBASED")
            .required();
    static final Field<String> OLD_HEAD = Field.string("old_head", "HEAD before, full hash").required();
    static final Field<String> NEW_HEAD = Field.string("new_head", "HEAD after, full hash").required();
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, REMOTE_OUT, REMOTE_BRANCH, STRATEGY_OUT, OUTCOME, OLD_HEAD, NEW_HEAD);

    private final PullOperation operation;

    GitPullTool(GitRepositories repositories) {
        this.operation = new PullOperation(repositories);
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git pull")
                .description("Fetches a branch from a remote and brings the current branch up to it. strategy ff-only (default) "
                        + "only fast-forwards and refuses, changing nothing, when local and remote commits diverged; then choose "
                        + "merge or rebase, which need no uncommitted changes. A conflict aborts the merge or rebase and leaves "
                        + "HEAD, index and worktree as they were, listing the conflicting files. rebase rewrites the local "
                        + "commits (new hashes, the service as committer). The remote must be on a host of GIT_REMOTE_ALLOWLIST or "
                        + "a repository inside GIT_ROOT (its git directory, objects and alternates too).")
                .input(INPUT).output(OUTPUT).writes(true, false).openWorld()
                .handler(new GitPullTool(repositories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        // no remote given: the operation takes the branch's configured remote, else origin
        String remote = args.has(REMOTE) ? args.get(REMOTE) : null;
        PullOperation.Pulled pulled = operation.pull(new PullOperation.PullRequest(args.get(REPO), remote, args.get(BRANCH),
                args.get(STRATEGY)));
        String from = pulled.remote() + "/" + pulled.remoteBranch();
        String range = GitFields.shortHash(pulled.oldHead()) + ".." + GitFields.shortHash(pulled.newHead());
        String text = switch (pulled.outcome()) {
            case "UP_TO_DATE" -> "Already up to date with " + from;
            case "FAST_FORWARD" -> "Fast-forward " + range + " to " + from;
            case "MERGED" -> "Merged " + from + ": " + range;
            default -> "Rebased onto " + from + ": " + range;
        };
        return OUTPUT.builder()
                .put(REPO_OUT, pulled.repo())
                .put(REMOTE_OUT, pulled.remote())
                .put(REMOTE_BRANCH, pulled.remoteBranch())
                .put(STRATEGY_OUT, pulled.strategy())
                .put(OUTCOME, pulled.outcome())
                .put(OLD_HEAD, pulled.oldHead())
                .put(NEW_HEAD, pulled.newHead())
                .result(text + " (" + pulled.strategy() + ")\n");
    }
}
