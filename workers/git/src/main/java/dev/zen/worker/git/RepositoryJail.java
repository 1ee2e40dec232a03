package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the caller's {@code repo}, destination and {@code paths} arguments into places inside
 * {@code GIT_ROOT}, or refuses them with a {@link ToolFailure} before anything is touched: absolute
 * paths, {@code ..} segments, NUL bytes and anything that, after resolving symbolic links, lands
 * outside the (real) root. Thread-safe; stateless after construction.
 */
public final class RepositoryJail {

    private static final int MAX_PATH_CHARS = 4096;

    private final Path root;

    /** Creates the root directory if it does not exist yet and remembers its real path. */
    public RepositoryJail(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Expected GIT_ROOT to be a directory the worker can create and read", e);
        }
    }

    /** The real path of the root. */
    public Path root() {
        return root;
    }

    /** Resolves an existing directory named by a {@code repo} argument (relative to the root; {@code .} is the root). */
    public Path resolveRepository(String repo) {
        Path candidate = root.resolve(checkRelative("repo", repo, false)).normalize();
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw new ToolFailure("Expected repo '" + shown(repo) + "' to be a directory under GIT_ROOT, but it does not exist");
        }
        if (!real.startsWith(root)) {
            throw new ToolFailure("Expected repo '" + shown(repo) + "' to stay inside GIT_ROOT, but it leads outside it (through a symbolic link)");
        }
        if (!Files.isDirectory(real)) {
            throw new ToolFailure("Expected repo '" + shown(repo) + "' to be a directory, but it is a file");
        }
        return real;
    }

    /**
     * Resolves a new directory for a clone: it must not exist yet (or be an empty directory) and its
     * nearest existing ancestor must be inside the root after resolving links.
     */
    public Path resolveDestination(String argument, String value) {
        String relative = checkRelative(argument, value, false);
        if (relative.equals(".")) {
            throw new ToolFailure("Expected " + argument + " to name a new directory under GIT_ROOT, but it names the root itself");
        }
        Path candidate = root.resolve(relative).normalize();
        Path existing = candidate;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null || !existing.toRealPath().startsWith(root)) {
                throw new ToolFailure("Expected " + argument + " '" + shown(value) + "' to stay inside GIT_ROOT, but it leads outside it");
            }
            if (existing.equals(candidate)) {
                if (Files.isSymbolicLink(candidate) || !Files.isDirectory(candidate)) {
                    throw new ToolFailure("Expected " + argument + " '" + shown(value) + "' not to exist yet, but it does");
                }
                try (var entries = Files.list(candidate)) {
                    if (entries.findAny().isPresent()) {
                        throw new ToolFailure("Expected " + argument + " '" + shown(value) + "' to be new or empty, but it has files in it");
                    }
                }
            }
        } catch (IOException e) {
            throw new ToolFailure("Expected " + argument + " '" + shown(value) + "' to be a usable directory under GIT_ROOT, but it cannot be read");
        }
        return candidate;
    }

    /** Whether a real (link-resolved) path is the root or inside it. */
    public boolean contains(Path realPath) {
        return realPath.startsWith(root);
    }

    /** The {@code repo} argument that names a directory under the root ({@code .} for the root). */
    public String relativeName(Path path) {
        Path relative = root.relativize(path.toAbsolutePath().normalize());
        String name = relative.toString().replace('\\', '/');
        return name.isEmpty() ? "." : name;
    }

    /**
     * Checks {@code paths} arguments against a worktree and returns them as repository-relative,
     * slash-separated patterns ({@code .} stays {@code .}: the whole worktree). Refuses absolute paths,
     * {@code ..}, NUL, a leading {@code -}, anything in {@code .git}, and anything that resolves outside
     * the worktree through a link. The paths need not exist (a deleted file can be staged).
     */
    public List<String> resolvePaths(Path worktree, List<String> paths, String argument) {
        if (paths == null || paths.isEmpty()) {
            throw new ToolFailure("Expected " + argument + " to list at least one path, but it is empty");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String path : paths) {
            out.add(resolvePath(worktree, path, argument));
        }
        return List.copyOf(out);
    }

    /** One {@code paths} entry; see {@link #resolvePaths}. */
    public String resolvePath(Path worktree, String path, String argument) {
        if (path != null && path.startsWith("-")) {
            throw new ToolFailure("Expected every entry of " + argument + " to be a path, but '" + shown(path) + "' starts with '-'");
        }
        String relative = checkRelative(argument, path, true);
        if (relative.equals(".")) {
            return ".";
        }
        for (String segment : relative.split("/")) {
            if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
                throw new ToolFailure("Expected " + argument + " to name files of the worktree, but '" + shown(path) + "' is inside .git");
            }
        }
        Path candidate = worktree.resolve(relative).normalize();
        if (!candidate.startsWith(worktree)) {
            throw new ToolFailure("Expected " + argument + " entry '" + shown(path) + "' to stay inside the repository, but it does not");
        }
        // The deepest existing ancestor decides where the path really is (links included); the rest does not exist yet.
        Path existing = candidate.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null || !existing.toRealPath().startsWith(worktree)) {
                throw new ToolFailure("Expected " + argument + " entry '" + shown(path) + "' to stay inside the repository, but it leads outside it");
            }
        } catch (IOException e) {
            throw new ToolFailure("Expected " + argument + " entry '" + shown(path) + "' to be readable, but it is not");
        }
        return relative;
    }

    /** Validates the shape of a relative path argument and returns it normalised to slashes without empty or '.' segments. */
    static String checkRelative(String argument, String value, boolean plural) {
        String what = plural ? "every entry of " + argument : argument;
        if (value == null || value.isBlank()) {
            throw new ToolFailure("Expected " + what + " to be a path relative to " + (plural ? "the repository" : "GIT_ROOT") + ", but it is empty");
        }
        if (value.indexOf('\0') >= 0) {
            throw new ToolFailure("Expected " + what + " to be a path, but it contains a NUL byte");
        }
        if (value.length() > MAX_PATH_CHARS) {
            throw new ToolFailure("Expected " + what + " to be at most " + MAX_PATH_CHARS + " characters, but it has " + value.length());
        }
        if (value.startsWith("/") || value.startsWith("\\") || value.startsWith("~") || value.matches("^[A-Za-z]:.*")) {
            throw new ToolFailure("Expected " + what + " to be a relative path, but it is absolute");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : value.replace('\\', '/').split("/")) {
            if (segment.equals("..")) {
                throw new ToolFailure("Expected " + what + " to stay inside " + (plural ? "the repository" : "GIT_ROOT")
                        + ", but '" + shown(value) + "' contains '..'");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments.isEmpty() ? "." : String.join("/", segments);
    }

    /** An argument as it may be echoed in a message: bounded, control characters replaced. */
    static String shown(String value) {
        String bounded = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return bounded.replaceAll("\\p{Cntrl}", "?");
    }
}
