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
 * {@code git_commit}: records the staged changes (optionally staging paths first) as a new commit, or
 * amends the last one. The author is the caller's principal, the committer the service. Not
 * idempotent: run twice with {@code allow_empty} or {@code amend}, it makes two commits.
 */
public final class GitCommitTool implements ToolHandler {

    public static final String NAME = "git_commit";

    static final Field<String> MESSAGE = Field.string("message", "The commit message: a subject line, then optionally a blank line "
            + "and a body").required().minLength(1).content();
    static final Field<List<String>> PATHS = GitFields.paths("Files or directories to stage before committing (as git_add does); "
            + "without it, what is staged is committed");
    static final Field<Boolean> AMEND = Field.bool("amend", "Replace the last commit (keeping its author) instead of adding one")
            .defaultsTo(false);
    static final Field<Boolean> ALLOW_EMPTY = Field.bool("allow_empty", "Commit even when nothing changed").defaultsTo(false);
    static final ObjectShape INPUT = ObjectShape.of(REPO, MESSAGE, PATHS, AMEND, ALLOW_EMPTY);

    static final Field<String> HASH = Field.string("hash", "The new commit, full hash").required();
    static final Field<String> BRANCH = Field.string("branch", "The branch it is on (absent when HEAD is detached)");
    static final Field<String> SUBJECT = Field.string("subject", "First line of the message").required();
    static final Field<String> AUTHOR = Field.string("author", "Author name").required();
    static final Field<String> AUTHOR_EMAIL = Field.string("author_email", "Author e-mail").required();
    static final Field<String> COMMITTER = Field.string("committer", "Committer name (the service)").required();
    static final Field<String> COMMITTER_EMAIL = Field.string("committer_email", "Committer e-mail").required();
    static final Field<List<String>> PARENTS = Field.list("parents", "Full hashes of its parents",
            Field.string("parent", "Full hash of a parent")).required();
    static final Field<Long> FILES_CHANGED = Field.count("files_changed", "Files that differ from the first parent").required();
    static final Field<Boolean> AMENDED = Field.bool("amended", "Whether the last commit was replaced").required();
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, HASH, BRANCH, SUBJECT, AUTHOR, AUTHOR_EMAIL, COMMITTER, COMMITTER_EMAIL,
            PARENTS, FILES_CHANGED, AMENDED);

    private final ChangeOperation operation;

    GitCommitTool(GitRepositories repositories) {
        this.operation = new ChangeOperation(repositories);
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git commit")
                .description("Commits the staged changes with the given message; with paths, stages them first (like git_add). "
                        + "Refuses an empty commit unless allow_empty is set. amend replaces the last commit (keeping its author), "
                        + "rewriting history: the old commit is no longer on the branch. "
                        + "The author is the calling principal, the committer is the service. Hooks never run and nothing "
                        + "is signed. The message must be at most " + settings.maxMessageBytes() + " bytes (GIT_MAX_MESSAGE_BYTES). "
                        + "Not idempotent: each call makes a new commit. Review first with git_status and git_diff (staged).")
                .input(INPUT).output(OUTPUT).writes(true, false)
                .handler(new GitCommitTool(repositories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        ChangeOperation.CommitResult commit = operation.commit(new ChangeOperation.CommitRequest(args.get(REPO), args.get(MESSAGE),
                args.get(PATHS), args.get(AMEND), args.get(ALLOW_EMPTY)), GitFields.authorOf(call));
        String text = "[" + (commit.branch() == null ? "detached HEAD" : commit.branch()) + " " + GitFields.shortHash(commit.hash()) + "] "
                + commit.subject() + (commit.amended() ? " (amended)" : "") + "\n"
                + " Author: " + commit.author() + " <" + commit.authorEmail() + ">\n"
                + " " + commit.filesChanged() + (commit.filesChanged() == 1 ? " file" : " files") + " changed\n";
        return OUTPUT.builder()
                .put(REPO_OUT, commit.repo())
                .put(HASH, commit.hash())
                .put(BRANCH, commit.branch())
                .put(SUBJECT, commit.subject())
                .put(AUTHOR, commit.author())
                .put(AUTHOR_EMAIL, commit.authorEmail())
                .put(COMMITTER, commit.committer())
                .put(COMMITTER_EMAIL, commit.committerEmail())
                .put(PARENTS, commit.parents())
                .put(FILES_CHANGED, commit.filesChanged())
                .put(AMENDED, commit.amended())
                .result(text);
    }
}
