package dev.zen.worker.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL or MariaDB source over a HikariCP pool. A read-only source's connections are
 * read-only from the start (PostgreSQL: {@code default_transaction_read_only} in the session's options;
 * MariaDB: {@code SET SESSION TRANSACTION READ ONLY}), and every statement the tools run is in a
 * transaction of its own that they begin READ ONLY again (see {@link SqlRunner}). The pool starts
 * empty and connects on first use, so a source that is down at start does not stop the worker.
 */
final class JdbcSource implements Source {

    static final String APPLICATION_NAME = "zen-database";

    private final SourceConfig config;
    private final HikariDataSource pool;

    JdbcSource(SourceConfig config) {
        this.config = config;
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("zen-db-" + config.id());
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        if (config.password().value() != null) {
            hikari.setPassword(config.password().value());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(10_000);
        hikari.setValidationTimeout(5_000);
        hikari.setInitializationFailTimeout(-1);
        hikari.setAutoCommit(false);
        hikari.setReadOnly(!config.access().writes());
        Properties properties = new Properties();
        if (config.kind() == SourceKind.POSTGRESQL) {
            properties.setProperty("ApplicationName", APPLICATION_NAME);
            // a string parameter takes the type the statement needs (a date, a uuid, a number), as a literal would
            properties.setProperty("stringtype", "unspecified");
            if (!config.access().writes()) {
                properties.setProperty("options", "-c default_transaction_read_only=on");
            }
        } else {
            properties.setProperty("allowMultiQueries", "false");
            if (!config.access().writes()) {
                hikari.setConnectionInitSql("SET SESSION TRANSACTION READ ONLY");
            }
        }
        hikari.setDataSourceProperties(properties);
        this.pool = new HikariDataSource(hikari);
    }

    @Override
    public SourceConfig config() {
        return config;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** The pool, for the bench's floor (the same pool the tools use). */
    HikariDataSource pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
