package dev.zen.ops.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stretch of the audit topic to read: from a time (found per partition with
 * {@code offsetsForTimes}) or an offset, to a time or the end offsets as they were at start.
 * {@code from} null with {@code fromOffset} null means the beginning; {@code to} null means now.
 */
record TimeWindow(Instant from, Instant to, Long fromOffset) {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d|w)");

    /** The window of the command line's {@code --since}, {@code --from}, {@code --to} and {@code --from-offset}. */
    static TimeWindow of(String since, String from, String to, Long fromOffset, Instant now) {
        int starts = (since == null ? 0 : 1) + (from == null ? 0 : 1) + (fromOffset == null ? 0 : 1);
        if (starts > 1) {
            throw new IllegalArgumentException("Expected at most one of --since, --from and --from-offset, but got " + starts);
        }
        if (fromOffset != null && fromOffset < 0) {
            throw new IllegalArgumentException("Expected --from-offset to be 0 or more, but was " + fromOffset);
        }
        Instant start = since != null ? now.minus(duration("--since", since)) : from != null ? instant("--from", from) : null;
        Instant end = to == null ? null : instant("--to", to);
        if (start != null && end != null && !end.isAfter(start)) {
            throw new IllegalArgumentException("Expected --to after the start " + start + ", but was " + end);
        }
        return new TimeWindow(start, end, fromOffset);
    }

    static Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Expected " + option + " like 90s, 10m, 2h, 7d or 1w, but was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** An ISO-8601 instant ({@code 2026-11-25T10:00:00Z}), a local date-time taken as UTC, a date, or epoch milliseconds. */
    static Instant instant(String option, String text) {
        String t = text.trim();
        try {
            if (t.matches("\\d{10,13}")) {
                return Instant.ofEpochMilli(Long.parseLong(t));
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return Instant.parse(t + "T00:00:00Z");
            }
            if (!t.endsWith("Z") && !t.matches(".*[+-]\\d{2}:\\d{2}$")) {
                t = t + "Z";
            }
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Expected " + option + " as 2026-11-25T10:00:00Z, 2026-11-25 or epoch ms, but was '" + text + "'");
        }
    }
}
