package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.util.FS;

/**
 * Checks that everything JGit follows from a git directory stays inside {@code GIT_ROOT}: the git
 * directory itself (a worktree's {@code .git} file names it with {@code gitdir:}), its common
 * directory ({@code commondir}, of a linked worktree), the object directory, and every entry of
 * {@code objects/info/alternates}, transitively (an alternate inside a repository opens that
 * repository, with its own common directory and alternates). Links are resolved the way the kernel
 * does when JGit opens the files. Used for every repository the service opens and for every local
 * remote it clones from, fetches from or pushes to, before JGit touches it.
 *
 * <p>Stateless and thread-safe; blocking (reads a few small files). A repository changed between the
 * check and JGit's own resolution is not caught: the check keeps the service's own arguments and the
 * repositories' contents from sending JGit out, it is no lock against another process under the root.
 */
final class StorageGuard {

    /** Git itself follows alternates five levels deep; deeper chains are refused rather than followed. */
    private static final int MAX_ALTERNATE_DEPTH = 5;

    private final RepositoryJail jail;
    private final FS fs;

    StorageGuard(RepositoryJail jail, FS fs) {
        this.jail = jail;
        this.fs = fs;
    }

    /**
     * The git directory JGit finds for {@code directory} ({@link RepositoryCache.FileKey#resolve}: the
     * directory itself when bare, its {@code .git} directory or the target of its {@code .git} file, or
     * the sibling {@code directory.git}), or null when there is none.
     */
    File gitDirOf(File directory) {
        return RepositoryCache.FileKey.resolve(directory, fs);
    }

    /**
     * Refuses with a {@link ToolFailure} unless the git directory, its common directory, its objects
     * and all their alternates are inside the root. {@code what} names the repository in the message
     * (like {@code repo 'project'} or {@code the local remote 'origin.git'}).
     */
    void check(File gitDir, String what) {
        check(gitDir, what, new HashSet<>(), 0);
    }

    private void check(File gitDir, String what, Set<Path> seen, int depth) {
        if (!inside(gitDir.toPath())) {
            throw new ToolFailure("Expected the git directory of " + what + " to be inside GIT_ROOT, but it is elsewhere "
                    + "(its .git file or a link points out)");
        }
        File commonDir;
        try {
            commonDir = fs.getCommonDir(gitDir);
        } catch (IOException e) {
            throw new ToolFailure("Expected the commondir file of " + what + " to be readable, but it is not");
        }
        if (commonDir != null && !inside(commonDir.toPath())) {
            throw new ToolFailure("Expected the common directory (commondir) of " + what + " to be inside GIT_ROOT, but it points elsewhere");
        }
        // as BaseRepositoryBuilder.setupCommonDir and setupInternals: the objects live in the common directory
        File objects = fs.resolve(commonDir != null ? commonDir : gitDir, Constants.OBJECTS);
        checkObjects(objects, what, seen, depth);
    }

    private void checkObjects(File objects, String what, Set<Path> seen, int depth) {
        Path located = located(objects.toPath());
        if (!jail.contains(located)) {
            throw new ToolFailure(depth == 0
                    ? "Expected the objects of " + what + " to be inside GIT_ROOT, but they are elsewhere"
                    : "Expected every alternate object directory (objects/info/alternates) of " + what + " to be inside GIT_ROOT, "
                            + "but one is elsewhere");
        }
        if (!seen.add(located)) {
            return;
        }
        Path alternates = objects.toPath().resolve(Constants.INFO_ALTERNATES);
        if (!Files.isRegularFile(alternates)) {
            return;
        }
        if (depth >= MAX_ALTERNATE_DEPTH) {
            throw new ToolFailure("Expected at most " + MAX_ALTERNATE_DEPTH + " levels of alternate object directories in " + what
                    + ", but there are more");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(alternates, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolFailure("Expected objects/info/alternates of " + what + " to be readable, but it is not");
        }
        for (String line : lines) {
            // as ObjectDirectory.openAlternate: every line, resolved against the objects directory;
            // an alternate whose parent is a repository opens that repository (its commondir and alternates included)
            File alternate = fs.resolve(objects, line);
            File parent = alternate.getParentFile();
            if (parent != null && RepositoryCache.FileKey.isGitRepository(parent, fs)) {
                if (!inside(parent.toPath())) {
                    throw new ToolFailure("Expected every alternate object directory (objects/info/alternates) of " + what
                            + " to be inside GIT_ROOT, but one is elsewhere");
                }
                check(parent, what, seen, depth + 1);
            } else {
                checkObjects(alternate, what, seen, depth + 1);
            }
        }
    }

    private boolean inside(Path path) {
        return jail.contains(located(path));
    }

    /**
     * Where a path really is: the real path of its nearest existing ancestor (links and {@code ..}
     * resolved by the file system, as when JGit opens it), with the missing rest appended.
     */
    static Path located(Path path) {
        Path absolute = path.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute.normalize();
        }
        try {
            // what does not exist yet holds no links: a lexical normalisation is what the kernel would do
            Path real = existing.toRealPath();
            return existing.getNameCount() == absolute.getNameCount() ? real
                    : real.resolve(absolute.subpath(existing.getNameCount(), absolute.getNameCount())).normalize();
        } catch (IOException e) {
            return absolute.normalize();
        }
    }
}
