package dev.zen.worker.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.worker.runtime.ToolDefinition;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** MariaDB and Redis sources: typed reads, a write on a read-write source, db_connect and db_list_sources. */
class OtherSourcesTest {

    static TestDatabases.MariaDb maria;
    static TestSources tools;
    static ToolDefinition query;
    static ToolDefinition execute;
    static final String KEY = "zen-test-" + UUID.randomUUID();
    static RedisClient client;
    static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void setUp() throws Exception {
        maria = new TestDatabases.MariaDb("other");
        maria.asRoot("CREATE TABLE people (id bigint PRIMARY KEY, name varchar(50), born date, balance decimal(10,2), seen datetime)",
                "INSERT INTO people VALUES (1, 'Ada', '1815-12-10', 10.50, '2026-01-02 03:04:05')");
        tools = new TestSources(null, maria.source("shop", Access.READ_ONLY, maria.reader, "r-pass"),
                maria.source("shop-rw", Access.READ_WRITE, maria.writer, "w-pass"),
                new SourceConfig("cache", SourceKind.REDIS, URI.create("redis://127.0.0.1:6379/0"), null, null, Access.READ_ONLY, 1,
                        Duration.ofSeconds(5), 3, 64 * 1024, Set.of()),
                new SourceConfig("cache-rw", SourceKind.REDIS, URI.create("redis://127.0.0.1:6379/0"), null, null, Access.READ_WRITE, 1,
                        Duration.ofSeconds(5), 100, 64 * 1024, Set.of("ops")));
        query = DbQueryTool.definition(tools.sources);
        execute = DbExecuteTool.definition(tools.sources);
        client = RedisClient.create("redis://127.0.0.1:6379/0");
        redis = client.connect();
        redis.sync().rpush(KEY + ":list", "a", "b", "c", "d", "e");
    }

    @AfterAll
    static void tearDown() throws Exception {
        redis.sync().del(KEY + ":list", KEY + ":new");
        redis.close();
        client.shutdown();
        tools.close();
        maria.close();
    }

    @Test
    void shouldReadAndWriteMariaDb() throws Exception {
        JsonNode row = tools.run(query, "source", "shop", "sql", "SELECT * FROM people WHERE id = ?", "params", List.of(1))
                .structuredContent().get("rows").get(0);
        assertThat(row.get(1).asString()).isEqualTo("Ada");
        assertThat(row.get(2).asString()).isEqualTo("1815-12-10");
        assertThat(row.get(3).asDouble()).isEqualTo(10.5);
        assertThat(row.get(4).asString()).isEqualTo("2026-01-02T03:04:05");
        JsonNode changed = tools.run(execute, "source", "shop-rw", "sql", "INSERT INTO people (id, name) VALUES (?, ?)",
                "params", List.of(2, "Grace")).structuredContent();
        assertThat(changed.get("affectedRows").asLong()).isEqualTo(1);
        assertThat(tools.run(query, "source", "shop", "sql", "SELECT count(*) FROM people").structuredContent().get("rows").get(0).get(0)
                .asLong()).isEqualTo(2);
    }

    @Test
    void shouldReadRedisWithinTheCapAndWriteOnlyWhereAllowed() throws Exception {
        JsonNode range = tools.run(query, "source", "cache", "command", List.of("LRANGE", KEY + ":list", "0", "-1")).structuredContent();
        assertThat(range.get("rowCount").asLong()).isEqualTo(3);
        assertThat(range.get("truncated").asBoolean()).isTrue();
        assertThat(range.get("rows").get(0).get(0).asString()).isEqualTo("a");
        JsonNode set = tools.runAs(execute, new dev.zen.schemas.Principal("op", List.of("ops"), null), "source", "cache-rw", "command",
                List.of("SET", KEY + ":new", "v")).structuredContent();
        assertThat(set.get("kind").asString()).isEqualTo("redis");
        assertThat(redis.sync().get(KEY + ":new")).isEqualTo("v");
    }

    @Test
    void shouldListOnlyTheSourcesACallerMayUseAndCheckThem() throws Exception {
        ToolDefinition list = DbListSourcesTool.definition(tools.sources);
        assertThat(tools.run(list).structuredContent().get("sources")).extracting(s -> s.get("id").asString())
                .containsExactly("shop", "shop-rw", "cache");
        assertThat(tools.runAs(list, new dev.zen.schemas.Principal("op", List.of("ops"), null)).structuredContent().get("sources"))
                .extracting(s -> s.get("id").asString()).contains("cache-rw");
        ToolDefinition connect = DbConnectTool.definition(tools.sources);
        JsonNode shop = tools.run(connect, "source", "shop").structuredContent();
        assertThat(shop.get("server").get("server").asString()).contains("MariaDB");
        assertThat(shop.get("server").get("user").asString()).startsWith(maria.reader);
        assertThat(shop.get("server").get("sessionReadOnly").asString()).isEqualTo("1");
        assertThat(shop.get("warnings")).isEmpty();
        assertThat(tools.run(connect, "source", "cache").structuredContent().get("server").get("server").asString()).startsWith("Redis");
    }
}
