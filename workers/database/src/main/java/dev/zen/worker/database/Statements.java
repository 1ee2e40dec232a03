package dev.zen.worker.database;

import dev.zen.worker.runtime.ToolFailure;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * What a caller's SQL is, before it is sent: how many statements it holds, and what its first keyword
 * says it is. This decides which tool may run it and gives clear errors; it is not the guard: the
 * database is (a READ ONLY transaction refuses every write, one prepared statement carries one
 * statement, the role refuses what it was not granted).
 */
final class Statements {

    /** Leading keywords of statements that only read. */
    static final Set<String> QUERIES = Set.of("SELECT", "VALUES", "TABLE", "SHOW", "EXPLAIN", "DESCRIBE", "DESC");
    /** Leading keywords of data changes: {@code db_execute} on a read-write source. */
    static final Set<String> CHANGES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "UPSERT", "WITH");

    enum Kind {
        QUERY, CHANGE, DEFINITION
    }

    private Statements() {
    }

    /**
     * Refuses SQL that holds more than one statement. For PostgreSQL the count is the driver's own (its
     * parser splits a prepared statement's text at top-level semicolons and would send each part).
     */
    static void requireOne(String sql, SourceKind kind) {
        if (sql.isBlank()) {
            throw new ToolFailure("Expected 'sql' to hold one statement, but it is blank");
        }
        int count;
        if (kind == SourceKind.POSTGRESQL) {
            try {
                count = (int) Parser.parseJdbcSql(sql, true, true, true, false, false).stream()
                        .filter(q -> !q.nativeSql.isBlank()).map(NativeQuery::getCommand).count();
            } catch (SQLException e) {
                throw new ToolFailure("Expected 'sql' to be a statement, but the driver cannot read it: " + e.getMessage());
            }
        } else {
            count = countStatements(sql);
        }
        if (count > 1) {
            throw new ToolFailure("Expected 'sql' to hold one statement, but it holds " + count + " (separated by ';'); send each "
                    + "statement in a call of its own. Nothing ran");
        }
    }

    /** Statements in {@code sql}: top-level semicolons outside quotes and comments, a trailing one not counted. */
    static int countStatements(String sql) {
        int statements = 0;
        boolean content = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = closing(sql, i, c);
                content = true;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-' || c == '#') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 1;
            } else if (c == ';') {
                if (content) {
                    statements++;
                }
                content = false;
            } else if (!Character.isWhitespace(c)) {
                content = true;
            }
        }
        return statements + (content ? 1 : 0);
    }

    private static int closing(String sql, int open, char quote) {
        for (int i = open + 1; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return sql.length();
    }

    /** The first keyword, upper-case, past whitespace, comments and opening parentheses ("" when none). */
    static String firstKeyword(String sql) {
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    static Kind kind(String sql) {
        String keyword = firstKeyword(sql);
        if (QUERIES.contains(keyword)) {
            return Kind.QUERY;
        }
        return CHANGES.contains(keyword) ? Kind.CHANGE : Kind.DEFINITION;
    }
}
