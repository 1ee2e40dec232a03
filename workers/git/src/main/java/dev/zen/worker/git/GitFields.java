package dev.zen.worker.git;

import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The argument and output fields the git tools share, declared once: the {@code repo} argument, the
 * shape of revision, branch and remote arguments (never starting with {@code -}, bounded), path lists,
 * and the shapes of a commit and of a status entry in results.
 */
final class GitFields {

    static final int MAX_PATH_CHARS = 4096;
    static final int MAX_PATHS = 1000;
    /** As {@link Refs}: longer revisions are refused. */
    static final int MAX_REVISION_CHARS = 256;
    /** As {@link Refs#checkRemoteName}: longer remote names are refused. */
    static final int MAX_REMOTE_CHARS = 100;
    private static final String NOT_AN_OPTION = "^[^-]";
    private static final String NOT_AN_OPTION_MEANING = "not starting with '-'";

    static final Field<String> REPO = Field.string("repo", "Repository directory relative to GIT_ROOT ('.' is the root itself)")
            .required().maxLength(MAX_PATH_CHARS);

    static final Field<String> REPO_OUT = Field.string("repo", "The repository, relative to GIT_ROOT").required();

    // ------------------------------------------------------------------ shared output shapes

    static final Field<String> HASH = Field.string("hash", "Full commit hash").required();
    static final Field<String> AUTHOR = Field.string("author", "Author name").required();
    static final Field<String> EMAIL = Field.string("email", "Author e-mail").required();
    static final Field<String> DATE = Field.string("date", "Author date, ISO-8601 with the author's offset").required();
    static final Field<String> SUBJECT = Field.string("subject", "First line of the message").required();
    static final Field<List<String>> PARENTS = Field.list("parents", "Full hashes of the parents (none for a root commit)",
            Field.string("parent", "Full hash of a parent")).required();
    static final ObjectShape COMMIT = ObjectShape.of(HASH, AUTHOR, EMAIL, DATE, SUBJECT, PARENTS).describedAs("One commit");

    static final Field<String> ENTRY_PATH = Field.string("path", "Path relative to the repository").required();
    static final Field<String> ENTRY_KIND = Field.choice("kind", "Which list the entry is in",
            "staged", "unstaged", "untracked", "conflicting").required();
    static final Field<String> ENTRY_CHANGE = Field.choice("change", "What changed",
            "added", "modified", "deleted", "untracked", "conflicting").required();
    static final ObjectShape ENTRY = ObjectShape.of(ENTRY_PATH, ENTRY_KIND, ENTRY_CHANGE).describedAs("One changed file");

    private GitFields() {
    }

    // ------------------------------------------------------------------ argument kinds

    /** A revision, ref or branch name argument: never an option, at most {@value #MAX_REVISION_CHARS} characters. */
    static Field<String> revision(String name, String description) {
        return Field.string(name, description).minLength(1).maxLength(MAX_REVISION_CHARS).pattern(NOT_AN_OPTION, NOT_AN_OPTION_MEANING);
    }

    /** The name of a configured remote, default {@code origin}. */
    static Field<String> remote(String description) {
        return Field.string("remote", description).minLength(1).maxLength(MAX_REMOTE_CHARS).pattern(NOT_AN_OPTION, NOT_AN_OPTION_MEANING)
                .defaultsTo("origin");
    }

    /** A {@code paths} argument: 1 to {@value #MAX_PATHS} paths relative to the repository. */
    static Field<List<String>> paths(String description) {
        return Field.strings("paths", description, 1, MAX_PATHS,
                Field.string("path", "A file or directory relative to the repository ('.' is all of it)").maxLength(MAX_PATH_CHARS));
    }

    // ------------------------------------------------------------------ output helpers

    static ObjectNode commit(Commits.Summary summary) {
        return COMMIT.builder()
                .put(HASH, summary.hash())
                .put(AUTHOR, summary.author())
                .put(EMAIL, summary.email())
                .put(DATE, summary.date())
                .put(SUBJECT, summary.subject())
                .put(PARENTS, summary.parents())
                .build();
    }

    static ObjectNode entry(StatusOperation.Entry entry) {
        return ENTRY.builder().put(ENTRY_PATH, entry.path()).put(ENTRY_KIND, entry.kind()).put(ENTRY_CHANGE, entry.change()).build();
    }

    /** The two porcelain columns of an entry ({@code A }, {@code  M}, {@code ??}, {@code UU}). */
    static String porcelain(StatusOperation.Entry entry) {
        char letter = switch (entry.change()) {
            case "added" -> 'A';
            case "deleted" -> 'D';
            default -> 'M';
        };
        return switch (entry.kind()) {
            case "staged" -> letter + " ";
            case "unstaged" -> " " + letter;
            case "untracked" -> "??";
            default -> "UU";
        };
    }

    static String shortHash(String hash) {
        return hash == null ? "0000000" : hash.substring(0, Math.min(7, hash.length()));
    }

    /**
     * The caller's principal subject: the author of a commit. With authentication off it is
     * {@code anonymous}, and the commit says so; the committer is always the service.
     */
    static String authorOf(ToolCall call) {
        Principal principal = call.principal();
        return principal == null ? null : principal.subject();
    }
}
