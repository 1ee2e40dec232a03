package dev.zen.worker.git;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;
import org.eclipse.jgit.util.ProcessResult;

/**
 * The JGit file system abstraction for every repository the git service opens: POSIX file handling,
 * but no door to a process. JGit starts programs through its {@link FS} only: hooks
 * ({@code runHookIfPresent}, found by {@code findHook}, {@code core.hooksPath} included), filter
 * drivers ({@code filter.<x>.clean/smudge} through {@code runInShell} + {@code execute}), local
 * transports with a custom {@code remote.<x>.uploadpack/receivepack} ({@code runInShell}), SSH signing
 * key commands, and the discovery of a git executable for the system config ({@code discoverGitExe},
 * {@code discoverGitSystemConfig}, which would run {@code git} and a login shell). Here hooks are never
 * present and every other door throws {@link ProcessExecutionRefused}. The umask is fixed so that
 * JGit does not ask a shell for it. Thread-safe like {@link FS_POSIX}.
 */
final class NoProcessFS extends FS_POSIX {

    private static final int UMASK = 0022;

    NoProcessFS() {
        super();
        setUmask(UMASK);
        setGitSystemConfig(null);
    }

    private NoProcessFS(NoProcessFS source) {
        super(source);
        setUmask(UMASK);
        setGitSystemConfig(null);
    }

    @Override
    public FS newInstance() {
        return new NoProcessFS(this);
    }

    @Override
    public ProcessBuilder runInShell(String cmd, String[] args) {
        throw new ProcessExecutionRefused("a shell command");
    }

    @Override
    public int runProcess(ProcessBuilder processBuilder, OutputStream outRedirect, OutputStream errRedirect, String stdinArgs) {
        throw new ProcessExecutionRefused("a process");
    }

    @Override
    public int runProcess(ProcessBuilder processBuilder, OutputStream outRedirect, OutputStream errRedirect, InputStream inRedirect) {
        throw new ProcessExecutionRefused("a process");
    }

    @Override
    public ExecutionResult execute(ProcessBuilder pb, InputStream in) {
        throw new ProcessExecutionRefused("a process");
    }

    @Override
    public ProcessResult runHookIfPresent(Repository repository, String hookName, String[] args) {
        return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }

    @Override
    public ProcessResult runHookIfPresent(Repository repository, String hookName, String[] args, OutputStream outRedirect,
            OutputStream errRedirect, String stdinArgs) {
        return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }

    @Override
    protected ProcessResult internalRunHookIfPresent(Repository repository, String hookName, String[] args, OutputStream outRedirect,
            OutputStream errRedirect, String stdinArgs) {
        return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }

    @Override
    public File findHook(Repository repository, String hookName) {
        return null;
    }

    @Override
    protected File discoverGitExe() {
        return null;
    }

    @Override
    protected File discoverGitSystemConfig() {
        return null;
    }

    @Override
    public File getGitSystemConfig() {
        return null;
    }
}
