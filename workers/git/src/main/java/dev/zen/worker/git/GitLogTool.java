package dev.zen.worker.git;

import static dev.zen.worker.git.GitFields.REPO;
import static dev.zen.worker.git.GitFields.REPO_OUT;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Caps;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code git_log}: commits reachable from a ref, newest first, filtered by time, path and author;
 * {@code max_count} per call, never more than {@code GIT_MAX_LOG_ENTRIES} ({@code next_skip} reads on).
 * The text block has one line per commit.
 */
public final class GitLogTool implements ToolHandler {

    public static final String NAME = "git_log";

    static final int MAX_COUNT_LIMIT = GitSettings.MAX_LOG_ENTRIES_LIMIT;
    private static final String DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}";
    private static final String DATE_MEANING = "an ISO-8601 date or date-time (2026-01-31 or 2026-01-31T12:00:00Z)";

    static final Field<String> REF = GitFields.revision("ref", "Revision to start from: a branch, tag, hash or expression like "
            + "HEAD~3").defaultsTo("HEAD");
    static final Field<Integer> MAX_COUNT = Field.integer("max_count", "Most commits to return; at most GIT_MAX_LOG_ENTRIES (a larger "
            + "value is capped)", 1, MAX_COUNT_LIMIT).defaultsTo(50);
    static final Field<Integer> SKIP = Field.integer("skip", "Matching commits to skip first: the next_skip of a truncated answer", 0,
            Integer.MAX_VALUE).defaultsTo(0);
    static final Field<String> SINCE = Field.string("since", "Only commits made at or after this ISO-8601 date-time or date (a date "
            + "starts at 00:00 UTC)").maxLength(64).pattern(DATE_PATTERN, DATE_MEANING);
    static final Field<String> UNTIL = Field.string("until", "Only commits made at or before this ISO-8601 date-time or date (a date "
            + "includes that whole day, UTC)").maxLength(64).pattern(DATE_PATTERN, DATE_MEANING);
    static final Field<String> PATH = Field.string("path", "Only commits that change this file or directory (relative to the "
            + "repository)").minLength(1).maxLength(GitFields.MAX_PATH_CHARS);
    static final Field<String> AUTHOR = Field.string("author", "Only commits whose author name or e-mail contains this text "
            + "(case-insensitive, not a pattern)").minLength(1).maxLength(256);
    static final ObjectShape INPUT = ObjectShape.of(REPO, REF, MAX_COUNT, SKIP, SINCE, UNTIL, PATH, AUTHOR);

    static final Field<List<ObjectNode>> COMMITS = Field.objects("commits", "The commits, newest first", GitFields.COMMIT).required();
    static final Field<Long> MAX_COUNT_USED = Field.count("max_count", "The max_count applied: the one asked for, or "
            + "GIT_MAX_LOG_ENTRIES when that is lower").required();
    static final Field<Boolean> MAX_COUNT_CAPPED = Field.bool("max_count_capped", "Whether the max_count asked for was larger than "
            + "GIT_MAX_LOG_ENTRIES and was capped").required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final Field<Long> NEXT_SKIP = Field.count("next_skip", "When truncated: the skip that reads on");
    static final ObjectShape OUTPUT = ObjectShape.of(REPO_OUT, COMMITS, MAX_COUNT_USED, MAX_COUNT_CAPPED, TRUNCATED, NEXT_SKIP);

    private final LogOperation operation;
    private final int cap;

    GitLogTool(GitRepositories repositories, GitSettings settings) {
        this.operation = new LogOperation(repositories);
        this.cap = settings.maxLogEntries();
    }

    public static ToolDefinition definition(GitRepositories repositories, GitSettings settings) {
        return ToolDefinition.named(NAME).title("Git log")
                .description("Lists the commits reachable from ref (default HEAD), newest first: hash, author, date, subject and "
                        + "parents. Narrow with since/until (ISO-8601 date or date-time), path (commits touching it) and author "
                        + "(substring of name or e-mail). Returns max_count commits (default 50), never more than "
                        + settings.maxLogEntries() + " (GIT_MAX_LOG_ENTRIES; a larger max_count is capped and says so); when more "
                        + "match, the answer says truncated and gives next_skip to pass as skip. Use git_show for a commit's patch.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new GitLogTool(repositories, settings));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        int asked = args.get(MAX_COUNT);
        int maxCount = Math.min(asked, cap);
        String ref = args.get(REF);
        int skip = args.get(SKIP);
        // HEAD of a repository without commits is an empty log, not an error: the operation handles a null ref so
        LogOperation.Result log = operation.log(new LogOperation.Request(args.get(REPO), "HEAD".equals(ref) ? null : ref, maxCount, skip,
                args.get(SINCE), args.get(UNTIL), args.get(PATH), args.get(AUTHOR)));
        boolean capped = asked > cap;
        return OUTPUT.builder()
                .put(REPO_OUT, log.repo())
                .put(COMMITS, log.entries().stream().map(GitFields::commit).toList())
                .put(MAX_COUNT_USED, maxCount)
                .put(MAX_COUNT_CAPPED, capped)
                .put(TRUNCATED, log.truncated())
                .put(NEXT_SKIP, log.nextSkip() == null ? null : Long.valueOf(log.nextSkip()))
                .result(text(log, skip, asked, maxCount));
    }

    /** One line per commit: short hash, author date, author, subject. */
    private static String text(LogOperation.Result log, int skip, int asked, int maxCount) {
        StringBuilder text = new StringBuilder();
        for (Commits.Summary commit : log.entries()) {
            text.append(GitFields.shortHash(commit.hash())).append(' ').append(commit.date(), 0, Math.min(10, commit.date().length()))
                    .append(' ').append(commit.author()).append(": ").append(commit.subject()).append('\n');
        }
        if (log.entries().isEmpty()) {
            text.append("(no commits)\n");
        }
        if (asked > maxCount) {
            text.append("(max_count ").append(asked).append(" capped at ").append(maxCount).append(", GIT_MAX_LOG_ENTRIES)\n");
        }
        if (log.truncated()) {
            text.append("(truncated: commits ").append(skip + 1).append('-').append(skip + log.entries().size())
                    .append(" shown; read on with skip: ").append(log.nextSkip()).append(")\n");
        }
        return text.toString();
    }
}
