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
 * {@code git_push}: pushes one local branch to the branch of the same name on a remote. Never a plain
 * force push: {@code force} is always refused, {@code force_with_lease} replaces the remote branch only
 * if it is where this repository last saw it, and never a protected branch. Not idempotent.
 */
public final class GitPushTool implements ToolHandler {

    public static final String NAME = "git_push";

    static final Field<String> REMOTE = GitFields.remote("The remote to push to, as configured in the repository");
    static final Field<String> BRANCH = GitFields.revision("branch", "The local branch to push (to the remote branch of the same name); "
            + "default the current branch");
    static final Field<Boolean> SET_UPSTREAM = Field.bool("set_upstream", "Record the remote branch as the branch's upstream (for "
            + "git_pull and git_status)").defaultsTo(false);
    static final Field<Boolean> FORCE_WITH_LEASE = Field.bool("force_with_lease", "Replace the remote branch even when this is not a "
            + "fast-forward, but only if it is still where the remote-tracking branch (origin/<branch>) says; never a protected branch")
            .defaultsTo(false);
    static final Field<Boolean> FORCE = Field.bool("force", "Plain force push: always refused; use force_with_lease").defaultsTo(false);
    static final ObjectShape INPUT = ObjectShape.of(REPO, REMOTE, BRANCH, SET_UPSTREAM, FORCE_WITH_LEASE, FORCE);

    static final Field<String> REMOTE_OUT = Field.string("remote", "The remote pushed to").required();
    static final Field<String> REMOTE_URL = Field.string("remote_url", "Its URL, without credentials").required();
    static final Field<String> BRANCH_OUT = Field.string("branch", "The local branch pushed").required();
    static final Field<String> REMOTE_REF = Field.string("remote_ref", "The remote ref updated, like refs/heads/main").required();
    static final Field<String> STATUS = Field.choice("status", "OK (updated) or UP_TO_DATE (nothing to push)", "OK", "UP_TO_DATE")
            .required();
    static final Field<String> OLD_HASH = Field.string("old_hash", "Where the remote branch was before (absent when it is new)");
    static final Field<String> NEW_HASH = Field.string("new_hash", "Where it is now").required();
    static final Field<Boolean> FORCED = Field.bool("forced", "Whether commits on the remote were replaced (force_with_lease)").required();
    static final Field<Boolean> UPSTREAM_SET = Field.bool("upstream_set", "Whether the upstream was recorded").required();
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, REMOTE_OUT, REMOTE_URL, BRANCH_OUT, REMOTE_REF, STATUS, OLD_HASH, NEW_HASH,
            FORCED, UPSTREAM_SET);

    private final PushOperation operation;

    GitPushTool(GitRepositories repositories) {
        this.operation = new PushOperation(repositories);
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git push")
                .description("Pushes a local branch (default: the current one) to the same branch on a remote (default origin). "
                        + "Refused, changing nothing, when the remote has commits the branch lacks: git_pull first, or set "
                        + "force_with_lease to replace them only if the remote is still where you last fetched it. Plain force is "
                        + "always refused. Protected branches (" + String.join(", ", settings.protectedBranches()) + ") are only "
                        + "fast-forwarded. The remote must be on a host of GIT_REMOTE_ALLOWLIST ("
                        + (settings.remoteAllowlist().isEmpty() ? "empty here" : String.join(", ", settings.remoteAllowlist()))
                        + ") or a repository inside GIT_ROOT (its git directory, objects and alternates too); credentials come from the operator's configuration only. Not idempotent.")
                .input(INPUT).output(OUTPUT).writes(true, false).openWorld()
                .handler(new GitPushTool(repositories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        PushOperation.Pushed pushed = operation.push(new PushOperation.PushRequest(args.get(REPO), args.get(REMOTE), args.get(BRANCH),
                args.get(SET_UPSTREAM), args.get(FORCE_WITH_LEASE), args.get(FORCE)));
        StringBuilder text = new StringBuilder("To ").append(pushed.remoteUrl()).append('\n');
        String refs = pushed.branch() + " -> " + pushed.branch();
        if (pushed.status().equals("UP_TO_DATE")) {
            text.append(" = [up to date]      ").append(refs).append('\n');
        } else if (pushed.oldHash() == null) {
            text.append(" * [new branch]      ").append(refs).append('\n');
        } else {
            text.append(pushed.forced() ? " + " : "   ").append(GitFields.shortHash(pushed.oldHash())).append(pushed.forced() ? "..." : "..")
                    .append(GitFields.shortHash(pushed.newHash())).append("  ").append(refs).append(pushed.forced() ? " (forced update)" : "")
                    .append('\n');
        }
        if (pushed.upstreamSet()) {
            text.append("branch '").append(pushed.branch()).append("' set up to track '").append(pushed.remote()).append('/')
                    .append(pushed.branch()).append("'\n");
        }
        return OUTPUT.builder()
                .put(REPO_OUT, pushed.repo())
                .put(REMOTE_OUT, pushed.remote())
                .put(REMOTE_URL, pushed.remoteUrl())
                .put(BRANCH_OUT, pushed.branch())
                .put(REMOTE_REF, pushed.remoteRef())
                .put(STATUS, pushed.status())
                .put(OLD_HASH, pushed.oldHash())
                .put(NEW_HASH, pushed.newHash())
                .put(FORCED, pushed.forced())
                .put(UPSTREAM_SET, pushed.upstreamSet())
                .result(text.toString());
    }
}
