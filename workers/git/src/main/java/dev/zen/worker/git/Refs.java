package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Checks and resolves the caller's ref, revision, branch-name and remote-name arguments. A value starting with
 * {@code -}, holding a NUL or other control character, or longer than 256 characters is refused before
 * JGit sees it; branch names must be valid ref names ({@link Repository#isValidRefName}).
 */
final class Refs {

    private static final int MAX_CHARS = 256;

    private Refs() {
    }

    /** Refuses a revision that is not shaped like one (no lookup). */
    static String checkRevision(String argument, String value) {
        if (value == null || value.isBlank()) {
            throw new ToolFailure("Expected " + argument + " to name a revision, but it is empty");
        }
        if (value.startsWith("-")) {
            throw new ToolFailure("Expected " + argument + " to name a revision, but '" + RepositoryJail.shown(value) + "' starts with '-'");
        }
        if (value.length() > MAX_CHARS) {
            throw new ToolFailure("Expected " + argument + " to be at most " + MAX_CHARS + " characters, but it has " + value.length());
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ' ')) {
            throw new ToolFailure("Expected " + argument + " to name a revision, but it contains a space, NUL or control character");
        }
        return value;
    }

    /** Resolves a revision to a commit; fails clearly when it names nothing or no commit. */
    static RevCommit resolveCommit(Repository repository, RevWalk walk, String argument, String value) throws IOException {
        checkRevision(argument, value);
        ObjectId id;
        try {
            id = repository.resolve(value);
        } catch (RevisionSyntaxException | AmbiguousObjectException e) {
            throw new ToolFailure("Expected " + argument + " to name one commit, but '" + RepositoryJail.shown(value) + "' is not a usable revision");
        }
        if (id == null) {
            throw new ToolFailure("Expected " + argument + " to name an existing commit, but '" + RepositoryJail.shown(value) + "' does not exist");
        }
        try {
            return walk.parseCommit(id);
        } catch (IncorrectObjectTypeException | MissingObjectException e) {
            throw new ToolFailure("Expected " + argument + " to name a commit, but '" + RepositoryJail.shown(value) + "' is not one");
        }
    }

    /** Checks a {@code remote} argument (default {@code origin}) is shaped like the name of a configured remote; returns it. */
    static String checkRemoteName(String remote) {
        String name = remote == null ? "origin" : remote;
        if (name.isEmpty() || name.length() > 100 || name.startsWith("-") || !name.matches("[A-Za-z0-9._/-]+") || name.contains("..")) {
            throw new ToolFailure("Expected remote to be the name of a configured remote (like origin), but got '" + RepositoryJail.shown(name) + "'");
        }
        return name;
    }

    /** The branch HEAD is on; refuses a detached HEAD. */
    static String currentBranch(GitRepositories.Opened opened) throws IOException {
        String full = opened.repository().getFullBranch();
        if (full == null || !full.startsWith(Constants.R_HEADS)) {
            throw new ToolFailure("Expected repo '" + opened.name() + "' to be on a branch, but HEAD is detached (name the branch)");
        }
        return full.substring(Constants.R_HEADS.length());
    }

    /** Checks a short branch name ({@code feature/x}); returns it. */
    static String checkBranchName(String argument, String value) {
        checkRevision(argument, value);
        if (value.startsWith(Constants.R_REFS) || value.equals(Constants.HEAD) || value.equals("@") || value.contains("@{") || value.contains("..")
                || value.contains("//") || value.startsWith("/") || value.endsWith("/") || value.endsWith(".")
                || !Repository.isValidRefName(Constants.R_HEADS + value)) {
            throw new ToolFailure("Expected " + argument + " to be a valid branch name (like feature/login), but '" + RepositoryJail.shown(value)
                    + "' is not one");
        }
        return value;
    }
}
