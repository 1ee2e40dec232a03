package dev.zen.worker.database;

import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The comparison at the end of a restore check: every table restored into the scratch database, its
 * exact {@code count(*)} against the same table's in the source database. The source's counts are read
 * in one READ ONLY, REPEATABLE READ transaction (one snapshot for all of them) under the source's
 * statement timeout; the scratch database's on a read-only connection with the same timeout. Table
 * names come from the catalogs and are quoted as identifiers. Stateless.
 */
final class TableCounts {

    /** A table by schema and name. */
    record Table(String schema, String name) {

        /** {@code schema.name}, as the answer shows it. */
        String shown() {
            return schema + "." + name;
        }

        /** {@code schema name}, as {@code pg_restore --list} prints it. */
        String listed() {
            return schema + " " + name;
        }

        String sql() {
            return quote(schema) + "." + quote(name);
        }
    }

    /** {@code identifier} as a quoted SQL identifier. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** A table whose row count differs: {@code expected} in the source, {@code got} restored. */
    record Mismatch(String table, long expected, long got) {
    }

    /**
     * What the comparison found. {@code missing}: tables the dump lists that were not restored;
     * {@code notInSource}: restored tables the source no longer has; {@code capped}: more tables were
     * restored than were compared.
     */
    record Comparison(int restored, int compared, int matching, List<Mismatch> mismatches, List<String> missing,
            List<String> notInSource, boolean capped) {
    }

    private static final String TABLES = "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY 1, 2";
    private static final long PROGRESS_EVERY_MS = 250;

    private TableCounts() {
    }

    /**
     * Compares at most {@code max} restored tables with the source's; {@code listed} are the tables the
     * dump's table of contents names. Progress continues from {@code progressBase} against
     * {@code progressBase} plus the tables to compare.
     *
     * @throws ToolFailure when a count fails, or the client cancels, or the deadline comes
     */
    static Comparison compare(JdbcSource source, ScratchDatabase scratch, Set<String> listed, int max, ToolCall call,
            int progressBase) {
        SourceConfig config = source.config();
        String step = "source '" + config.id() + "'";
        try (Connection restored = scratch.connect(true); Connection original = source.connection()) {
            try {
                SqlRunner.begin(original, config, true);
                try (Statement statement = original.createStatement()) {
                    statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
                step = "the scratch database";
                List<Table> restoredTables = tables(restored);
                step = "source '" + config.id() + "'";
                Set<Table> sourceTables = new HashSet<>(tables(original));
                Set<String> restoredListed = new HashSet<>();
                restoredTables.forEach(t -> restoredListed.add(t.listed()));
                List<String> missing = listed.stream().filter(t -> !restoredListed.contains(t)).limit(max)
                        .map(t -> t.replaceFirst(" ", ".")).toList();

                List<Table> compared = restoredTables.stream().limit(max).toList();
                double total = progressBase + compared.size();
                List<Mismatch> mismatches = new ArrayList<>();
                List<String> notInSource = new ArrayList<>();
                int matching = 0;
                long lastProgress = 0;
                for (int i = 0; i < compared.size(); i++) {
                    if (call.client().cancelled()) {
                        throw new ToolFailure("Expected to compare the restored tables with " + step + ", but the client cancelled "
                                + "the call after " + i + " of " + compared.size() + " tables");
                    }
                    if (call.remainingMillis() < PgProcess.ANSWER_MARGIN_MS) {
                        throw new ToolFailure("Expected to compare the restored tables with " + step + ", but the call's deadline "
                                + "came after " + i + " of " + compared.size() + " tables");
                    }
                    Table table = compared.get(i);
                    step = table.shown() + " of the scratch database";
                    long got = count(restored, table);
                    if (!sourceTables.contains(table)) {
                        notInSource.add(table.shown());
                    } else {
                        step = table.shown() + " of source '" + config.id() + "'";
                        long expected = count(original, table);
                        if (expected == got) {
                            matching++;
                        } else {
                            mismatches.add(new Mismatch(table.shown(), expected, got));
                        }
                    }
                    long now = System.currentTimeMillis();
                    if (now - lastProgress >= PROGRESS_EVERY_MS || i == compared.size() - 1) {
                        lastProgress = now;
                        call.client().progress(progressBase + i + 1, total, "compared " + (i + 1) + " of " + compared.size()
                                + " tables' row counts (" + table.shown() + ")");
                    }
                }
                return new Comparison(restoredTables.size(), compared.size(), matching, mismatches, missing, notInSource,
                        restoredTables.size() > compared.size());
            } finally {
                original.rollback();
            }
        } catch (SQLException e) {
            throw new ToolFailure("Expected to count rows in " + step + ", but PostgreSQL refused (SQLSTATE " + e.getSQLState() + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private static List<Table> tables(Connection connection) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(TABLES)) {
            while (rows.next()) {
                tables.add(new Table(rows.getString(1), rows.getString(2)));
            }
        }
        return tables;
    }

    private static long count(Connection connection, Table table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT count(*) FROM "
                + table.sql())) {
            row.next();
            return row.getLong(1);
        }
    }
}
