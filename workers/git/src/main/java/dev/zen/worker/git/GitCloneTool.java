package dev.zen.worker.git;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;

/**
 * {@code git_clone}: clones a remote repository into a new directory under {@code GIT_ROOT}, without
 * submodules. The URL must be https or ssh to an allowlisted host, or a path relative to
 * {@code GIT_ROOT}; a failed clone leaves no directory behind.
 */
public final class GitCloneTool implements ToolHandler {

    public static final String NAME = "git_clone";

    static final Field<String> URL = Field.string("url", "The repository to clone: https://host/owner/name.git or "
            + "ssh://git@host/owner/name.git (host on GIT_REMOTE_ALLOWLIST), or a path relative to GIT_ROOT")
            .required().minLength(1).maxLength(GitFields.MAX_PATH_CHARS).pattern("^[^-]", "not starting with '-'");
    static final Field<String> DIRECTORY = Field.string("directory", "The new directory, relative to GIT_ROOT; default: the URL's last "
            + "path segment without .git").minLength(1).maxLength(GitFields.MAX_PATH_CHARS);
    static final Field<Integer> DEPTH = Field.integer("depth", "Shallow clone with only this many recent commits; default: the whole "
            + "history", 1, 1_000_000);
    static final Field<String> BRANCH = GitFields.revision("branch", "The branch to check out; default: the remote's default branch");
    static final ObjectShape INPUT = ObjectShape.of(URL, DIRECTORY, DEPTH, BRANCH);

    static final Field<String> REPO_OUT = Field.string("repo", "The new repository, relative to GIT_ROOT: the repo of the other git "
            + "tools").required();
    static final Field<String> REMOTE_URL = Field.string("remote_url", "The URL cloned (origin), without credentials").required();
    static final Field<String> BRANCH_OUT = Field.string("branch", "The branch checked out (absent when the remote is empty)");
    static final Field<String> HEAD = Field.string("head", "The commit checked out, full hash (absent when the remote is empty)");
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, REMOTE_URL, BRANCH_OUT, HEAD);

    private final CloneOperation operation;

    GitCloneTool(GitRepositories repositories) {
        this.operation = new CloneOperation(repositories);
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git clone")
                .description("Clones a repository into a new (or empty) directory under GIT_ROOT, with origin set to the URL; "
                        + "submodules are not cloned. The URL is https or ssh to a host of GIT_REMOTE_ALLOWLIST ("
                        + (settings.remoteAllowlist().isEmpty() ? "empty here: only repositories inside GIT_ROOT"
                                : String.join(", ", settings.remoteAllowlist()))
                        + "), without credentials in it (the operator configures them per host), or a path relative to GIT_ROOT. "
                        + "depth makes a shallow clone. The answer's repo is what the other git tools take.")
                .input(INPUT).output(OUTPUT).writes(false, false).openWorld()
                .handler(new GitCloneTool(repositories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        String url = args.get(URL);
        String directory = args.has(DIRECTORY) ? args.get(DIRECTORY) : defaultDirectory(url);
        CloneOperation.Cloned cloned = operation.cloneRepository(new CloneOperation.CloneRequest(url, directory, args.get(DEPTH),
                args.get(BRANCH)));
        String text = "Cloned " + cloned.remoteUrl() + " into " + cloned.repo()
                + (cloned.head() == null ? " (an empty repository)" : " (branch " + (cloned.branch() == null ? "none, HEAD detached"
                        : cloned.branch()) + " at " + GitFields.shortHash(cloned.head()) + ")");
        return OUTPUT.builder()
                .put(REPO_OUT, cloned.repo())
                .put(REMOTE_URL, cloned.remoteUrl())
                .put(BRANCH_OUT, cloned.branch())
                .put(HEAD, cloned.head())
                .result(text + "\n");
    }

    /** What git names the clone of {@code url}: its last path segment, without {@code .git}. */
    static String defaultDirectory(String url) {
        String path = url.strip();
        int query = path.indexOf('?');
        path = query >= 0 ? path.substring(0, query) : path;
        while (path.endsWith("/") || path.endsWith("\\")) {
            path = path.substring(0, path.length() - 1);
        }
        int cut = Math.max(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')), path.lastIndexOf(':'));
        String name = path.substring(cut + 1);
        if (name.endsWith(".git")) {
            name = name.substring(0, name.length() - ".git".length());
        }
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.startsWith("-")) {
            throw new ToolFailure("Expected argument 'directory', since the url's last path segment gives no directory name, but it is "
                    + "missing");
        }
        return name;
    }
}
