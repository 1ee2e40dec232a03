package dev.zen.worker.database;

import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database service assembled from its settings: the configured sources with their pools, the
 * backup directory and the PostgreSQL client programs backups run ({@link PgBinaries}, found once
 * here), and the tools ({@code db_list_sources}, {@code db_connect}, {@code db_query},
 * {@code db_execute}, {@code db_schema} to search a SQL source's objects, {@code db_explain} for a
 * statement's plan, {@code db_backup} and {@code db_restore_check}). At start each SQL source is
 * checked once (briefly; a source that is
 * down does not stop the worker): a read-only source whose role is stronger than read-only is
 * announced as a warning. Thread-safe; {@link #close()} ends every pool.
 */
final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final long CHECK_SECONDS = 5;

    private final DatabaseSettings settings;
    private final Sources sources;
    private final List<ToolDefinition> tools;
    private final List<String> warnings;

    private Database(DatabaseSettings settings, Sources sources, List<String> warnings) {
        this.settings = settings;
        this.sources = sources;
        this.warnings = List.copyOf(warnings);
        PgBinaries pgBinaries = PgBinaries.locate();
        this.tools = List.of(
                DbListSourcesTool.definition(sources),
                DbConnectTool.definition(sources),
                DbQueryTool.definition(sources),
                DbExecuteTool.definition(sources),
                DbSchemaTool.definition(sources),
                DbExplainTool.definition(sources),
                DbBackupTool.definition(sources, settings.backupDir(), pgBinaries),
                DbRestoreCheckTool.definition(sources, settings.backupDir(), pgBinaries));
    }

    /** The service over the sources {@code settings} and {@code env} configure. */
    static Database create(DatabaseSettings settings, Function<String, String> env) {
        Sources sources = new Sources(SourcesFile.read(settings, env));
        try {
            Files.createDirectories(settings.backupDir());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Expected DATABASE_BACKUP_DIR " + settings.backupDir() + " to be a directory the worker "
                    + "can create, but " + e.getMessage());
        }
        return new Database(settings, sources, check(sources));
    }

    /** Checks every SQL source at once, each for at most a few seconds. */
    private static List<String> check(Sources sources) {
        List<String> warnings = new ArrayList<>();
        try (ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SourceCheck.Report>> reports = new ArrayList<>();
            List<Source> sql = sources.all().stream().filter(s -> s instanceof JdbcSource).toList();
            for (Source source : sql) {
                reports.add(checks.submit(() -> SourceCheck.check((JdbcSource) source)));
            }
            for (int i = 0; i < sql.size(); i++) {
                try {
                    SourceCheck.Report report = reports.get(i).get(CHECK_SECONDS, TimeUnit.SECONDS);
                    LOG.info("Source {}: {}", sql.get(i).config(), report.facts());
                    warnings.addAll(report.warnings());
                } catch (Exception e) {
                    reports.get(i).cancel(true);
                    LOG.warn("Source {} could not be checked at start ({}); the tools will say so when it is used", sql.get(i).config(),
                            e.getCause() == null ? e.toString() : e.getCause().getMessage());
                }
            }
        }
        warnings.forEach(w -> LOG.warn("{}", w));
        return warnings;
    }

    ServiceDefinition definition(String version) {
        ServiceDefinition definition = new ServiceDefinition(DatabaseService.SERVICE, version, tools);
        return warnings.isEmpty() ? definition : definition.withWarnings(warnings.stream().limit(16)
                .map(w -> w.length() > 200 ? w.substring(0, 199) + "…" : w).toList());
    }

    String describe() {
        return sources.all().isEmpty() ? "no sources (DATABASE_SOURCES_FILE, POSTGRES_HOST)"
                : "sources " + String.join(", ", sources.all().stream().map(s -> s.config().toString()).toList()) + "; backups in "
                        + settings.backupDir();
    }

    Sources sources() {
        return sources;
    }

    List<ToolDefinition> tools() {
        return tools;
    }

    ToolDefinition tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(name));
    }

    DatabaseSettings settings() {
        return settings;
    }

    Path backupDir() {
        return settings.backupDir();
    }

    @Override
    public void close() {
        sources.close();
    }
}
