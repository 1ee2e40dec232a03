package dev.zen.worker.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** db_query and db_execute on a real PostgreSQL: typed values, caps, parameters, read-only and read-write sources. */
class DbQueryTest {

    static TestDatabases.Postgres pg;
    static TestSources tools;
    static ToolDefinition query;
    static ToolDefinition execute;

    @BeforeAll
    static void setUp() throws Exception {
        pg = new TestDatabases.Postgres("query");
        pg.asOwner("CREATE TABLE items (id bigint PRIMARY KEY, name text, price numeric(12,2), big numeric, ratio double precision, "
                + "created timestamptz, day date, data bytea, tags text[], doc jsonb, flag boolean, huge bigint)",
                "INSERT INTO items VALUES (1, 'apple', 1.25, 12345678901234567890.123, 0.5, '2026-01-02T03:04:05Z', '2026-01-02', "
                        + "'\\x0102ff', ARRAY['red','fruit'], '{\"a\": [1, 2]}', true, 9007199254740993)",
                "INSERT INTO items (id, name) SELECT g, 'item ' || g FROM generate_series(2, 3000) g");
        tools = new TestSources(null, pg.source("ro", Access.READ_ONLY, pg.reader), pg.source("rw", Access.READ_WRITE, pg.writer));
        query = DbQueryTool.definition(tools.sources);
        execute = DbExecuteTool.definition(tools.sources);
    }

    @AfterAll
    static void tearDown() throws Exception {
        tools.close();
        pg.close();
    }

    @Test
    void shouldAnswerTypedJsonValues() throws Exception {
        CallToolResult result = tools.run(query, "source", "ro", "sql", "SELECT * FROM items WHERE id = ?", "params", List.of(1));
        JsonNode out = result.structuredContent();
        assertThat(out.get("rowCount").asLong()).isEqualTo(1);
        assertThat(out.get("columns").get(0).get("name").asString()).isEqualTo("id");
        assertThat(out.get("columns").get(0).get("type").asString()).isEqualTo("int8");
        JsonNode row = out.get("rows").get(0);
        assertThat(row.get(0).isNumber()).isTrue();
        assertThat(row.get(1).asString()).isEqualTo("apple");
        assertThat(row.get(2).isNumber()).isTrue();
        assertThat(row.get(2).asDouble()).isEqualTo(1.25);
        assertThat(row.get(3).asString()).isEqualTo("12345678901234567890.123"); // exact, as a string
        assertThat(row.get(4).asDouble()).isEqualTo(0.5);
        assertThat(row.get(5).asString()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(row.get(6).asString()).isEqualTo("2026-01-02");
        assertThat(row.get(7).asString()).isEqualTo("AQL/"); // base64 of 01 02 ff
        assertThat(row.get(8).get(0).asString()).isEqualTo("red");
        assertThat(row.get(9).get("a").get(1).asInt()).isEqualTo(2);
        assertThat(row.get(10).asBoolean()).isTrue();
        assertThat(row.get(11).asString()).isEqualTo("9007199254740993"); // past 2^53: a string
    }

    @Test
    void shouldCapRowsAndSaySo() throws Exception {
        JsonNode out = tools.run(query, "source", "ro", "sql", "SELECT id, name FROM items ORDER BY id", "max_rows", 10)
                .structuredContent();
        assertThat(out.get("rowCount").asLong()).isEqualTo(10);
        assertThat(out.get("truncated").asBoolean()).isTrue();
        assertThat(out.get("truncatedBy").asString()).isEqualTo("max_rows");
        // a max_rows above the source's cap (1000) is capped
        JsonNode capped = tools.run(query, "source", "ro", "sql", "SELECT id FROM items", "max_rows", 5000).structuredContent();
        assertThat(capped.get("rowCount").asLong()).isEqualTo(1000);
        assertThat(capped.get("truncated").asBoolean()).isTrue();
    }

    @Test
    void shouldChangeDataOnAReadWriteSourceOnly() throws Exception {
        JsonNode changed = tools.run(execute, "source", "rw", "sql", "UPDATE items SET name = ? WHERE id BETWEEN 2 AND 4",
                "params", List.of("renamed")).structuredContent();
        assertThat(changed.get("affectedRows").asLong()).isEqualTo(3);
        JsonNode seen = tools.run(query, "source", "ro", "sql", "SELECT count(*) FROM items WHERE name = 'renamed'").structuredContent();
        assertThat(seen.get("rows").get(0).get(0).asLong()).isEqualTo(3);
        assertThatThrownBy(() -> tools.run(query, "source", "rw", "sql", "DELETE FROM items WHERE id = 2"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("read-only transaction")
                .hasMessageContaining("db_query runs in a READ ONLY transaction");
    }
}
