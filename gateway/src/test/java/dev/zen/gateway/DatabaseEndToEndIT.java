package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.testkit.SharedKafka;
import dev.zen.worker.database.DatabaseService;
import dev.zen.worker.database.DatabaseSettings;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import dev.zen.worker.runtime.settings.Settings;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database service end to end, all real: the gateway on a random port, a database worker on the
 * shared in-JVM broker with two sources on the machine's PostgreSQL (a database of this test's own,
 * a read-only source under a SELECT-only role and a read-write one), and the official MCP Java SDK
 * client reading, changing and being refused through Kafka.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseEndToEndIT {

    static final String PREFIX = SharedKafka.uniquePrefix("db-e2e");
    static final String DB = "zen_e2e_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    static WorkerRuntime worker;
    static Path dir;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "false");
        registry.add("zen.api-rate-limit", () -> "0");
        registry.add("zen.call-timeout", () -> "20s");
    }

    @BeforeAll
    static void startDatabaseWorker() throws Exception {
        superuser("postgres", "CREATE ROLE " + DB + "_reader LOGIN", "CREATE ROLE " + DB + "_writer LOGIN", "CREATE DATABASE " + DB);
        superuser(DB, "CREATE TABLE accounts (id bigint PRIMARY KEY, owner text, balance numeric(12,2))",
                "INSERT INTO accounts VALUES (1, 'ada', 100.00), (2, 'grace', 250.50)",
                "GRANT SELECT ON accounts TO " + DB + "_reader", "GRANT SELECT, UPDATE ON accounts TO " + DB + "_writer");
        dir = Files.createTempDirectory("zen-db-e2e");
        Path sources = Files.writeString(dir.resolve("sources.yaml"), """
                sources:
                  - id: bank
                    url: postgresql://127.0.0.1:5432/%1$s
                    user: %1$s_reader
                  - id: bank-rw
                    url: postgresql://127.0.0.1:5432/%1$s
                    user: %1$s_writer
                    access: read-write
                  - id: bank-admin
                    url: postgresql://127.0.0.1:5432/%1$s
                    user: postgres
                    access: admin
                """.formatted(DB));
        Settings values = Settings.of(Map.of("DATABASE_SOURCES_FILE", sources.toString(), "DATABASE_BACKUP_DIR",
                dir.resolve("backups").toString()), DatabaseSettings.ALL);
        worker = new WorkerRuntime(new DatabaseService().define(values, "test"),
                WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "db-1").withHeartbeatInterval(Duration.ofSeconds(1)))
                .start();
        assertThat(worker.awaitAssignment(Duration.ofSeconds(60))).isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.stop();
        }
        superuser("postgres", "DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)", "DROP ROLE IF EXISTS " + DB + "_reader",
                "DROP ROLE IF EXISTS " + DB + "_writer");
    }

    @BeforeEach
    void awaitTools() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/tools")).build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"db_query\""));
    }

    @Test
    void shouldQueryChangeAndRefuseThroughKafka() throws Exception {
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30))
                .clientInfo(new McpSchema.Implementation("zen-db-e2e", "1.0")).build()) {
            client.initialize();
            McpSchema.Tool query = client.listTools().tools().stream().filter(t -> t.name().equals("db_query")).findFirst().orElseThrow();
            assertThat(query.annotations().readOnlyHint()).isTrue();
            assertThat(query.outputSchema()).isNotNull();

            McpSchema.CallToolResult listed = client.callTool(new McpSchema.CallToolRequest("db_list_sources", Map.of()));
            assertThat(listed.structuredContent().toString()).contains("bank", "read-only", "bank-rw", "read-write");

            McpSchema.CallToolResult rows = client.callTool(new McpSchema.CallToolRequest("db_query", Map.of("source", "bank",
                    "sql", "SELECT owner, balance FROM accounts WHERE id = ?", "params", List.of(2))));
            assertThat(rows.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(rows.structuredContent().toString()).contains("grace", "250.5");

            McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("db_query", Map.of("source", "bank",
                    "sql", "UPDATE accounts SET balance = 0")));
            assertThat(refused.isError()).isTrue();
            assertThat(((McpSchema.TextContent) refused.content().getFirst()).text()).contains("read-only transaction");

            McpSchema.CallToolResult changed = client.callTool(new McpSchema.CallToolRequest("db_execute", Map.of("source", "bank-rw",
                    "sql", "UPDATE accounts SET balance = balance + ? WHERE owner = ?", "params", List.of(1, "ada"))));
            assertThat(changed.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(changed.structuredContent().toString()).contains("affectedRows=1");
        }
        assertThat(balance("ada")).isEqualTo("101.00");
        assertThat(balance("grace")).isEqualTo("250.50");
    }

    @Test
    void shouldBackUpAndProveTheRestoreAsJobs() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // task support is required: a plain MCP call is refused, a REST job runs it
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30))
                .clientInfo(new McpSchema.Implementation("zen-db-e2e", "1.0")).build()) {
            client.initialize();
            Throwable plain = org.assertj.core.api.Assertions.catchThrowable(() -> client.callTool(new McpSchema.CallToolRequest(
                    "db_backup", Map.of("source", "bank-admin"))));
            assertThat(plain).isInstanceOf(io.modelcontextprotocol.spec.McpError.class).hasMessageContaining("runs only as a task");
        }
        tools.jackson.databind.JsonNode dump = job(http, "{\"tool\":\"db_backup\",\"arguments\":{\"source\":\"bank-admin\"}}");
        String file = dump.path("result").path("structuredContent").path("file").asString();
        assertThat(file).startsWith("bank-admin-").endsWith(".dump");
        assertThat(dir.resolve("backups").resolve(file)).exists();
        assertThat(dump.path("result").path("structuredContent").path("sha256").asString()).hasSize(64);
        tools.jackson.databind.JsonNode check = job(http, "{\"tool\":\"db_restore_check\",\"arguments\":{\"source\":\"bank-admin\","
                + "\"file\":\"" + file + "\"}}");
        assertThat(check.path("result").path("structuredContent").path("matches").asBoolean()).as(check.toString()).isTrue();
    }

    /** Submits a REST job and waits for it to end; returns the finished job. */
    private tools.jackson.databind.JsonNode job(HttpClient http, String body) throws Exception {
        tools.jackson.databind.ObjectMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = json.readTree(accepted.body()).path("id").asString();
        tools.jackson.databind.JsonNode[] last = new tools.jackson.databind.JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            last[0] = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            return !last[0].path("status").asString().equals("working");
        });
        assertThat(last[0].path("status").asString()).as(last[0].toString()).isEqualTo("completed");
        assertThat(last[0].path("result").path("isError").asBoolean(false)).as(last[0].toString()).isFalse();
        return last[0];
    }

    private static String balance(String owner) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DB, "postgres", "");
                Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT balance FROM accounts WHERE owner = '" + owner + "'")) {
            r.next();
            return r.getString(1);
        }
    }

    private static void superuser(String database, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
