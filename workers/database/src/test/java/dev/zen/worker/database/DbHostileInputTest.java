package dev.zen.worker.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input on real PostgreSQL, MariaDB and Redis: every case is refused with its exact reason,
 * and the database did not change (a checksum of the data and the list of tables, and the Redis keys,
 * are the same after the case as before it).
 */
class DbHostileInputTest {

    static TestDatabases.Postgres pg;
    static TestDatabases.MariaDb maria;
    static TestSources tools;
    static ToolDefinition query;
    static ToolDefinition execute;
    static final String PWNED = "/tmp/zen-pwned-" + UUID.randomUUID();
    static final String KEY = "zen-test-" + UUID.randomUUID();
    static RedisClient redisClient;
    static StatefulRedisConnection<String, String> redis;

    String pgBefore;
    String mariaBefore;
    String redisBefore;

    @BeforeAll
    static void setUp() throws Exception {
        pg = new TestDatabases.Postgres("hostile");
        pg.asOwner("CREATE TABLE items (id bigint PRIMARY KEY, name text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g");
        maria = new TestDatabases.MariaDb("hostile");
        maria.asRoot("CREATE TABLE items (id bigint PRIMARY KEY, name varchar(100))", "INSERT INTO items VALUES (1, 'one'), (2, 'two')");
        SourceConfig redisReadOnly = new SourceConfig("cache", SourceKind.REDIS, URI.create("redis://127.0.0.1:6379/0"), null, null,
                Access.READ_ONLY, 1, Duration.ofSeconds(5), 100, 64 * 1024, Set.of());
        SourceConfig redisReadWrite = new SourceConfig("cache-rw", SourceKind.REDIS, URI.create("redis://127.0.0.1:6379/0"), null, null,
                Access.READ_WRITE, 1, Duration.ofSeconds(5), 100, 64 * 1024, Set.of());
        tools = new TestSources(null,
                pg.source("ro", Access.READ_ONLY, pg.reader, Duration.ofSeconds(1), 1000),
                pg.source("rw", Access.READ_WRITE, pg.writer),
                pg.source("admin", Access.ADMIN, pg.admin),
                maria.source("maria", Access.READ_ONLY, maria.reader, "r-pass"),
                maria.source("maria-writer-ro", Access.READ_ONLY, maria.writer, "w-pass"),
                redisReadOnly, redisReadWrite);
        query = DbQueryTool.definition(tools.sources);
        execute = DbExecuteTool.definition(tools.sources);
        redisClient = RedisClient.create("redis://127.0.0.1:6379/0");
        redis = redisClient.connect();
        redis.sync().set(KEY, "kept");
    }

    @AfterAll
    static void tearDown() throws Exception {
        redis.sync().del(KEY);
        redis.close();
        redisClient.shutdown();
        tools.close();
        pg.close();
        maria.close();
    }

    @BeforeEach
    void snapshot() throws Exception {
        pgBefore = pgState();
        mariaBefore = mariaState();
        redisBefore = redis.sync().get(KEY) + "|" + redis.sync().exists(KEY + "-new");
    }

    @AfterEach
    void unchanged() throws Exception {
        assertThat(pgState()).as("PostgreSQL data and tables").isEqualTo(pgBefore);
        assertThat(mariaState()).as("MariaDB data").isEqualTo(mariaBefore);
        assertThat(redis.sync().get(KEY) + "|" + redis.sync().exists(KEY + "-new")).as("Redis keys").isEqualTo(redisBefore);
        assertThat(Path.of(PWNED)).doesNotExist();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // writes on a read-only source: the database refuses them
                Arguments.of("INSERT on read-only", query, Map.of("source", "ro", "sql", "INSERT INTO items VALUES (1000, 'x')"),
                        "(SQLSTATE 25006): ERROR: cannot execute INSERT in a read-only transaction (source 'ro' is read-only"),
                Arguments.of("UPDATE on read-only", query, Map.of("source", "ro", "sql", "UPDATE items SET name = 'x'"),
                        "cannot execute UPDATE in a read-only transaction"),
                Arguments.of("DELETE on read-only", query, Map.of("source", "ro", "sql", "DELETE FROM items"),
                        "cannot execute DELETE in a read-only transaction"),
                Arguments.of("DROP on read-only", query, Map.of("source", "ro", "sql", "DROP TABLE items"),
                        "cannot execute DROP TABLE in a read-only transaction"),
                Arguments.of("CREATE on read-only", query, Map.of("source", "ro", "sql", "CREATE TABLE evil (id int)"),
                        "cannot execute CREATE TABLE in a read-only transaction"),
                Arguments.of("a data-modifying CTE", query, Map.of("source", "ro", "sql",
                        "WITH gone AS (DELETE FROM items RETURNING *) SELECT count(*) FROM gone"), "(SQLSTATE 25006)"),
                Arguments.of("a DO block", query, Map.of("source", "ro", "sql", "DO $$BEGIN DELETE FROM items; END$$"),
                        "cannot execute DELETE in a read-only transaction"),
                Arguments.of("a write on a read-write source through db_query", query, Map.of("source", "rw", "sql",
                        "DELETE FROM items WHERE id = 1"), "db_query runs in a READ ONLY transaction: changes go through db_execute"),
                // statements riding along
                Arguments.of("two statements", query, Map.of("source", "ro", "sql", "SELECT 1; DROP TABLE items"),
                        "Expected 'sql' to hold one statement, but it holds 2"),
                Arguments.of("COMMIT then DROP", query, Map.of("source", "rw", "sql", "COMMIT; DROP TABLE items"),
                        "Expected 'sql' to hold one statement, but it holds 2"),
                Arguments.of("two statements on MariaDB", query, Map.of("source", "maria", "sql", "SELECT 1; DELETE FROM items"),
                        "Expected 'sql' to hold one statement, but it holds 2"),
                // sources are configured, never given
                Arguments.of("an unknown source", query, Map.of("source", "nope", "sql", "SELECT 1"), "but there is none named 'nope'"),
                Arguments.of("a DSN as the source", query, Map.of("source", "postgresql://postgres@127.0.0.1:5432/postgres", "sql",
                        "SELECT 1"), "never given as a connection string"),
                Arguments.of("a URL argument", query, Map.of("source", "ro", "sql", "SELECT 1", "url", "postgresql://x"),
                        "but got 'url'"),
                // server-side functions, refused by the role
                Arguments.of("pg_read_file", query, Map.of("source", "ro", "sql", "SELECT pg_read_file('/etc/passwd')"),
                        "(SQLSTATE 42501): ERROR: permission denied for function pg_read_file"),
                Arguments.of("COPY TO PROGRAM", query, Map.of("source", "ro", "sql", "COPY (SELECT 1) TO PROGRAM 'touch " + PWNED + "'"),
                        "(SQLSTATE 42501)"),
                Arguments.of("lo_export", query, Map.of("source", "ro", "sql", "SELECT lo_export(1, '" + PWNED + "')"), "(SQLSTATE 42501)"),
                // MariaDB: the SELECT-only user is refused by its grants; a user that could write, by the READ ONLY transaction
                Arguments.of("INSERT by a SELECT-only MariaDB user", query, Map.of("source", "maria", "sql",
                        "INSERT INTO items VALUES (9, 'x')"), "(SQLSTATE 42000): (conn="),
                Arguments.of("INSERT on read-only MariaDB", query, Map.of("source", "maria-writer-ro", "sql",
                        "INSERT INTO items VALUES (9, 'x')"), "refused it (SQLSTATE 25006)"),
                // db_execute's gates
                Arguments.of("db_execute on a read-only source", execute, Map.of("source", "ro", "sql", "DELETE FROM items"),
                        "Expected a read-write or admin source for db_execute, but source 'ro' is read-only. Nothing ran"),
                Arguments.of("DDL on a read-write source", execute, Map.of("source", "rw", "sql", "DROP TABLE items", "confirmed", true),
                        "Expected an admin source for 'DROP' (not a data change), but source 'rw' is read-write. Nothing ran"),
                Arguments.of("DDL without confirmed", execute, Map.of("source", "admin", "sql", "DROP TABLE items"),
                        "Expected confirmed: true for 'DROP'"),
                Arguments.of("TRUNCATE without confirmed", execute, Map.of("source", "admin", "sql", "TRUNCATE items"),
                        "Expected confirmed: true for 'TRUNCATE'"),
                Arguments.of("a query through db_execute", execute, Map.of("source", "rw", "sql", "SELECT * FROM items"),
                        "Expected a change for db_execute, but 'SELECT' reads: use db_query"),
                Arguments.of("a write role beyond its grants", execute, Map.of("source", "rw", "sql", "DELETE FROM pg_authid"),
                        "(SQLSTATE 42501)"),
                // Redis
                Arguments.of("a Redis write on a read-only source", execute, Map.of("source", "cache", "command",
                        List.of("SET", KEY, "changed")), "Expected a read-write source for 'SET', but source 'cache' is read-only"),
                Arguments.of("a Redis write through db_query", query, Map.of("source", "cache-rw", "command", List.of("SET", KEY, "x")),
                        "is not one: writes go through db_execute"),
                Arguments.of("FLUSHALL", execute, Map.of("source", "cache-rw", "command", List.of("FLUSHALL")),
                        "Expected a Redis data write"),
                Arguments.of("CONFIG SET", query, Map.of("source", "cache", "command", List.of("CONFIG", "SET", "dir", "/tmp")),
                        "Expected a Redis read command"),
                Arguments.of("EVAL", execute, Map.of("source", "cache-rw", "command", List.of("EVAL", "redis.call('del', KEYS[1])", "1", KEY)),
                        "Expected a Redis data write"),
                Arguments.of("SQL to Redis", query, Map.of("source", "cache", "sql", "SELECT 1"), "Expected 'command' (an argv)"),
                // parameters
                Arguments.of("a parameter of the wrong type", query, Map.of("source", "ro", "sql", "SELECT * FROM items WHERE id = ?",
                        "params", List.of("1 OR 1=1")), "(SQLSTATE 22P02)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void shouldRefuseAndChangeNothing(String name, ToolDefinition tool, Map<String, Object> arguments, String reason) {
        List<Object> pairs = new ArrayList<>();
        arguments.forEach((k, v) -> {
            pairs.add(k);
            pairs.add(v);
        });
        assertThatThrownBy(() -> tools.run(tool, pairs.toArray())).as(name).isInstanceOf(ToolFailure.class).hasMessageContaining(reason);
    }

    @Test
    void shouldNotLetASessionSettingOutliveItsCall() throws Exception {
        tools.run(query, "source", "ro", "sql", "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
        tools.run(query, "source", "ro", "sql", "SELECT set_config('default_transaction_read_only', 'off', false)");
        for (int i = 0; i < 8; i++) { // every pooled connection
            assertThatThrownBy(() -> tools.run(query, "source", "ro", "sql", "UPDATE items SET name = 'x'"))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("read-only transaction");
        }
    }

    @Test
    void shouldCancelAQueryPastItsTimeoutOnTheServer() throws Exception {
        String marker = "zen_timeout_" + UUID.randomUUID().toString().replace("-", "");
        long started = System.nanoTime();
        assertThatThrownBy(() -> tools.run(query, "source", "ro", "sql", "SELECT pg_sleep(30) AS " + marker))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("(SQLSTATE 57014)")
                .hasMessageContaining("past its statement_timeout of 1000 ms: the server cancelled it");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> activeQueriesWith(marker) == 0);
    }

    @Test
    void shouldCapAHugeResult() throws Exception {
        var out = tools.run(query, "source", "ro", "sql", "SELECT g, repeat('x', 100) FROM generate_series(1, 1000000) g",
                "max_rows", 100000).structuredContent();
        assertThat(out.get("truncated").asBoolean()).isTrue();
        assertThat(out.get("rowCount").asLong()).isEqualTo(1000); // the source's cap
    }

    private static long activeQueriesWith(String marker) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.PG_ADMIN_URL, "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%" + marker
                        + "%' AND pid <> pg_backend_pid()")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String pgState() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + pg.database, "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM items t) || '|' || "
                        + "(SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public')")) {
            r.next();
            return r.getString(1);
        }
    }

    private static String mariaState() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.MARIADB_ADMIN_URL + maria.database, "root", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT GROUP_CONCAT(CONCAT(id, ':', name) ORDER BY id) FROM items")) {
            r.next();
            return r.getString(1);
        }
    }
}
