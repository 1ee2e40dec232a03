package dev.zen.worker.database;

import static dev.zen.worker.database.DbSchemaTool.ARGUMENTS;
import static dev.zen.worker.database.DbSchemaTool.COLUMN_COUNT;
import static dev.zen.worker.database.DbSchemaTool.COLUMN_NAMES;
import static dev.zen.worker.database.DbSchemaTool.COMMENT;
import static dev.zen.worker.database.DbSchemaTool.DATA_TYPE;
import static dev.zen.worker.database.DbSchemaTool.DEFAULT;
import static dev.zen.worker.database.DbSchemaTool.DEFINITION;
import static dev.zen.worker.database.DbSchemaTool.ESTIMATED_ROWS;
import static dev.zen.worker.database.DbSchemaTool.KIND;
import static dev.zen.worker.database.DbSchemaTool.LANGUAGE;
import static dev.zen.worker.database.DbSchemaTool.NAME_OUT;
import static dev.zen.worker.database.DbSchemaTool.NULLABLE;
import static dev.zen.worker.database.DbSchemaTool.PRIMARY;
import static dev.zen.worker.database.DbSchemaTool.RETURN_TYPE;
import static dev.zen.worker.database.DbSchemaTool.SCHEMA_OUT;
import static dev.zen.worker.database.DbSchemaTool.TABLE_COUNT;
import static dev.zen.worker.database.DbSchemaTool.TABLE_OUT;
import static dev.zen.worker.database.DbSchemaTool.UNIQUE;
import static dev.zen.worker.database.SchemaSearch.Detail.FULL;
import static dev.zen.worker.database.SchemaSearch.Detail.SUMMARY;

/**
 * {@code db_schema} on MariaDB (and MySQL): a search as one query on {@code information_schema}, where
 * a schema is a database and the server shows only the objects the source's user holds a privilege
 * on. Leaves out {@code mysql}, {@code sys}, {@code performance_schema} and {@code information_schema}
 * unless the search names one. Objects are ordered by the bytes of their names (as on PostgreSQL), so
 * that pages do not shift under a case-insensitive collation; the pattern matches case-insensitively.
 * Stateless.
 */
final class MariaDbCatalog {

    private static final String SYSTEM_SCHEMAS = "('mysql', 'sys', 'performance_schema', 'information_schema')";
    private static final String TABLES = "('BASE TABLE', 'SYSTEM VERSIONED')";
    /** Between the column names of an index (ASCII unit separator: no name holds it). */
    static final String COLUMN_SEPARATOR = "\u001f";
    private static final int DEFINITION_READ = SchemaSearch.MAX_DEFINITION_CHARS + 1;

    private MariaDbCatalog() {
    }

    static CatalogQuery query(SchemaSearch search) {
        CatalogQuery query = new CatalogQuery("`");
        switch (search.type()) {
            case SCHEMA -> schemas(query, search);
            case TABLE -> tables(query, search);
            case VIEW -> views(query, search);
            case COLUMN -> columns(query, search);
            case INDEX -> indexes(query, search);
            case FUNCTION -> functions(query, search);
        }
        return query;
    }

    private static void schemas(CatalogQuery query, SchemaSearch search) {
        query.select("s.SCHEMA_NAME", NAME_OUT);
        String from = "information_schema.SCHEMATA s";
        if (search.detail().atLeast(SUMMARY)) {
            query.select("COALESCE(t.tables, 0)", TABLE_COUNT);
            from += " LEFT JOIN (SELECT TABLE_SCHEMA, COUNT(*) AS tables FROM information_schema.TABLES WHERE TABLE_TYPE IN " + TABLES
                    + " GROUP BY TABLE_SCHEMA) t ON t.TABLE_SCHEMA = s.SCHEMA_NAME";
        }
        query.from(from);
        filter(query, search, "s.SCHEMA_NAME", "s.SCHEMA_NAME");
        query.orderBy("BINARY s.SCHEMA_NAME");
    }

    private static void tables(CatalogQuery query, SchemaSearch search) {
        query.select("t.TABLE_SCHEMA", SCHEMA_OUT).select("t.TABLE_NAME", NAME_OUT);
        if (search.detail().atLeast(SUMMARY)) {
            // TABLE_ROWS is the engine's estimate (InnoDB samples), as reltuples is PostgreSQL's
            query.select("t.TABLE_ROWS", ESTIMATED_ROWS).select("(SELECT COUNT(*) FROM information_schema.COLUMNS c WHERE "
                    + "c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME)", COLUMN_COUNT);
        }
        if (search.detail().atLeast(FULL)) {
            query.select("NULLIF(t.TABLE_COMMENT, '')", COMMENT);
        }
        query.from("information_schema.TABLES t").where("t.TABLE_TYPE IN " + TABLES);
        filter(query, search, "t.TABLE_SCHEMA", "t.TABLE_NAME");
        query.orderBy("BINARY t.TABLE_SCHEMA, BINARY t.TABLE_NAME");
    }

    private static void views(CatalogQuery query, SchemaSearch search) {
        query.select("v.TABLE_SCHEMA", SCHEMA_OUT).select("v.TABLE_NAME", NAME_OUT);
        if (search.detail().atLeast(FULL)) {
            // empty unless the user may SHOW VIEW: absent then
            query.select("NULLIF(LEFT(v.VIEW_DEFINITION, " + DEFINITION_READ + "), '')", DEFINITION);
        }
        query.from("information_schema.VIEWS v");
        filter(query, search, "v.TABLE_SCHEMA", "v.TABLE_NAME");
        query.orderBy("BINARY v.TABLE_SCHEMA, BINARY v.TABLE_NAME");
    }

    private static void columns(CatalogQuery query, SchemaSearch search) {
        query.select("c.TABLE_SCHEMA", SCHEMA_OUT).select("c.TABLE_NAME", TABLE_OUT).select("c.COLUMN_NAME", NAME_OUT);
        if (search.detail().atLeast(SUMMARY)) {
            query.select("c.COLUMN_TYPE", DATA_TYPE).select("c.IS_NULLABLE = 'YES'", NULLABLE);
        }
        if (search.detail().atLeast(FULL)) {
            // MariaDB writes a default as an expression: 'text' quoted, NULL for DEFAULT NULL; absent: no default
            query.select("c.COLUMN_DEFAULT", DEFAULT).select("NULLIF(c.COLUMN_COMMENT, '')", COMMENT);
        }
        query.from("information_schema.COLUMNS c");
        if (search.table() != null) {
            query.where("c.TABLE_NAME = ?", search.table());
        }
        filter(query, search, "c.TABLE_SCHEMA", "c.COLUMN_NAME");
        query.orderBy("BINARY c.TABLE_SCHEMA, BINARY c.TABLE_NAME, c.ORDINAL_POSITION");
    }

    private static void indexes(CatalogQuery query, SchemaSearch search) {
        query.select("s.TABLE_SCHEMA", SCHEMA_OUT).select("s.TABLE_NAME", TABLE_OUT).select("s.INDEX_NAME", NAME_OUT);
        if (search.detail().atLeast(SUMMARY)) {
            query.select("GROUP_CONCAT(s.COLUMN_NAME ORDER BY s.SEQ_IN_INDEX SEPARATOR X'1F')", COLUMN_NAMES)
                    .select("MIN(s.NON_UNIQUE) = 0", UNIQUE).select("s.INDEX_NAME = 'PRIMARY'", PRIMARY);
        }
        if (search.detail().atLeast(FULL)) {
            // MariaDB keeps no index definition: written here as the statement that makes it would read
            query.select("CONCAT(CASE WHEN s.INDEX_NAME = 'PRIMARY' THEN 'PRIMARY KEY' ELSE CONCAT(CASE WHEN MIN(s.NON_UNIQUE) = 0 "
                    + "THEN 'UNIQUE INDEX' WHEN MAX(s.INDEX_TYPE) IN ('FULLTEXT', 'SPATIAL') THEN CONCAT(MAX(s.INDEX_TYPE), ' INDEX') "
                    + "ELSE 'INDEX' END, ' ', " + quoted("s.INDEX_NAME") + ") END, ' ON ', " + quoted("s.TABLE_SCHEMA") + ", '.', "
                    + quoted("s.TABLE_NAME") + ", ' (', GROUP_CONCAT(CONCAT(" + quoted("s.COLUMN_NAME") + ", COALESCE(CONCAT('(', "
                    + "s.SUB_PART, ')'), '')) ORDER BY s.SEQ_IN_INDEX SEPARATOR ', '), ')', CASE WHEN MAX(s.INDEX_TYPE) IN ('BTREE', "
                    + "'HASH') THEN CONCAT(' USING ', MAX(s.INDEX_TYPE)) ELSE '' END)", DEFINITION)
                    .select("NULLIF(MAX(s.INDEX_COMMENT), '')", COMMENT);
        }
        query.from("information_schema.STATISTICS s");
        if (search.table() != null) {
            query.where("s.TABLE_NAME = ?", search.table());
        }
        filter(query, search, "s.TABLE_SCHEMA", "s.INDEX_NAME");
        query.groupBy("s.TABLE_SCHEMA, s.TABLE_NAME, s.INDEX_NAME");
        query.orderBy("BINARY s.TABLE_SCHEMA, BINARY s.TABLE_NAME, BINARY s.INDEX_NAME");
    }

    private static void functions(CatalogQuery query, SchemaSearch search) {
        query.select("r.ROUTINE_SCHEMA", SCHEMA_OUT).select("r.ROUTINE_NAME", NAME_OUT);
        if (search.detail().atLeast(SUMMARY)) {
            // the parameters (position 0 is a function's result), with IN/OUT/INOUT for a procedure's
            query.select("LOWER(r.ROUTINE_TYPE)", KIND).select("COALESCE((SELECT GROUP_CONCAT(CONCAT_WS(' ', CASE WHEN "
                    + "r.ROUTINE_TYPE = 'PROCEDURE' THEN p.PARAMETER_MODE END, p.PARAMETER_NAME, p.DTD_IDENTIFIER) ORDER BY "
                    + "p.ORDINAL_POSITION SEPARATOR ', ') FROM information_schema.PARAMETERS p WHERE p.SPECIFIC_SCHEMA = "
                    + "r.ROUTINE_SCHEMA AND p.SPECIFIC_NAME = r.SPECIFIC_NAME AND p.ROUTINE_TYPE = r.ROUTINE_TYPE AND "
                    + "p.ORDINAL_POSITION > 0), '')", ARGUMENTS).select("NULLIF(r.DTD_IDENTIFIER, '')", RETURN_TYPE);
        }
        if (search.detail().atLeast(FULL)) {
            // the body only, and only to its definer or a user who may see it: absent otherwise
            query.select("LOWER(r.ROUTINE_BODY)", LANGUAGE).select("NULLIF(LEFT(r.ROUTINE_DEFINITION, " + DEFINITION_READ + "), '')",
                    DEFINITION).select("NULLIF(r.ROUTINE_COMMENT, '')", COMMENT);
        }
        query.from("information_schema.ROUTINES r").where("r.ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')");
        filter(query, search, "r.ROUTINE_SCHEMA", "r.ROUTINE_NAME");
        query.orderBy("BINARY r.ROUTINE_SCHEMA, BINARY r.ROUTINE_NAME, r.ROUTINE_TYPE");
    }

    /** A name column quoted as an identifier in the text of a definition. */
    private static String quoted(String column) {
        return "CONCAT('`', REPLACE(" + column + ", '`', '``'), '`')";
    }

    /** The schema and name filters: the caller's values bound, the system schemas left out unless one is named. */
    private static void filter(CatalogQuery query, SchemaSearch search, String schema, String name) {
        if (search.schema() != null) {
            query.where(schema + " = ?", search.schema());
        } else {
            query.where(schema + " NOT IN " + SYSTEM_SCHEMAS);
        }
        if (search.like() != null) {
            query.where("LOWER(" + name + ") LIKE LOWER(?) ESCAPE '" + SchemaSearch.ESCAPE + "'", search.like());
        }
    }
}
