package dev.zen.worker.database;

import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of the database service: where its sources come from (a YAML file and/or the seed's
 * {@code POSTGRES_*} variables), the defaults a source takes when its entry does not say, and where
 * backups go. Immutable; the sources themselves are read by {@link SourcesFile}.
 *
 * @param sourcesFile the YAML file of sources, or null ({@code DATABASE_SOURCES_FILE})
 * @param postgresHost the seed's single PostgreSQL source, or null when unset ({@code POSTGRES_HOST})
 * @param backupDir where {@code db_backup} writes dumps ({@code DATABASE_BACKUP_DIR})
 */
public record DatabaseSettings(
        Path sourcesFile,
        String postgresHost,
        int postgresPort,
        String postgresDb,
        String postgresUser,
        String postgresPassword,
        Access postgresAccess,
        int poolSize,
        Duration statementTimeout,
        int maxRows,
        long maxBytes,
        Path backupDir) {

    public static final Setting<Path> SOURCES_FILE = Setting.path("DATABASE_SOURCES_FILE",
            "YAML file of database sources (id, kind, url, user, password_env or password_file, access, pool_size, statement_timeout, "
                    + "max_rows, max_bytes, roles; see workers/database/README.md); unset: only the POSTGRES_* source, if any");
    public static final Setting<String> POSTGRES_HOST = Setting.string("POSTGRES_HOST",
            "the seed's PostgreSQL: when set, a source `postgres` on POSTGRES_HOST:POSTGRES_PORT/POSTGRES_DB as POSTGRES_USER");
    public static final Setting<Integer> POSTGRES_PORT = Setting.integer("POSTGRES_PORT", "port of the `postgres` source", 1, 65535)
            .defaultsTo("5432");
    public static final Setting<String> POSTGRES_DB = Setting.string("POSTGRES_DB", "database of the `postgres` source")
            .defaultsTo("postgres");
    public static final Setting<String> POSTGRES_USER = Setting.string("POSTGRES_USER", "role the `postgres` source logs in as "
            + "(give it a read-only role: workers/database/README.md)").defaultsTo("postgres");
    public static final Setting<String> POSTGRES_PASSWORD = Setting.string("POSTGRES_PASSWORD", "password of the `postgres` source "
            + "(empty: none, e.g. trust or peer authentication)").secret();
    public static final Setting<Access> POSTGRES_ACCESS = Setting.of("POSTGRES_ACCESS", "access of the `postgres` source: read-only, "
            + "read-write or admin", Access::parse).defaultsTo("read-only");
    public static final Setting<Integer> POOL_SIZE = Setting.integer("DATABASE_POOL_SIZE", "connections per source when its entry "
            + "gives no pool_size", 1, SourceConfig.MAX_POOL).defaultsTo("4");
    public static final Setting<Duration> STATEMENT_TIMEOUT = Setting.duration("DATABASE_STATEMENT_TIMEOUT", "a statement's time "
            + "limit on the server when its source gives no statement_timeout").defaultsTo("30s");
    public static final Setting<Integer> MAX_ROWS = Setting.integer("DATABASE_MAX_ROWS", "rows one answer may hold when a source "
            + "gives no max_rows (a call's max_rows is capped by it)", 1, SourceConfig.MAX_ROWS_LIMIT).defaultsTo("1000");
    public static final Setting<Long> MAX_BYTES = Setting.size("DATABASE_MAX_BYTES", "bytes of row data one answer may hold when a "
            + "source gives no max_bytes").defaultsTo("512KB").check(v -> v >= 1024 && v <= SourceConfig.MAX_BYTES_LIMIT,
                    "between 1KB and 8MB");
    public static final Setting<Path> BACKUP_DIR = Setting.path("DATABASE_BACKUP_DIR", "where db_backup writes its dumps (created if "
            + "missing)").defaultsTo("./data/backups");

    public static final List<Setting<?>> ALL = List.of(SOURCES_FILE, POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB, POSTGRES_USER,
            POSTGRES_PASSWORD, POSTGRES_ACCESS, POOL_SIZE, STATEMENT_TIMEOUT, MAX_ROWS, MAX_BYTES, BACKUP_DIR);

    public static DatabaseSettings from(Settings values) {
        return new DatabaseSettings(values.get(SOURCES_FILE), blankToNull(values.get(POSTGRES_HOST)), values.get(POSTGRES_PORT),
                values.get(POSTGRES_DB), values.get(POSTGRES_USER), values.get(POSTGRES_PASSWORD), values.get(POSTGRES_ACCESS),
                values.get(POOL_SIZE), values.get(STATEMENT_TIMEOUT), values.get(MAX_ROWS), values.get(MAX_BYTES), values.get(BACKUP_DIR));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    @Override
    public String toString() {
        return "DatabaseSettings[sourcesFile=" + sourcesFile + ", postgres=" + postgresHost + ":" + postgresPort + "/" + postgresDb
                + " as " + postgresUser + ", backupDir=" + backupDir + "]";
    }
}
