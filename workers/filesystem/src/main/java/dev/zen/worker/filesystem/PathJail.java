package dev.zen.worker.filesystem;

import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Keeps every path a tool touches inside {@code FILESYSTEM_ROOT}. A user path (absolute inside the
 * root, or relative to it) is normalised, then its symbolic links are resolved: the real path of the
 * longest existing ancestor, dangling links followed by hand, the missing rest appended. Only a path
 * whose resolution stays under the root's real path is handed back. Resolving only reads the
 * filesystem, so a refused path leaves nothing behind. Also checks the extension and size policies.
 * Immutable and thread safe.
 */
public final class PathJail {

    /** Longest path accepted, in characters: Linux's PATH_MAX. */
    public static final int MAX_PATH_LENGTH = 4096;

    /** Links followed while resolving one path before giving up, as the kernel's ELOOP limit. */
    private static final int MAX_LINK_HOPS = 40;

    private final FilesystemSettings settings;
    private final Path configuredRoot;
    private final Path realRoot;

    public PathJail(FilesystemSettings settings) {
        this.settings = settings;
        this.configuredRoot = settings.root().toAbsolutePath().normalize();
        if (!Files.isDirectory(configuredRoot)) {
            throw new IllegalArgumentException("Expected " + FilesystemSettings.ROOT_VARIABLE + " '" + configuredRoot
                    + "' to be an existing directory, but it is not");
        }
        try {
            this.realRoot = configuredRoot.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FilesystemSettings settings() {
        return settings;
    }

    /** The root's real path: every resolved path starts with it. */
    public Path root() {
        return realRoot;
    }

    /**
     * Resolves a user path to a place inside the root.
     *
     * @throws ToolFailure if the path is malformed or leads outside the root
     */
    public JailedPath resolve(String userPath) {
        Path lexical = lexical(userPath);
        Path real = realOrRefuse(userPath, lexical);
        // the entry itself (a link is not followed): its parent resolved, its own name kept
        Path entry = lexical.equals(realRoot) ? realRoot : realOrRefuse(userPath, lexical.getParent())
                .resolve(lexical.getFileName());
        return new JailedPath(relative(lexical), real, entry);
    }

    /** Whether a real (already resolved) path is the root or under it. */
    public boolean contains(Path realPath) {
        return realPath.startsWith(realRoot);
    }

    /** A path under the root as the tools show it: relative to the root, '/' separated, "." for the root. */
    public String relative(Path path) {
        Path relative = realRoot.relativize(path);
        if (relative.toString().isEmpty()) {
            return ".";
        }
        StringBuilder text = new StringBuilder();
        for (Path name : relative) {
            if (!text.isEmpty()) {
                text.append('/');
            }
            text.append(name);
        }
        return text.toString();
    }

    /**
     * Refuses a file whose content may not be read or written: its extension is not listed in
     * {@code FILESYSTEM_ALLOWED_EXTENSIONS}.
     */
    public void requireAllowedExtension(Path file) {
        if (settings.anyExtension()) {
            return;
        }
        String extension = extension(file);
        if (!settings.allowedExtensions().contains(extension)) {
            String found = extension.isEmpty() ? "it has no extension" : "its extension is '" + extension + "'";
            throw new ToolFailure("Expected a file with an extension listed in "
                    + FilesystemSettings.ALLOWED_EXTENSIONS_VARIABLE + " (" + allowedList() + "), but '"
                    + relativeOrName(file) + "' is refused: " + found);
        }
    }

    /** Whether the content of this file may be read or written (its extension is allowed). */
    public boolean allowsExtension(Path file) {
        return settings.anyExtension() || settings.allowedExtensions().contains(extension(file));
    }

    /** Refuses content of {@code size} bytes (a file's or one to write) above {@code FILESYSTEM_MAX_FILE_SIZE}. */
    public void requireWithinSizeLimit(Path file, long size) {
        if (size > settings.maxFileSize()) {
            throw new ToolFailure("Expected at most " + humanSize(settings.maxFileSize()) + " ("
                    + FilesystemSettings.MAX_FILE_SIZE_VARIABLE + "), but '" + relativeOrName(file) + "' would be "
                    + humanSize(size) + " (" + size + " bytes)");
        }
    }

    /** The lower-case extension with its dot ({@code .md}); empty for none (dotfiles such as {@code .env} have none). */
    public static String extension(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return "";
        }
        String text = name.toString();
        int dot = text.lastIndexOf('.');
        return dot <= 0 ? "" : text.substring(dot).toLowerCase(Locale.ROOT);
    }

    /** 1536 → "1.5 KB": sizes in messages, in powers of 1024 as FILESYSTEM_MAX_FILE_SIZE reads them. */
    public static String humanSize(long bytes) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " bytes";
        }
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value))
                + " " + units[unit];
    }

    private String allowedList() {
        return settings.allowedExtensions().stream().sorted().collect(Collectors.joining(", "));
    }

    private String relativeOrName(Path file) {
        return contains(file) ? relative(file) : String.valueOf(file.getFileName());
    }

    /** The absolute, normalised path the user named (no link resolved yet), refused if it leaves the root. */
    private Path lexical(String userPath) {
        if (userPath == null || userPath.isBlank()) {
            throw new ToolFailure("Expected a path, but it was blank (use \".\" for the root)");
        }
        if (userPath.length() > MAX_PATH_LENGTH) {
            throw new ToolFailure("Expected a path of at most " + MAX_PATH_LENGTH + " characters, but it has "
                    + userPath.length());
        }
        if (userPath.indexOf('\0') >= 0) {
            throw new ToolFailure("Expected a path without NUL bytes, but '" + printable(userPath) + "' has one");
        }
        Path path;
        try {
            path = Path.of(userPath);
        } catch (InvalidPathException e) {
            throw new ToolFailure("Expected a valid path, but '" + printable(userPath) + "' is not: " + e.getReason());
        }
        Path lexical;
        if (path.isAbsolute()) {
            lexical = path.normalize();
            // the root as configured may itself sit behind a link (/tmp → /private/tmp): accept both spellings
            if (!lexical.startsWith(realRoot) && lexical.startsWith(configuredRoot)) {
                lexical = realRoot.resolve(configuredRoot.relativize(lexical));
            }
        } else {
            lexical = realRoot.resolve(path).normalize();
        }
        if (!lexical.startsWith(realRoot)) {
            throw outside(userPath);
        }
        return lexical;
    }

    private Path realOrRefuse(String userPath, Path lexical) {
        Path real;
        try {
            real = real(lexical, MAX_LINK_HOPS);
        } catch (IOException e) {
            throw new ToolFailure("Expected a path whose links can be resolved, but '" + printable(userPath)
                    + "' cannot: " + e.getClass().getSimpleName());
        }
        if (real == null) {
            throw new ToolFailure("Expected a path whose links can be resolved, but '" + printable(userPath)
                    + "' has a link loop or a missing directory followed by '..'");
        }
        if (!contains(real)) {
            throw outside(userPath);
        }
        return real;
    }

    /**
     * The path with every link resolved, including a dangling one (whose target may not exist yet but
     * would be created by a write). Null when it cannot be resolved safely.
     */
    private static Path real(Path path, int hopsLeft) throws IOException {
        if (hopsLeft == 0) {
            return null;
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return null;
        }
        Path realExisting = existing.toRealPath();
        if (existing.equals(path)) {
            return realExisting;
        }
        Path rest = existing.relativize(path);
        for (Path name : rest) {
            if (name.toString().equals("..")) {
                return null; // '..' below a missing directory: the kernel would refuse it too
            }
        }
        Path first = realExisting.resolve(rest.getName(0));
        Path tail = rest.getNameCount() > 1 ? rest.subpath(1, rest.getNameCount()) : null;
        if (Files.isSymbolicLink(first)) {
            // a dangling link: a write through it would create its target, so its target is what counts
            Path target = realExisting.resolve(Files.readSymbolicLink(first));
            Path resolved = real(target, hopsLeft - 1);
            return resolved == null ? null : tail == null ? resolved : resolved.resolve(tail);
        }
        return realExisting.resolve(rest);
    }

    private static ToolFailure outside(String userPath) {
        return new ToolFailure("Expected a path inside " + FilesystemSettings.ROOT_VARIABLE + ", but '"
                + printable(userPath) + "' is outside FILESYSTEM_ROOT");
    }

    private static String printable(String userPath) {
        String shown = userPath.length() > 200 ? userPath.substring(0, 200) + "…" : userPath;
        return shown.replace("\0", "\\0");
    }

    /**
     * A path inside the root: {@code relative} as tools show it, {@code path} with every link followed
     * (what a read or write acts on) and {@code entry}, the directory entry itself with only its parent
     * resolved (what a move or a type check acts on, so that a link is moved, not its target).
     */
    public record JailedPath(String relative, Path path, Path entry) {
    }
}
