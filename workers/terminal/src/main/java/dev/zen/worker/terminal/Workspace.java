package dev.zen.worker.terminal;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The workspace ({@code TERMINAL_WORKDIR}): the only directory commands may write, seen as
 * {@link #MOUNT} inside the sandbox. Turns a caller's {@code cwd} into a directory inside it, refusing
 * absolute paths, {@code ..} and symlinks that lead out. Thread-safe.
 */
final class Workspace {

    /** Where the workspace appears inside the sandbox. */
    static final String MOUNT = "/workspace";

    private final Path root;

    Workspace(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("Expected TERMINAL_WORKDIR " + root + " to be a directory the worker can create, but "
                    + e.getMessage(), e);
        }
    }

    /** The workspace's real path on the host. */
    Path root() {
        return root;
    }

    /** A directory inside the workspace: its path relative to the root ({@code ""} for the root itself). */
    record Directory(String relative, Path host) {

        /** The same directory as a command in the sandbox sees it. */
        String inSandbox() {
            return relative.isEmpty() ? MOUNT : MOUNT + "/" + relative;
        }
    }

    /**
     * The directory {@code cwd} names, relative to the workspace.
     *
     * @throws ToolFailure when it is absolute, climbs out, leads out through a symlink or is not a directory
     */
    Directory directory(String cwd) {
        if (cwd.indexOf('\0') >= 0 || cwd.indexOf('\n') >= 0 || cwd.indexOf('\r') >= 0) {
            throw new ToolFailure("Expected 'cwd' to be a directory inside the workspace, but it contains a NUL or line break; nothing ran");
        }
        if (cwd.startsWith("/")) {
            throw new ToolFailure("Expected 'cwd' to be relative to the workspace (TERMINAL_WORKDIR), but '" + Shown.clip(cwd)
                    + "' is absolute; nothing ran");
        }
        Path relative;
        try {
            relative = Path.of(cwd).normalize();
        } catch (InvalidPathException e) {
            throw new ToolFailure("Expected 'cwd' to be a path, but '" + Shown.clip(cwd) + "' is not (" + e.getReason() + "); nothing ran");
        }
        for (Path part : Path.of(cwd)) {
            if (part.toString().equals("..")) {
                throw new ToolFailure("Expected 'cwd' to stay inside the workspace, but '" + Shown.clip(cwd) + "' contains '..'; nothing ran");
            }
        }
        Path host = root.resolve(relative);
        Path real;
        try {
            real = host.toRealPath();
        } catch (IOException e) {
            throw new ToolFailure("Expected 'cwd' to be an existing directory inside the workspace, but '" + Shown.clip(cwd)
                    + "' does not exist; nothing ran");
        }
        if (!real.startsWith(root)) {
            throw new ToolFailure("Expected 'cwd' to stay inside the workspace, but '" + Shown.clip(cwd)
                    + "' leads outside it through a symbolic link; nothing ran");
        }
        if (!Files.isDirectory(real)) {
            throw new ToolFailure("Expected 'cwd' to be a directory, but '" + Shown.clip(cwd) + "' is a file; nothing ran");
        }
        String inside = root.relativize(real).toString();
        return new Directory(inside, real);
    }
}
