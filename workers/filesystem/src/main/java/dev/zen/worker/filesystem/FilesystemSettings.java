package dev.zen.worker.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the filesystem worker is jailed: the one root every path must stay inside, the largest file
 * whose content a tool reads or writes, and the file extensions whose content may be read or
 * written (an empty set means any extension).
 */
public record FilesystemSettings(Path root, long maxFileSize, Set<String> allowedExtensions) {

    public static final String ROOT_VARIABLE = "FILESYSTEM_ROOT";
    public static final String MAX_FILE_SIZE_VARIABLE = "FILESYSTEM_MAX_FILE_SIZE";
    public static final String ALLOWED_EXTENSIONS_VARIABLE = "FILESYSTEM_ALLOWED_EXTENSIONS";

    public static final String DEFAULT_ROOT = "./data/files";
    public static final long DEFAULT_MAX_FILE_SIZE = 100L * 1024 * 1024;
    public static final String DEFAULT_ALLOWED_EXTENSIONS =
            ".txt,.md,.py,.js,.ts,.json,.yml,.yaml,.java,.xml,.csv,.log,.html,.css,.sh,.toml,.ini,.properties,.sql";

    private static final Pattern EXTENSION = Pattern.compile("\\.[a-z0-9_+-]+(\\.[a-z0-9_+-]+)*");

    public static final Setting<Path> ROOT = Setting.of(ROOT_VARIABLE, "the filesystem worker's jail", FilesystemSettings::parseRoot)
            .defaultsTo(DEFAULT_ROOT);
    public static final Setting<Long> MAX_FILE_SIZE = Setting.size(MAX_FILE_SIZE_VARIABLE, "largest file read or written")
            .defaultsTo("100MB");
    public static final Setting<Set<String>> ALLOWED_EXTENSIONS = Setting.of(ALLOWED_EXTENSIONS_VARIABLE,
            "extensions whose content may be read or written (`*` = any)", FilesystemSettings::parseExtensions)
            .defaultsTo(DEFAULT_ALLOWED_EXTENSIONS);

    /** The filesystem service's settings, in the order {@code --help} prints them. */
    public static final List<Setting<?>> ALL = List.of(ROOT, MAX_FILE_SIZE, ALLOWED_EXTENSIONS);

    public FilesystemSettings {
        if (root == null) {
            throw new IllegalArgumentException("Expected a root directory (" + ROOT_VARIABLE + "), but it was null");
        }
        if (maxFileSize <= 0) {
            throw new IllegalArgumentException(
                    "Expected a positive " + MAX_FILE_SIZE_VARIABLE + ", but was " + maxFileSize + " bytes");
        }
        allowedExtensions = allowedExtensions == null ? Set.of() : Set.copyOf(allowedExtensions);
    }

    /** Settings from the worker's environment; creates the root directory when it is missing. */
    public static FilesystemSettings fromEnv(Map<String, String> env) {
        return fromEnv(env, Path.of(""));
    }

    /** As {@link #fromEnv(Map)}, with a relative root resolved against {@code workingDirectory}. */
    static FilesystemSettings fromEnv(Map<String, String> env, Path workingDirectory) {
        return from(Settings.of(env, ALL), workingDirectory);
    }

    /** The settings out of values read by the worker's entry point; creates the root directory when it is missing. */
    public static FilesystemSettings from(Settings values, Path workingDirectory) {
        Path configured = values.get(ROOT);
        Path root = (configured.isAbsolute() ? configured : workingDirectory.toAbsolutePath().resolve(configured)).normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Expected " + ROOT_VARIABLE + " '" + root + "' to be a directory the worker can create, but " + e, e);
        }
        Set<String> extensions = values.get(ALLOWED_EXTENSIONS);
        return new FilesystemSettings(root, values.get(MAX_FILE_SIZE), extensions == null ? Set.of() : extensions);
    }

    /** Whether the content of any file may be read or written, whatever its extension. */
    public boolean anyExtension() {
        return allowedExtensions.isEmpty();
    }

    /** Parses {@code 100MB}, {@code 512KB}, {@code 1GB}, {@code 2048} (bytes); units are powers of 1024. */
    static long parseSize(String value) {
        return value == null ? DEFAULT_MAX_FILE_SIZE : MAX_FILE_SIZE.parse(value);
    }

    /** Parses {@code .txt,.md}; {@code *} means any extension (an empty set). */
    static Set<String> parseExtensions(String value) {
        Set<String> extensions = new LinkedHashSet<>();
        for (String raw : value.split(",")) {
            String extension = raw.strip().toLowerCase(Locale.ROOT);
            if (extension.isEmpty()) {
                continue;
            }
            if (extension.equals("*") || extension.equals(".*") || extension.equals("*.*")) {
                return Set.of();
            }
            if (extension.startsWith("*.")) {
                extension = extension.substring(1);
            } else if (!extension.startsWith(".")) {
                extension = "." + extension;
            }
            if (!EXTENSION.matcher(extension).matches()) {
                throw new IllegalArgumentException("Expected " + ALLOWED_EXTENSIONS_VARIABLE
                        + " to be a comma list such as .txt,.md,.py or *, but it has '" + raw.strip() + "'");
            }
            extensions.add(extension);
        }
        if (extensions.isEmpty()) {
            throw new IllegalArgumentException("Expected " + ALLOWED_EXTENSIONS_VARIABLE
                    + " to list at least one extension (or * for any), but was '" + value + "'");
        }
        return extensions;
    }

    private static Path parseRoot(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("to be a path, but it has a NUL byte");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("to be a path, but '" + value + "' is not: " + e.getReason(), e);
        }
    }
}
