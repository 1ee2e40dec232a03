package dev.zen.ops;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The database rows of {@code ./zen bench}'s {@code services} group: a primary-key lookup in a table of
 * 10,000 rows of the machine's PostgreSQL (database {@value #DATABASE}, made once and kept), through
 * the platform ({@code db_query}) and, as the floor, the same prepared statement through JDBC from a
 * HikariCP pool of the same size as the source's, in this process.
 */
final class DatabaseBench implements AutoCloseable {

    static final String DATABASE = "zen_bench";
    static final String QUERY = "SELECT id, name, price FROM bench_items WHERE id = ?";
    static final int ROWS = 10_000;
    static final int POOL = 4;

    private final HikariDataSource pool;

    DatabaseBench(String host, int port, String user) throws SQLException {
        prepare(host, port, user);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + host + ":" + port + "/" + DATABASE);
        config.setUsername(user);
        config.setMaximumPoolSize(POOL);
        config.setReadOnly(true);
        config.setPoolName("zen-bench-floor");
        this.pool = new HikariDataSource(config);
    }

    /** The database and its table, made once: a later run finds them. */
    private static void prepare(String host, int port, String user) throws SQLException {
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user, "");
                Statement statement = admin.createStatement();
                ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        }
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + DATABASE, user, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS bench_items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2))");
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM bench_items")) {
                count.next();
                if (count.getLong(1) != ROWS) {
                    statement.execute("TRUNCATE bench_items");
                    statement.execute("INSERT INTO bench_items SELECT g, 'item ' || g, (g % 1000) / 10.0 FROM generate_series(1, " + ROWS
                            + ") g");
                    statement.execute("ANALYZE bench_items");
                }
            }
        }
    }

    /** The arguments of the platform's call: the same lookup of one row. */
    static String arguments() {
        return "{\"source\":\"postgres\",\"sql\":\"" + QUERY + "\",\"params\":[4242]}";
    }

    /** The floor: one lookup of a random key through the pool. */
    void lookup() throws SQLException {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setLong(1, ThreadLocalRandom.current().nextLong(1, ROWS + 1));
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("Expected a row, but the lookup found none");
                }
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
