package dev.zen.worker.database;

import dev.zen.worker.runtime.ToolFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one caller statement on a SQL source, each in a transaction of its own:
 * <ul>
 *   <li>a query ({@link #query}) always in a READ ONLY transaction, whatever the source's access, that
 *       is rolled back: whatever the statement tries, nothing it changes stays;</li>
 *   <li>a change ({@link #execute}) in a read-write transaction that is committed;</li>
 *   <li>a tool's own statements around the caller's input ({@link #readOnly}: db_schema's catalog
 *       search, db_explain's EXPLAIN) in a READ ONLY transaction that is rolled back, as a query.</li>
 * </ul>
 * All set the source's statement timeout on the server for that transaction (PostgreSQL
 * {@code SET LOCAL statement_timeout}, MariaDB {@code max_statement_time}), so the server cancels a
 * statement past it, and send the caller's SQL as one prepared statement with its parameters bound.
 */
final class SqlRunner {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A query's answer: columns, rows within the caps, and whether a cap cut it (and which). */
    record Rows(List<ObjectNode> columns, ArrayNode rows, boolean truncated, String cutBy) {
    }

    private SqlRunner() {
    }

    static Rows query(JdbcSource source, String sql, JsonNode params, int maxRows) {
        SourceConfig config = source.config();
        Statements.requireOne(sql, config.kind());
        try (Connection connection = source.connection()) {
            try {
                begin(connection, config, true);
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    bind(statement, params);
                    statement.setMaxRows(maxRows + 1);
                    statement.setFetchSize(Math.min(maxRows + 1, 500));
                    clientTimeout(statement, config);
                    if (!statement.execute()) {
                        return new Rows(List.of(), NODES.arrayNode(), false, null);
                    }
                    try (ResultSet rows = statement.getResultSet()) {
                        return read(rows, maxRows, config.maxBytes());
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw refused(e, config, "query");
        }
    }

    /** Runs a change and commits it; returns the rows it affected. */
    static long execute(JdbcSource source, String sql, JsonNode params) {
        SourceConfig config = source.config();
        Statements.requireOne(sql, config.kind());
        try (Connection connection = source.connection()) {
            try {
                begin(connection, config, false);
                long affected;
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    bind(statement, params);
                    clientTimeout(statement, config);
                    affected = statement.executeLargeUpdate();
                }
                connection.commit();
                return affected;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw refused(e, config, "change");
        }
    }

    /** The transaction's mode and time limit, set before the caller's statement. */
    static void begin(Connection connection, SourceConfig config, boolean readOnly) throws SQLException {
        long millis = config.statementTimeout().toMillis();
        try (Statement setup = connection.createStatement()) {
            if (config.kind() == SourceKind.POSTGRESQL) {
                setup.execute(readOnly ? "SET TRANSACTION READ ONLY" : "SET TRANSACTION READ WRITE");
                setup.execute("SET LOCAL statement_timeout = " + millis);
            } else {
                // MariaDB: the next transaction's mode (none is open here), and the session's time limit in seconds
                setup.execute(readOnly ? "SET TRANSACTION READ ONLY" : "SET TRANSACTION READ WRITE");
                setup.execute("SET SESSION max_statement_time = " + Math.max(0.001, millis / 1000.0));
            }
        }
    }

    /** What {@link #readOnly} runs on the connection, inside the transaction. */
    @FunctionalInterface
    interface ReadOnlyWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in a READ ONLY transaction with the source's statement timeout, as {@link #query}
     * runs a caller's statement, and rolls it back after; a refusal of the database becomes a
     * {@link ToolFailure} about {@code what}. For tools that send statements of their own (catalog
     * searches, EXPLAIN), each prepared with {@link #clientTimeout} and the caller's input bound.
     */
    static <T> T readOnly(JdbcSource source, String what, ReadOnlyWork<T> work) {
        SourceConfig config = source.config();
        try (Connection connection = source.connection()) {
            try {
                begin(connection, config, true);
                return work.run(connection);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw refused(e, config, what);
        }
    }

    /** A client-side limit a little past the server's: the server's is the one that should fire. */
    static void clientTimeout(PreparedStatement statement, SourceConfig config) throws SQLException {
        statement.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, config.statementTimeout().toSeconds() + 5));
    }

    static void bind(PreparedStatement statement, JsonNode params) throws SQLException {
        if (params == null || params.isNull()) {
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            JdbcValues.bind(statement, i + 1, params.get(i));
        }
    }

    static Rows read(ResultSet rows, int maxRows, long maxBytes) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<ObjectNode> columns = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            columns.add(NODES.objectNode().put("name", meta.getColumnLabel(c)).put("type", meta.getColumnTypeName(c)));
        }
        ArrayNode out = NODES.arrayNode();
        long bytes = 0;
        while (rows.next()) {
            if (out.size() >= maxRows) {
                return new Rows(columns, out, true, "max_rows");
            }
            ArrayNode row = NODES.arrayNode();
            for (int c = 1; c <= columns.size(); c++) {
                row.add(JdbcValues.read(rows, c, meta));
            }
            bytes += row.toString().length();
            if (bytes > maxBytes) {
                return new Rows(columns, out, true, "max_bytes");
            }
            out.add(row);
        }
        return new Rows(columns, out, false, null);
    }

    /** A database's refusal as a tool error: what it said, its SQLSTATE, and what that means here. */
    static ToolFailure refused(SQLException e, SourceConfig config, String what) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String said = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        String meaning = "";
        if (state.equals("25006") || said.contains("READ ONLY") || said.contains("read-only transaction")) {
            meaning = config.access().writes() ? " (db_query runs in a READ ONLY transaction: changes go through db_execute)"
                    : " (source '" + config.id() + "' is read-only: the database refused the write)";
        } else if (state.equals("57014") || state.equals("70100") || said.contains("max_statement_time")) {
            meaning = " (past its statement_timeout of " + config.statementTimeout().toMillis() + " ms: the server cancelled it)";
        } else if (state.equals("42501")) {
            meaning = " (the role '" + config.user() + "' of source '" + config.id() + "' is not allowed this)";
        } else if (state.startsWith("08")) {
            meaning = " (source '" + config.id() + "' cannot be reached)";
        }
        return new ToolFailure("Expected source '" + config.id() + "' to run the " + what + ", but " + config.kind().wire()
                + " refused it" + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")") + ": " + said + meaning);
    }
}
