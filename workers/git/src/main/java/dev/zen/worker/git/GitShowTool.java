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
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code git_show}: one commit, its whole message and its patch against the first parent, the patch at
 * most {@code GIT_MAX_PATCH_BYTES} ({@code next_file} reads on). The text block reads like
 * {@code git show}.
 */
public final class GitShowTool implements ToolHandler {

    public static final String NAME = "git_show";

    static final Field<String> REVISION = GitFields.revision("revision", "The commit to show: a hash, branch, tag or expression like "
            + "HEAD~1").defaultsTo("HEAD");
    static final Field<List<String>> PATHS = GitFields.paths("Only changes under these files or directories");
    static final ObjectShape INPUT = ObjectShape.of(REPO, REVISION, PATHS, PatchOutput.CONTEXT_LINES, PatchOutput.FROM_FILE);

    static final Field<ObjectNode> COMMIT = Field.object("commit", "The commit: hash, author, e-mail, date, subject, parents",
            GitFields.COMMIT).required();
    static final Field<String> COMMITTER = Field.string("committer", "Committer name").required();
    static final Field<String> COMMITTER_EMAIL = Field.string("committer_email", "Committer e-mail").required();
    static final Field<String> COMMITTER_DATE = Field.string("committer_date", "Commit date, ISO-8601").required();
    static final Field<String> MESSAGE = Field.string("message", "The whole commit message (up to GIT_MAX_MESSAGE_BYTES)").required();
    static final Field<Boolean> MESSAGE_TRUNCATED = Field.bool("message_truncated", "Whether the message was longer than "
            + "GIT_MAX_MESSAGE_BYTES and was cut").required();
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, COMMIT, COMMITTER, COMMITTER_EMAIL, COMMITTER_DATE, MESSAGE,
            MESSAGE_TRUNCATED, PatchOutput.FILES, PatchOutput.TOTAL_FILES, PatchOutput.PATCH, PatchOutput.PATCH_FILES,
            PatchOutput.LAST_FILE_CUT, PatchOutput.TRUNCATED, PatchOutput.NEXT_FILE);

    private final DiffOperation operation;

    GitShowTool(GitRepositories repositories) {
        this.operation = new DiffOperation(repositories);
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git show")
                .description("Shows one commit (revision, default HEAD): author, committer, the whole message and the patch against "
                        + "its first parent (against nothing for a root commit). Limit with paths and context_lines. "
                        + PatchOutput.capsSentence(settings) + " Find revisions with git_log.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new GitShowTool(repositories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        int fromFile = args.get(PatchOutput.FROM_FILE);
        DiffOperation.ShowResult show = operation.show(new DiffOperation.ShowRequest(args.get(REPO), args.get(REVISION), args.get(PATHS),
                args.get(PatchOutput.CONTEXT_LINES), fromFile));
        ObjectShape.Builder builder = OUTPUT.builder()
                .put(REPO_OUT, show.repo())
                .put(COMMIT, GitFields.commit(show.commit()))
                .put(COMMITTER, show.committer())
                .put(COMMITTER_EMAIL, show.committerEmail())
                .put(COMMITTER_DATE, show.committerDate())
                .put(MESSAGE, show.message())
                .put(MESSAGE_TRUNCATED, show.messageTruncated());
        return PatchOutput.put(builder, show.page()).result(text(show, fromFile));
    }

    /** Like {@code git show}: header, indented message, patch. */
    private static String text(DiffOperation.ShowResult show, int fromFile) {
        Commits.Summary commit = show.commit();
        StringBuilder text = new StringBuilder("commit ").append(commit.hash()).append('\n');
        if (commit.parents().size() > 1) {
            text.append("Merge:");
            commit.parents().forEach(parent -> text.append(' ').append(GitFields.shortHash(parent)));
            text.append('\n');
        }
        text.append("Author: ").append(commit.author()).append(" <").append(commit.email()).append(">\n");
        text.append("Date:   ").append(commit.date()).append("\n\n");
        for (String line : show.message().stripTrailing().split("\n", -1)) {
            text.append("    ").append(line).append('\n');
        }
        if (show.messageTruncated()) {
            text.append("    (message cut at GIT_MAX_MESSAGE_BYTES)\n");
        }
        text.append('\n').append(PatchOutput.text(show.page(), fromFile));
        return text.toString();
    }
}
