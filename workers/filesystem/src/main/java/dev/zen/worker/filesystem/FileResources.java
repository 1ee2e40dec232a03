package dev.zen.worker.filesystem;

import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.filesystem.TextFileReader.TextFile;
import dev.zen.worker.runtime.ClientChannel;
import dev.zen.worker.runtime.Completer;
import dev.zen.worker.runtime.ResourceNotFound;
import dev.zen.worker.runtime.ResourceReader;
import dev.zen.worker.runtime.ResourceTemplateDefinition;
import dev.zen.worker.runtime.ServiceCall;
import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The files under {@code FILESYSTEM_ROOT} as MCP resources, through the resource template
 * {@code file:///{+path}}.
 *
 * <p><b>The path in the URI is relative to the root</b>, exactly as the {@code path} argument of the
 * {@code file_*} tools and the paths they answer with: {@code file:///notes/todo.md} is
 * {@code $FILESYSTEM_ROOT/notes/todo.md}. A URI therefore never shows, and cannot probe, where the
 * root sits on the server; an absolute path ({@code file:////etc/passwd}, even one inside the root) is
 * not found. The path is percent-decoded by the template, then jailed by {@link PathJail}: a
 * {@code ..} or a link that leads out of the root is not found, never read.
 *
 * <p>Reading applies the checks of {@code file_read} (an allowed extension, at most
 * {@code FILESYSTEM_MAX_FILE_SIZE}). Text (UTF-8, UTF-16 with a BOM, else ISO-8859-1, as
 * {@link ContentProbe} guesses) is served as {@code text}, content with NUL bytes as a base64
 * {@code blob}; {@code mimeType} comes from {@link MimeTypes}. The content's {@code uri} is the file's
 * canonical URI ({@link #uri(String)}), the one change notifications carry.
 *
 * <p>Errors: a URI that names no file (missing, outside the root, a special file) is
 * {@link ResourceNotFound} (-32002); a directory, a refused extension or a file above the size limit
 * is a {@link ToolFailure} (-32602, invalid params).
 *
 * <p>The tools that change a file ({@code file_write}, {@code file_edit}, {@code file_move}) tell
 * subscribers through {@link #updated}. Subscriptions are matched by exact URI, so clients should
 * subscribe with the canonical spelling {@link #uri(String)} produces. Stateless, thread safe.
 */
public final class FileResources implements ResourceReader, Completer {

    public static final String URI_TEMPLATE = "file:///{+path}";
    public static final String PATH_VARIABLE = "path";

    /** Matches collected for one completion; the runtime sends the first 100 and reports the rest as more. */
    static final int MAX_MATCHES = 10_000;

    private static final String PREFIX = "file:///";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final Logger LOG = LoggerFactory.getLogger(FileResources.class);

    private final PathJail jail;
    private final TextFileReader reader;

    public FileResources(PathJail jail) {
        this.jail = jail;
        this.reader = new TextFileReader(jail);
    }

    /** The {@code file:///{+path}} template, read and completed by a {@link FileResources} on {@code jail}. */
    public static ResourceTemplateDefinition definition(PathJail jail) {
        ObjectNode descriptor = JsonNodeFactory.instance.objectNode()
                .put("uriTemplate", URI_TEMPLATE)
                .put("name", "file")
                .put("title", "Files")
                .put("description", "Files under the filesystem worker's root (FILESYSTEM_ROOT). The path is "
                        + "relative to the root, as in the file_* tools, e.g. file:///notes/todo.md. Text is "
                        + "returned as text, binary content as base64; only files with an allowed extension and "
                        + "within the size limit can be read.");
        FileResources resources = new FileResources(jail);
        return new ResourceTemplateDefinition(descriptor, resources, resources);
    }

    /**
     * The canonical URI of a file: {@code file:///} and its path relative to the root ('/' separated,
     * as {@link PathJail#relative} gives it), each byte other than an RFC 3986 unreserved character or
     * '/' percent-encoded as UTF-8 with upper-case hex ({@code my notes/a+b.md} →
     * {@code file:///my%20notes/a%2Bb.md}). The template decodes it back to the same path.
     */
    public static String uri(String relative) {
        if (relative == null || relative.isEmpty() || relative.startsWith("/")) {
            throw new IllegalArgumentException("Expected a path relative to the root, but was '" + relative + "'");
        }
        StringBuilder uri = new StringBuilder(PREFIX.length() + relative.length() + 16).append(PREFIX);
        for (byte b : relative.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c == '/' || unreserved(c)) {
                uri.append((char) c);
            } else {
                uri.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return uri.toString();
    }

    /** Tells subscribers that a written file changed: the path as named and, when it is a link, the target's. */
    static void updated(ClientChannel client, PathJail jail, JailedPath file) {
        updated(client, file.relative(), jail.relative(file.path()));
    }

    /**
     * Tells subscribers that the files at these root-relative paths changed (each once). Best effort:
     * the change has happened, so a notice that cannot be sent is logged, never a failure of the call.
     */
    static void updated(ClientChannel client, String... relatives) {
        Set<String> uris = new LinkedHashSet<>();
        for (String relative : relatives) {
            if (relative != null && !relative.equals(".")) {
                uris.add(uri(relative));
            }
        }
        for (String uri : uris) {
            try {
                client.resourceUpdated(uri);
            } catch (RuntimeException e) {
                LOG.warn("Could not tell subscribers that {} changed: {}", uri, e.toString());
            }
        }
    }

    @Override
    public JsonNode read(String uri, ServiceCall call) throws IOException {
        String path = call.argument(PATH_VARIABLE);
        if (path == null || path.isEmpty()) {
            throw new ResourceNotFound(uri, "Resource not found: " + uri + " names no file (expected file:///<path>)");
        }
        if (path.startsWith("/")) {
            throw new ResourceNotFound(uri, "Resource not found: " + uri + " (expected a path relative to "
                    + FilesystemSettings.ROOT_VARIABLE + ", such as file:///notes/todo.md, but it is absolute)");
        }
        JailedPath file;
        try {
            file = jail.resolve(path);
        } catch (ToolFailure e) {
            throw new ResourceNotFound(uri, "Resource not found: " + uri + " (" + e.getMessage() + ")");
        }
        try {
            if (!Files.exists(file.path())) {
                throw new ResourceNotFound(uri, "Resource not found: " + uri + " (no file at '" + file.relative() + "')");
            }
            if (Files.isDirectory(file.path())) {
                throw new ToolFailure("Expected a file, but '" + file.relative() + "' is a directory (complete the "
                        + "template's path variable to see what it holds)");
            }
            if (!Files.isRegularFile(file.path())) {
                throw new ResourceNotFound(uri, "Resource not found: " + uri + " ('" + file.relative()
                        + "' is a special file, not a regular file)");
            }
            TextFile content = reader.read(path); // the checks of file_read: extension and size
            return contents(file, content.bytes());
        } catch (NoSuchFileException e) {
            throw new ResourceNotFound(uri, "Resource not found: " + uri + " (no file at '" + file.relative() + "')");
        } catch (FileSystemException e) {
            throw ToolSupport.failure(e, jail); // names the file relative to the root, never its host path
        }
    }

    private ObjectNode contents(JailedPath file, byte[] bytes) {
        ContentProbe probe = ContentProbe.of(bytes);
        String encoding = probe.encoding();
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ObjectNode content = result.putArray("contents").addObject().put("uri", uri(file.relative()));
        if (encoding.equals(ContentProbe.BINARY)) {
            String mimeType = MimeTypes.of(file.path(), false);
            content.put("mimeType", mimeType.startsWith("text/") ? MimeTypes.BINARY : mimeType)
                    .put("blob", Base64.getEncoder().encodeToString(bytes));
        } else {
            content.put("mimeType", MimeTypes.of(file.path(), true)).put("text", text(bytes, encoding));
        }
        return result;
    }

    /** The text of content {@link ContentProbe} did not find binary, without its BOM. */
    static String text(byte[] bytes, String encoding) {
        return switch (encoding) {
            case ContentProbe.UTF_8_BOM -> new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
            case ContentProbe.UTF_16LE_BOM -> new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
            case ContentProbe.UTF_16BE_BOM -> new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
            case ContentProbe.ISO_8859_1 -> new String(bytes, StandardCharsets.ISO_8859_1);
            default -> new String(bytes, StandardCharsets.UTF_8);
        };
    }

    /**
     * Completes the {@code path} variable: the entries of the partial path's directory (the root when
     * it has no '/') whose names start with its last segment, sorted by name, each as the partial's
     * directory part plus the name, directories with a trailing '/'. Only what a read or a further
     * completion can use is offered: directories, and regular files with an allowed extension; links
     * only when they stay inside the root; names starting with '.' only when the segment does. A
     * partial that is absolute or leaves the root completes to nothing.
     */
    @Override
    public List<String> complete(String argument, String partial, ServiceCall call) {
        if (!PATH_VARIABLE.equals(argument) || partial == null || partial.startsWith("/")
                || partial.length() > PathJail.MAX_PATH_LENGTH) {
            return List.of();
        }
        int slash = partial.lastIndexOf('/');
        String directoryPart = partial.substring(0, slash + 1);
        String prefix = partial.substring(slash + 1);
        JailedPath directory;
        try {
            directory = jail.resolve(directoryPart.isEmpty() ? "." : directoryPart);
        } catch (ToolFailure e) {
            return List.of();
        }
        if (!Files.isDirectory(directory.path())) {
            return List.of();
        }
        boolean hidden = prefix.startsWith(".");
        List<Match> matches = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory.path())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(prefix) || (!hidden && name.startsWith("."))) {
                    continue;
                }
                DirectoryWalker.requireNotInterrupted();
                Match match = offered(entry, name);
                if (match != null) {
                    matches.add(match);
                    if (matches.size() >= MAX_MATCHES) {
                        break;
                    }
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            return List.of(); // an unreadable directory has nothing to offer
        }
        matches.sort(Comparator.comparing(Match::name));
        return matches.stream().map(m -> directoryPart + m.name() + (m.directory() ? "/" : "")).toList();
    }

    /** The entry as a completion, or null when it is not one to offer. */
    private Match offered(Path entry, String name) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Path target = entry;
            if (attributes.isSymbolicLink()) {
                target = entry.toRealPath();
                if (!jail.contains(target)) {
                    return null;
                }
                attributes = Files.readAttributes(target, BasicFileAttributes.class);
            }
            if (attributes.isDirectory()) {
                return new Match(name, true);
            }
            if (attributes.isRegularFile() && jail.allowsExtension(entry) && jail.allowsExtension(target)) {
                return new Match(name, false);
            }
            return null;
        } catch (IOException e) {
            return null; // vanished, a dangling link or a loop
        }
    }

    private static boolean unreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private record Match(String name, boolean directory) {
    }
}
