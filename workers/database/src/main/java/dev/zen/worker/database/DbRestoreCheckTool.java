package dev.zen.worker.database;

import static dev.zen.worker.database.DatabaseFields.SOURCE;
import static dev.zen.worker.database.DatabaseFields.SOURCE_OUT;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.TaskSupport;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code db_restore_check}: proves that a dump in the backup directory restores. Creates a scratch
 * database on the source's server ({@link ScratchDatabase}), restores the dump into it with
 * {@code pg_restore --no-owner --exit-on-error}, then compares each restored table's exact row count
 * with the same table in the source database (at most {@value #MAX_COMPARED} tables, saying when it
 * stopped there), and answers tables restored, matching, mismatched (with both counts), missing (in
 * the dump's table of contents but not restored) and no longer in the source. The scratch database is
 * dropped on every way out: success, failure, cancel, deadline.
 *
 * <p>Counts are the source's now, not at the dump's time: a table written since the dump differs, and
 * says so. Only on {@code admin} PostgreSQL sources whose role may CREATE DATABASE. The file is a
 * name inside the backup directory ({@link BackupDir#resolve}): no absolute path, no {@code ..}, no
 * symbolic link out.
 *
 * <p>A long job ({@link TaskSupport#REQUIRED}) with progress per table restored and compared. Annotated
 * as writing (it creates and drops a database on the server, and loads it), not destructive (it drops
 * only the database it made) and idempotent (it leaves nothing behind: running it again changes
 * nothing more).
 */
final class DbRestoreCheckTool implements ToolHandler {

    static final String NAME = "db_restore_check";
    static final int MAX_COMPARED = 500;

    private static final Pattern RESTORING = Pattern.compile("processing data for table \"(.+)\"");
    /** A table in {@code pg_restore --list}: {@code 215; 1259 16443 TABLE public items owner} (not TABLE DATA). */
    private static final Pattern TOC_TABLE = Pattern.compile("^\\d+; \\d+ \\d+ TABLE (?!DATA )(.+) \\S*$");
    private static final Pattern TOC_DATA = Pattern.compile("^\\d+; \\d+ \\d+ TABLE DATA ");
    /** A schema in {@code pg_restore --list}: {@code 6; 2615 16446 SCHEMA - sales owner}. */
    private static final Pattern TOC_SCHEMA = Pattern.compile("^\\d+; \\d+ \\d+ SCHEMA - (.+) \\S*$");
    private static final long LIST_MILLIS = 60_000;

    static final Field<String> FILE = Field.string("file", "The dump's name in the backup directory, as db_backup returned it")
            .required().minLength(1).maxLength(255);
    static final ObjectShape INPUT = ObjectShape.of(SOURCE, FILE);

    static final Field<String> TABLE = Field.string("table", "schema.table").required();
    static final Field<Long> EXPECTED = Field.count("expected", "Rows in the source's table now").required();
    static final Field<Long> GOT = Field.count("got", "Rows restored from the dump").required();
    static final ObjectShape MISMATCH = ObjectShape.of(TABLE, EXPECTED, GOT);

    static final Field<String> FILE_OUT = Field.string("file", "The dump checked").required();
    static final Field<String> SCRATCH = Field.string("scratchDatabase", "The scratch database it was restored into").required();
    static final Field<Boolean> SCRATCH_DROPPED = Field.bool("scratchDropped", "Whether the scratch database was dropped").required();
    static final Field<Long> IN_DUMP = Field.count("tablesInDump", "Tables the dump's table of contents lists").required();
    static final Field<Long> RESTORED = Field.count("tablesRestored", "Tables in the scratch database after the restore").required();
    static final Field<Long> COMPARED = Field.count("tablesCompared", "Tables whose row counts were compared").required();
    static final Field<Long> MATCHING = Field.count("tablesMatching", "Compared tables with the same row count as the source")
            .required();
    static final Field<List<ObjectNode>> MISMATCHES = Field.objects("mismatches", "Compared tables whose row counts differ", MISMATCH)
            .required();
    static final Field<List<String>> MISSING = Field.strings("missing", "Tables the dump lists that the restore did not make", 0,
            MAX_COMPARED).required();
    static final Field<List<String>> NOT_IN_SOURCE = Field.strings("notInSource", "Restored tables the source no longer has", 0,
            MAX_COMPARED).required();
    static final Field<Boolean> CAPPED = Field.bool("capped", "Whether more tables were restored than were compared ("
            + MAX_COMPARED + " at most)").required();
    static final Field<Boolean> MATCHES = Field.bool("matches", "Whether every compared table matches and none is missing")
            .required();
    static final Field<Long> DURATION = Field.count("durationMs", "How long the whole check took, in milliseconds").required();
    static final ObjectShape OUTPUT = ObjectShape.of(SOURCE_OUT, FILE_OUT, SCRATCH, SCRATCH_DROPPED, IN_DUMP, RESTORED, COMPARED,
            MATCHING, MISMATCHES, MISSING, NOT_IN_SOURCE, CAPPED, MATCHES, DURATION);

    private final Sources sources;
    private final BackupDir backups;
    private final PgBinaries binaries;

    private DbRestoreCheckTool(Sources sources, BackupDir backups, PgBinaries binaries) {
        this.sources = sources;
        this.backups = backups;
        this.binaries = binaries;
    }

    static ToolDefinition definition(Sources sources, Path backupDir, PgBinaries binaries) {
        return ToolDefinition.named(NAME).title("Check that a PostgreSQL dump restores")
                .description("Restores a dump from the backup directory (file: the name db_backup returned) into a scratch database "
                        + "on the source's server with pg_restore, compares every restored table's row count with the source's "
                        + "(up to " + MAX_COMPARED + " tables), and drops the scratch database. Returns tables restored, matching, "
                        + "mismatches (table, expected, got), missing, and matches (true when all agree). Counts are the source's "
                        + "now, so tables written since the dump differ. Admin PostgreSQL sources whose role may create databases. "
                        + "Runs as a task (long job) with progress.")
                .input(INPUT).output(OUTPUT).writes(false, true).taskSupport(TaskSupport.REQUIRED)
                .handler(new DbRestoreCheckTool(sources, new BackupDir(backupDir), binaries));
    }

    @Override
    public CallToolResult handle(ToolCall call) throws Exception {
        long startedAt = System.nanoTime();
        Arguments args = INPUT.bind(call);
        JdbcSource source = DbBackupTool.adminPostgres(sources, args.get(SOURCE), call.principal(), NAME);
        SourceConfig config = source.config();
        Path dump = backups.resolve(args.get(FILE));
        Path pgRestore = binaries.pgRestore(NAME);
        Contents contents = contents(pgRestore, dump, config, call);
        if (call.client().cancelled()) {
            throw new ToolFailure("Expected to check " + args.get(FILE) + ", but the client cancelled the call first. Nothing ran");
        }

        ScratchDatabase scratch = ScratchDatabase.create(source);
        TableCounts.Comparison comparison;
        try {
            restore(pgRestore, dump, args.get(FILE), config, scratch, contents, call);
            comparison = TableCounts.compare(source, scratch, contents.tables(), MAX_COMPARED, call, contents.withData());
        } catch (ToolFailure failure) {
            scratch.drop();
            throw new ToolFailure(failure.getMessage() + "; " + scratch.fate());
        } finally {
            if (!scratch.dropped() && scratch.dropError() == null) {
                scratch.drop();
            }
        }
        long duration = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        boolean matches = comparison.mismatches().isEmpty() && comparison.missing().isEmpty() && comparison.notInSource().isEmpty();
        call.facts().put("source", config.id()).put("file", args.get(FILE)).put("tables", comparison.restored())
                .put("mismatches", comparison.mismatches().size()).put("missing", comparison.missing().size())
                .put("matches", matches).put("durationMs", duration);
        List<ObjectNode> mismatches = comparison.mismatches().stream().map(m -> MISMATCH.builder().put(TABLE, m.table())
                .put(EXPECTED, m.expected()).put(GOT, m.got()).build()).toList();
        return OUTPUT.builder().put(SOURCE_OUT, config.id()).put(FILE_OUT, args.get(FILE)).put(SCRATCH, scratch.name())
                .put(SCRATCH_DROPPED, scratch.dropped()).put(IN_DUMP, (long) contents.tables().size())
                .put(RESTORED, (long) comparison.restored()).put(COMPARED, (long) comparison.compared())
                .put(MATCHING, (long) comparison.matching()).put(MISMATCHES, mismatches).put(MISSING, comparison.missing())
                .put(NOT_IN_SOURCE, comparison.notInSource()).put(CAPPED, comparison.capped()).put(MATCHES, matches)
                .put(DURATION, duration).result(text(config, args.get(FILE), contents, comparison, matches, scratch, duration));
    }

    /**
     * What a dump's table of contents lists: its tables ({@code schema name}, as pg_restore prints them),
     * how many hold data, and the schemas its tables are in that it does not create itself.
     */
    record Contents(Set<String> tables, int withData, Set<String> schemasNotInDump) {
    }

    /** The dump's table of contents, by {@code pg_restore --list}; a file it cannot read is refused. */
    private static Contents contents(Path pgRestore, Path dump, SourceConfig config, ToolCall call) throws InterruptedException {
        String list;
        try {
            list = PgProcess.capture(List.of(pgRestore.toString(), "--list", dump.toString()), PgProcess.environment(config,
                    "zen-database-restore-check"), Math.max(1, Math.min(LIST_MILLIS, call.remainingMillis() - PgProcess.ANSWER_MARGIN_MS)));
        } catch (IOException e) {
            throw new ToolFailure("Expected " + dump.getFileName() + " to be a dump pg_restore can read, but " + e.getMessage()
                    + ". Nothing ran");
        }
        Set<String> tables = new LinkedHashSet<>();
        Set<String> schemas = new LinkedHashSet<>();
        int withData = 0;
        for (String line : list.lines().toList()) {
            Matcher table = TOC_TABLE.matcher(line);
            Matcher schema = TOC_SCHEMA.matcher(line);
            if (table.matches()) {
                tables.add(table.group(1));
            } else if (schema.matches()) {
                schemas.add(schema.group(1));
            } else if (TOC_DATA.matcher(line).find()) {
                withData++;
            }
        }
        Set<String> notInDump = new LinkedHashSet<>();
        for (String table : tables) {
            String schema = table.substring(0, Math.max(0, table.indexOf(' ')));
            if (!schema.isEmpty() && !schemas.contains(schema) && !schema.equals("public")) {
                notInDump.add(schema);
            }
        }
        return new Contents(tables, withData, notInDump);
    }

    /** pg_restore into the scratch database, its verbose lines as progress. */
    private static void restore(Path pgRestore, Path dump, String file, SourceConfig config, ScratchDatabase scratch,
            Contents contents, ToolCall call) throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of(pgRestore.toString(), "--no-owner", "--exit-on-error", "--verbose"));
        argv.addAll(PgProcess.connectionOptions(config));
        argv.add("--dbname=" + scratch.name());
        argv.add(dump.toString()); // absolute, inside the backup directory: never read as an option
        try {
            scratch.createSchemas(contents.schemasNotInDump());
        } catch (SQLException e) {
            throw new ToolFailure("Expected to create the schemas " + contents.schemasNotInDump() + " the dump's tables need in the "
                    + "scratch database, but PostgreSQL refused (SQLSTATE " + e.getSQLState() + "): " + e.getMessage());
        }
        // the whole job's steps: each table's data restored, then each table compared
        double total = contents.withData() + Math.min(contents.tables().size(), MAX_COMPARED);
        call.client().progress(0, total == 0 ? null : total, "restoring " + file + " into scratch database " + scratch.name());
        RestoreProgress progress = new RestoreProgress(call, contents.withData(), total);
        PgProcess.Outcome outcome = PgProcess.run(argv, PgProcess.environment(config, "zen-database-restore-check"), call, progress);
        String stopped = outcome.stoppedBecause() != null ? outcome.stoppedBecause()
                : call.client().cancelled() ? "the client cancelled the call" : null;
        if (stopped != null) {
            throw new ToolFailure("Expected to restore " + file + " into a scratch database, but pg_restore was stopped after "
                    + outcome.durationMillis() + " ms (" + progress.restored + " tables' data restored) because " + stopped);
        }
        if (!outcome.succeeded()) {
            throw new ToolFailure("Expected " + file + " to restore into a scratch database on the server of source '" + config.id()
                    + "', but pg_restore failed (exit " + outcome.exitCode() + "): " + outcome.said());
        }
    }

    /** pg_restore's verbose lines as progress: one step per table whose data it restores. */
    private static final class RestoreProgress implements PgProcess.Listener {

        private final ToolCall call;
        private final int withData;
        private final double total;
        private int restored;
        private String current;

        RestoreProgress(ToolCall call, int withData, double total) {
            this.call = call;
            this.withData = withData;
            this.total = total;
        }

        @Override
        public void line(String line) {
            Matcher matcher = RESTORING.matcher(line);
            if (matcher.find() && restored < withData) {
                restored++;
                current = matcher.group(1);
                call.client().progress(restored, total, "restoring table " + current + " (" + restored + " of " + withData + ")");
            }
        }

        @Override
        public void quiet(long elapsedMillis) {
            call.client().progress(restored, total == 0 ? null : total, "pg_restore running for " + elapsedMillis / 1000 + " s"
                    + (current == null ? "" : " (restoring table " + current + ")"));
        }
    }

    private static String text(SourceConfig config, String file, Contents contents, TableCounts.Comparison comparison, boolean matches, ScratchDatabase scratch,
            long duration) {
        StringBuilder text = new StringBuilder();
        text.append(file).append(matches ? " restores: " : " restores, but differs from source '" + config.id() + "': ")
                .append(comparison.restored()).append(" tables restored, ").append(comparison.matching()).append(" of ")
                .append(comparison.compared()).append(" compared match the source's row counts");
        if (comparison.capped()) {
            text.append(" (only the first ").append(comparison.compared()).append(" tables were compared)");
        }
        text.append(".");
        if (!contents.schemasNotInDump().isEmpty()) {
            text.append(" Schemas ").append(String.join(", ", contents.schemasNotInDump())).append(" were created first: the dump's "
                    + "tables are in them, but it does not hold them (a table-limited dump).");
        }
        for (TableCounts.Mismatch m : comparison.mismatches().stream().limit(20).toList()) {
            text.append("\n  ").append(m.table()).append(": ").append(m.expected()).append(" rows in the source, ").append(m.got())
                    .append(" restored");
        }
        if (!comparison.missing().isEmpty()) {
            text.append("\nNot restored: ").append(String.join(", ", comparison.missing().stream().limit(20).toList()));
        }
        if (!comparison.notInSource().isEmpty()) {
            text.append("\nNo longer in the source: ").append(String.join(", ", comparison.notInSource().stream().limit(20).toList()));
        }
        if (!comparison.mismatches().isEmpty()) {
            text.append("\n(Counts are the source's now: a table written since the dump differs.)");
        }
        return text.append("\n").append(capitalized(scratch.fate())).append(" (").append(duration).append(" ms in all).\n").toString();
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
