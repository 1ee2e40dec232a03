package dev.zen.worker.database;

import static dev.zen.worker.database.DatabaseFields.SOURCE;
import static dev.zen.worker.database.DatabaseFields.SOURCE_OUT;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.schemas.TaskSupport;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code db_backup}: a dump of a PostgreSQL source by {@code pg_dump} in its custom format, whole or
 * limited to {@code schemas} or {@code tables}, into the backup directory as
 * {@code <source>-<UTC time>.dump}; answers the file, its size, SHA-256 and how many tables' data it
 * holds. Only on {@code admin} sources: a dump reads every row, so it is an operator's decision to
 * let callers take one.
 *
 * <p>pg_dump runs as a child process with an argv built here from fixed options, the source's
 * configuration and names checked as identifiers ({@code schema} or {@code schema.table}, quoted in
 * the pattern so that they match exactly and no wildcard applies); the password only in the child's
 * environment ({@link PgProcess}). Named schemas and tables are looked up in the catalog first, so a
 * name that is not there is refused before anything runs. Its {@code --verbose} lines become progress
 * (one per table, against the table count the catalog gave); a cancel or the call's deadline kills
 * it, and a dump that did not end whole is deleted. One dump of a source at a time: a second call
 * while one runs is refused, so that repeated calls cannot pile load on the source's server.
 *
 * <p>It is a long job ({@link TaskSupport#REQUIRED}): an MCP client calls it as a task, a REST client
 * through {@code POST /v1/jobs}; a plain {@code tools/call} is refused by the gateway. Annotated as
 * writing, neither destructive nor idempotent: it changes nothing in the database and overwrites no
 * file, but each run adds a new file (and uses disk), so it is not read-only, and running it twice
 * makes two dumps, so the runtime must not repeat it for one call.
 */
final class DbBackupTool implements ToolHandler {

    static final String NAME = "db_backup";
    static final int MAX_SCHEMAS = 50;
    static final int MAX_TABLES = 200;

    private static final Logger LOG = LoggerFactory.getLogger(DbBackupTool.class);
    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_$]{0,62}";
    private static final String NAME_RULE = "letters, digits, _ or $, not starting with a digit, at most 63 characters; no quotes, "
            + "spaces, wildcards or semicolons";
    private static final Pattern DUMPING = Pattern.compile("dumping contents of table \"(.+)\"");

    static final Field<List<String>> SCHEMAS = Field.strings("schemas", "Dump only these schemas (exact names as in the catalog, "
            + "case-sensitive); not together with tables", 0, MAX_SCHEMAS, Field.string("schema", "A schema name")
                    .pattern("^" + IDENTIFIER + "$", "a schema name (" + NAME_RULE + ")"));
    static final Field<List<String>> TABLES = Field.strings("tables", "Dump only these tables (or views, sequences), each a name "
            + "visible in the search path or schema.table (exact names, case-sensitive); not together with schemas", 0, MAX_TABLES,
            Field.string("table", "A table name or schema.table").pattern("^" + IDENTIFIER + "(\\." + IDENTIFIER + ")?$",
                    "a table name or schema.table (" + NAME_RULE + ")"));
    static final ObjectShape INPUT = ObjectShape.of(SOURCE, SCHEMAS, TABLES);

    static final Field<String> FILE = Field.string("file", "The dump's name in the backup directory (give it to db_restore_check)")
            .required();
    static final Field<String> PATH = Field.string("path", "The dump's absolute path on the worker").required();
    static final Field<Long> BYTES = Field.count("bytes", "The dump's size in bytes").required();
    static final Field<String> SHA256 = Field.string("sha256", "SHA-256 of the dump file, lower-case hex").required();
    static final Field<Long> DURATION = Field.count("durationMs", "How long pg_dump ran, in milliseconds").required();
    static final Field<Long> TABLES_DUMPED = Field.count("tablesDumped", "Tables whose rows the dump holds").required();
    static final Field<String> PG_DUMP = Field.string("pgDump", "The pg_dump that made it (its --version)").required();
    static final ObjectShape OUTPUT = ObjectShape.of(SOURCE_OUT, FILE, PATH, BYTES, SHA256, DURATION, TABLES_DUMPED, PG_DUMP);

    private final Sources sources;
    private final BackupDir backups;
    private final PgBinaries binaries;
    /** Sources being dumped now: one dump of a source at a time, so that repeated calls cannot pile up load on its server. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    private DbBackupTool(Sources sources, BackupDir backups, PgBinaries binaries) {
        this.sources = sources;
        this.backups = backups;
        this.binaries = binaries;
    }

    static ToolDefinition definition(Sources sources, Path backupDir, PgBinaries binaries) {
        return ToolDefinition.named(NAME).title("Back up a PostgreSQL database")
                .description("Dumps a PostgreSQL source with pg_dump (custom format) into the worker's backup directory, whole or only "
                        + "the given schemas or tables, and returns the file name, its size, SHA-256, the number of tables dumped and "
                        + "the duration. Admin sources only. Runs as a task (long job) and reports progress per table; a cancel stops "
                        + "it and leaves no file. Check that a dump restores with db_restore_check.")
                .input(INPUT).output(OUTPUT).writes(false, false).taskSupport(TaskSupport.REQUIRED)
                .handler(new DbBackupTool(sources, new BackupDir(backupDir), binaries));
    }

    /**
     * The admin PostgreSQL source {@code id}, for a backup tool.
     *
     * @throws ToolFailure when it is unknown, not PostgreSQL, or not admin
     */
    static JdbcSource adminPostgres(Sources sources, String id, Principal principal, String tool) {
        Source source = sources.get(id, principal);
        SourceConfig config = source.config();
        if (config.kind() != SourceKind.POSTGRESQL) {
            throw new ToolFailure("Expected a PostgreSQL source for " + tool + " (it runs pg_dump and pg_restore), but source '" + id
                    + "' is " + config.kind().wire() + ". Nothing ran");
        }
        if (config.access() != Access.ADMIN) {
            throw new ToolFailure("Expected an admin source for " + tool + " (a dump reads every row), but source '" + id + "' is "
                    + config.access().wire() + ". Nothing ran");
        }
        return (JdbcSource) source;
    }

    @Override
    public CallToolResult handle(ToolCall call) throws Exception {
        Arguments args = INPUT.bind(call);
        DumpScope scope = DumpScope.of(args.get(SCHEMAS), args.get(TABLES));
        JdbcSource source = adminPostgres(sources, args.get(SOURCE), call.principal(), NAME);
        SourceConfig config = source.config();
        Path pgDump = binaries.pgDump(NAME);
        String database = config.database();
        if (database.contains("=") || database.contains("://")) {
            // pg_dump would read such a --dbname as a connection string
            throw new ToolFailure("Expected source '" + config.id() + "' to name a plain database, but its database name looks like a "
                    + "connection string. Nothing ran");
        }
        DumpScope.Catalog catalog = scope.lookUp(source);
        binaries.requireServer(catalog.serverVersionNum(), config.id(), NAME);
        if (call.client().cancelled()) {
            throw new ToolFailure("Expected to dump source '" + config.id() + "', but the client cancelled the call first. Nothing ran");
        }

        if (!running.add(config.id())) {
            throw new ToolFailure("Expected no other backup of source '" + config.id() + "' to be running, but one is: wait for it to "
                    + "end (one dump of a source at a time). Nothing ran");
        }
        try {
            return dump(call, source, scope, catalog, pgDump);
        } finally {
            running.remove(config.id());
        }
    }

    private CallToolResult dump(ToolCall call, JdbcSource source, DumpScope scope, DumpScope.Catalog catalog, Path pgDump)
            throws InterruptedException, IOException {
        SourceConfig config = source.config();
        String database = config.database();
        BackupDir.Reservation file;
        try {
            file = backups.reserve(config.id(), Instant.now());
        } catch (IOException e) {
            throw new ToolFailure("Expected to write a dump into the backup directory " + backups.root() + ", but " + e + ". Nothing ran");
        }
        boolean published = false;
        try {
            List<String> argv = new ArrayList<>(List.of(pgDump.toString(), "--format=custom", "--verbose", "--file=" + file.partial(),
                    "--lock-wait-timeout=" + config.statementTimeout().toMillis()));
            argv.addAll(PgProcess.connectionOptions(config));
            if (!database.isEmpty()) {
                argv.add("--dbname=" + database);
            }
            argv.addAll(scope.options());

            DumpProgress progress = new DumpProgress(call, catalog.tables(), file.partial());
            call.client().progress(0, catalog.tables() == 0 ? null : (double) catalog.tables(), "pg_dump started on source '"
                    + config.id() + "'" + (catalog.tables() == 0 ? "" : ": " + catalog.tables() + " tables to dump"));
            PgProcess.Outcome outcome = PgProcess.run(argv, PgProcess.environment(config, "zen-database-backup"), call, progress);
            String cancelled = outcome.stoppedBecause() != null ? outcome.stoppedBecause()
                    : call.client().cancelled() ? "the client cancelled the call" : null;
            if (cancelled != null) {
                throw new ToolFailure("Expected to dump source '" + config.id() + "', but pg_dump was stopped after " + outcome.durationMillis()
                        + " ms (" + progress.dumped + " tables dumped) because " + cancelled + "; the partial dump was deleted");
            }
            if (!outcome.succeeded()) {
                throw new ToolFailure("Expected pg_dump to dump source '" + config.id() + "', but it failed (exit " + outcome.exitCode() + "): "
                        + outcome.said() + "; the partial dump was deleted");
            }
            long bytes = Files.size(file.partial());
            String sha256 = BackupDir.sha256(file.partial());
            backups.publish(file);
            published = true;
            LOG.info("Backup of {} in {}: {} bytes, {} tables, {} ms", config.id(), file.target(), bytes, progress.dumped,
                    outcome.durationMillis());
            call.facts().put("source", config.id()).put("file", file.name()).put("bytes", bytes).put("sha256", sha256)
                    .put("tables", progress.dumped).put("durationMs", outcome.durationMillis());
            return OUTPUT.builder().put(SOURCE_OUT, config.id()).put(FILE, file.name()).put(PATH, file.target().toString())
                    .put(BYTES, bytes).put(SHA256, sha256).put(DURATION, outcome.durationMillis()).put(TABLES_DUMPED, (long) progress.dumped)
                    .put(PG_DUMP, binaries.version())
                    .result("Dumped source '" + config.id() + "'" + scope.shown() + ": " + progress.dumped + " tables in " + outcome.durationMillis()
                            + " ms to " + file.name() + " (" + bytes + " bytes, sha256 " + sha256 + "). Check that it restores with "
                            + "db_restore_check.\n");
        } catch (IOException e) {
            throw new ToolFailure("Expected to keep the dump of source '" + config.id() + "' in the backup directory, but " + e
                    + "; the partial dump was deleted");
        } finally {
            if (!published) {
                Files.deleteIfExists(file.partial());
            }
        }
    }

    /** pg_dump's verbose lines as progress: one step per table whose rows it starts dumping. */
    private static final class DumpProgress implements PgProcess.Listener {

        private final ToolCall call;
        private final int expected;
        private final Path file;
        private int dumped;
        private String current;

        DumpProgress(ToolCall call, int expected, Path file) {
            this.call = call;
            this.expected = expected;
            this.file = file;
        }

        @Override
        public void line(String line) {
            Matcher matcher = DUMPING.matcher(line);
            if (matcher.find()) {
                dumped++;
                current = matcher.group(1);
                call.client().progress(dumped, total(), "dumping table " + current + " (" + dumped + (expected == 0 ? ""
                        : " of " + Math.max(expected, dumped)) + ")");
            }
        }

        @Override
        public void quiet(long elapsedMillis) {
            long bytes;
            try {
                bytes = Files.size(file);
            } catch (IOException e) {
                bytes = 0;
            }
            call.client().progress(dumped, total(), "pg_dump running for " + elapsedMillis / 1000 + " s; " + bytes + " bytes written"
                    + (current == null ? " (reading the catalog)" : " (dumping table " + current + ")"));
        }

        private Double total() {
            return expected == 0 ? null : (double) Math.max(expected, dumped);
        }
    }
}
