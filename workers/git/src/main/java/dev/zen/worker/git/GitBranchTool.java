package dev.zen.worker.git;

import static dev.zen.worker.git.GitFields.REPO;
import static dev.zen.worker.git.GitFields.REPO_OUT;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Caps;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code git_branch}: lists, creates, checks out or deletes branches, one {@code action} per call.
 * Annotated destructive (delete, and checkout replaces the worktree's files) and not idempotent
 * (create fails the second time).
 */
public final class GitBranchTool implements ToolHandler {

    public static final String NAME = "git_branch";

    static final Field<String> ACTION = Field.choice("action", "What to do: list the branches, create one, check one out, or delete one",
            "list", "create", "checkout", "delete").defaultsTo("list");
    static final Field<String> NAME_ARGUMENT = GitFields.revision("name", "The branch to create, check out or delete (like "
            + "feature/login); required for those actions");
    static final Field<String> BASE = GitFields.revision("base", "With create: the revision the new branch starts at (a branch, "
            + "origin/main, a tag or hash); default HEAD");
    static final Field<Boolean> CHECKOUT = Field.bool("checkout", "With create: also switch to the new branch").defaultsTo(false);
    static final Field<Boolean> FORCE = Field.bool("force", "With delete: delete even when the branch is not merged into HEAD")
            .defaultsTo(false);
    static final Field<Boolean> REMOTE = Field.bool("remote", "With list: also list remote-tracking branches (origin/main)")
            .defaultsTo(false);
    static final ObjectShape INPUT = ObjectShape.of(REPO, ACTION, NAME_ARGUMENT, BASE, CHECKOUT, FORCE, REMOTE);

    static final Field<String> BRANCH_NAME = Field.string("name", "Short name (main, origin/main)").required();
    static final Field<String> BRANCH_HASH = Field.string("hash", "The commit it points to");
    static final Field<String> BRANCH_UPSTREAM = Field.string("upstream", "Upstream of a local branch (absent without one)");
    static final Field<Boolean> BRANCH_CURRENT = Field.bool("current", "Whether HEAD is on it").required();
    static final Field<Boolean> BRANCH_PROTECTED = Field.bool("protected", "Whether it is protected (GIT_PROTECTED_BRANCHES: never "
            + "deleted, never force-pushed)").required();
    static final Field<Boolean> BRANCH_REMOTE = Field.bool("remote", "Whether it is a remote-tracking branch").required();
    static final ObjectShape BRANCH = ObjectShape.of(BRANCH_NAME, BRANCH_HASH, BRANCH_UPSTREAM, BRANCH_CURRENT, BRANCH_PROTECTED,
            BRANCH_REMOTE).describedAs("One branch");

    static final Field<String> ACTION_OUT = Field.choice("action", "The action done", "list", "create", "checkout", "delete").required();
    static final Field<String> CURRENT_BRANCH = Field.string("current_branch", "list: the current branch (absent when HEAD is detached)");
    static final Field<List<ObjectNode>> BRANCHES = Field.objects("branches", "list: the branches, at most GIT_MAX_STATUS_ENTRIES",
            BRANCH);
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED;
    static final Field<String> NAME_OUT = Field.string("name", "create, checkout, delete: the branch");
    static final Field<String> HASH = Field.string("hash", "create, checkout, delete: the commit the branch points (or, deleted, "
            + "pointed) to; create a branch there to undo a delete");
    static final Field<Boolean> CHECKED_OUT = Field.bool("checked_out", "create, checkout: whether HEAD is on the branch now");
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, ACTION_OUT, CURRENT_BRANCH, BRANCHES, TRUNCATED, NAME_OUT, HASH,
            CHECKED_OUT);

    private final BranchOperation operation;

    GitBranchTool(GitRepositories repositories) {
        this.operation = new BranchOperation(repositories);
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git branch")
                .description("Manages local branches, one action per call. list (default): the branches with their commit and "
                        + "upstream, the current one marked; remote adds remote-tracking branches; at most "
                        + settings.maxStatusEntries() + " (truncated says more exist). create: a new branch name at base (default "
                        + "HEAD), checkout to switch to it. checkout: switch to an existing local branch; refused, changing nothing, "
                        + "when local changes would be overwritten (commit them first). delete: remove a local branch that is merged "
                        + "into HEAD (force for an unmerged one); never the current branch nor a protected one ("
                        + String.join(", ", settings.protectedBranches()) + ").")
                .input(INPUT).output(OUTPUT).writes(true, false)
                .handler(new GitBranchTool(repositories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        String action = args.get(ACTION);
        String repo = args.get(REPO);
        onlyWith(args, action, BASE, "create");
        onlyWith(args, action, CHECKOUT, "create");
        onlyWith(args, action, FORCE, "delete");
        onlyWith(args, action, REMOTE, "list");
        if (action.equals("list")) {
            if (args.has(NAME_ARGUMENT)) {
                throw new ToolFailure("Expected no argument 'name' with action list, but one was given (to create, check out or "
                        + "delete a branch, set action)");
            }
            return list(operation.list(new BranchOperation.ListRequest(repo, args.get(REMOTE))));
        }
        String name = args.get(NAME_ARGUMENT);
        if (name == null) {
            throw new ToolFailure("Expected argument 'name' with action " + action + ", but it is missing");
        }
        BranchOperation.BranchResult result = switch (action) {
            case "create" -> operation.create(new BranchOperation.CreateRequest(repo, name, args.get(BASE), args.get(CHECKOUT)));
            case "checkout" -> operation.checkout(new BranchOperation.CheckoutRequest(repo, name));
            default -> operation.delete(new BranchOperation.DeleteRequest(repo, name, args.get(FORCE)));
        };
        String text = switch (action) {
            case "create" -> "Created branch '" + result.name() + "' at " + GitFields.shortHash(result.hash())
                    + (result.current() ? " and switched to it" : "");
            case "checkout" -> "Switched to branch '" + result.name() + "' at " + GitFields.shortHash(result.hash());
            default -> "Deleted branch '" + result.name() + "' (was " + GitFields.shortHash(result.hash()) + ")";
        };
        return OUTPUT.builder()
                .put(REPO_OUT, result.repo())
                .put(ACTION_OUT, action)
                .put(NAME_OUT, result.name())
                .put(HASH, result.hash())
                .put(CHECKED_OUT, action.equals("delete") ? null : result.current())
                .result(text + "\n");
    }

    private static CallToolResult list(BranchOperation.ListResult list) {
        StringBuilder text = new StringBuilder();
        for (BranchOperation.Branch branch : list.branches()) {
            text.append(branch.current() ? "* " : "  ").append(branch.remote() ? "remotes/" : "").append(branch.name()).append(' ')
                    .append(GitFields.shortHash(branch.hash()))
                    .append(branch.upstream() == null ? "" : " [" + branch.upstream() + "]")
                    .append(branch.protectedBranch() ? " (protected)" : "").append('\n');
        }
        if (list.branches().isEmpty()) {
            text.append("(no branches yet: the repository has no commit)\n");
        }
        if (list.truncated()) {
            text.append("(truncated at ").append(list.branches().size()).append(" branches)\n");
        }
        return OUTPUT.builder()
                .put(REPO_OUT, list.repo())
                .put(ACTION_OUT, "list")
                .put(CURRENT_BRANCH, list.current())
                .put(BRANCHES, list.branches().stream().map(GitBranchTool::branch).toList())
                .put(TRUNCATED, list.truncated())
                .result(text.toString());
    }

    private static ObjectNode branch(BranchOperation.Branch branch) {
        return BRANCH.builder()
                .put(BRANCH_NAME, branch.name())
                .put(BRANCH_HASH, branch.hash())
                .put(BRANCH_UPSTREAM, branch.upstream())
                .put(BRANCH_CURRENT, branch.current())
                .put(BRANCH_PROTECTED, branch.protectedBranch())
                .put(BRANCH_REMOTE, branch.remote())
                .build();
    }

    /** Refuses an argument that means nothing for the action, rather than ignoring it. */
    private static void onlyWith(Arguments args, String action, Field<?> field, String allowed) {
        Object value = args.get(field);
        boolean given = args.has(field) && !Boolean.FALSE.equals(value);
        if (given && !action.equals(allowed)) {
            throw new ToolFailure("Expected argument '" + field.name() + "' only with action " + allowed + ", but action is " + action);
        }
    }
}
