package dev.zen.worker.filesystem;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.filesystem.DirectoryWalker.Entry;
import dev.zen.worker.filesystem.PathJail.JailedPath;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Caps;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code file_search}: finds entries whose path matches a glob, and/or lines of text files that match
 * a regular expression, at most {@code maxResults} of them; a truncated search gives the
 * {@code nextOffset} that searches on. The walk never follows a link, so it cannot leave the root;
 * content is only read from files the read policy allows (extension, size).
 */
public final class FileSearchTool implements ToolHandler {

    public static final String NAME = "file_search";

    static final int DEFAULT_MAX_RESULTS = 100;
    static final int MAX_RESULTS = 10_000;
    /** A matching line longer than this is cut: minified files have megabyte lines. */
    static final int MAX_LINE_LENGTH = 500;
    private static final int BINARY_SNIFF_BYTES = 8000;

    static final Field<String> PATH =
            Field.string("path", "Directory to search in: relative to the root, or absolute inside it").defaultsTo(".");
    static final Field<String> PATTERN = Field.string("pattern", "Glob on the path relative to 'path', e.g. **/*.md; a "
            + "pattern without '/' matches names at any depth");
    static final Field<String> CONTENT = Field.string("content", "Regular expression (Java syntax) searched line by line "
            + "in the content of text files with an allowed extension");
    static final Field<Boolean> CASE_SENSITIVE =
            Field.bool("caseSensitive", "Whether 'content' is case sensitive").defaultsTo(false);
    static final Field<Integer> MAX_RESULTS_ARGUMENT =
            Field.integer("maxResults", "Most matches to return", 1, MAX_RESULTS).defaultsTo(DEFAULT_MAX_RESULTS);
    static final Field<List<String>> EXCLUDE = Field.list("exclude", "Glob patterns of entries to skip, e.g. "
            + "node_modules or .git", Field.string("pattern", "A glob pattern"));
    static final Field<Integer> OFFSET = Field.integer("offset", "Matches to skip first: the nextOffset of a truncated "
            + "search searches on (the order is stable while the files do not change)", 0, Integer.MAX_VALUE).defaultsTo(0);
    static final ObjectShape INPUT =
            ObjectShape.of(PATH, PATTERN, CONTENT, CASE_SENSITIVE, MAX_RESULTS_ARGUMENT, EXCLUDE, OFFSET);

    static final Field<String> MATCH_PATH = Field.string("path", "Matching entry, relative to the root").required();
    static final Field<Integer> LINE = Field.integer("line", "Line number of a content match (1-based)", 1, Integer.MAX_VALUE);
    static final Field<String> TEXT =
            Field.string("text", "The matching line (cut at " + MAX_LINE_LENGTH + " characters)");
    static final ObjectShape MATCH = ObjectShape.of(MATCH_PATH, LINE, TEXT);

    static final Field<List<ObjectNode>> MATCHES =
            Field.objects("matches", "Matches in walk order (sorted by name, depth first)", MATCH).required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final Field<Long> NEXT_OFFSET = Field.count("nextOffset", "When truncated: the offset that searches on");
    static final ObjectShape OUTPUT = ObjectShape.of(MATCHES, TRUNCATED, NEXT_OFFSET);

    private final PathJail jail;

    public FileSearchTool(PathJail jail) {
        this.jail = jail;
    }

    public static ToolDefinition definition(PathJail jail) {
        return ToolDefinition.named(NAME).title("Search files")
                .description("Searches a directory inside the filesystem root recursively: by a glob on paths "
                        + "(pattern), by a regular expression on file content (content), or both. At least one of "
                        + "pattern and content is required. At most maxResults come back: a longer search says "
                        + "truncated and gives the nextOffset to pass as offset for the rest.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(ToolSupport.reportingFailures(jail, new FileSearchTool(jail)));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws IOException {
        Arguments args = INPUT.bind(call);
        String glob = args.get(PATTERN);
        String regex = args.get(CONTENT);
        if (glob == null && regex == null) {
            throw new ToolFailure("Expected 'pattern' or 'content' (or both), but neither was given");
        }
        GlobPattern pattern = glob == null ? null : GlobPattern.compile(glob, "pattern");
        Pattern content = regex == null ? null : regex(regex, args.get(CASE_SENSITIVE));
        int maxResults = args.get(MAX_RESULTS_ARGUMENT);
        int offset = args.get(OFFSET);
        List<GlobPattern> exclude = GlobPattern.compileAll(args.get(EXCLUDE), "exclude");
        JailedPath directory = jail.resolve(args.get(PATH));
        if (!Files.isDirectory(directory.path())) {
            throw new ToolFailure("Expected a directory at '" + directory.relative() + "', but "
                    + (Files.exists(directory.path()) ? "it is a file" : "nothing is there"));
        }

        Search search = new Search(directory.path(), pattern, content, exclude, maxResults, offset);
        search.walk(DirectoryWalker.entries(directory.path()));
        long nextOffset = (long) offset + search.matches.size();
        if (search.matches.isEmpty()) {
            search.text.append(offset == 0 ? "No matches\n" : "No matches past offset " + offset + "\n");
        } else if (search.truncated) {
            search.text.append("(truncated at ").append(maxResults).append(" matches; search on with offset: ")
                    .append(nextOffset).append(")\n");
        }
        return OUTPUT.builder()
                .put(MATCHES, search.matches)
                .put(TRUNCATED, search.truncated)
                .put(NEXT_OFFSET, search.truncated ? nextOffset : null)
                .result(search.text.toString());
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
        private final int offset;
        private final List<ObjectNode> matches = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private int skipped;
        private boolean truncated;

        Search(Path start, GlobPattern pattern, Pattern content, List<GlobPattern> exclude, int maxResults, int offset) {
            this.start = start;
            this.pattern = pattern;
            this.content = content;
            this.exclude = exclude;
            this.maxResults = maxResults;
            this.offset = offset;
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
                return add(MATCH.builder().put(MATCH_PATH, path).build(), path);
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
                    String shown = line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) + "…" : line;
                    ObjectNode match = MATCH.builder().put(MATCH_PATH, path).put(LINE, i + 1).put(TEXT, shown).build();
                    if (!add(match, path + ':' + (i + 1) + ": " + shown)) {
                        return false;
                    }
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

        /**
         * Keeps a match past the offset and its line of text; false when maxResults is reached (the
         * search is then truncated).
         */
        private boolean add(ObjectNode match, String line) {
            DirectoryWalker.requireNotInterrupted();
            if (skipped < offset) {
                skipped++;
                return true;
            }
            if (matches.size() >= maxResults) {
                truncated = true;
                return false;
            }
            matches.add(match);
            text.append(line).append('\n');
            return true;
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
