package dev.zen.worker.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.testkit.ToolCalls;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * db_schema on a real PostgreSQL ("pg") and a real MariaDB ("maria"), each with the same objects
 * (tables, a view, an index, a function, a second schema), searched as a read-only role.
 */
class DbSchemaTest {

    static final List<String> MAIN_TABLES = List.of("a%b", "a_b", "axb", "customers", "order_items", "orders");

    static TestDatabases.Postgres pg;
    static TestDatabases.MariaDb maria;
    static String mariaSales;
    static TestSources tools;
    static ToolDefinition schema;

    @BeforeAll
    static void setUp() throws Exception {
        pg = new TestDatabases.Postgres("schema");
        pg.asOwner("CREATE TABLE customers (id integer PRIMARY KEY, name varchar(100) NOT NULL, email varchar(200) DEFAULT 'none')",
                "COMMENT ON TABLE customers IS 'people who buy'", "COMMENT ON COLUMN customers.email IS 'where to write'",
                "INSERT INTO customers VALUES (1, 'ann', 'a@x'), (2, 'bob', 'b@x'), (3, 'cy', 'c@x')",
                "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, total numeric(10,2))",
                "CREATE INDEX orders_customer_idx ON orders (customer_id)",
                "CREATE TABLE order_items (order_id integer, line integer, PRIMARY KEY (order_id, line))",
                "CREATE TABLE \"a%b\" (x integer)", "CREATE TABLE a_b (x integer)", "CREATE TABLE axb (x integer)",
                "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100",
                "CREATE FUNCTION order_total(order_id integer) RETURNS numeric LANGUAGE sql AS "
                        + "'SELECT total FROM orders WHERE id = order_id'",
                "COMMENT ON FUNCTION order_total(integer) IS 'one order''s total'",
                "CREATE FUNCTION long_body() RETURNS integer LANGUAGE sql AS 'SELECT 1 /* " + "x".repeat(5000) + " */'",
                "CREATE SCHEMA sales", "CREATE TABLE sales.leads (id integer PRIMARY KEY, origin text)", "ANALYZE");
        maria = new TestDatabases.MariaDb("schema");
        mariaSales = maria.database + "_s";
        maria.asRoot("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200) DEFAULT 'none' "
                + "COMMENT 'where to write') COMMENT 'people who buy'",
                "INSERT INTO customers VALUES (1, 'ann', 'a@x'), (2, 'bob', 'b@x'), (3, 'cy', 'c@x')",
                "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, total DECIMAL(10,2), INDEX orders_customer_idx (customer_id))",
                "CREATE TABLE order_items (order_id INT, line INT, PRIMARY KEY (order_id, line))",
                "CREATE TABLE `a%b` (x INT)", "CREATE TABLE a_b (x INT)", "CREATE TABLE axb (x INT)",
                "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100",
                "CREATE FUNCTION order_total(order_id INT) RETURNS DECIMAL(10,2) READS SQL DATA COMMENT 'one order''s total' "
                        + "RETURN (SELECT total FROM orders WHERE id = order_id)",
                "ANALYZE TABLE customers",
                "CREATE DATABASE " + mariaSales, "CREATE TABLE " + mariaSales + ".leads (id INT PRIMARY KEY, origin TEXT)",
                "GRANT SELECT ON " + mariaSales + ".* TO '" + maria.reader + "'@'%'",
                "GRANT SELECT ON " + mariaSales + ".* TO '" + maria.reader + "'@'localhost'",
                // MariaDB shows a view's query only to a user who may SHOW VIEW, and a routine only to one who may EXECUTE it
                "GRANT SHOW VIEW, EXECUTE ON " + maria.database + ".* TO '" + maria.reader + "'@'%'",
                "GRANT SHOW VIEW, EXECUTE ON " + maria.database + ".* TO '" + maria.reader + "'@'localhost'");
        SourceConfig redis = new SourceConfig("cache", SourceKind.REDIS, URI.create("redis://127.0.0.1:6379/0"), null, null,
                Access.READ_ONLY, 1, Duration.ofSeconds(5), 100, 64 * 1024, Set.of());
        tools = new TestSources(null, pg.source("pg", Access.READ_ONLY, pg.reader),
                maria.source("maria", Access.READ_ONLY, maria.reader, "r-pass"), maria.source("maria_root", Access.READ_ONLY, "root", null),
                redis, new SourceConfig("pg_small", SourceKind.POSTGRESQL, URI.create("postgresql://127.0.0.1:5432/" + pg.database),
                        pg.reader, null, Access.READ_ONLY, 1, Duration.ofSeconds(10), 100, 1024, Set.of()));
        schema = DbSchemaTool.definition(tools.sources);
    }

    @AfterAll
    static void tearDown() throws Exception {
        // also after a fixture that failed half-way: drop what was made
        if (tools != null) {
            tools.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (maria != null) {
            TestDatabases.MariaDb.root("DROP DATABASE IF EXISTS " + mariaSales);
            maria.close();
        }
    }

    static String main(String source) {
        return source.equals("pg") ? "public" : maria.database;
    }

    static String sales(String source) {
        return source.equals("pg") ? "sales" : mariaSales;
    }

    static JsonNode search(String source, Object... namesAndValues) throws Exception {
        List<Object> arguments = new ArrayList<>(List.of("source", source));
        arguments.addAll(List.of(namesAndValues));
        return tools.run(schema, arguments.toArray()).structuredContent();
    }

    static List<String> names(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.get("objects").forEach(o -> names.add(o.get("name").asString()));
        return names;
    }

    static JsonNode named(JsonNode answer, String name) {
        for (JsonNode object : answer.get("objects")) {
            if (object.get("name").asString().equals(name)) {
                return object;
            }
        }
        throw new AssertionError("Expected an object named " + name + " in " + answer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldFindTablesByNameOnlyByDefault(String source) throws Exception {
        JsonNode answer = search(source);

        List<String> expected = new ArrayList<>(MAIN_TABLES);
        expected.add("leads");
        assertThat(answer.get("object_type").asString()).isEqualTo("table");
        assertThat(answer.get("detail").asString()).isEqualTo("names");
        assertThat(names(answer)).containsExactlyElementsOf(expected); // no view, nothing of the system schemas
        assertThat(answer.get("objects").get(0).propertyNames()).containsExactly("schema", "name");
        assertThat(answer.get("objects").get(0).get("schema").asString()).isEqualTo(main(source));
        assertThat(answer.get("count").asLong()).isEqualTo(7);
        assertThat(answer.get("truncated").asBoolean()).isFalse();
        assertThat(answer.has("next_offset")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldSummarizeTablesAndGiveTheirCommentsInFull(String source) throws Exception {
        JsonNode summary = named(search(source, "pattern", "customers", "detail", "summary"), "customers");
        JsonNode full = named(search(source, "pattern", "customers", "detail", "full"), "customers");

        assertThat(summary.get("column_count").asLong()).isEqualTo(3);
        assertThat(summary.get("estimated_rows").asLong()).isEqualTo(3); // analyzed: the estimate is the count
        assertThat(summary.has("comment")).isFalse();
        assertThat(full.get("comment").asString()).isEqualTo("people who buy");
        assertThat(full.get("column_count").asLong()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldDescribeTheColumnsOfOneTableAtEachDetail(String source) throws Exception {
        JsonNode names = search(source, "object_type", "column", "table", "customers");
        JsonNode summary = search(source, "object_type", "column", "table", "customers", "detail", "summary");
        JsonNode full = search(source, "object_type", "column", "table", "customers", "detail", "full");

        assertThat(names(names)).containsExactly("id", "name", "email"); // in table order
        assertThat(names.get("objects").get(0).propertyNames()).containsExactly("schema", "table", "name");
        assertThat(named(summary, "id").get("data_type").asString()).isEqualTo(source.equals("pg") ? "integer" : "int(11)");
        assertThat(named(summary, "name").get("data_type").asString())
                .isEqualTo(source.equals("pg") ? "character varying(100)" : "varchar(100)");
        assertThat(named(summary, "name").get("nullable").asBoolean()).isFalse();
        assertThat(named(summary, "email").get("nullable").asBoolean()).isTrue();
        assertThat(named(summary, "email").has("default")).isFalse();
        assertThat(named(full, "email").get("default").asString()).contains("'none'");
        assertThat(named(full, "email").get("comment").asString()).isEqualTo("where to write");
        assertThat(named(full, "id").has("default")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldDescribeIndexesWithTheirColumnsAndDefinitions(String source) throws Exception {
        String primary = source.equals("pg") ? "orders_pkey" : "PRIMARY";
        JsonNode names = search(source, "object_type", "index", "table", "orders");
        JsonNode summary = search(source, "object_type", "index", "table", "orders", "detail", "summary");
        JsonNode full = search(source, "object_type", "index", "pattern", "orders_customer_idx", "detail", "full");
        JsonNode twoColumns = search(source, "object_type", "index", "table", "order_items", "detail", "summary");

        assertThat(names(names)).containsExactlyInAnyOrder("orders_customer_idx", primary);
        assertThat(names.get("objects").get(0).get("table").asString()).isEqualTo("orders");
        assertThat(named(summary, "orders_customer_idx").get("columns").get(0).asString()).isEqualTo("customer_id");
        assertThat(named(summary, "orders_customer_idx").get("unique").asBoolean()).isFalse();
        assertThat(named(summary, "orders_customer_idx").get("primary").asBoolean()).isFalse();
        assertThat(named(summary, primary).get("unique").asBoolean()).isTrue();
        assertThat(named(summary, primary).get("primary").asBoolean()).isTrue();
        assertThat(twoColumns.get("objects").get(0).get("columns").toString()).isEqualTo("[\"order_id\",\"line\"]");
        assertThat(named(full, "orders_customer_idx").get("definition").asString()).contains("orders_customer_idx")
                .contains("orders").contains("customer_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldFindViewsWithTheirDefinitionInFull(String source) throws Exception {
        JsonNode names = search(source, "object_type", "view");
        JsonNode summary = search(source, "object_type", "view", "detail", "summary");
        JsonNode full = search(source, "object_type", "view", "detail", "full");

        assertThat(names(names)).containsExactly("big_orders");
        assertThat(summary.get("objects").get(0).propertyNames()).containsExactly("schema", "name"); // a view's summary adds nothing
        assertThat(full.get("objects").get(0).get("definition").asString()).contains("total").contains("100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldDescribeFunctionsWithArgumentsAndDefinition(String source) throws Exception {
        JsonNode names = search(source, "object_type", "function", "pattern", "order_*");
        JsonNode summary = search(source, "object_type", "function", "pattern", "order_*", "detail", "summary");
        JsonNode full = search(source, "object_type", "function", "pattern", "order_*", "detail", "full");

        assertThat(names(names)).containsExactly("order_total");
        JsonNode function = summary.get("objects").get(0);
        assertThat(function.get("kind").asString()).isEqualTo("function");
        assertThat(function.get("arguments").asString()).isEqualTo(source.equals("pg") ? "order_id integer" : "order_id int(11)");
        assertThat(function.get("return_type").asString()).isEqualTo(source.equals("pg") ? "numeric" : "decimal(10,2)");
        JsonNode detailed = full.get("objects").get(0);
        assertThat(detailed.get("language").asString()).isEqualTo("sql");
        assertThat(detailed.get("comment").asString()).isEqualTo("one order's total");
        if (source.equals("pg")) {
            assertThat(detailed.get("definition").asString()).contains("CREATE OR REPLACE FUNCTION public.order_total")
                    .contains("SELECT total FROM orders");
        } else {
            // MariaDB gives a routine's body only to its definer (or a user who may read mysql.proc)
            assertThat(detailed.has("definition")).isFalse();
        }
    }

    @Test
    void shouldGiveAMariaDbRoutineBodyToItsDefiner() throws Exception {
        JsonNode full = search("maria_root", "object_type", "function", "schema", maria.database, "detail", "full");

        assertThat(names(full)).containsExactly("order_total");
        assertThat(full.get("objects").get(0).get("definition").asString()).isEqualTo("RETURN (SELECT total FROM orders WHERE id = "
                + "order_id)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldListSchemasWithoutTheSystemOnesUnlessOneIsNamed(String source) throws Exception {
        JsonNode schemas = search(source, "object_type", "schema", "detail", "summary");
        JsonNode system = search(source, "object_type", "column", "schema", "information_schema", "table", "tables", "pattern",
                "table_name");

        assertThat(names(schemas)).containsExactly(main(source), sales(source));
        assertThat(schemas.get("objects").get(0).has("schema")).isFalse();
        assertThat(named(schemas, main(source)).get("table_count").asLong()).isEqualTo(MAIN_TABLES.size());
        assertThat(names(system)).hasSize(1);
        assertThat(names(system).getFirst()).isEqualToIgnoringCase("table_name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldLimitTheSearchToOneSchema(String source) throws Exception {
        assertThat(names(search(source, "schema", sales(source)))).containsExactly("leads");
        assertThat(names(search(source, "schema", main(source)))).containsExactlyElementsOf(MAIN_TABLES);
        assertThat(names(search(source, "schema", "no_such_schema"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldMatchWildcardsInEitherCase(String source) throws Exception {
        assertThat(names(search(source, "pattern", "ORDER*"))).containsExactly("order_items", "orders");
        assertThat(names(search(source, "pattern", "?rders"))).containsExactly("orders");
        assertThat(names(search(source, "pattern", "c*S"))).containsExactly("customers");
        assertThat(names(search(source, "pattern", "*"))).hasSize(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldTakePercentUnderscoreQuotesAndEscapesLiterally(String source) throws Exception {
        assertThat(names(search(source, "pattern", "a%b"))).containsExactly("a%b");
        assertThat(names(search(source, "pattern", "a_b"))).containsExactly("a_b");
        assertThat(names(search(source, "pattern", "%"))).isEmpty();
        assertThat(names(search(source, "pattern", "_rders"))).isEmpty();
        assertThat(names(search(source, "pattern", "x' OR '1'='1"))).isEmpty();
        assertThat(names(search(source, "pattern", "orders'; DROP TABLE orders; --"))).isEmpty();
        assertThat(names(search(source, "pattern", "a!%b"))).isEmpty();
        assertThat(names(search(source, "pattern", "a\\%b"))).isEmpty();
        assertThat(names(search(source, "schema", "public' OR '1'='1"))).isEmpty();
        assertThat(names(search(source, "pattern", "orders"))).containsExactly("orders"); // still there
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldPageWithLimitAndOffset(String source) throws Exception {
        JsonNode first = search(source, "schema", main(source), "limit", 4);
        JsonNode second = search(source, "schema", main(source), "limit", 4, "offset", first.get("next_offset").asInt());

        assertThat(names(first)).containsExactlyElementsOf(MAIN_TABLES.subList(0, 4));
        assertThat(first.get("truncated").asBoolean()).isTrue();
        assertThat(first.get("next_offset").asLong()).isEqualTo(4);
        assertThat(names(second)).containsExactlyElementsOf(MAIN_TABLES.subList(4, 6));
        assertThat(second.get("truncated").asBoolean()).isFalse();
        assertThat(second.has("next_offset")).isFalse();
        assertThat(names(search(source, "schema", main(source), "limit", 6))).hasSize(6);
        assertThat(search(source, "schema", main(source), "limit", 6).get("truncated").asBoolean()).isFalse();
        assertThat(names(search(source, "schema", main(source), "offset", 100))).isEmpty();
    }

    @Test
    void shouldStopAPageAtTheSourcesByteCapAndReadOnFromThere() throws Exception {
        JsonNode first = search("pg_small", "object_type", "column", "schema", "public", "detail", "full", "limit", 500);
        JsonNode all = search("pg", "object_type", "column", "schema", "public", "detail", "full", "limit", 500);

        int count = first.get("count").asInt();
        assertThat(count).isBetween(1, all.get("count").asInt() - 1);
        assertThat(first.get("objects").toString().length()).isLessThanOrEqualTo(1024);
        assertThat(first.get("truncated").asBoolean()).isTrue();
        assertThat(first.get("next_offset").asInt()).isEqualTo(count);
        JsonNode next = search("pg_small", "object_type", "column", "schema", "public", "detail", "full", "limit", 500, "offset", count);
        assertThat(next.get("objects").get(0)).isEqualTo(all.get("objects").get(count));
    }

    @Test
    void shouldCutALongDefinitionAndSaySo() throws Exception {
        JsonNode full = search("pg", "object_type", "function", "pattern", "long_body", "detail", "full");

        JsonNode function = full.get("objects").get(0);
        assertThat(function.get("definition").asString()).hasSize(SchemaSearch.MAX_DEFINITION_CHARS)
                .startsWith("CREATE OR REPLACE FUNCTION public.long_body()");
        assertThat(function.get("definition_truncated").asBoolean()).isTrue();
        assertThat(named(search("pg", "object_type", "function", "pattern", "order_total", "detail", "full"), "order_total")
                .has("definition_truncated")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldSayWhatItFoundInText(String source) throws Exception {
        String text = ToolCalls.text(tools.run(schema, "source", source, "object_type", "column", "table", "customers", "detail",
                "summary", "limit", 2));

        assertThat(text).contains(main(source) + ".customers.id " + (source.equals("pg") ? "integer" : "int(11)") + " not null")
                .contains("(2 columns; truncated: more match, read on with offset 2)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldRecordSourceTypeAndCountForTheAudit(String source) throws Exception {
        ToolCall call = ToolCalls.call(schema.name(), ToolCalls.arguments("source", source, "object_type", "view"));

        schema.handler().handle(call);

        assertThat(call.facts().toJson().toString()).isEqualTo("{\"source\":\"" + source + "\",\"objectType\":\"view\",\"count\":1}");
    }

    @Test
    void shouldRefuseARedisSource() {
        assertThatThrownBy(() -> search("cache"))
                .isInstanceOf(ToolFailure.class).hasMessage("Expected a SQL source for db_schema, but 'cache' is redis");
    }

    @Test
    void shouldRefuseATableFilterForTables() {
        assertThatThrownBy(() -> search("pg", "table", "orders"))
                .isInstanceOf(ToolFailure.class).hasMessage("Expected 'table' only with object_type column or index, but object_type is "
                        + "table; to find tables by name give pattern");
    }

    @Test
    void shouldRefuseALongPatternAndALargeLimit() {
        assertThatThrownBy(() -> search("pg", "pattern", "x".repeat(257)))
                .isInstanceOf(ToolFailure.class).hasMessage("Expected argument 'pattern' to be at most 256 characters long, but it has 257");
        assertThatThrownBy(() -> search("pg", "limit", 501))
                .isInstanceOf(ToolFailure.class).hasMessageStartingWith("Expected argument 'limit' to be between 1 and 500");
    }
}
