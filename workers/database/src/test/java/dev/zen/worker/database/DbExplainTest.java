package dev.zen.worker.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
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
 * db_explain on a real PostgreSQL ("pg") and a real MariaDB ("maria"), each with a table of 100 items:
 * plans with and without analyze, and that nothing an explain is given ever changes the data, even on
 * a read-write source ("pg_rw", "maria_rw").
 */
class DbExplainTest {

    static TestDatabases.Postgres pg;
    static TestDatabases.MariaDb maria;
    static TestSources tools;
    static ToolDefinition explain;
    static ToolDefinition query;

    @BeforeAll
    static void setUp() throws Exception {
        pg = new TestDatabases.Postgres("explain");
        pg.asOwner("CREATE TABLE items (id bigint PRIMARY KEY, name text, price numeric(10,2))",
                "INSERT INTO items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 100) g",
                "CREATE FUNCTION purge_items() RETURNS integer LANGUAGE plpgsql AS $$ BEGIN DELETE FROM items WHERE id > 90; RETURN 1; END $$",
                "ANALYZE items");
        maria = new TestDatabases.MariaDb("explain");
        maria.asRoot("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(50), price DECIMAL(10,2))",
                "INSERT INTO items SELECT seq, CONCAT('item ', seq), seq * 1.5 FROM seq_1_to_100",
                "CREATE FUNCTION purge_items() RETURNS INT MODIFIES SQL DATA BEGIN DELETE FROM items WHERE id > 90; RETURN 1; END",
                "GRANT EXECUTE ON " + maria.database + ".* TO '" + maria.writer + "'@'%'",
                "GRANT EXECUTE ON " + maria.database + ".* TO '" + maria.writer + "'@'localhost'");
        SourceConfig redis = new SourceConfig("cache", SourceKind.REDIS, URI.create("redis://127.0.0.1:6379/0"), null, null,
                Access.READ_ONLY, 1, Duration.ofSeconds(5), 100, 64 * 1024, Set.of());
        tools = new TestSources(null, pg.source("pg", Access.READ_ONLY, pg.reader), pg.source("pg_rw", Access.READ_WRITE, pg.writer),
                maria.source("maria", Access.READ_ONLY, maria.reader, "r-pass"),
                maria.source("maria_rw", Access.READ_WRITE, maria.writer, "w-pass"), redis,
                new SourceConfig("pg_small", SourceKind.POSTGRESQL, URI.create("postgresql://127.0.0.1:5432/" + pg.database), pg.reader,
                        null, Access.READ_ONLY, 1, Duration.ofSeconds(10), 100, 1024, Set.of()));
        explain = DbExplainTool.definition(tools.sources);
        query = DbQueryTool.definition(tools.sources);
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
            maria.close();
        }
    }

    static CallToolResult run(String source, Object... namesAndValues) throws Exception {
        List<Object> arguments = new ArrayList<>(List.of("source", source));
        arguments.addAll(List.of(namesAndValues));
        return tools.run(explain, arguments.toArray());
    }

    static long items(String source) throws Exception {
        return tools.run(query, "source", source, "sql", "SELECT count(*) FROM items").structuredContent().get("rows").get(0).get(0)
                .asLong();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldExplainASelectWithItsParametersWithoutRunningIt(String source) throws Exception {
        CallToolResult result = run(source, "sql", "SELECT name FROM items WHERE id = ?", "params", List.of(5));
        JsonNode answer = result.structuredContent();

        assertThat(answer.get("kind").asString()).isEqualTo(source.equals("pg") ? "postgresql" : "mariadb");
        assertThat(answer.get("statement").asString()).isEqualTo("SELECT");
        assertThat(answer.get("analyzed").asBoolean()).isFalse();
        assertThat(answer.get("truncated").asBoolean()).isFalse();
        JsonNode plan = answer.get("plan");
        if (source.equals("pg")) {
            assertThat(plan.get(0).get("Plan").get("Relation Name").asString()).isEqualTo("items");
            assertThat(plan.get(0).get("Plan").has("Actual Rows")).isFalse();
            assertThat(ToolCalls.text(result)).startsWith("Plan of the SELECT on pg (not run)\nSeq Scan on items  (cost=0.00..")
                    .contains("\n  Filter: (id = '5'::bigint)\n");
        } else {
            assertThat(plan.get("query_block").get("select_id").asInt()).isEqualTo(1);
            assertThat(plan.findValue("r_rows")).isNull();
            assertThat(ToolCalls.text(result)).contains("select #1").contains("table items: const using PRIMARY");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldAnalyzeASelectWithItsActualRows(String source) throws Exception {
        CallToolResult result = run(source, "sql", "SELECT * FROM items WHERE price > ?", "params", List.of(135), "analyze", true);
        JsonNode answer = result.structuredContent();

        assertThat(answer.get("analyzed").asBoolean()).isTrue();
        JsonNode plan = answer.get("plan");
        if (source.equals("pg")) {
            assertThat(plan.get(0).get("Plan").get("Actual Rows").asLong()).isEqualTo(10);
            assertThat(plan.get(0).has("Execution Time")).isTrue();
            assertThat(plan.get(0).get("Plan").has("Shared Hit Blocks")).isTrue(); // BUFFERS
            assertThat(ToolCalls.text(result)).contains("Seq Scan on items").contains("rows=10 loops=1").contains("Execution Time");
        } else {
            assertThat(plan.findValue("r_rows").asLong()).isEqualTo(100); // rows read; the filter kept 10
            assertThat(plan.findValue("r_filtered").asDouble()).isEqualTo(10.0);
            assertThat(ToolCalls.text(result)).contains("table items: ALL, rows 100 (actual 100)");
        }
        assertThat(ToolCalls.text(result)).startsWith("Plan of the SELECT on " + source + " (analyzed: it ran read-only and was rolled "
                + "back)\n");
    }

    @Test
    void shouldExplainADeleteOnPostgresqlWithoutDeleting() throws Exception {
        long before = items("pg_rw");

        CallToolResult result = run("pg_rw", "sql", "DELETE FROM items WHERE id < ?", "params", List.of(50));

        assertThat(result.structuredContent().get("plan").get(0).get("Plan").get("Operation").asString()).isEqualTo("Delete");
        assertThat(ToolCalls.text(result)).startsWith("Plan of the DELETE on pg_rw (not run)\nDelete on items");
        assertThat(items("pg_rw")).isEqualTo(before).isEqualTo(100);
    }

    @Test
    void shouldSayThatMariaDbWillNotExplainADeleteInAReadOnlyTransaction() throws Exception {
        long before = items("maria_rw");

        assertThatThrownBy(() -> run("maria_rw", "sql", "DELETE FROM items WHERE id < ?", "params", List.of(50)))
                .isInstanceOf(ToolFailure.class).hasMessage("Expected source 'maria_rw' to explain the DELETE, but MariaDB refuses to "
                        + "explain a change inside a READ ONLY transaction (SQLSTATE 25006), and db_explain runs only in one: on MariaDB "
                        + "it explains queries. Nothing ran");
        assertThat(items("maria_rw")).isEqualTo(before).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg_rw", "maria_rw"})
    void shouldRefuseToAnalyzeAnythingButASelectAndChangeNothing(String source) throws Exception {
        assertThatThrownBy(() -> run(source, "sql", "DELETE FROM items WHERE id < 50", "analyze", true))
                .isInstanceOf(ToolFailure.class).hasMessage("Expected a SELECT for analyze: true, but the statement starts with 'DELETE' "
                        + "(analyze runs the statement, so only SELECT, VALUES and TABLE statements may be analyzed); nothing ran. "
                        + "Explain it without analyze for its plan");
        assertThatThrownBy(() -> run(source, "sql", "WITH gone AS (DELETE FROM items RETURNING id) SELECT * FROM gone", "analyze", true))
                .isInstanceOf(ToolFailure.class).hasMessageStartingWith("Expected a SELECT for analyze: true, but the statement starts "
                        + "with 'WITH'");
        assertThatThrownBy(() -> run(source, "sql", "/* a comment */ UPDATE items SET price = 0", "analyze", true))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("starts with 'UPDATE'");
        assertThat(items(source)).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg_rw", "maria_rw"})
    void shouldLetTheDatabaseRefuseAWriteInsideAnAnalyzedSelect(String source) throws Exception {
        assertThatThrownBy(() -> run(source, "sql", "SELECT purge_items()", "analyze", true))
                .isInstanceOf(ToolFailure.class).hasMessageStartingWith("Expected the analyzed SELECT to only read, but it tried to write "
                        + "and " + (source.equals("pg_rw") ? "postgresql" : "mariadb") + " refused it (SQLSTATE 25006")
                .hasMessageEndingWith("it ran in a READ ONLY transaction that was rolled back: nothing changed");
        assertThat(items(source)).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg_rw", "maria_rw"})
    void shouldRefuseTwoStatementsAndRunNeither(String source) throws Exception {
        assertThatThrownBy(() -> run(source, "sql", "SELECT 1; DELETE FROM items"))
                .isInstanceOf(ToolFailure.class).hasMessageStartingWith("Expected 'sql' to hold one statement, but it holds 2");
        assertThatThrownBy(() -> run(source, "sql", "SELECT 1; DELETE FROM items", "analyze", true))
                .isInstanceOf(ToolFailure.class).hasMessageStartingWith("Expected 'sql' to hold one statement, but it holds 2");
        assertThat(items(source)).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldRefuseAStatementThatIsAnExplainAlready(String source) {
        assertThatThrownBy(() -> run(source, "sql", "EXPLAIN SELECT * FROM items"))
                .isInstanceOf(ToolFailure.class).hasMessage("Expected a statement to explain, but 'EXPLAIN' is not one: give the "
                        + "statement alone (db_explain adds EXPLAIN). Nothing ran");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria"})
    void shouldPassOnWhatTheDatabaseSaysOfABadStatement(String source) {
        assertThatThrownBy(() -> run(source, "sql", "SELECT * FROM no_such_table"))
                .isInstanceOf(ToolFailure.class).hasMessageStartingWith("Expected source '" + source + "' to run the explain, but")
                .hasMessageContaining("no_such_table");
    }

    @Test
    void shouldLeaveOutAPlanLargerThanTheSourcesByteCapAndSaySo() throws Exception {
        CallToolResult result = run("pg_small", "sql", "SELECT a.id FROM items a JOIN items b ON b.id = a.id + 1 JOIN items c ON c.id = "
                + "b.id + 1 WHERE a.price > 10 ORDER BY a.name");

        assertThat(result.structuredContent().has("plan")).isFalse();
        assertThat(result.structuredContent().get("truncated").asBoolean()).isTrue();
        assertThat(ToolCalls.text(result)).startsWith("Plan of the SELECT on pg_small (not run)\n")
                .containsPattern("… \\(the plan has \\d+ characters, past the source's max_bytes 1024: cut here, and left out of "
                        + "the answer\\)\n$");
    }

    @Test
    void shouldRecordSourceStatementAndAnalyzeForTheAudit() throws Exception {
        ToolCall call = ToolCalls.call(explain.name(), ToolCalls.arguments("source", "pg", "sql", "SELECT 1", "analyze", true));

        explain.handler().handle(call);

        assertThat(call.facts().toJson().toString()).isEqualTo("{\"source\":\"pg\",\"statement\":\"SELECT\",\"analyze\":true}");
    }

    @Test
    void shouldRefuseARedisSource() {
        assertThatThrownBy(() -> run("cache", "sql", "SELECT 1"))
                .isInstanceOf(ToolFailure.class).hasMessage("Expected a SQL source for db_explain, but 'cache' is redis");
    }
}
