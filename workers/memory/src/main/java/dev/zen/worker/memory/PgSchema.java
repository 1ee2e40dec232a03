package dev.zen.worker.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes what a {@link PgVectorStore} needs, where it is missing: the {@code vector} extension, the
 * {@code memory_collections} table (one row per collection: its model and dimension) and the
 * collection's memories table with its indexes. Runs in one transaction under an advisory lock, so
 * stores opening at the same time do not race. Table and index names come from a validated
 * {@link CollectionName} and the dimension is an int: no caller text reaches the DDL.
 */
final class PgSchema {

    /** The advisory lock key of schema changes (any fixed number: "zen mem"). */
    private static final long LOCK = 0x7A656E5F6D656DL;

    /** HNSW indexes take vectors of up to 2,000 dimensions. */
    static final int MAX_DIMENSION = 2000;

    private PgSchema() {
    }

    /** The pgvector version the database has, after making sure it and the tables exist. */
    static String ensure(Connection connection, String url, CollectionName name, String model, int dimension) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, LOCK);
                lock.execute();
            }
            String version = extension(connection, url);
            String table = table(name);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS memory_collections (name text PRIMARY KEY, model text NOT NULL,"
                        + " dimension int NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
            }
            check(connection, name, model, dimension);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (id uuid PRIMARY KEY, namespace text NOT NULL,"
                        + " content text NOT NULL, content_hash text NOT NULL, tags text[] NOT NULL DEFAULT '{}',"
                        + " metadata jsonb NOT NULL DEFAULT '{}', created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,"
                        + " embedding vector(" + dimension + ") NOT NULL,"
                        + " tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,"
                        + " UNIQUE (namespace, content_hash))");
                statement.execute("CREATE INDEX IF NOT EXISTS " + name + "_mem_hnsw ON " + table + " USING hnsw (embedding vector_cosine_ops)");
                statement.execute("CREATE INDEX IF NOT EXISTS " + name + "_mem_tsv ON " + table + " USING gin (tsv)");
                statement.execute("CREATE INDEX IF NOT EXISTS " + name + "_mem_tags ON " + table + " USING gin (tags)");
                statement.execute("CREATE INDEX IF NOT EXISTS " + name + "_mem_recent ON " + table + " (namespace, created_at, id)");
            }
            connection.commit();
            return version;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    static String table(CollectionName name) {
        return name + "_memories";
    }

    /** Creates the extension when it is missing; says clearly who must act when this role may not. */
    private static String extension(Connection connection, String url) throws SQLException {
        String installed = version(connection);
        if (installed != null) {
            return installed;
        }
        boolean available;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")) {
            available = rows.next();
        }
        if (!available) {
            throw new IllegalStateException("Expected the pgvector extension on the PostgreSQL server of " + url
                    + ", but it is not installed there: install it (on Debian, ops/install/pgvector) and try again");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS vector");
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new IllegalStateException("Expected to create the extension vector in " + url
                        + ", but this role may not: a database administrator must run CREATE EXTENSION vector in that database once", e);
            }
            throw e;
        }
        return version(connection);
    }

    private static String version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /** Records the collection's model and dimension, or refuses when it was made for others. */
    private static void check(Connection connection, CollectionName name, String model, int dimension) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO memory_collections (name, model, dimension) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            insert.setString(1, name.value());
            insert.setString(2, model);
            insert.setInt(3, dimension);
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT model, dimension FROM memory_collections WHERE name = ?")) {
            select.setString(1, name.value());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                String recordedModel = rows.getString(1);
                int recordedDimension = rows.getInt(2);
                if (!recordedModel.equals(model) || recordedDimension != dimension) {
                    throw new IllegalStateException("Expected collection " + name + " to hold vectors of model " + model + " ("
                            + dimension + " dimensions), but it was made for model " + recordedModel + " (" + recordedDimension
                            + " dimensions): configure that model, or another collection");
                }
            }
        }
    }

    /** Whether pgvector {@code version} has iterative index scans (0.8.0 and later). */
    static boolean iterativeScans(String version) {
        String[] parts = version.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 0 || minor >= 8;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
