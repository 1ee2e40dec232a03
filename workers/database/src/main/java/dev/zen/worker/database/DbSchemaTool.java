package dev.zen.worker.database;

import static dev.zen.worker.database.DatabaseFields.SOURCE;
import static dev.zen.worker.database.DatabaseFields.SOURCE_OUT;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.database.SchemaSearch.Detail;
import dev.zen.worker.database.SchemaSearch.ObjectType;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Caps;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code db_schema}: finds a SQL source's schemas, tables, views, columns, indexes or functions by a
 * name pattern ({@code *} and {@code ?}, case-insensitive, bound as a parameter), in one schema or
 * all but the system ones, and says as much about each as {@code detail} asks: names (the default,
 * small answers), a summary, or everything with comments and capped definitions. Pages with
 * {@code limit} and {@code offset}: a page that stops at {@code limit} or at the source's byte cap
 * says {@code truncated} and gives {@code next_offset}. The catalog query runs as {@code db_query}
 * runs a statement: in a READ ONLY transaction with the source's statement timeout, rolled back.
 */
final class DbSchemaTool implements ToolHandler {

    static final String NAME = "db_schema";
    static final int MAX_LIMIT = 500;
    static final int MAX_OFFSET = 10_000_000;
    static final int MAX_NAME_CHARS = 256;

    static final Field<String> OBJECT_TYPE = Field.choice("object_type", "What to find", "schema", "table", "view", "column", "index",
            "function").defaultsTo("table");
    static final Field<String> PATTERN = Field.string("pattern", "Names to find: * stands for any characters, ? for one, letters "
            + "match in either case, everything else literally (% and _ too). Default: every name").minLength(1).maxLength(MAX_NAME_CHARS);
    static final Field<String> SCHEMA = Field.string("schema", "Only objects in this schema (its exact name; on MariaDB a schema is "
            + "a database). System schemas (pg_catalog, information_schema, mysql …) are searched only when named here")
            .minLength(1).maxLength(MAX_NAME_CHARS);
    static final Field<String> TABLE = Field.string("table", "Only the columns or indexes of this table or view (its exact name); "
            + "for object_type column and index").minLength(1).maxLength(MAX_NAME_CHARS);
    static final Field<String> DETAIL = Field.choice("detail", "How much to say about each object: names (schema and name), summary "
            + "(adds row estimate and column count of a table, type and nullability of a column, columns and uniqueness of an index, "
            + "arguments and result of a function), full (adds comments, defaults and definitions, each cut at "
            + SchemaSearch.MAX_DEFINITION_CHARS + " characters)", "names", "summary", "full").defaultsTo("names");
    static final Field<Integer> LIMIT = Field.integer("limit", "Most objects to return", 1, MAX_LIMIT).defaultsTo(50);
    static final Field<Integer> OFFSET = Field.integer("offset", "Objects to skip first: the next_offset of a truncated answer", 0,
            MAX_OFFSET).defaultsTo(0);
    static final ObjectShape INPUT = ObjectShape.of(SOURCE, OBJECT_TYPE, PATTERN, SCHEMA, TABLE, DETAIL, LIMIT, OFFSET);

    // one object; which fields it has depends on its type and the detail asked for
    static final Field<String> SCHEMA_OUT = Field.string("schema", "The schema it is in (absent for a schema)");
    static final Field<String> NAME_OUT = Field.string("name", "Its name").required();
    static final Field<String> TABLE_OUT = Field.string("table", "The table or view it belongs to (column, index)");
    static final Field<Long> TABLE_COUNT = Field.count("table_count", "Tables in the schema (summary)");
    static final Field<Long> ESTIMATED_ROWS = Field.count("estimated_rows", "The database's estimate of the table's rows, from its "
            + "statistics, not a count; absent when it has none (summary)");
    static final Field<Long> COLUMN_COUNT = Field.count("column_count", "Columns of the table (summary)");
    static final Field<String> DATA_TYPE = Field.string("data_type", "The column's type as the database writes it (summary)");
    static final Field<Boolean> NULLABLE = Field.bool("nullable", "Whether the column takes NULL (summary)");
    static final Field<List<String>> COLUMN_NAMES = Field.strings("columns", "The index's key columns (or expressions), in order "
            + "(summary)", 0, 1000);
    static final Field<Boolean> UNIQUE = Field.bool("unique", "Whether the index is unique (summary)");
    static final Field<Boolean> PRIMARY = Field.bool("primary", "Whether the index is the primary key (summary)");
    static final Field<String> KIND = Field.string("kind", "function or procedure (summary)");
    static final Field<String> ARGUMENTS = Field.string("arguments", "The function's arguments, as the database writes them (summary)");
    static final Field<String> RETURN_TYPE = Field.string("return_type", "What the function returns; absent for a procedure (summary)");
    static final Field<String> LANGUAGE = Field.string("language", "The function's language (full)");
    static final Field<String> DEFAULT = Field.string("default", "The column's default expression; absent when it has none (full)");
    static final Field<String> DEFINITION = Field.string("definition", "The view's query, the index's or function's definition, as "
            + "the database gives it (full)");
    static final Field<Boolean> DEFINITION_CUT = Field.bool("definition_truncated", "Present and true when the definition was cut at "
            + SchemaSearch.MAX_DEFINITION_CHARS + " characters");
    static final Field<String> COMMENT = Field.string("comment", "The object's comment (full)");
    static final ObjectShape OBJECT = ObjectShape.of(SCHEMA_OUT, NAME_OUT, TABLE_OUT, TABLE_COUNT, ESTIMATED_ROWS, COLUMN_COUNT,
            DATA_TYPE, NULLABLE, COLUMN_NAMES, UNIQUE, PRIMARY, KIND, ARGUMENTS, RETURN_TYPE, LANGUAGE, DEFAULT, DEFINITION,
            DEFINITION_CUT, COMMENT).describedAs("A schema object");

    static final Field<String> OBJECT_TYPE_OUT = Field.string("object_type", "What was searched").required();
    static final Field<String> DETAIL_OUT = Field.string("detail", "The detail of each object").required();
    static final Field<List<ObjectNode>> OBJECTS = Field.objects("objects", "The objects found, by schema, table and name", OBJECT)
            .required();
    static final Field<Long> COUNT = Field.count("count", "Objects in this answer").required();
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final Field<Long> NEXT_OFFSET = Field.count("next_offset", "When truncated: the offset that reads on");
    static final ObjectShape OUTPUT = ObjectShape.of(SOURCE_OUT, OBJECT_TYPE_OUT, DETAIL_OUT, OBJECTS, COUNT, TRUNCATED, NEXT_OFFSET);

    private static final Map<String, Field<String>> TEXTS = byName(List.of(SCHEMA_OUT, NAME_OUT, TABLE_OUT, DATA_TYPE, KIND, ARGUMENTS,
            RETURN_TYPE, LANGUAGE, DEFAULT, COMMENT));
    private static final Map<String, Field<Long>> COUNTS = byName(List.of(TABLE_COUNT, ESTIMATED_ROWS, COLUMN_COUNT));
    private static final Map<String, Field<Boolean>> FLAGS = byName(List.of(NULLABLE, UNIQUE, PRIMARY));

    /** One page of objects, and whether more matched than it holds. */
    private record Page(List<ObjectNode> objects, boolean truncated) {
    }

    private final Sources sources;

    private DbSchemaTool(Sources sources) {
        this.sources = sources;
    }

    static ToolDefinition definition(Sources sources) {
        return ToolDefinition.named(NAME).title("Search a database's schema")
                .description("Finds objects of a SQL source by name: object_type schema, table (default), view, column, index or "
                        + "function; pattern with * and ? (case-insensitive; default every name); schema to search one schema (system "
                        + "schemas only when named); table to list one table's columns or indexes. detail names (default) answers "
                        + "schema and name only; summary adds row estimates and column counts, column types and nullability, index "
                        + "columns and uniqueness, function arguments and result; full adds comments, defaults and definitions. "
                        + "Returns limit objects (default 50, at most " + MAX_LIMIT + "); when more match it says truncated and gives "
                        + "next_offset to pass as offset.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new DbSchemaTool(sources));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        JdbcSource source = sources.sql(args.get(SOURCE), call.principal(), NAME);
        SchemaSearch search = new SchemaSearch(ObjectType.parse(args.get(OBJECT_TYPE)), Detail.parse(args.get(DETAIL)),
                args.get(PATTERN), args.get(SCHEMA), args.get(TABLE), args.get(LIMIT), args.get(OFFSET));
        call.facts().put("source", source.id()).put("objectType", search.type().wire());
        if (search.table() != null && !search.type().inTable()) {
            throw new ToolFailure("Expected 'table' only with object_type column or index, but object_type is " + search.type().wire()
                    + "; to find " + search.type().wire() + "s by name give pattern");
        }
        CatalogQuery query = source.config().kind() == SourceKind.POSTGRESQL ? PostgresCatalog.query(search)
                : MariaDbCatalog.query(search);
        Page page = SqlRunner.readOnly(source, "schema search", connection -> read(connection, query, search, source.config()));
        call.facts().put("count", page.objects().size());
        Long next = page.truncated() ? Long.valueOf((long) search.offset() + page.objects().size()) : null;
        return OUTPUT.builder().put(SOURCE_OUT, source.id()).put(OBJECT_TYPE_OUT, search.type().wire())
                .put(DETAIL_OUT, search.detail().wire()).put(OBJECTS, page.objects()).put(COUNT, (long) page.objects().size())
                .put(TRUNCATED, page.truncated()).put(NEXT_OFFSET, next).result(SchemaText.render(search, page.objects(), next));
    }

    /** Reads a page: at most {@code limit} objects, and fewer when they pass the source's byte cap (always one at least). */
    private static Page read(Connection connection, CatalogQuery query, SchemaSearch search, SourceConfig config) throws SQLException {
        try (PreparedStatement statement = query.prepare(connection, search.limit(), search.offset())) {
            SqlRunner.clientTimeout(statement, config);
            try (ResultSet rows = statement.executeQuery()) {
                List<ObjectNode> objects = new ArrayList<>();
                long bytes = 0;
                while (rows.next()) {
                    if (objects.size() == search.limit()) {
                        return new Page(objects, true);
                    }
                    ObjectNode object = object(rows);
                    bytes += object.toString().length();
                    if (bytes > config.maxBytes() && !objects.isEmpty()) {
                        return new Page(objects, true);
                    }
                    objects.add(object);
                }
                return new Page(objects, false);
            }
        }
    }

    /** One object from a row whose column labels are the names of the object's fields. */
    private static ObjectNode object(ResultSet rows) throws SQLException {
        ObjectShape.Builder object = OBJECT.builder();
        ResultSetMetaData meta = rows.getMetaData();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            String label = meta.getColumnLabel(c);
            if (COUNTS.containsKey(label)) {
                long value = rows.getLong(c);
                object.put(COUNTS.get(label), rows.wasNull() ? null : Long.valueOf(value));
            } else if (FLAGS.containsKey(label)) {
                boolean value = rows.getBoolean(c);
                object.put(FLAGS.get(label), rows.wasNull() ? null : Boolean.valueOf(value));
            } else if (label.equals(COLUMN_NAMES.name())) {
                object.put(COLUMN_NAMES, names(rows.getObject(c)));
            } else if (label.equals(DEFINITION.name())) {
                String definition = rows.getString(c);
                boolean cut = definition != null && definition.length() > SchemaSearch.MAX_DEFINITION_CHARS;
                object.put(DEFINITION, cut ? definition.substring(0, SchemaSearch.MAX_DEFINITION_CHARS) : definition);
                object.put(DEFINITION_CUT, cut ? Boolean.TRUE : null);
            } else if (TEXTS.containsKey(label)) {
                object.put(TEXTS.get(label), rows.getString(c));
            } else {
                throw new IllegalStateException("Expected catalog columns named as the fields of an object, but got " + label);
            }
        }
        return object.build();
    }

    /** An index's columns: a PostgreSQL text array, or MariaDB's names joined by {@link MariaDbCatalog#COLUMN_SEPARATOR}. */
    private static List<String> names(Object value) throws SQLException {
        if (value instanceof java.sql.Array array) {
            return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
        }
        if (value == null || value.toString().isEmpty()) {
            return List.of();
        }
        return List.of(value.toString().split(MariaDbCatalog.COLUMN_SEPARATOR, -1));
    }

    private static <T> Map<String, Field<T>> byName(List<Field<T>> fields) {
        return fields.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Field::name, f -> f));
    }
}
