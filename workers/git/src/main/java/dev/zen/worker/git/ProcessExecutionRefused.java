package dev.zen.worker.git;

/**
 * Thrown by {@link NoProcessFS} when JGit tries to start an external program on behalf of a
 * repository (a filter driver, a remote helper, an upload-pack or receive-pack command, a signing
 * key command). Translated into a {@link dev.zen.worker.runtime.ToolFailure} at the operation's edge.
 */
final class ProcessExecutionRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ProcessExecutionRefused(String what) {
        super("Expected the repository to need no external program, but it asked to run one (" + what
                + "); the git service never runs programs on behalf of a repository");
    }
}
