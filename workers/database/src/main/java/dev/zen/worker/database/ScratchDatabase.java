package dev.zen.worker.database;

import dev.zen.worker.runtime.InterruptShield;
import dev.zen.worker.runtime.ToolFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database made for one restore check on a source's server, {@code zen_restore_check_<random>},
 * from {@code template0} (empty, as a restore needs), owned by the source's role (which needs
 * CREATEDB). {@link #drop()} ends its connections and drops it, and is what every path out of a
 * check ends with; it never throws, and says whether it worked. Not thread-safe: one check's.
 */
final class ScratchDatabase {

    static final String PREFIX = "zen_restore_check_";
    private static final Logger LOG = LoggerFactory.getLogger(ScratchDatabase.class);

    private final JdbcSource source;
    private final String name;
    private final int serverVersionNum;
    private boolean dropped;
    private String dropError;

    private ScratchDatabase(JdbcSource source, String name, int serverVersionNum) {
        this.source = source;
        this.name = name;
        this.serverVersionNum = serverVersionNum;
    }

    /**
     * Creates a scratch database on {@code source}'s server.
     *
     * @throws ToolFailure when the server refuses (a role without CREATEDB)
     */
    static ScratchDatabase create(JdbcSource source) {
        String name = PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
        SourceConfig config = source.config();
        try (Connection connection = source.connection()) {
            int version;
            try (Statement statement = connection.createStatement()) {
                try (ResultSet row = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
                    row.next();
                    version = row.getInt(1);
                }
                connection.rollback();
                // CREATE DATABASE cannot run in a transaction: this one statement outside of one
                connection.setAutoCommit(true);
                try {
                    // shielded: an interrupt would close the socket while the server goes on creating the database, and
                    // nothing would drop it
                    InterruptShield.call(() -> statement.execute("CREATE DATABASE " + name + " TEMPLATE template0"));
                } finally {
                    connection.setAutoCommit(false);
                }
            }
            LOG.info("Restore check on {}: scratch database {} created", config.id(), name);
            return new ScratchDatabase(source, name, version);
        } catch (SQLException e) {
            String hint = "42501".equals(e.getSQLState()) ? " (the role '" + config.user() + "' of source '" + config.id()
                    + "' needs CREATEDB: ALTER ROLE " + config.user() + " CREATEDB)" : "";
            throw new ToolFailure("Expected to create a scratch database for the restore check on the server of source '" + config.id()
                    + "', but PostgreSQL refused (SQLSTATE " + e.getSQLState() + "): " + firstLine(e) + hint + ". Nothing was restored");
        }
    }

    String name() {
        return name;
    }

    /**
     * Creates {@code schemas} in the scratch database: those a dump's tables live in but the dump does not
     * hold (a table-limited dump leaves its schemas out), as one would before restoring it anywhere.
     */
    void createSchemas(Set<String> schemas) throws SQLException {
        if (schemas.isEmpty()) {
            return;
        }
        try (Connection connection = connect(false); Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + TableCounts.quote(schema));
            }
        }
    }

    /** A connection to the scratch database as the source's role, with the source's statement timeout. */
    Connection connect(boolean readOnly) throws SQLException {
        SourceConfig config = source.config();
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        if (config.password().value() != null) {
            properties.setProperty("password", config.password().value());
        }
        properties.setProperty("ApplicationName", "zen-database-restore-check");
        properties.setProperty("options", "-c default_transaction_read_only=" + (readOnly ? "on" : "off") + " -c statement_timeout="
                + config.statementTimeout().toMillis());
        properties.setProperty("connectTimeout", "10");
        String query = config.url().getRawQuery() == null ? "" : "?" + config.url().getRawQuery();
        return DriverManager.getConnection("jdbc:postgresql://" + config.hostPort(5432) + "/" + name + query, properties);
    }

    /**
     * Ends every connection to the scratch database and drops it; a failure is logged and kept
     * ({@link #dropError()}), never thrown. Runs even on an interrupted thread (the interrupt is kept).
     */
    void drop() {
        boolean interrupted = Thread.interrupted(); // a virtual thread's socket I/O would fail at once while interrupted
        try (Connection connection = source.connection()) {
            connection.setAutoCommit(true);
            try {
                try (PreparedStatement terminate = connection.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    terminate.setString(1, name);
                    terminate.execute();
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + name + (serverVersionNum >= 130_000 ? " WITH (FORCE)" : ""));
                }
            } finally {
                connection.setAutoCommit(false);
            }
            dropped = true;
            LOG.info("Restore check on {}: scratch database {} dropped", source.id(), name);
        } catch (SQLException e) {
            dropError = "SQLSTATE " + e.getSQLState() + ": " + firstLine(e);
            LOG.warn("Restore check on {}: the scratch database {} could not be dropped ({}); drop it by hand", source.id(), name,
                    dropError);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean dropped() {
        return dropped;
    }

    /** Why {@link #drop()} failed, or null. */
    String dropError() {
        return dropError;
    }

    /** What to tell the caller about the scratch database after a check. */
    String fate() {
        return dropped ? "the scratch database " + name + " was dropped"
                : "the scratch database " + name + " could not be dropped (" + dropError + "): drop it by hand";
    }

    private static String firstLine(SQLException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}
