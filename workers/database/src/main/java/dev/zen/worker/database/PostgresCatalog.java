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
 * {@code db_schema} on PostgreSQL: a search as one query on {@code pg_catalog}, which lists every
 * object whatever the role may read (as psql's {@code \d} does). Leaves out {@code pg_catalog},
 * {@code information_schema}, {@code pg_toast} and the temporary schemas unless the search names one.
 * Names are compared as PostgreSQL compares them (bytes); the pattern case-insensitively (ILIKE).
 * Stateless.
 */
final class PostgresCatalog {

    private static final String SYSTEM_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
            + "AND n.nspname !~ '^pg_(toast_)?temp_'";
    private static final String TABLES = "('r', 'p', 'f')";
    private static final String VIEWS = "('v', 'm')";
    /** One character past the cap, so that the reader can tell a definition was cut. */
    private static final int DEFINITION_READ = SchemaSearch.MAX_DEFINITION_CHARS + 1;

    private PostgresCatalog() {
    }

    static CatalogQuery query(SchemaSearch search) {
        CatalogQuery query = new CatalogQuery("\"");
        switch (search.type()) {
            case SCHEMA -> schemas(query, search);
            case TABLE, VIEW -> relations(query, search);
            case COLUMN -> columns(query, search);
            case INDEX -> indexes(query, search);
            case FUNCTION -> functions(query, search);
        }
        return query;
    }

    private static void schemas(CatalogQuery query, SchemaSearch search) {
        query.select("n.nspname", NAME_OUT);
        if (search.detail().atLeast(SUMMARY)) {
            query.select("(SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN " + TABLES + ")", TABLE_COUNT);
        }
        if (search.detail().atLeast(FULL)) {
            query.select("obj_description(n.oid, 'pg_namespace')", COMMENT);
        }
        query.from("pg_namespace n");
        filter(query, search, "n.nspname");
        query.orderBy("n.nspname");
    }

    private static void relations(CatalogQuery query, SchemaSearch search) {
        boolean table = search.type() == SchemaSearch.ObjectType.TABLE;
        query.select("n.nspname", SCHEMA_OUT).select("c.relname", NAME_OUT);
        if (table && search.detail().atLeast(SUMMARY)) {
            // reltuples is -1 until the table is first vacuumed or analyzed: no estimate then
            query.select("CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END", ESTIMATED_ROWS)
                    .select("(SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)",
                            COLUMN_COUNT);
        }
        if (search.detail().atLeast(FULL)) {
            if (!table) {
                query.select("left(pg_get_viewdef(c.oid, true), " + DEFINITION_READ + ")", DEFINITION);
            }
            query.select("obj_description(c.oid, 'pg_class')", COMMENT);
        }
        query.from("pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace").where("c.relkind IN " + (table ? TABLES : VIEWS));
        filter(query, search, "c.relname");
        query.orderBy("n.nspname, c.relname");
    }

    private static void columns(CatalogQuery query, SchemaSearch search) {
        query.select("n.nspname", SCHEMA_OUT).select("c.relname", TABLE_OUT).select("a.attname", NAME_OUT);
        if (search.detail().atLeast(SUMMARY)) {
            query.select("format_type(a.atttypid, a.atttypmod)", DATA_TYPE).select("NOT a.attnotnull", NULLABLE);
        }
        String from = "pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace";
        if (search.detail().atLeast(FULL)) {
            query.select("pg_get_expr(d.adbin, d.adrelid)", DEFAULT).select("col_description(c.oid, a.attnum)", COMMENT);
            from += " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum";
        }
        query.from(from).where("a.attnum > 0").where("NOT a.attisdropped").where("c.relkind IN ('r', 'p', 'f', 'v', 'm')");
        if (search.table() != null) {
            query.where("c.relname = ?", search.table());
        }
        filter(query, search, "a.attname");
        query.orderBy("n.nspname, c.relname, a.attnum");
    }

    private static void indexes(CatalogQuery query, SchemaSearch search) {
        query.select("n.nspname", SCHEMA_OUT).select("t.relname", TABLE_OUT).select("ic.relname", NAME_OUT);
        if (search.detail().atLeast(SUMMARY)) {
            // the key columns (not the INCLUDE ones), each as its name or expression
            query.select("ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k)",
                    COLUMN_NAMES).select("i.indisunique", UNIQUE).select("i.indisprimary", PRIMARY);
        }
        if (search.detail().atLeast(FULL)) {
            query.select("pg_get_indexdef(i.indexrelid)", DEFINITION).select("obj_description(ic.oid, 'pg_class')", COMMENT);
        }
        query.from("pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace");
        if (search.table() != null) {
            query.where("t.relname = ?", search.table());
        }
        filter(query, search, "ic.relname");
        query.orderBy("n.nspname, t.relname, ic.relname");
    }

    private static void functions(CatalogQuery query, SchemaSearch search) {
        query.select("n.nspname", SCHEMA_OUT).select("p.proname", NAME_OUT);
        if (search.detail().atLeast(SUMMARY)) {
            query.select("CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END", KIND)
                    .select("pg_get_function_arguments(p.oid)", ARGUMENTS).select("pg_get_function_result(p.oid)", RETURN_TYPE);
        }
        String from = "pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace";
        if (search.detail().atLeast(FULL)) {
            query.select("l.lanname", LANGUAGE).select("left(pg_get_functiondef(p.oid), " + DEFINITION_READ + ")", DEFINITION)
                    .select("obj_description(p.oid, 'pg_proc')", COMMENT);
            from += " JOIN pg_language l ON l.oid = p.prolang";
        }
        // functions and procedures; aggregates and window functions have no definition to show
        query.from(from).where("p.prokind IN ('f', 'p')");
        filter(query, search, "p.proname");
        query.orderBy("n.nspname, p.proname, p.oid");
    }

    /** The schema and name filters: the caller's values bound, the system schemas left out unless one is named. */
    private static void filter(CatalogQuery query, SchemaSearch search, String name) {
        if (search.schema() != null) {
            query.where("n.nspname = ?", search.schema());
        } else {
            query.where(SYSTEM_SCHEMAS);
        }
        if (search.like() != null) {
            query.where(name + " ILIKE ? ESCAPE '" + SchemaSearch.ESCAPE + "'", search.like());
        }
    }
}
