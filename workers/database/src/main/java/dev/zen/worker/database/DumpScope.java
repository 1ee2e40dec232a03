package dev.zen.worker.database;

import dev.zen.worker.runtime.ToolFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code db_backup} covers: the whole database, or only {@code schemas}, or only {@code tables}
 * (names already checked as identifiers by {@link DbBackupTool}'s fields). Gives pg_dump's options for
 * it, each name an exact quoted pattern with {@code --strict-names}, and looks it up in the source's
 * catalog first. Immutable.
 */
record DumpScope(List<String> schemas, List<String> tables) {

    /** Relations pg_dump --table matches: tables, partitioned tables, views, materialized views, foreign tables, sequences. */
    private static final String DUMPABLE = "('r', 'p', 'v', 'm', 'f', 'S')";
    /** What pg_dump leaves out of a whole-database dump: system schemas, temporary tables, extensions' own tables. */
    private static final String USER_TABLE = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
            + "AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND c.relpersistence <> 't' AND NOT EXISTS (SELECT 1 FROM pg_depend d "
            + "WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')";

    DumpScope {
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /**
     * The scope of a call's {@code schemas} and {@code tables} (either may be null or empty).
     *
     * @throws ToolFailure when both are given: pg_dump would ignore the schemas
     */
    static DumpScope of(List<String> schemas, List<String> tables) {
        DumpScope scope = new DumpScope(schemas, tables);
        if (!scope.schemas.isEmpty() && !scope.tables.isEmpty()) {
            throw new ToolFailure("Expected either schemas or tables, but got both (pg_dump would ignore schemas when tables are "
                    + "given): make two backups, or name the tables as schema.table. Nothing ran");
        }
        return scope;
    }

    /** pg_dump's options for this scope: none for a whole database. */
    List<String> options() {
        List<String> options = new ArrayList<>();
        if (!schemas.isEmpty() || !tables.isEmpty()) {
            options.add("--strict-names"); // a pattern that matches nothing is an error, not an empty dump
        }
        schemas.forEach(s -> options.add("--schema=" + quoted(s)));
        tables.forEach(t -> options.add("--table=" + quoted(t)));
        return options;
    }

    /** How the answer names the scope: "" for a whole database. */
    String shown() {
        return !schemas.isEmpty() ? " (schemas " + String.join(", ", schemas) + ")"
                : !tables.isEmpty() ? " (tables " + String.join(", ", tables) + ")" : "";
    }

    /** A checked name as an exact pg_dump pattern: each part double-quoted, so case is kept and nothing is a wildcard. */
    static String quoted(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? "\"" + name + "\"" : "\"" + name.substring(0, dot) + "\".\"" + name.substring(dot + 1) + "\"";
    }

    /** What the catalog says before a dump: the server's version and how many tables' rows the dump will hold. */
    record Catalog(int serverVersionNum, int tables) {
    }

    /**
     * Looks up the server's version and the tables in scope on {@code source}, and checks that every named
     * schema and table is there (a clear refusal, before anything runs, instead of pg_dump's "no matching
     * tables").
     *
     * @throws ToolFailure when a name is not there, or the catalog cannot be read
     */
    Catalog lookUp(JdbcSource source) {
        SourceConfig config = source.config();
        try (Connection connection = source.connection()) {
            try {
                SqlRunner.begin(connection, config, true);
                int version = intOf(connection, "SELECT current_setting('server_version_num')::int");
                int count;
                if (!schemas.isEmpty()) {
                    List<String> missing = new ArrayList<>();
                    for (String schema : schemas) {
                        if (intOf(connection, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", schema) == 0) {
                            missing.add(schema);
                        }
                    }
                    if (!missing.isEmpty()) {
                        throw new ToolFailure("Expected the schemas to dump to be in source '" + config.id() + "', but it has no schema "
                                + String.join(", ", missing) + " (names are exact and case-sensitive). Nothing ran");
                    }
                    count = intOf(connection, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            + "WHERE c.relkind = 'r' AND " + USER_TABLE + " AND n.nspname = ANY (?)", (Object) schemas.toArray(String[]::new));
                } else if (!tables.isEmpty()) {
                    List<String> missing = new ArrayList<>();
                    count = 0;
                    for (String table : tables) {
                        int dot = table.indexOf('.');
                        String where = dot < 0 ? "c.relname = ? AND pg_table_is_visible(c.oid)" : "n.nspname = ? AND c.relname = ?";
                        String sql = "SELECT count(*), count(*) FILTER (WHERE c.relkind = 'r') FROM pg_class c JOIN pg_namespace n "
                                + "ON n.oid = c.relnamespace WHERE c.relkind IN " + DUMPABLE + " AND " + where;
                        int[] found = dot < 0 ? twoInts(connection, sql, table) : twoInts(connection, sql, table.substring(0, dot),
                                table.substring(dot + 1));
                        if (found[0] == 0) {
                            missing.add(table);
                        }
                        count += found[1];
                    }
                    if (!missing.isEmpty()) {
                        throw new ToolFailure("Expected the tables to dump to be in source '" + config.id() + "', but it has no "
                                + String.join(", ", missing) + " (names are exact and case-sensitive; a name without a schema must be "
                                + "in the search path: write schema.table). Nothing ran");
                    }
                } else {
                    count = intOf(connection, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            + "WHERE c.relkind = 'r' AND " + USER_TABLE);
                }
                return new Catalog(version, count);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw SqlRunner.refused(e, config, "catalog look-up before the dump");
        }
    }

    private static int intOf(Connection connection, String sql, Object... params) throws SQLException {
        return twoInts(connection, sql, params)[0];
    }

    private static int[] twoInts(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof String[] array) {
                    statement.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    statement.setString(i + 1, (String) params[i]);
                }
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                int columns = row.getMetaData().getColumnCount();
                return new int[] {row.getInt(1), columns > 1 ? row.getInt(2) : 0};
            }
        }
    }
}
