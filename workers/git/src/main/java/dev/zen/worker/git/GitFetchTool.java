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
 * {@code git_fetch}: updates the remote-tracking branches of one remote; the worktree and local
 * branches are untouched. Fetching again changes nothing more: idempotent.
 */
public final class GitFetchTool implements ToolHandler {

    public static final String NAME = "git_fetch";

    static final Field<String> REMOTE = GitFields.remote("The remote to fetch from, as configured in the repository");
    static final Field<Boolean> PRUNE = Field.bool("prune", "Also remove remote-tracking branches the remote no longer has")
            .defaultsTo(false);
    static final ObjectShape INPUT = ObjectShape.of(REPO, REMOTE, PRUNE);

    static final Field<String> REF = Field.string("ref", "The local ref updated, like refs/remotes/origin/main").required();
    static final Field<String> OLD_HASH = Field.string("old_hash", "Where it was (absent when new)");
    static final Field<String> NEW_HASH = Field.string("new_hash", "Where it is now (absent when pruned)");
    static final Field<String> RESULT = Field.string("result", "How it changed: NEW, FAST_FORWARD, FORCED, NO_CHANGE, ...").required();
    static final ObjectShape UPDATE = ObjectShape.of(REF, OLD_HASH, NEW_HASH, RESULT).describedAs("One remote-tracking ref");

    static final Field<String> REMOTE_OUT = Field.string("remote", "The remote fetched from").required();
    static final Field<String> REMOTE_URL = Field.string("remote_url", "Its URL, without credentials").required();
    static final Field<List<ObjectNode>> UPDATED = Field.objects("updated", "The refs the fetch updated, at most "
            + "GIT_MAX_STATUS_ENTRIES", UPDATE).required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, REMOTE_OUT, REMOTE_URL, UPDATED, TRUNCATED);

    private final FetchOperation operation;

    GitFetchTool(GitRepositories repositories) {
        this.operation = new FetchOperation(repositories);
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git fetch")
                .description("Downloads new commits and branches from a remote (default origin) into its remote-tracking branches "
                        + "(origin/main, ...), without touching local branches or files; prune removes those the remote no longer "
                        + "has. Then compare with git_log (ref origin/main) or git_status (ahead/behind), and integrate with "
                        + "git_pull. Lists at most " + settings.maxStatusEntries() + " updated refs. The remote must be on a host "
                        + "of GIT_REMOTE_ALLOWLIST or a repository inside GIT_ROOT (its git directory, objects and alternates too).")
                .input(INPUT).output(OUTPUT).writes(false, true).openWorld()
                .handler(new GitFetchTool(repositories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        FetchOperation.Fetched fetched = operation.fetch(new FetchOperation.FetchRequest(args.get(REPO), args.get(REMOTE), args.get(PRUNE)));
        StringBuilder text = new StringBuilder("From ").append(fetched.remoteUrl()).append('\n');
        for (FetchOperation.RefUpdate update : fetched.updated()) {
            text.append(update.oldHash() == null ? " * [new]           "
                    : update.newHash() == null ? " - [deleted]       "
                    : "   " + GitFields.shortHash(update.oldHash()) + ".." + GitFields.shortHash(update.newHash()) + "  ")
                    .append(update.ref()).append(" (").append(update.result()).append(")\n");
        }
        if (fetched.updated().isEmpty()) {
            text.append("(already up to date)\n");
        }
        if (fetched.truncated()) {
            text.append("(truncated at ").append(fetched.updated().size()).append(" refs; git_branch with remote lists them)\n");
        }
        return OUTPUT.builder()
                .put(REPO_OUT, fetched.repo())
                .put(REMOTE_OUT, fetched.remote())
                .put(REMOTE_URL, fetched.remoteUrl())
                .put(UPDATED, fetched.updated().stream().map(GitFetchTool::update).toList())
                .put(TRUNCATED, fetched.truncated())
                .result(text.toString());
    }

    private static ObjectNode update(FetchOperation.RefUpdate update) {
        return UPDATE.builder().put(REF, update.ref()).put(OLD_HASH, update.oldHash()).put(NEW_HASH, update.newHash())
                .put(RESULT, update.result()).build();
    }
}
