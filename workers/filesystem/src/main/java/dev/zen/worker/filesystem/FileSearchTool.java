package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.JsonSchemas.array;
import static dev.zen.worker.filesystem.JsonSchemas.bool;
import static dev.zen.worker.filesystem.JsonSchemas.integer;
import static dev.zen.worker.filesystem.JsonSchemas.object;
import static dev.zen.worker.filesystem.JsonSchemas.string;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.worker.filesystem.DirectoryWalker.Entry;
import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code file_search}: finds entries whose path matches a glob, and/or lines of text files that match
 * a regular expression. The walk never follows a link, so it cannot leave the root; content is only
 * read from files the read policy allows (extension, size).
 */
public final class FileSearchTool implements ToolHandler {

    public static final String NAME = "file_search";

    static final int DEFAULT_MAX_RESULTS = 100;
    static final int MAX_RESULTS = 10_000;
    /** A matching line longer than this is cut: minified files have megabyte lines. */
    static final int MAX_LINE_LENGTH = 500;
    private static final int BINARY_SNIFF_BYTES = 8000;

    private final PathJail jail;

    public FileSearchTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        ObjectNode input = object()
                .optional("path", string("Directory to search in: relative to the root, or absolute inside it", "."))
                .optional("pattern", string("Glob on the path relative to 'path', e.g. **/*.md; a pattern without "
                        + "'/' matches names at any depth"))
                .optional("content", string("Regular expression (Java syntax) searched line by line in the content "
                        + "of text files with an allowed extension"))
                .optional("caseSensitive", bool("Whether 'content' is case sensitive", false))
                .optional("maxResults", integer("Most matches to return", 1, MAX_RESULTS, DEFAULT_MAX_RESULTS))
                .optional("exclude", array("Glob patterns of entries to skip, e.g. node_modules or .git",
                        string("A glob pattern")))
                .build();
        ObjectNode match = object()
                .required("path", string("Matching entry, relative to the root"))
                .optional("line", integer("Line number of a content match (1-based)", 1, Integer.MAX_VALUE))
                .optional("text", string("The matching line (cut at " + MAX_LINE_LENGTH + " characters)"))
                .build();
        ObjectNode output = object()
                .required("matches", array("Matches in walk order (sorted by name, depth first)", match))
                .required("truncated", bool("Whether the search stopped at maxResults"))
                .build();
        return ToolSupport.define(NAME, "Search files",
                "Searches a directory inside the filesystem root recursively: by a glob on paths (pattern), by a "
                        + "regular expression on file content (content), or both. At least one of pattern and "
                        + "content is required.",
                input, output, ToolAnnotations.readOnly("Search files"), jail, new FileSearchTool(jail));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = new Arguments(call.arguments());
        String glob = args.string("pattern", null);
        String regex = args.string("content", null);
        if (glob == null && regex == null) {
            throw new ToolFailure("Expected 'pattern' or 'content' (or both), but neither was given");
        }
        GlobPattern pattern = glob == null ? null : GlobPattern.compile(glob, "pattern");
        Pattern content = regex == null ? null : regex(regex, args.bool("caseSensitive", false));
        int maxResults = args.integer("maxResults", DEFAULT_MAX_RESULTS, 1, MAX_RESULTS);
        List<GlobPattern> exclude = GlobPattern.compileAll(args.strings("exclude"), "exclude");
        JailedPath directory = jail.resolve(args.string("path", "."));
        if (!Files.isDirectory(directory.path())) {
            throw new ToolFailure("Expected a directory at '" + directory.relative() + "', but "
                    + (Files.exists(directory.path()) ? "it is a file" : "nothing is there"));
        }

        Search search = new Search(directory.path(), pattern, content, exclude, maxResults);
        search.walk(DirectoryWalker.entries(directory.path()));
        ObjectNode structured = ToolSupport.object();
        structured.set("matches", search.matches);
        structured.put("truncated", search.truncated);
        if (search.matches.isEmpty()) {
            search.text.append("No matches\n");
        } else if (search.truncated) {
            search.text.append("(truncated at ").append(maxResults).append(" matches)\n");
        }
        return ToolSupport.result(search.text.toString(), structured);
    }

    private static Pattern regex(String regex, boolean caseSensitive) {
        try {
            return Pattern.compile(regex, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new ToolFailure("Expected 'content' to be a valid regular expression, but '" + regex + "' is not: "
                    + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        }
    }

    /** One call's search: its results and where it stopped. */
    private final class Search {

        private final Path start;
        private final GlobPattern pattern;
        private final Pattern content;
        private final List<GlobPattern> exclude;
        private final int maxResults;
        private final ArrayNode matches = ToolSupport.object().arrayNode();
        private final StringBuilder text = new StringBuilder();
        private boolean truncated;

        Search(Path start, GlobPattern pattern, Pattern content, List<GlobPattern> exclude, int maxResults) {
            this.start = start;
            this.pattern = pattern;
            this.content = content;
            this.exclude = exclude;
            this.maxResults = maxResults;
        }

        /** Depth first; false once maxResults is passed. */
        boolean walk(List<Entry> entries) {
            for (Entry entry : entries) {
                String relative = DirectoryWalker.relative(start, entry.path());
                if (GlobPattern.anyMatches(exclude, relative)) {
                    continue;
                }
                boolean pathMatches = pattern == null || pattern.matches(relative);
                if (pathMatches && !visit(entry)) {
                    return false;
                }
                if (entry.type() == EntryType.DIRECTORY && !walk(DirectoryWalker.entriesOrNone(entry.path()))) {
                    return false;
                }
            }
            return true;
        }

        private boolean visit(Entry entry) {
            String path = jail.relative(entry.path());
            if (content == null) {
                if (add(path) == null) {
                    return false;
                }
                text.append(path).append('\n');
                return true;
            }
            if (entry.type() != EntryType.FILE || !jail.allowsExtension(entry.path())
                    || entry.attributes().size() > jail.settings().maxFileSize()) {
                return true;
            }
            return searchContent(entry.path(), path);
        }

        private boolean searchContent(Path file, String path) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                return true; // unreadable or vanished: not a match, and not a reason to fail the search
            }
            if (binary(bytes)) {
                return true;
            }
            List<String> lines = TextFileReader.lines(new String(bytes, StandardCharsets.UTF_8));
            for (int i = 0; i < lines.size(); i++) {
                String line = stripTerminator(lines.get(i));
                if (found(line, path, i + 1)) {
                    ObjectNode match = add(path);
                    if (match == null) {
                        return false;
                    }
                    String shown = line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) + "…" : line;
                    match.put("line", i + 1).put("text", shown);
                    text.append(path).append(':').append(i + 1).append(": ").append(shown).append('\n');
                }
            }
            return true;
        }

        private boolean found(String line, String path, int number) {
            Matcher matcher = content.matcher(new InterruptibleText(line));
            try {
                return matcher.find();
            } catch (StackOverflowError e) {
                // java.util.regex recurses per repetition: a nested quantifier on a long line overflows the
                // stack, which would otherwise crash the call and have it retried for nothing
                throw new ToolFailure("Expected 'content' to be a regular expression java.util.regex can run, but it"
                        + " recursed too deep on line " + number + " of '" + path + "' (simplify nested repetitions"
                        + " such as (a|b)+)");
            }
        }

        /** The new match, or null when maxResults is reached (the search is then truncated). */
        private ObjectNode add(String path) {
            DirectoryWalker.requireNotInterrupted();
            if (matches.size() >= maxResults) {
                truncated = true;
                return null;
            }
            return matches.addObject().put("path", path);
        }
    }

    private static boolean binary(byte[] bytes) {
        int end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
        for (int i = 0; i < end; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String stripTerminator(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }
}
