package dev.zen.worker.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The MIME type of a file, as {@code file_analyze} reports it and the {@code file:///} resources serve
 * it: a table of common extensions first, then the host's {@link Files#probeContentType}, then
 * {@code text/plain} for text and {@code application/octet-stream} for anything else. Stateless.
 */
final class MimeTypes {

    static final String TEXT = "text/plain";
    static final String BINARY = "application/octet-stream";

    /** What {@link Files#probeContentType} often does not know (it depends on the host's MIME tables). */
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry(".txt", "text/plain"), Map.entry(".log", "text/plain"), Map.entry(".md", "text/markdown"),
            Map.entry(".py", "text/x-python"), Map.entry(".js", "text/javascript"),
            Map.entry(".ts", "application/typescript"), Map.entry(".json", "application/json"),
            Map.entry(".yml", "application/yaml"), Map.entry(".yaml", "application/yaml"),
            Map.entry(".java", "text/x-java-source"), Map.entry(".xml", "application/xml"),
            Map.entry(".csv", "text/csv"), Map.entry(".html", "text/html"), Map.entry(".css", "text/css"),
            Map.entry(".sh", "application/x-sh"), Map.entry(".toml", "application/toml"),
            Map.entry(".ini", "text/plain"), Map.entry(".properties", "text/plain"), Map.entry(".sql", "application/sql"),
            Map.entry(".pdf", "application/pdf"), Map.entry(".png", "image/png"), Map.entry(".jpg", "image/jpeg"),
            Map.entry(".jpeg", "image/jpeg"), Map.entry(".gif", "image/gif"), Map.entry(".svg", "image/svg+xml"),
            Map.entry(".zip", "application/zip"), Map.entry(".gz", "application/gzip"));

    private MimeTypes() {
    }

    /** The type of a file whose content is {@code text} (not binary) as far as its probe could tell. */
    static String of(Path file, boolean text) {
        String known = KNOWN.get(PathJail.extension(file));
        if (known != null) {
            return known;
        }
        try {
            String probed = Files.probeContentType(file);
            if (probed != null) {
                return probed;
            }
        } catch (IOException e) {
            // no detector for this file: fall back on its content
        }
        return text ? TEXT : BINARY;
    }
}
