package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.util.Locale;
import org.eclipse.jgit.api.errors.ConcurrentRefUpdateException;
import org.eclipse.jgit.api.errors.InvalidRefNameException;
import org.eclipse.jgit.api.errors.NoHeadException;
import org.eclipse.jgit.api.errors.RefNotFoundException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NoWorkTreeException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;

/**
 * Turns whatever an operation throws into a {@link ToolFailure} whose message says what was expected
 * and what happened, scrubbed of secrets and host paths by the {@link Redactor}: JGit's checked and
 * unchecked exceptions ({@link java.io.UncheckedIOException}, {@link NoWorkTreeException},
 * {@link org.eclipse.jgit.api.errors.JGitInternalException}, an {@link IllegalArgumentException} out of
 * JGit's parsers, ...) alike. Only a programming bug of the service itself stays an exception, and so a
 * crash of the call: an {@link IllegalArgumentException}, {@link IllegalStateException},
 * {@link NullPointerException} (or a cast, index or arithmetic error) thrown by the service's own code
 * ({@link #isOwnBug}).
 */
final class GitErrors {

    private final Redactor redactor;

    GitErrors(Redactor redactor) {
        this.redactor = redactor;
    }

    /** Translates {@code failure} of an operation on {@code repo}; returns a runtime exception to throw. */
    RuntimeException translate(Throwable failure, String repo) {
        if (failure instanceof ToolFailure toolFailure) {
            return new ToolFailure(redactor.scrub(toolFailure.getMessage()));
        }
        if (failure instanceof ProcessExecutionRefused refused) {
            return new ToolFailure(refused.getMessage());
        }
        Throwable lock = causeOf(failure, LockFailedException.class);
        if (lock != null || failure instanceof ConcurrentRefUpdateException || mentionsLock(failure)) {
            return new ToolFailure("Expected to lock repository '" + repo + "' for the change, but another process holds one of its lock files ("
                    + redactor.scrub(lockDetail(lock == null ? failure : lock)) + "); nothing was changed by this call, try again later");
        }
        Throwable egress = causeOf(failure, GitSandbox.EgressRefused.class);
        if (egress != null) {
            return new ToolFailure(redactor.scrub(egress.getMessage()));
        }
        Throwable toolCause = causeOf(failure, ToolFailure.class);
        if (toolCause != null) {
            return new ToolFailure(redactor.scrub(toolCause.getMessage()));
        }
        Throwable processCause = causeOf(failure, ProcessExecutionRefused.class);
        if (processCause != null) {
            return new ToolFailure(processCause.getMessage());
        }
        if (failure instanceof NoHeadException) {
            return new ToolFailure("Expected repository '" + repo + "' to have a commit on HEAD, but it has none yet");
        }
        if (failure instanceof RefNotFoundException || failure instanceof InvalidRefNameException) {
            return new ToolFailure("Expected an existing, valid ref in repository '" + repo + "', but: " + redactor.scrub(failure.getMessage()));
        }
        if (failure instanceof TransportException || causeOf(failure, org.eclipse.jgit.errors.TransportException.class) != null) {
            return transport(failure);
        }
        if (failure instanceof RepositoryNotFoundException) {
            return new ToolFailure("Expected '" + repo + "' to be a git repository, but it is not one");
        }
        if (causeOf(failure, NoWorkTreeException.class) != null) {
            return new ToolFailure("Expected repository '" + repo + "' to have a worktree for this operation, but it is a bare repository");
        }
        if (failure instanceof RuntimeException runtime && isOwnBug(runtime)) {
            return runtime;
        }
        return new ToolFailure("Expected the git operation on '" + repo + "' to succeed, but: " + redactor.scrub(messageOf(failure)));
    }

    /**
     * Whether {@code failure} is a bug of the service: one of the exceptions that mean a broken
     * assumption in code, thrown (directly or through the JDK, like {@code Objects.requireNonNull}) by
     * a class of {@code dev.zen}. The same exception types out of JGit describe the repository or the
     * input, not a bug here.
     */
    static boolean isOwnBug(RuntimeException failure) {
        if (!(failure instanceof IllegalArgumentException || failure instanceof IllegalStateException || failure instanceof NullPointerException
                || failure instanceof ClassCastException || failure instanceof IndexOutOfBoundsException || failure instanceof ArithmeticException)) {
            return false;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
                continue;
            }
            return type.startsWith("dev.zen.");
        }
        return false;
    }

    private RuntimeException transport(Throwable failure) {
        String message = redactor.scrub(messageOf(failure));
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("no credentialsprovider")) {
            return new ToolFailure("Expected the remote to let the service in, but it asks for credentials and none are configured for its host "
                    + "in GIT_CREDENTIALS_FILE: " + message);
        }
        if (lower.contains("not authorized") || lower.contains("authentication") || lower.contains("auth fail") || lower.contains("cannot log in")
                || lower.contains("401") || lower.contains("403") || lower.contains("no more authentication methods")) {
            return new ToolFailure("Expected the remote to accept the credentials configured for its host, but it refused them: " + message);
        }
        if (lower.contains("host key") || lower.contains("known_hosts") || lower.contains("server key")) {
            return new ToolFailure("Expected the remote's SSH host key to be listed in the configured known_hosts file, but: " + message);
        }
        if (causeOf(failure, NoRemoteRepositoryException.class) != null) {
            return new ToolFailure("Expected the remote repository to exist, but: " + message);
        }
        return new ToolFailure("Expected to reach the remote, but: " + message);
    }

    private static boolean mentionsLock(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("Cannot lock") || message.contains("LOCK_FAILURE"))) {
                return true;
            }
        }
        return false;
    }

    private static String lockDetail(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LockFailedException locked && locked.getFile() != null) {
                return locked.getFile().getName() + ".lock";
            }
        }
        return "a .lock file";
    }

    /** The most specific message along the cause chain (JGit wraps a lot). */
    private static String messageOf(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null && out.length() < 600; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && out.indexOf(message) < 0) {
                if (!out.isEmpty()) {
                    out.append(": ");
                }
                out.append(message.strip());
            }
        }
        return out.isEmpty() ? failure.getClass().getSimpleName() : out.toString();
    }

    static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
