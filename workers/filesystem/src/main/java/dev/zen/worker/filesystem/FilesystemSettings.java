package dev.zen.worker.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
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

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([KMGT])(?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXTENSION = Pattern.compile("\\.[a-z0-9_+-]+(\\.[a-z0-9_+-]+)*");

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
        Path root = parseRoot(valueOr(env, ROOT_VARIABLE, DEFAULT_ROOT), workingDirectory);
        long maxFileSize = parseSize(valueOr(env, MAX_FILE_SIZE_VARIABLE, null));
        Set<String> extensions = parseExtensions(valueOr(env, ALLOWED_EXTENSIONS_VARIABLE, DEFAULT_ALLOWED_EXTENSIONS));
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Expected " + ROOT_VARIABLE + " '" + root + "' to be a directory the worker can create, but " + e, e);
        }
        return new FilesystemSettings(root, maxFileSize, extensions);
    }

    /** Whether the content of any file may be read or written, whatever its extension. */
    public boolean anyExtension() {
        return allowedExtensions.isEmpty();
    }

    /** Parses {@code 100MB}, {@code 512KB}, {@code 1GB}, {@code 2048} (bytes); units are powers of 1024. */
    static long parseSize(String value) {
        if (value == null) {
            return DEFAULT_MAX_FILE_SIZE;
        }
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("Expected " + MAX_FILE_SIZE_VARIABLE
                    + " to be a size such as 100MB, 512KB, 1GB or a number of bytes, but was '" + value + "'");
        }
        char unit = m.group(2) == null ? 'B' : Character.toUpperCase(m.group(2).charAt(0));
        int shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        try {
            long number = Long.parseLong(m.group(1));
            long bytes = Math.multiplyExact(number, 1L << shift);
            if (bytes <= 0) {
                throw new IllegalArgumentException(
                        "Expected " + MAX_FILE_SIZE_VARIABLE + " to be positive, but was '" + value + "'");
            }
            return bytes;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "Expected " + MAX_FILE_SIZE_VARIABLE + " to fit in 8 exabytes, but was '" + value + "'", e);
        }
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

    private static Path parseRoot(String value, Path workingDirectory) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Expected " + ROOT_VARIABLE + " to be a path, but it has a NUL byte");
        }
        try {
            Path path = Path.of(value);
            Path absolute = path.isAbsolute() ? path : workingDirectory.toAbsolutePath().resolve(path);
            return absolute.normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    "Expected " + ROOT_VARIABLE + " to be a path, but '" + value + "' is not: " + e.getReason(), e);
        }
    }

    private static String valueOr(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
