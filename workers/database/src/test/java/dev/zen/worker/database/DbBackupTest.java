package dev.zen.worker.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.schemas.TaskSupport;
import dev.zen.worker.runtime.ClientChannel;
import dev.zen.worker.runtime.ClientRequest;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.testkit.ToolCalls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * db_backup and db_restore_check on a real PostgreSQL with the machine's pg_dump and pg_restore: whole,
 * schema- and table-limited dumps whose checksums match their files, progress per table, restores that
 * match the source and one that no longer does, and refusals that run nothing and leave no file.
 */
class DbBackupTest {

    @TempDir
    static Path backupDir;
    @TempDir
    static Path elsewhere;

    static TestDatabases.Postgres pg;
    static TestDatabases.MariaDb maria;
    static TestSources tools;
    static ToolDefinition backup;
    static ToolDefinition restoreCheck;

    @BeforeAll
    static void setUp() throws Exception {
        pg = new TestDatabases.Postgres("backup");
        pg.asOwner("CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 120) g",
                "CREATE TABLE ledger (id bigint PRIMARY KEY, amount numeric(12, 2))",
                "INSERT INTO ledger SELECT g, g * 1.5 FROM generate_series(1, 5) g",
                "CREATE SCHEMA sales",
                "CREATE TABLE sales.invoices (id bigint PRIMARY KEY, customer bigint, total numeric(12, 2))",
                "INSERT INTO sales.invoices SELECT g, 1 + g % 120, g * 10 FROM generate_series(1, 300) g",
                "CREATE TABLE sales.\"Totals\" (day date PRIMARY KEY, total numeric)",
                "INSERT INTO sales.\"Totals\" VALUES ('2026-01-01', 10), ('2026-01-02', 20)",
                // a schema whose table refers to one outside it: a dump of that schema alone does not restore
                "CREATE SCHEMA crm",
                "CREATE TABLE crm.contacts (id bigint PRIMARY KEY, customer bigint NOT NULL REFERENCES customers)",
                "INSERT INTO crm.contacts VALUES (1, 1), (2, 2)");
        maria = new TestDatabases.MariaDb("backup");
        SourceConfig redis = new SourceConfig("cache", SourceKind.REDIS, URI.create("redis://127.0.0.1:6379/0"), null, null,
                Access.ADMIN, 1, Duration.ofSeconds(5), 1000, 512 * 1024, Set.of());
        tools = new TestSources(backupDir, pg.source("main", Access.ADMIN, pg.admin), pg.source("ro", Access.READ_ONLY, pg.reader),
                pg.source("rw", Access.READ_WRITE, pg.writer), maria.source("maria", Access.ADMIN, "root", null), redis,
                // configured admin, but its role may not create databases
                pg.source("weak", Access.ADMIN, pg.writer));
        PgBinaries binaries = PgBinaries.locate();
        backup = DbBackupTool.definition(tools.sources, backupDir, binaries);
        restoreCheck = DbRestoreCheckTool.definition(tools.sources, backupDir, binaries);
    }

    @AfterAll
    static void tearDown() throws Exception {
        tools.close();
        maria.close();
        pg.close();
    }

    @Test
    void shouldAnnounceLongJobsThatWriteOnlyFiles() {
        assertThat(backup.descriptor().taskSupport()).isEqualTo(TaskSupport.REQUIRED.wireName());
        assertThat(restoreCheck.descriptor().taskSupport()).isEqualTo(TaskSupport.REQUIRED.wireName());
        assertThat(backup.descriptor().annotations().readOnlyHint()).isFalse();
        assertThat(backup.descriptor().annotations().destructiveHint()).isFalse();
        assertThat(backup.descriptor().annotations().idempotentHint()).isFalse();
        assertThat(restoreCheck.descriptor().annotations().destructiveHint()).isFalse();
        assertThat(restoreCheck.descriptor().annotations().idempotentHint()).isTrue();
    }

    @Test
    void shouldDumpTheWholeDatabaseAndRestoreItWithEveryTableMatching() throws Exception {
        // given / when
        ProgressRecorder progress = new ProgressRecorder();
        Run dump = run(backup, progress, "source", "main");

        // then: the file is whole, named for the source, private, and its checksum is the file's
        JsonNode out = dump.out();
        String file = out.get("file").asString();
        assertThat(file).matches("main-\\d{8}T\\d{6}\\.\\d{3}Z\\.dump");
        Path path = Path.of(out.get("path").asString());
        assertThat(path).isEqualTo(backupDir.resolve(file).toAbsolutePath().normalize());
        assertThat(out.get("bytes").asLong()).isEqualTo(Files.size(path)).isGreaterThan(0);
        assertThat(out.get("sha256").asString()).isEqualTo(sha256(path));
        assertThat(out.get("tablesDumped").asLong()).isEqualTo(5);
        assertThat(out.get("pgDump").asString()).startsWith("pg_dump (PostgreSQL) ");
        assertThat(Files.getPosixFilePermissions(path)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(partialFiles()).isEmpty();
        assertThat(progress.messages).anyMatch(m -> m.contains("dumping table public.customers"))
                .anyMatch(m -> m.contains("dumping table sales.Totals") && m.contains("of 5"));
        assertThat(progress.values).isSorted();
        JsonNode facts = dump.call.facts().toJson();
        assertThat(facts.get("source").asString()).isEqualTo("main");
        assertThat(facts.get("file").asString()).isEqualTo(file);
        assertThat(facts.get("bytes").asLong()).isEqualTo(Files.size(path));
        assertThat(facts.get("sha256").asString()).isEqualTo(sha256(path));

        // and it restores, every table with the source's rows
        ProgressRecorder checkProgress = new ProgressRecorder();
        JsonNode check = run(restoreCheck, checkProgress, "source", "main", "file", file).out();
        assertThat(check.get("matches").asBoolean()).isTrue();
        assertThat(check.get("tablesInDump").asLong()).isEqualTo(5);
        assertThat(check.get("tablesRestored").asLong()).isEqualTo(5);
        assertThat(check.get("tablesCompared").asLong()).isEqualTo(5);
        assertThat(check.get("tablesMatching").asLong()).isEqualTo(5);
        assertThat(check.get("mismatches")).isEmpty();
        assertThat(check.get("missing")).isEmpty();
        assertThat(check.get("capped").asBoolean()).isFalse();
        assertThat(check.get("scratchDropped").asBoolean()).isTrue();
        assertThat(databaseExists(check.get("scratchDatabase").asString())).isFalse();
        assertThat(checkProgress.messages).anyMatch(m -> m.contains("restoring table sales.invoices"))
                .anyMatch(m -> m.contains("compared 5 of 5"));
        assertThat(checkProgress.values).isSorted();
    }

    @Test
    void shouldDumpOnlyTheNamedSchemas() throws Exception {
        JsonNode out = run(backup, new ProgressRecorder(), "source", "main", "schemas", List.of("sales")).out();
        assertThat(out.get("tablesDumped").asLong()).isEqualTo(2);
        assertThat(out.get("sha256").asString()).isEqualTo(sha256(Path.of(out.get("path").asString())));

        JsonNode check = run(restoreCheck, new ProgressRecorder(), "source", "main", "file", out.get("file").asString()).out();
        assertThat(check.get("tablesRestored").asLong()).isEqualTo(2);
        assertThat(check.get("tablesMatching").asLong()).isEqualTo(2);
        assertThat(check.get("matches").asBoolean()).isTrue();
        assertThat(databaseExists(check.get("scratchDatabase").asString())).isFalse();
    }

    @Test
    void shouldSayADumpDoesNotRestoreWhenItsTablesNeedWhatItLeftOutAndDropTheScratchDatabase() throws Exception {
        // given a dump of crm alone, whose contacts refer to public.customers
        String file = run(backup, new ProgressRecorder(), "source", "main", "schemas", List.of("crm")).out().get("file").asString();
        int scratch = scratchDatabases();

        // when / then
        assertThatThrownBy(() -> run(restoreCheck, new ProgressRecorder(), "source", "main", "file", file))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("Expected " + file + " to restore into a scratch database on the server of source 'main', but "
                        + "pg_restore failed (exit 1): pg_restore: error: could not execute query: ERROR:  relation \"public.customers\" "
                        + "does not exist")
                .hasMessageMatching("(?s).*; the scratch database zen_restore_check_[0-9a-f]{12} was dropped");
        assertThat(scratchDatabases()).isEqualTo(scratch);
    }

    @Test
    void shouldDumpOnlyTheNamedTablesByTheirExactNames() throws Exception {
        ProgressRecorder progress = new ProgressRecorder();
        JsonNode out = run(backup, progress, "source", "main", "tables", List.of("customers", "sales.Totals")).out();
        assertThat(out.get("tablesDumped").asLong()).isEqualTo(2);
        assertThat(progress.messages).anyMatch(m -> m.contains("dumping table sales.Totals (2 of 2)"));

        JsonNode check = run(restoreCheck, new ProgressRecorder(), "source", "main", "file", out.get("file").asString()).out();
        assertThat(check.get("tablesRestored").asLong()).isEqualTo(2);
        assertThat(check.get("matches").asBoolean()).isTrue();
        assertThat(databaseExists(check.get("scratchDatabase").asString())).isFalse();
    }

    @Test
    void shouldReportAMismatchWhenTheSourceChangedAfterTheDump() throws Exception {
        // given a dump of the ledger, then two more rows in the source
        String file = run(backup, new ProgressRecorder(), "source", "main", "tables", List.of("public.ledger")).out().get("file")
                .asString();
        pg.asOwner("INSERT INTO ledger VALUES (1001, 1), (1002, 2)");
        try {
            // when
            Run check = run(restoreCheck, new ProgressRecorder(), "source", "main", "file", file);

            // then
            JsonNode out = check.out();
            assertThat(out.get("matches").asBoolean()).isFalse();
            assertThat(out.get("tablesMatching").asLong()).isZero();
            assertThat(out.get("mismatches")).hasSize(1);
            JsonNode mismatch = out.get("mismatches").get(0);
            assertThat(mismatch.get("table").asString()).isEqualTo("public.ledger");
            assertThat(mismatch.get("expected").asLong()).isEqualTo(7);
            assertThat(mismatch.get("got").asLong()).isEqualTo(5);
            assertThat(ToolCalls.text(check.result)).contains("public.ledger: 7 rows in the source, 5 restored");
            assertThat(check.call.facts().toJson().get("mismatches").asLong()).isEqualTo(1);
            assertThat(databaseExists(out.get("scratchDatabase").asString())).isFalse();
        } finally {
            pg.asOwner("DELETE FROM ledger WHERE id > 1000");
        }
    }

    @Test
    void shouldRefuseSourcesThatAreNotAdminPostgresqlAndRunNothing() throws Exception {
        assertRefusedAndNothingRan(backup, "Expected an admin source for db_backup (a dump reads every row), but source 'ro' is "
                + "read-only. Nothing ran", "source", "ro");
        assertRefusedAndNothingRan(backup, "but source 'rw' is read-write. Nothing ran", "source", "rw");
        assertRefusedAndNothingRan(backup, "Expected a PostgreSQL source for db_backup (it runs pg_dump and pg_restore), but source "
                + "'maria' is mariadb. Nothing ran", "source", "maria");
        assertRefusedAndNothingRan(backup, "but source 'cache' is redis. Nothing ran", "source", "cache");
        assertRefusedAndNothingRan(backup, "there is none named 'postgresql://127.0.0.1/x'", "source", "postgresql://127.0.0.1/x");
        assertRefusedAndNothingRan(restoreCheck, "Expected an admin source for db_restore_check", "source", "ro", "file", "x.dump");
        assertRefusedAndNothingRan(restoreCheck, "but source 'maria' is mariadb", "source", "maria", "file", "x.dump");
        // a worker without pg_dump says so
        ToolDefinition without = DbBackupTool.definition(tools.sources, backupDir, PgBinaries.none());
        assertRefusedAndNothingRan(without, "Expected pg_dump and pg_restore on this worker for db_backup", "source", "main");
    }

    @Test
    void shouldRefuseNamesThatAreNotPlainIdentifiers() throws Exception {
        for (String table : List.of("ledger; DROP TABLE customers", "led\"ger", "public.*", "a.b.c", "--file=/tmp/x", " ledger", "")) {
            assertRefusedAndNothingRan(backup, "Expected argument 'tables[0]' to be a table name or schema.table (letters, digits", 
                    "source", "main", "tables", List.of(table));
        }
        assertRefusedAndNothingRan(backup, "Expected argument 'schemas[1]' to be a schema name", "source", "main", "schemas",
                List.of("sales", "sales'"));
        assertRefusedAndNothingRan(backup, "Expected argument 'tables' to have 0 to 200 tables", "source", "main", "tables",
                java.util.Collections.nCopies(201, "ledger"));
        assertRefusedAndNothingRan(backup, "Expected either schemas or tables, but got both", "source", "main", "schemas",
                List.of("sales"), "tables", List.of("ledger"));
        assertRefusedAndNothingRan(backup, "but it has no nosuch, sales.totals (names are exact and case-sensitive", "source", "main",
                "tables", List.of("ledger", "nosuch", "sales.totals"));
        assertRefusedAndNothingRan(backup, "but it has no schema Sales", "source", "main", "schemas", List.of("Sales"));
    }

    @Test
    void shouldRefuseFilesOutsideTheBackupDirectoryOrMissing() throws Exception {
        // given a real dump elsewhere, reachable by a symbolic link, and a file that is no dump
        String dumped = run(backup, new ProgressRecorder(), "source", "main", "tables", List.of("ledger")).out().get("file").asString();
        Path outside = Files.copy(backupDir.resolve(dumped), elsewhere.resolve("outside.dump"));
        Files.createSymbolicLink(backupDir.resolve("link.dump"), outside);
        Files.writeString(backupDir.resolve("notes.dump"), "not a dump");
        try {
            assertRefusedAndNothingRan(restoreCheck, "goes up with '..'", "source", "main", "file", "../" + dumped);
            assertRefusedAndNothingRan(restoreCheck, "goes up with '..'", "source", "main", "file", "sub/../../x.dump");
            assertRefusedAndNothingRan(restoreCheck, "is an absolute path", "source", "main", "file", outside.toString());
            assertRefusedAndNothingRan(restoreCheck, "is an absolute path", "source", "main", "file", "/etc/passwd");
            assertRefusedAndNothingRan(restoreCheck, "leads out of the backup directory through a symbolic link", "source", "main",
                    "file", "link.dump");
            assertRefusedAndNothingRan(restoreCheck, "'nope.dump' does not exist there (the newest dumps: ", "source", "main",
                    "file", "nope.dump");
            assertRefusedAndNothingRan(restoreCheck, "is not a custom-format dump", "source", "main", "file", "notes.dump");
            assertRefusedAndNothingRan(restoreCheck, "is a partial file", "source", "main", "file", "." + dumped + ".partial");
        } finally {
            Files.delete(backupDir.resolve("link.dump"));
            Files.delete(backupDir.resolve("notes.dump"));
        }
    }

    @Test
    void shouldStopAndLeaveNoFileWhenTheClientCancels() throws Exception {
        // given a client that cancels as soon as the first table is being dumped
        ProgressRecorder cancelling = new ProgressRecorder(m -> m.startsWith("dumping table"));
        List<Path> before = files();

        // when / then
        assertThatThrownBy(() -> run(backup, cancelling, "source", "main")).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("because the client cancelled the call; the partial dump was deleted");
        assertThat(files()).isEqualTo(before);
        assertThat(partialFiles()).isEmpty();
    }

    @Test
    void shouldKillPgDumpAndLeaveNoFileWhenTheDeadlineComes() throws Exception {
        // given a table locked by someone else, so that pg_dump waits for it
        try (Connection holder = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + pg.database, pg.admin, "")) {
            holder.setAutoCommit(false);
            try (var lock = holder.createStatement()) {
                lock.execute("LOCK TABLE ledger IN ACCESS EXCLUSIVE MODE");
            }
            List<Path> before = files();
            ToolCall call = new ToolCall("call-2", backup.name(), ToolCalls.arguments("source", "main"), Principal.ANONYMOUS,
                    System.currentTimeMillis() + PgProcess.ANSWER_MARGIN_MS + 1_500, new ProgressRecorder());

            // when / then
            assertThatThrownBy(() -> backup.handler().handle(call)).isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("because the call's deadline came; the partial dump was deleted");
            assertThat(files()).isEqualTo(before);
            holder.rollback();
        }
        // and its session ends once the lock is gone
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backupSessions() == 0);
    }

    @Test
    void shouldRefuseASecondBackupOfASourceWhileOneRuns() throws Exception {
        try (Connection holder = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + pg.database, pg.admin, "")) {
            // given a backup waiting for a locked table
            holder.setAutoCommit(false);
            try (var lock = holder.createStatement()) {
                lock.execute("LOCK TABLE ledger IN ACCESS EXCLUSIVE MODE");
            }
            ProgressRecorder first = new ProgressRecorder();
            AtomicReference<Throwable> firstFailure = new AtomicReference<>();
            Thread running = Thread.ofVirtual().start(() -> {
                try {
                    run(backup, first, "source", "main");
                } catch (Throwable e) {
                    firstFailure.set(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backupSessions() == 1);

            // when / then: a second is refused, and the first stops at its client's cancel
            assertRefusedAndNothingRan(backup, "Expected no other backup of source 'main' to be running, but one is", "source", "main");
            first.cancel();
            running.join(10_000);
            assertThat(firstFailure.get()).isInstanceOf(ToolFailure.class).hasMessageContaining("because the client cancelled the call");
            holder.rollback();
        }
        assertThat(partialFiles()).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backupSessions() == 0);
    }

    @Test
    void shouldSayWhenTheSourcesRoleMayNotCreateTheScratchDatabase() throws Exception {
        String file = run(backup, new ProgressRecorder(), "source", "main", "tables", List.of("ledger")).out().get("file").asString();
        int scratch = scratchDatabases();
        assertThatThrownBy(() -> run(restoreCheck, new ProgressRecorder(), "source", "weak", "file", file))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("Expected to create a scratch database for the restore check on the server of source 'weak', but "
                        + "PostgreSQL refused (SQLSTATE 42501)")
                .hasMessageContaining("needs CREATEDB: ALTER ROLE " + pg.writer + " CREATEDB). Nothing was restored");
        assertThat(scratchDatabases()).isEqualTo(scratch);
    }

    @Test
    void shouldUseTheHighestVersionedPgDumpFound() throws Exception {
        // given fake client programs that only tell a version, around the machine's real ones
        Path old = fakeClients(elsewhere.resolve("old"), "13.4");
        Path newest = fakeClients(elsewhere.resolve("newest"), "99.1");
        Path sameAsNewest = fakeClients(elsewhere.resolve("same"), "99.0");

        PgBinaries found = PgBinaries.locate(List.of(old, elsewhere.resolve("absent"), newest, sameAsNewest));

        assertThat(found.major()).isEqualTo(99);
        assertThat(found.pgDump("db_backup")).isEqualTo(newest.resolve("pg_dump"));
        assertThat(PgBinaries.locate(List.of(elsewhere.resolve("absent"))).found()).isFalse();
        assertThat(PgBinaries.candidates()).endsWith(Path.of("/usr/local/bin"), Path.of("/usr/bin"));
        // a server newer than the client programs is refused before pg_dump runs
        assertThatThrownBy(() -> PgBinaries.locate(List.of(old)).requireServer(150_020, "main", "db_backup"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("source 'main' runs PostgreSQL 15 and this worker has "
                        + "pg_dump (PostgreSQL) 13.4");
    }

    private static Path fakeClients(Path dir, String version) throws Exception {
        Files.createDirectories(dir);
        for (String program : List.of("pg_dump", "pg_restore")) {
            Path script = Files.writeString(dir.resolve(program), "#!/bin/sh\necho '" + program + " (PostgreSQL) " + version + "'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    @Test
    void shouldGiveTheChildOnlyAMinimalEnvironmentWithThePasswordOutOfItsArguments() {
        SourceConfig withPassword = new SourceConfig("secret", SourceKind.POSTGRESQL, URI.create(
                "postgresql://[::1]:6543/app?sslmode=require"), "backup", new SourceConfig.Secret("s3cret-pass", "$PG_PASS"),
                Access.ADMIN, 1, Duration.ofSeconds(5), 1000, 512 * 1024, Set.of());

        Map<String, String> env = PgProcess.environment(withPassword, "zen-database-backup");
        List<String> options = PgProcess.connectionOptions(withPassword);

        assertThat(env).containsOnlyKeys("PATH", "LANG", "LC_ALL", "TZ", "PGAPPNAME", "PGCONNECT_TIMEOUT", "PGSSLMODE", "PGPASSWORD")
                .containsEntry("PGPASSWORD", "s3cret-pass").containsEntry("PGSSLMODE", "require");
        assertThat(options).containsExactly("--host=::1", "--port=6543", "--username=backup", "--no-password");
        assertThat(String.join(" ", options)).doesNotContain("s3cret");
        assertThat(withPassword.toString()).doesNotContain("s3cret");
    }

    /** Asserts that {@code tool} refuses with a message containing {@code expected}, started no process, wrote no file and made no database. */
    private static void assertRefusedAndNothingRan(ToolDefinition tool, String expected, Object... args) throws Exception {
        long processes = PgProcess.started();
        List<Path> files = files();
        int scratch = scratchDatabases();
        assertThatThrownBy(() -> run(tool, new ProgressRecorder(), args)).isInstanceOf(ToolFailure.class)
                .hasMessageContaining(expected);
        assertThat(PgProcess.started()).as("processes started").isEqualTo(processes);
        assertThat(files()).isEqualTo(files);
        assertThat(scratchDatabases()).isEqualTo(scratch);
    }

    /** A call's result and the call (its facts). */
    private record Run(CallToolResult result, ToolCall call) {

        JsonNode out() {
            assertThat(result.isErrorResult()).isFalse();
            return result.structuredContent();
        }
    }

    private static Run run(ToolDefinition tool, ClientChannel client, Object... args) throws Exception {
        ToolCall call = new ToolCall("call-1", tool.name(), ToolCalls.arguments(args), Principal.ANONYMOUS,
                System.currentTimeMillis() + 60_000, client);
        return new Run(tool.handler().handle(call), call);
    }

    private static List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(backupDir)) {
            return files.sorted().toList();
        }
    }

    private static List<Path> partialFiles() throws Exception {
        return files().stream().filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static boolean databaseExists(String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabases.PG_ADMIN_URL, "postgres", "");
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1) > 0;
            }
        }
    }

    /** Sessions of this class's database that a backup's pg_dump opened. */
    private static int backupSessions() throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabases.PG_ADMIN_URL, "postgres", "");
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ? "
                        + "AND application_name = 'zen-database-backup'")) {
            query.setString(1, pg.database);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** Scratch databases this class's admin role owns. */
    private static int scratchDatabases() throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabases.PG_ADMIN_URL, "postgres", "");
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM pg_database d JOIN pg_roles r "
                        + "ON r.oid = d.datdba WHERE r.rolname = ? AND d.datname LIKE 'zen\\_restore\\_check\\_%'")) {
            query.setString(1, pg.admin);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** A client that keeps the progress it is sent, and cancels the call once a message matches {@code cancelWhen}. */
    private static final class ProgressRecorder implements ClientChannel {

        final List<String> messages = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        private final Predicate<String> cancelWhen;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        ProgressRecorder() {
            this(m -> false);
        }

        ProgressRecorder(Predicate<String> cancelWhen) {
            this.cancelWhen = cancelWhen;
        }

        void cancel() {
            cancelled.set(true);
        }

        @Override
        public void progress(double progress, Double total, String message) {
            messages.add(message);
            values.add(progress);
            if (total != null) {
                assertThat(progress).isLessThanOrEqualTo(total);
            }
            if (cancelWhen.test(message)) {
                cancelled.set(true);
            }
        }

        @Override
        public void log(String level, String logger, JsonNode data) {
        }

        @Override
        public JsonNode sample(JsonNode params) throws InterruptedException {
            return NONE.sample(params);
        }

        @Override
        public JsonNode elicit(JsonNode params) throws InterruptedException {
            return NONE.elicit(params);
        }

        @Override
        public Map<String, JsonNode> ask(Map<String, ClientRequest> requests) throws InterruptedException {
            return NONE.ask(requests);
        }

        @Override
        public boolean supports(String capability) {
            return false;
        }

        @Override
        public boolean cancelled() {
            return cancelled.get();
        }

        @Override
        public void closeStream() {
        }

        @Override
        public void resourceUpdated(String uri) {
        }

        @Override
        public void listChanged(String list) {
        }
    }
}
