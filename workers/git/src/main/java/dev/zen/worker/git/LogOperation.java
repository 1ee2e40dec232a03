package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.AndRevFilter;
import org.eclipse.jgit.revwalk.filter.CommitTimeRevFilter;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * {@code git log}: commits reachable from a ref (default HEAD), newest first, filtered by commit time
 * ({@code since}/{@code until}), path and author (a plain, case-insensitive substring of name or
 * e-mail, never a regular expression). At most {@link GitSettings#maxLogEntries()} per call; {@code skip}
 * continues.
 */
public final class LogOperation {

    private final GitRepositories repositories;

    public LogOperation(GitRepositories repositories) {
        this.repositories = repositories;
    }

    /**
     * @param ref revision to start from, default HEAD
     * @param maxCount commits wanted, capped by the settings (default: the cap)
     * @param skip matching commits to skip first, default 0
     * @param since ISO-8601 date or date-time: only commits at or after it
     * @param until ISO-8601 date or date-time: only commits at or before it (a date includes that whole day)
     * @param path only commits that change this path (file or directory, relative to the repository)
     * @param author only commits whose author name or e-mail contains this text
     */
    public record Request(String repo, String ref, Integer maxCount, Integer skip, String since, String until, String path, String author) {
    }

    /**
     * @param entries the commits, newest first
     * @param truncated whether more matching commits follow
     * @param nextSkip the skip that continues, or null
     */
    public record Result(String repo, List<Commits.Summary> entries, boolean truncated, Integer nextSkip) {
    }

    public Result log(Request request) {
        int cap = repositories.settings().maxLogEntries();
        int skip = request.skip() == null ? 0 : request.skip();
        if (skip < 0) {
            throw new ToolFailure("Expected skip to be 0 or more, but got " + skip);
        }
        if (request.maxCount() != null && request.maxCount() <= 0) {
            throw new ToolFailure("Expected max_count to be at least 1, but got " + request.maxCount());
        }
        int wanted = request.maxCount() == null ? cap : Math.min(cap, request.maxCount());
        Instant since = request.since() == null ? null : parseTime("since", request.since(), false);
        Instant until = request.until() == null ? null : parseTime("until", request.until(), true);
        if (request.author() != null && (request.author().isEmpty() || request.author().length() > 256 || request.author().indexOf('\0') >= 0)) {
            throw new ToolFailure("Expected author to be 1 to 256 characters without NUL, but it is not");
        }
        return repositories.read(request.repo(), opened -> {
            String path = request.path() == null ? null
                    : RepositoryJail.checkRelative("path", request.path(), false);
            if (path != null && (path.startsWith("-") || path.equals(".git") || path.startsWith(".git/"))) {
                throw new ToolFailure("Expected path to name files of the repository, but '" + RepositoryJail.shown(request.path()) + "' does not");
            }
            try (RevWalk walk = new RevWalk(opened.repository())) {
                RevCommit start;
                if (request.ref() == null) {
                    ObjectId head = opened.repository().resolve("HEAD");
                    if (head == null) {
                        return new Result(opened.name(), List.of(), false, null);
                    }
                    start = walk.parseCommit(head);
                } else {
                    start = Refs.resolveCommit(opened.repository(), walk, "ref", request.ref());
                }
                walk.markStart(start);
                List<RevFilter> filters = new ArrayList<>();
                if (since != null) {
                    filters.add(CommitTimeRevFilter.after(since));
                }
                if (until != null) {
                    filters.add(CommitTimeRevFilter.before(until));
                }
                if (request.author() != null) {
                    filters.add(new AuthorContains(request.author()));
                }
                if (!filters.isEmpty()) {
                    walk.setRevFilter(filters.size() == 1 ? filters.get(0) : AndRevFilter.create(filters));
                }
                if (path != null && !path.equals(".")) {
                    walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
                }
                List<Commits.Summary> entries = new ArrayList<>();
                int seen = 0;
                boolean more = false;
                for (RevCommit commit : walk) {
                    if (seen++ < skip) {
                        continue;
                    }
                    if (entries.size() == wanted) {
                        more = true;
                        break;
                    }
                    entries.add(Commits.summary(commit));
                }
                return new Result(opened.name(), List.copyOf(entries), more, more ? skip + entries.size() : null);
            }
        });
    }

    static Instant parseTime(String argument, String value, boolean endOfDay) {
        String text = value.strip();
        try {
            if (text.length() == 10) {
                LocalDate date = LocalDate.parse(text);
                return commitTimeRange(endOfDay ? date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1)
                        : date.atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            try {
                return commitTimeRange(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException e) {
                return commitTimeRange(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            }
        } catch (DateTimeParseException e) {
            throw new ToolFailure("Expected " + argument + " to be an ISO-8601 date or date-time (2026-01-31 or 2026-01-31T12:00:00Z), but got '"
                    + RepositoryJail.shown(value) + "'");
        }
    }

    /**
     * Clamps a time to what a commit can have: JGit keeps commit times as int seconds, and its time
     * filters overflow (and then match everything) for a time after 2038-01-19.
     */
    private static Instant commitTimeRange(Instant time) {
        Instant max = Instant.ofEpochSecond(Integer.MAX_VALUE);
        Instant min = Instant.ofEpochSecond(Integer.MIN_VALUE);
        return time.isAfter(max) ? max : time.isBefore(min) ? min : time;
    }

    /** Case-insensitive substring match on author name or e-mail. */
    private static final class AuthorContains extends RevFilter {
        private final String needle;

        AuthorContains(String needle) {
            this.needle = needle.toLowerCase(Locale.ROOT);
        }

        @Override
        public boolean include(RevWalk walker, RevCommit commit) {
            var author = commit.getAuthorIdent();
            return author.getName().toLowerCase(Locale.ROOT).contains(needle) || author.getEmailAddress().toLowerCase(Locale.ROOT).contains(needle);
        }

        @Override
        public RevFilter clone() {
            return this;
        }

        @Override
        public boolean requiresCommitBody() {
            return true;
        }
    }
}
